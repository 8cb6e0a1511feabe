import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '../../src/index.ts';

test('the public API runs a scenario end to end', () => {
  const scenario = api.loadScenarioText(
    'name: api\nhorizon: 6h\nreplications: 2\nvariants: [{ name: push, delivery: push }]\n',
    'api.yaml',
  );
  const result = api.runScenario(scenario);
  assert.equal(result.summary.variants[0].name, 'push');
  assert.equal(typeof api.resolveFenceposts, 'function');
  assert.deepEqual(api.resolveFenceposts('25%', '25%', 10), { surge: 3, unavailable: 2 });
});
