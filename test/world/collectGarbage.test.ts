import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import {
  collectFinishedModel,
  collectGarbage,
  LARGE_MODEL_APPS,
  leavesLargeModel,
  runFinished,
} from '../../src/world/collectGarbage.ts';
import { runScenario } from '../../src/world/runScenario.ts';
import { simulateRun, traceRun } from '../../src/world/world.ts';
import { forcedCollections } from './forcedCollections.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function scenario(apps: number, environments = '') {
  return loadScenarioText(
    `name: s\nhorizon: 10m\napps: { count: ${apps} }\ncluster: { nodes: 20 }\nvariants: [{ name: push, delivery: push }]\n${environments}`,
    's.yaml',
  );
}

function unreachableObject(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill(0) });
}

test('collectGarbage frees an object nothing refers to', async () => {
  const ref = unreachableObject();
  // A WeakRef's target lives until the end of the job that made or read it.
  await nextTurn();
  collectGarbage();
  assert.equal(ref.deref(), undefined);
});

test('collectGarbage keeps an object still referred to, and can be called again', async () => {
  const kept = { payload: [1, 2, 3] };
  const ref = new WeakRef(kept);
  await nextTurn();
  collectGarbage();
  collectGarbage();
  assert.equal(ref.deref(), kept);
});

test('a run is collected after only from 1,000 apps, counted in every environment', () => {
  const cases: [number, string, boolean][] = [
    [4, '', false],
    [999, '', false],
    [1000, '', true],
    [500, 'environments: [{ name: staging }, { name: production }]\n', true],
    [499, 'environments: [{ name: staging }, { name: production }]\n', false],
  ];
  for (const [apps, environments, large] of cases) {
    assert.equal(leavesLargeModel(scenario(apps, environments)), large, `${apps} apps ${environments}`);
  }
  assert.equal(LARGE_MODEL_APPS, 1000);
});

test('a finished run of a large model is collected once, and of a small one never', () => {
  collectFinishedModel();
  runFinished(scenario(999));
  assert.equal(collectFinishedModel(), false);
  runFinished(scenario(1000));
  assert.equal(collectFinishedModel(), true);
  assert.equal(collectFinishedModel(), false);
  // The last run counts: a small run after a large one was collected first (by simulateRun).
  runFinished(scenario(1000));
  runFinished(scenario(4));
  assert.equal(collectFinishedModel(), true);
});

test('runs one after another: the previous large model is collected before each next run, small ones never', async () => {
  const large = scenario(LARGE_MODEL_APPS);
  const small = scenario(4);
  const run =
    (s: Scenario, replication = 0) =>
    () =>
      simulateRun(s, 0, replication);
  const trace = (replication: number) => () => traceRun(large, 0, replication, 0);
  const cases: [string, (() => unknown)[], number][] = [
    ['two small runs', [run(small, 0), run(small, 1)], 0],
    ['one large run: nothing before it', [run(large)], 0],
    ['three large runs', [run(large, 0), run(large, 1), run(large, 2)], 2],
    ['a large run, then a small one', [run(large), run(small)], 1],
    ['a small run, then a large one', [run(small), run(large)], 0],
    ['two large traces', [trace(0), trace(1)], 1],
    ['a scenario of 3 large runs', [() => runScenario({ ...large, replications: 3 })], 2],
  ];
  for (const [name, runs, expected] of cases) {
    const forced = await forcedCollections(() => {
      for (const r of runs) r();
    });
    assert.equal(forced, expected, name);
  }
});
