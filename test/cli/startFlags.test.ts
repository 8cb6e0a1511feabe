import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFlags } from '../../src/cli/startFlags.ts';

test('startFlags: a sweep or a run whose --workers (for a sweep by default: the cores) takes every core; nothing else', () => {
  const single = ['--single-threaded'];
  const cases: [argv: string[], cores: number, flags: string[]][] = [
    [['sweep', 's.yaml', '--set', 'seed=1,2'], 2, single],
    [['sweep', 's.yaml', '--set', 'seed=1,2'], 1, []],
    [['sweep', 's.yaml', '--set', 'seed=1,2', '--workers', '1'], 2, []],
    [['sweep', 's.yaml', '--workers', '2', '--set', 'seed=1,2'], 2, single],
    [['sweep', 's.yaml', '--workers=3'], 2, single],
    [['sweep', 's.yaml', '--workers', '2'], 4, []],
    [['sweep', 's.yaml'], 4, single],
    // Refused by the command itself (it says why): no flag, no second process.
    [['sweep', 's.yaml', '--workers', 'abc'], 2, []],
    [['sweep', 's.yaml', '--workers', '99'], 2, []],
    [['sweep', 's.yaml', '--workers'], 2, []],
    [['sweep', 's.yaml', '--workers', '2', '--workers', '2'], 2, []],
    // After `--` nothing is an option.
    [['sweep', 's.yaml', '--workers', '1', '--', '--workers', '2'], 2, []],
    // run: one worker unless asked for more.
    [['run', 's.yaml'], 2, []],
    [['run', 's.yaml', '--workers', '2'], 2, single],
    [['run', 'a.yaml', 'b.yaml', '--workers=4', '--replications', '10'], 2, single],
    [['run', 's.yaml', '--workers', '2'], 4, []],
    [['run', 's.yaml', '--workers', '0'], 2, []],
    // Other commands, and any order but the documented one.
    [['validate', 's.yaml', '--workers', '2'], 2, []],
    [['toString', 's.yaml', '--workers', '2'], 2, []],
    [['merge', 'a', 'b'], 2, []],
    [['--quiet', 'sweep', 's.yaml'], 2, []],
    [[], 2, []],
  ];
  for (const [argv, cores, flags] of cases)
    assert.deepEqual(startFlags(argv, cores), flags, `${argv.join(' ')} on ${cores} cores`);
});
