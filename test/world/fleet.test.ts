import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { simulateRun } from '../../src/world/world.ts';

const CAPACITY = `name: capacity
seed: 5
horizon: 40m
replications: 1
apps: { count: 400, replicas: 1 }
cluster: { count: 4, nodes: 20, podsPerNode: 30 }
ci: { commits: { every: exp(1h) } }
git: { massChanges: [10m] }
variants:
  - { name: one, delivery: { type: pull, qps: 5, burst: 10 } }
  - { name: two shards, delivery: { type: pull, qps: 5, burst: 10, shards: 2 } }
  - { name: flux, delivery: { type: pull, profile: flux } }
`;

test('a mass change: client QPS is the bottleneck, and two shards (by cluster) halve the time to apply', () => {
  const scenario = loadScenarioText(CAPACITY, 'capacity.yaml');
  const one = simulateRun(scenario, 0, 0);
  const two = simulateRun(scenario, 1, 0);
  const flux = simulateRun(scenario, 2, 0);
  assert.equal(one.capacity?.bottleneck, 'client QPS');
  const [m1] = one.massChanges;
  const [m2] = two.massChanges;
  assert.equal(m1.atMs, 600_000);
  assert.ok(m1.appliedMs !== null && m2.appliedMs !== null);
  // 400 syncs x 5 requests at 5 QPS: about 400 s for one controller, 200 s for two.
  assert.ok(m1.appliedMs > 350_000 && m1.appliedMs < 500_000, `one: ${m1.appliedMs}`);
  assert.ok(m2.appliedMs < 0.65 * m1.appliedMs, `two: ${m2.appliedMs}`);
  assert.ok(m1.convergedMs !== null && m1.convergedMs >= m1.appliedMs);
  // Flux runs in each cluster and has no Argo CD capacity record.
  assert.equal(flux.capacity, null);
  assert.ok(flux.massChanges[0].convergedMs !== null);
});
