import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutTsx } from '../../src/runtime.ts';

test('withoutTsx leaves out the tsx import in each spelling and keeps every other option', () => {
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
  ];
  for (const [execArgv, expected] of cases)
    assert.deepEqual(withoutTsx(execArgv), expected, execArgv.join(' '));
});
