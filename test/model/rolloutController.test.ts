/**
 * Traces of progressive rollouts on a small cluster, as Argo Rollouts
 * documents them: canary steps, an aborted bad canary, blue-green.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeploymentStrategy } from '../../src/model/rollout.ts';
import { build, newRegistry, smallCluster } from './fixtures.ts';

/** Spec replicas of the ReplicaSets (oldest first) each second they change, until `untilMs`. */
function traceReplicaSets(setup: ReturnType<typeof smallCluster>, untilMs: number): string[] {
  const { engine, cluster } = setup;
  const steps: string[] = [];
  let before = '';
  for (let t = 0; t <= untilMs; t += 1000) {
    engine.run(t);
    const replicas = cluster
      .replicaSetsOf(0)
      .map((rs) => rs.replicas)
      .join('/');
    if (replicas !== before) steps.push(`${t / 1000}s ${replicas}`);
    before = replicas;
  }
  return steps;
}

function setup(strategy: DeploymentStrategy, bad: ReadonlySet<string> = new Set()) {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const { engine, cluster } = smallCluster(
    [{ image: v1.ref, replicas: 10, strategy }],
    { releaseQuality: { isBad: (digest) => bad.has(digest) } },
    registry,
  );
  const events: string[] = [];
  cluster.onRollout((_, kind, atMs, startedMs) =>
    events.push(`${kind} ${Math.round((atMs - startedMs) / 1000)}s`),
  );
  return { engine, cluster, registry, v1, v2, events, strategy };
}

const CANARY: DeploymentStrategy = {
  type: 'Canary',
  steps: [{ setWeight: 20 }, { pauseMs: 60_000 }, { setWeight: 50 }, { pauseMs: 60_000 }, { setWeight: 100 }],
  trafficRouting: false,
  analysis: { intervalMs: 30_000, failureLimit: 1 },
};

test('canary without a router: 20/50/100 by replica counts, a minute apart, then promoted', () => {
  const world = setup(CANARY);
  const { cluster, v2, events, strategy } = world;
  cluster.apply(0, { image: v2.ref, replicas: 10, strategy });
  const steps = traceReplicaSets(world, 300_000);
  // stable/canary: 2 canary pods (Ready at 7s: pull and 5s start), a minute's pause, 5, a minute, 10.
  assert.deepEqual(steps, ['0s 8/2', '67s 5/5', '134s 0/10']);
  assert.deepEqual(events, ['started 0s', 'promoted 138s']);
  assert.equal(cluster.readyWith(0, v2.digest), 10);
});

test('canary with a router: the stable stays at full size, traffic follows the weight', () => {
  const world = setup({ ...CANARY, trafficRouting: true });
  const { engine, cluster, v1, v2, strategy } = world;
  cluster.apply(0, { image: v2.ref, replicas: 10, strategy });
  engine.run(10_000);
  const weights = cluster.trafficWeights(0);
  assert.ok(Math.abs(weights.get(v1.digest)! - 0.8) < 1e-9);
  assert.ok(Math.abs(weights.get(v2.digest)! - 0.2) < 1e-9);
  const steps = traceReplicaSets(world, 300_000);
  // The canary at full size, then promoted: the old stable goes.
  assert.deepEqual(steps, ['0s 10/2', '67s 10/5', '134s 10/10', '139s 0/10']);
});

test("canary with a router: the router keeps a step's weight until the canary's pods for the next are available", () => {
  const world = setup({ ...CANARY, trafficRouting: true });
  const { engine, cluster, v2, strategy } = world;
  const shares: string[] = [];
  cluster.onAppChange(() => {
    const share = (cluster.trafficWeights(0).get(v2.digest) ?? 0).toFixed(2);
    if (shares.at(-1)?.split(' ')[1] !== share) shares.push(`${Math.round(engine.now / 1000)}s ${share}`);
  });
  cluster.apply(0, { image: v2.ref, replicas: 10, strategy });
  engine.run(300_000);
  // 20% once 2 canary pods are Ready; at 67s the step to 50% sizes the canary to 5, served once they are Ready
  // (6s later); at 134s the canary goes to full size, and all of the traffic once it is promoted.
  assert.deepEqual(shares, ['0s 0.00', '7s 0.20', '73s 0.50', '138s 1.00']);
});

test('a bad canary is aborted after failureLimit + 1 measurements; the stable is untouched', () => {
  const bad = new Set<string>();
  const world = setup(CANARY, bad);
  const { cluster, v1, v2, events, strategy } = world;
  bad.add(v2.digest);
  cluster.apply(0, { image: v2.ref, replicas: 10, strategy });
  const steps = traceReplicaSets(world, 300_000);
  // Measurements at 30s and 60s fail (limit 1): aborted at 60s, the canary scaled to 0, the stable back to 10.
  assert.deepEqual(steps, ['0s 8/2', '60s 10/0']);
  assert.deepEqual(events, ['started 0s', 'aborted 60s']);
  assert.equal(cluster.readyWith(0, v1.digest), 10);
  // Git (and the spec) still name v2: the controller never writes it back.
  assert.equal(cluster.spec(0)?.image, v2.ref);
});

test('blue-green: a full preview serves nothing, the switch, the old ReplicaSet kept 30s', () => {
  const strategy: DeploymentStrategy = {
    type: 'BlueGreen',
    scaleDownDelayMs: 30_000,
    autoPromotionMs: 60_000,
    prePromotionAnalysis: null,
  };
  const world = setup(strategy);
  const { engine, cluster, v1, v2, events } = world;
  cluster.apply(0, { image: v2.ref, replicas: 10, strategy });
  engine.run(30_000);
  assert.deepEqual([...cluster.trafficWeights(0)], [[v1.digest, 1]]);
  const steps = traceReplicaSets(world, 300_000);
  // Preview available at 7s, promoted a minute later, the old one scaled down 30s after.
  assert.deepEqual(steps, ['0s 10/10', '97s 0/10']);
  assert.deepEqual(events, ['started 0s', 'promoted 67s']);
});

test('flagger: the canary at full size before any traffic, then 10%; failed checks hold it there until the rollback', () => {
  const bad = new Set<string>();
  const strategy = { type: 'Flagger', intervalMs: 60_000, stepWeight: 10, maxWeight: 50, threshold: 2 } as const;
  const world = setup(strategy, bad);
  const { engine, cluster, v2, events } = world;
  bad.add(v2.digest);
  // What the app's listeners (the traffic metric) see of the canary's share, each time they are told.
  const shares: string[] = [];
  cluster.onAppChange(() => {
    const share = cluster.trafficWeights(0).get(v2.digest) ?? 0;
    const text = `${Math.round(engine.now / 1000)}s ${share.toFixed(2)}`;
    if (shares.at(-1)?.split(' ')[1] !== text.split(' ')[1]) shares.push(text);
  });
  cluster.apply(0, { image: v2.ref, replicas: 10, strategy });
  const steps = traceReplicaSets(world, 300_000);
  // stable/canary: the canary scaled to 10 at once, then to 0 at the rollback.
  assert.deepEqual(steps, ['0s 10/10', '120s 10/0']);
  // 10% from when the canary is Ready, told to the listeners with no pod changing; held there, then back to 0.
  assert.deepEqual(shares, ['0s 0.00', '7s 0.10', '120s 0.00']);
  assert.deepEqual(events, ['started 0s', 'aborted 120s']);
});
