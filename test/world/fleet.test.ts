import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { RandomStreams } from '../../src/engine/random.ts';
import { startDrift } from '../../src/disturbance/drift.ts';
import type { RunnerPool } from '../../src/delivery/push.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { createDelivery, createFleet } from '../../src/world/fleet.ts';
import { simulateRun } from '../../src/world/world.ts';
import { build, newRegistry, resolvedScenario, ROLLING } from '../model/fixtures.ts';

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

/**
 * Four apps in two clusters (apps 0 and 2 in cluster 0), the variant's delivery system, a controller outage
 * from 1m to 1h 1m, and a new build of every app committed at 2m. Returns which apps run it at `atMs`.
 */
function outageWorld(settings: Record<string, unknown>) {
  const scenario = resolvedScenario({
    apps: { count: 4, replicas: 1 },
    cluster: { count: 2, nodes: 2 },
    variants: [{ name: 'pull', delivery: { type: 'pull', ...settings } }],
  });
  const engine = new Engine();
  const streams = new RandomStreams(3, 0);
  const registry = newRegistry();
  const v1 = Array.from({ length: 4 }, (_, i) => build(registry, `r/app-${i}`, 1));
  const manifests = v1.map((b) => ({ image: b.ref, replicas: 1, strategy: ROLLING }));
  const git = new GitRepo(engine, manifests.map((desired, i) => ({ desired, intendedDigest: v1[i].digest })), 0);
  const cluster = createFleet(scenario, engine, registry, manifests, streams);
  // Pull only: no CI runners.
  const push = { runners: {} as RunnerPool, rollbackReruns: false };
  const { delivery } = createDelivery(scenario.variants[0].delivery, 2, engine, git, cluster, streams, push, {
    layout: 'shared',
  });
  delivery.start();
  const downFor = compileSampler(parseDistribution('1h'));
  const world = { engine, cluster, git, registry, delivery, streams };
  startDrift([{ kind: 'controllerOutage', atMs: [60_000], downFor }], world);
  const v2 = v1.map((_, app) => build(registry, `r/app-${app}`, 2));
  engine.at(120_000, () => {
    for (const [app, b] of v2.entries()) git.commit(app, { ...git.desiredAt(app), image: b.ref }, b.digest);
  });
  return (atMs: number): number[] => {
    engine.run(atMs);
    return v2.flatMap((b, app) => (cluster.spec(app)?.image === b.ref ? [app] : []));
  };
}

test("an outage takes one cluster's Flux down, the other's apps still deploy; Argo CD shards go down together", () => {
  const flux = outageWorld({ profile: 'flux' });
  const during = flux(40 * 60_000);
  assert.ok(
    JSON.stringify(during) === '[0,2]' || JSON.stringify(during) === '[1,3]',
    `the apps of exactly one cluster deploy during the outage: ${during}`,
  );
  assert.deepEqual(flux(90 * 60_000), [0, 1, 2, 3], 'after it the other instance catches up');
  const argocd = outageWorld({ shards: 2 });
  assert.deepEqual(argocd(40 * 60_000), [], 'no shard deploys during the outage');
  assert.deepEqual(argocd(90 * 60_000), [0, 1, 2, 3]);
});
