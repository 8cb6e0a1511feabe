import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { UsageError } from '../../src/cli/errors.ts';
import { defaultWorkers, takesWorkers, workersFrom, workersOption } from '../../src/cli/workersOption.ts';
import { maxWorkers } from '../../src/scenario/limits.ts';

test('defaultWorkers: a sweep takes every core, a run one thread, on any machine', () => {
  const cases: [command: 'run' | 'sweep', cores: number, workers: number][] = [
    ['sweep', 1, 1],
    ['sweep', 2, 2],
    ['sweep', 16, 16],
    ['run', 1, 1],
    ['run', 2, 1],
    ['run', 16, 1],
  ];
  for (const [command, cores, workers] of cases)
    assert.equal(defaultWorkers(command, cores), workers, `${command} on ${cores}`);
});

test('takesWorkers: run and sweep, no other command and nothing inherited', () => {
  for (const command of ['run', 'sweep']) assert.ok(takesWorkers(command), command);
  for (const command of ['merge', 'bench', 'toString', 'constructor', ''])
    assert.ok(!takesWorkers(command), command);
});

test("workersOption: each command's help names its own default", () => {
  assert.match(workersOption('run').describe, /default 1,/);
  assert.match(workersOption('sweep').describe, new RegExp(`default ${availableParallelism()},`));
});

test('workersFrom: the value given, or the command\'s default on the cores given; anything else refused by name', () => {
  const cases: [command: 'run' | 'sweep', given: unknown, cores: number, workers: number][] = [
    ['run', undefined, 8, 1],
    ['sweep', undefined, 2, 2],
    ['sweep', '3', 2, 3],
    ['run', 2, 2, 2],
  ];
  for (const [command, given, cores, workers] of cases)
    assert.equal(workersFrom(command, given, cores), workers, `${command} ${String(given)} on ${cores}`);
  for (const given of ['0', '1.5', 'two', '', ['1', '2'], String(maxWorkers() + 1)]) {
    assert.throws(() => workersFrom('run', given, 2), (e: Error) => e instanceof UsageError && /^--workers: /.test(e.message));
  }
});
