import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectGarbage, LARGE_MODEL_APPS, leavesLargeModel } from '../../src/cli/collectGarbage.ts';

function unreachableObject(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill(0) });
}

test('collectGarbage frees an object nothing refers to', async () => {
  const ref = unreachableObject();
  // A WeakRef's target lives until the end of the job that made or read it.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  assert.equal(ref.deref(), undefined);
});

test('collectGarbage keeps an object still referred to, and can be called again', async () => {
  const kept = { payload: [1, 2, 3] };
  const ref = new WeakRef(kept);
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  collectGarbage();
  assert.equal(ref.deref(), kept);
});

test('a run is collected after only from 1,000 apps, counted in every environment', async () => {
  const { loadScenarioText } = await import('../../src/scenario/load.ts');
  const scenario = (apps: number, environments = '') =>
    loadScenarioText(`name: s\napps: { count: ${apps} }\ncluster: { nodes: 20 }\nvariants: [{ name: push, delivery: push }]\n${environments}`, 's.yaml');
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
