import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RecordTable } from '../../src/metrics/recordTable.ts';
import { parseSet } from '../../src/sweep/grid.ts';
import { planSweep } from '../../src/sweep/plan.ts';
import { runOne } from '../../src/sweep/runPoint.ts';
import { packRun, unpackRun } from '../../src/sweep/runTransfer.ts';
import { TINY_SCENARIO } from './helpers.ts';

function oneRun() {
  const plan = planSweep(TINY_SCENARIO, 'tiny.yaml', [parseSet('apps.replicas=2')]);
  const p = plan.points[0];
  const tasks = [{ index: p.index, id: p.id, params: { 'apps.replicas': p.values[0] }, scenario: p.scenario }];
  return runOne(tasks, { task: 0, variant: 1, replication: 0 });
}

it('a run with packed records cannot cross a thread as it is', () => {
  const run = oneRun();
  assert.ok(run.changes instanceof RecordTable && run.changes.length > 0);
  assert.throws(() => structuredClone(run), /could not be cloned/);
});

it('packed, cloned and unpacked, a run reads back the same records and fields', () => {
  const run = oneRun();
  const arrived = unpackRun(structuredClone(packRun(run)));
  assert.deepEqual([...arrived.changes], [...run.changes]);
  assert.deepEqual([...arrived.drifts], [...run.drifts]);
  const { changes: _c, drifts: _d, ...rest } = run;
  const { changes: _c2, drifts: _d2, ...arrivedRest } = arrived;
  assert.deepEqual(arrivedRest, rest);
});

it('records given as plain arrays are packed too', () => {
  const run = oneRun();
  const asArrays = { ...run, changes: [...run.changes], drifts: [...run.drifts] };
  assert.deepEqual([...unpackRun(structuredClone(packRun(asArrays))).changes], [...run.changes]);
});
