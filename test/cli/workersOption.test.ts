import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { defaultWorkers, takesWorkers, workersOption } from '../../src/cli/workersOption.ts';

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
