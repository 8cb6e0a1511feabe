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
# Refs that expire within a second: each app sees the commit at its own poll, as in the shards' ratio below, and
# not all at the end of one shared 3-minute ref cache, a delay both variants would add.
variants:
  - { name: one, delivery: { type: pull, qps: 5, burst: 10, revisionCacheExpiration: 1s } }
  - { name: two shards, delivery: { type: pull, qps: 5, burst: 10, shards: 2, revisionCacheExpiration: 1s } }
  - { name: flux, delivery: { type: pull, profile: flux } }
`;

test('a mass change: the Application client binds at low QPS, and two shards (by cluster) halve the time to apply', (t) => {
  const scenario = loadScenarioText(CAPACITY, 'capacity.yaml');
  const one = simulateRun(scenario, 0, 0);
  const two = simulateRun(scenario, 1, 0);
  const flux = simulateRun(scenario, 2, 0);
  t.diagnostic(`one: ${JSON.stringify(one.capacity?.waitMs)}`);
  assert.equal(one.capacity?.bottleneck, 'Application client QPS');
  assert.equal(two.capacity?.bottleneck, 'Application client QPS');
  const [m1] = one.massChanges;
  const [m2] = two.massChanges;
  assert.equal(m1.atMs, 600_000);
  assert.ok(m1.appliedMs !== null && m2.appliedMs !== null);
  t.diagnostic(`applied: one ${m1.appliedMs} ms, two shards ${m2.appliedMs} ms`);
  // 400 syncs x 8 Application requests (the refresh that sees the commit, 6 for the operation, the
  // refresh after it) at 5 QPS is 640 s, and the periodic refreshes of every app take their share.
  assert.ok(m1.appliedMs > 640_000, `one: ${m1.appliedMs}`);
  assert.ok(m2.appliedMs < 0.6 * m1.appliedMs, `two: ${m2.appliedMs}`);
  assert.ok(m1.convergedMs !== null && m1.convergedMs >= m1.appliedMs);
  // Flux runs in each cluster and has no Argo CD capacity record.
  assert.equal(flux.capacity, null);
  assert.ok(flux.massChanges[0].convergedMs !== null);
});

/** 200 apps in one cluster, a mass change at 10 minutes, and one Argo CD variant per row below. */
const LIMITS = (variants: string, apps = 'apps: { count: 200, replicas: 1 }') => `name: limits
seed: 5
horizon: 40m
replications: 1
${apps}
cluster: { nodes: 20, podsPerNode: 30 }
ci: { commits: { every: exp(10h) } }
git: { massChanges: [10m] }
variants:
${variants}
`;

test('the bottleneck label names the limit that binds, each measured separately', (t) => {
  const table = [
    // One kubectl slot for 200 syncs of 11 kubectl runs each, with the control plane's clients fast.
    ['{ name: a, delivery: { type: pull, webhook: true, kubectlParallelism: 1, qps: 1000, burst: 2000 } }', 'kubectl parallelism'],
    // One generation at a time on the repo-server, renders of 2 s.
    ['{ name: b, delivery: { type: pull, webhook: true, repoServerParallelism: 1, renderTime: 2s, qps: 1000, burst: 2000 } }', 'repo-server'],
    // Syncs held 60 s by hooks: the operation processors are full.
    ['{ name: c, delivery: { type: pull, webhook: true, hookTime: 60s, qps: 1000, burst: 2000 } }', 'operation processors'],
    // The Application client at 2 QPS.
    ['{ name: d, delivery: { type: pull, webhook: true, qps: 2, burst: 4 } }', 'Application client QPS'],
  ] as const;
  for (const [variant, expected] of table) {
    const run = simulateRun(loadScenarioText(LIMITS(`  - ${variant}`), 'limits.yaml'), 0, 0);
    t.diagnostic(`${expected}: ${JSON.stringify(run.capacity?.waitMs)}`);
    assert.equal(run.capacity?.bottleneck, expected, variant);
  }
});

test('apps of ConfigMaps only: the mass change is applied and converged once the specs land', () => {
  const scenario = loadScenarioText(
    LIMITS('  - { name: a, delivery: { type: pull, webhook: true } }', 'apps: { count: 200, replicas: 0, resources: { ConfigMap: 3 } }'),
    'configmaps.yaml',
  );
  const run = simulateRun(scenario, 0, 0);
  const [m] = run.massChanges;
  assert.ok(m.appliedMs !== null && m.appliedMs > 0, `applied ${m.appliedMs}`);
  assert.equal(m.convergedMs, m.appliedMs);
  // Each change converges when its spec lands, not at its commit.
  const converged = [...run.changes].flatMap((c) => (c.outcome.state === 'converged' ? [c.outcome.convergenceMs] : []));
  assert.ok(converged.length >= 200, `${converged.length} converged`);
  assert.ok(converged.every((ms) => ms > 0));
});
