/** A point's file is the same whether its runs were made together, one by one, or in another order. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseSet } from '../../src/sweep/grid.ts';
import { planSweep } from '../../src/sweep/plan.ts';
import { type PointTask, pointJson, runOne, runPoint, sweepRuns } from '../../src/sweep/runPoint.ts';
import { packRun, unpackRun } from '../../src/sweep/runTransfer.ts';
import { TINY_SCENARIO } from './helpers.ts';

function tasks(): PointTask[] {
  const plan = planSweep(TINY_SCENARIO, 'tiny.yaml', [
    parseSet('apps.replicas=2,3'),
    parseSet('replications=1,3'),
  ]);
  return plan.points.map((p) => ({
    index: p.index,
    id: p.id,
    params: { 'apps.replicas': p.values[0], replications: p.values[1] },
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
  let progress = 0;
  const whole = runPoint(all[task], () => progress++);
  assert.equal(progress, 6);
  const runs = sweepRuns(all)
    .filter((r) => r.task === task)
    // As they cross between threads: cloned in their transfer form, rebuilt on arrival.
    .map((r) => unpackRun(structuredClone(packRun(runOne(all, r)))))
    .reverse();
  assert.equal(pointJson(all[task], runs), whole);
});
