import assert from 'node:assert/strict';
import { test } from 'node:test';
import { threadExecArgv } from '../../src/runtime.ts';

test('threadExecArgv leaves out the tsx import in each spelling and --single-threaded, and keeps every other option', () => {
  const cases: [string[], string[] | undefined][] = [
    [[], undefined],
    [['--max-semi-space-size=32', '--cpu-prof'], undefined],
    [['--import', 'tsx'], []],
    [['--import=tsx', '--cpu-prof'], ['--cpu-prof']],
    [
      ['--cpu-prof', '--import', 'file:///repo/node_modules/tsx/dist/esm/index.mjs', '--trace-gc'],
      ['--cpu-prof', '--trace-gc'],
    ],
    [
      ['--import', './hooks.mjs', '--import', 'tsx'],
      ['--import', './hooks.mjs'],
    ],
    [['--import', 'tsx-like'], undefined],
    [['--single-threaded'], []],
    [['--single-threaded', '--import', 'tsx', '--stack-trace-limit=20'], ['--stack-trace-limit=20']],
    [['--single-threaded-gc'], undefined],
  ];
  for (const [execArgv, expected] of cases)
    assert.deepEqual(threadExecArgv(execArgv), expected, execArgv.join(' '));
});
