import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '../../src/index.ts';
import { resolveFenceposts } from '../../src/model/rollout.ts';

test('the public API runs a scenario end to end', () => {
  const scenario = api.loadScenarioText(
    'name: api\nhorizon: 6h\nreplications: 2\nvariants: [{ name: push, delivery: push }]\n',
    'api.yaml',
  );
  const result = api.runScenario(scenario);
  assert.equal(result.summary.variants[0].name, 'push');
  // One variant x replication, built and run by hand, is the run runScenario made.
  assert.deepEqual(api.runWorld(api.buildWorld(scenario, 0, 1)), result.runs[1]);
});

test('the public API is the three groups; upstream arithmetic stays importable by path', () => {
  for (const name of ['runScenario', 'runScenarioOnWorkers', 'buildWorld', 'ArgoCdController', 'WorkQueue', 'Timers', 'TimerWheel', 'RandomStreams']) {
    assert.equal(typeof (api as Record<string, unknown>)[name], 'function', name);
  }
  assert.equal('resolveFenceposts' in api, false);
  assert.deepEqual(resolveFenceposts('25%', '25%', 10), { surge: 3, unavailable: 2 });
});
