import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import {
  collectBeforeReport,
  collectBeforeRun,
  collectGarbage,
  LARGE_MODEL_APPS,
  LARGE_MODEL_BETWEEN_RUNS_APPS,
  modelApps,
  runFinished,
} from '../../src/world/collectGarbage.ts';
import { runScenario } from '../../src/world/runScenario.ts';
import { simulateRun, traceRun } from '../../src/world/world.ts';
import { forcedCollections } from './forcedCollections.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function scenario(apps: number, environments = '', nodes = 20) {
  return loadScenarioText(
    `name: s\nhorizon: 1s\napps: { count: ${apps} }\ncluster: { nodes: ${nodes} }\nvariants: [{ name: push, delivery: push }]\n${environments}`,
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

test('a model counts its apps in every environment', () => {
  const twoEnvironments = 'environments: [{ name: staging }, { name: production }]\n';
  const cases: [number, string, number][] = [
    [4, '', 4],
    [1000, '', 1000],
    [500, twoEnvironments, 1000],
  ];
  for (const [apps, environments, counted] of cases) {
    assert.equal(modelApps(scenario(apps, environments)), counted, `${apps} apps ${environments}`);
  }
  assert.equal(LARGE_MODEL_APPS, 1000);
  assert.equal(LARGE_MODEL_BETWEEN_RUNS_APPS, 20_000);
});

test('a finished model is collected once: before a report from 1,000 apps, before a run from 20,000', () => {
  const before = { report: collectBeforeReport, run: () => collectBeforeRun(() => null) };
  const cases: [apps: number, next: keyof typeof before, collected: boolean][] = [
    [999, 'report', false],
    [1000, 'report', true],
    [19_999, 'run', false],
    [20_000, 'run', true],
    [20_000, 'report', true],
  ];
  for (const [apps, next, collected] of cases) {
    collectBeforeReport();
    runFinished(scenario(apps, '', 200));
    assert.equal(before[next](), collected, `${apps} apps before a ${next}`);
    // Once is enough, and a model not collected is not collected later either: it is the next run's garbage.
    assert.equal(collectBeforeReport(), false, `${apps} apps before a ${next}, again`);
  }
});

test("before a run, what keeps the next run's shapes is made only for a collection, held across it, and let go when that run returns", async () => {
  const made: WeakRef<object>[] = [];
  const keepShapes = () => {
    const keeper = { classes: new Array(1000).fill(0) };
    made.push(new WeakRef(keeper));
    return keeper;
  };
  collectBeforeReport();
  runFinished(scenario(LARGE_MODEL_BETWEEN_RUNS_APPS - 1, '', 200));
  assert.equal(collectBeforeRun(keepShapes), false);
  assert.equal(made.length, 0, 'no collection, nothing kept');

  runFinished(scenario(LARGE_MODEL_BETWEEN_RUNS_APPS, '', 200));
  assert.equal(collectBeforeRun(keepShapes), true);
  assert.equal(made.length, 1);
  // A WeakRef's target lives until the end of the job that made it: look in later turns.
  await nextTurn();
  collectGarbage();
  assert.notEqual(made[0].deref(), undefined, 'held until the next run returns');
  runFinished(scenario(4));
  await nextTurn();
  collectGarbage();
  assert.equal(made[0].deref(), undefined, 'let go once it has');
});

test('runs one after another: a large model is collected before the next run, smaller ones never', async () => {
  const large = scenario(LARGE_MODEL_BETWEEN_RUNS_APPS, '', 200);
  const medium = scenario(LARGE_MODEL_APPS);
  const small = scenario(4);
  const run =
    (s: Scenario, replication = 0) =>
    () =>
      simulateRun(s, 0, replication);
  const trace = (replication: number) => () => traceRun(large, 0, replication, 0);
  const cases: [string, (() => unknown)[], number][] = [
    ['two small runs', [run(small, 0), run(small, 1)], 0],
    ['two runs of 1,000 apps', [run(medium, 0), run(medium, 1)], 0],
    ['two large runs, then a small one', [run(large, 0), run(large, 1), run(small)], 2],
    ['a small run, then a large one', [run(small), run(large)], 0],
    ['two large traces', [trace(0), trace(1)], 1],
    ['a scenario of 2 large runs', [() => runScenario({ ...large, replications: 2 })], 1],
  ];
  for (const [name, runs, expected] of cases) {
    const forced = await forcedCollections(() => {
      for (const r of runs) r();
    });
    assert.equal(forced, expected, name);
  }
});
