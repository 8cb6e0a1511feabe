/**
 * A point's file is the same whether its runs were made together, one by one, or in another order,
 * and a run two points have alike is made once for both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSet } from '../../src/sweep/grid.ts';
import { planSweep } from '../../src/sweep/plan.ts';
import { distinctRuns, type PointTask, pointJson, runOne, sweepRuns } from '../../src/sweep/runPoint.ts';
import { packRun, unpackRun } from '../../src/sweep/runTransfer.ts';
import { TINY_SCENARIO } from './helpers.ts';

function tasks(sets = ['apps.replicas=2,3', 'replications=1,3']): PointTask[] {
  const plan = planSweep(TINY_SCENARIO, 'tiny.yaml', sets.map(parseSet));
  return plan.points.map((p) => ({
    index: p.index,
    id: p.id,
    params: Object.fromEntries(plan.params.map((param, j) => [param.path, p.values[j]])),
    scenario: p.scenario,
  }));
}

it('lists every run point by point, each point variant by variant, then replication', () => {
  const all = tasks();
  const runs = sweepRuns(all);
  // Points 0 and 2 have 1 replication, 1 and 3 have 3; every point has 2 variants.
  assert.equal(runs.length, 2 * (1 + 3 + 1 + 3));
  assert.deepEqual(runs.slice(0, 8), [
    { task: 0, variant: 0, replication: 0 },
    { task: 0, variant: 1, replication: 0 },
    { task: 1, variant: 0, replication: 0 },
    { task: 1, variant: 0, replication: 1 },
    { task: 1, variant: 0, replication: 2 },
    { task: 1, variant: 1, replication: 0 },
    { task: 1, variant: 1, replication: 1 },
    { task: 1, variant: 1, replication: 2 },
  ]);
});

it('makes the same file from runs made one by one and handed over in any order', () => {
  const all = tasks();
  const task = 1;
  // No runs handed over: runScenario makes them all.
  const whole = pointJson(all[task], []);
  const runs = sweepRuns(all)
    .filter((r) => r.task === task)
    // As they cross between threads: cloned in their transfer form, rebuilt on arrival.
    .map((r) => unpackRun(structuredClone(packRun(runOne(all, r)))))
    .reverse();
  assert.equal(pointJson(all[task], runs), whole);
});

describe('distinctRuns', () => {
  const cases: [string, string[], number, [number, number, number, number[]][]][] = [
    [
      "a sweep of the pull variant's interval: the push runs alike in every point",
      ['variants.1.delivery.interval=30s,2m,5m'],
      // 3 points x 2 variants x 2 replications: 12 runs, push's 2 replications made once for all 3 points.
      8,
      [
        [0, 0, 0, [0, 1, 2]],
        [0, 0, 1, [0, 1, 2]],
        [0, 1, 0, [0]],
        [0, 1, 1, [0]],
        [1, 1, 0, [1]],
        [1, 1, 1, [1]],
        [2, 1, 0, [2]],
        [2, 1, 1, [2]],
      ],
    ],
    [
      'a sweep of the replication count: the first replications alike (a run reads nothing of the count)',
      ['replications=1,3'],
      6,
      [
        [0, 0, 0, [0, 1]],
        [0, 1, 0, [0, 1]],
        [1, 0, 1, [1]],
        [1, 0, 2, [1]],
        [1, 1, 1, [1]],
        [1, 1, 2, [1]],
      ],
    ],
    ['a sweep of a setting every run reads: nothing alike', ['apps.replicas=2,3'], 8, []],
  ];
  for (const [name, sets, count, shared] of cases) {
    it(name, () => {
      const all = tasks(sets);
      const runs = distinctRuns(all);
      assert.equal(runs.length, count);
      // Every run of every point is made exactly once, for its point or for an earlier one.
      const taken = runs.flatMap((r) => r.tasks.map((t) => `${t}/${r.variant}/${r.replication}`)).sort();
      const every = sweepRuns(all).map((r) => `${r.task}/${r.variant}/${r.replication}`).sort();
      assert.deepEqual(taken, every);
      if (shared.length > 0) {
        assert.deepEqual(
          runs.map((r) => [r.task, r.variant, r.replication, r.tasks]),
          shared,
        );
      } else {
        assert.ok(runs.every((r) => r.tasks.length === 1 && r.tasks[0] === r.task));
      }
    });
  }

  it('points handed runs made for other points get the files they get alone', () => {
    const all = tasks(['variants.1.delivery.interval=30s,2m']);
    const runs = distinctRuns(all);
    const results = all.map(() => [] as ReturnType<typeof runOne>[]);
    for (const run of runs) {
      const result = runOne(all, run);
      for (const taker of run.tasks) results[taker].push(result);
    }
    for (const [i, task] of all.entries()) assert.equal(pointJson(task, results[i]), pointJson(task, []));
  });
});
