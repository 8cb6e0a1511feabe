/**
 * End-to-end traces of the cluster model against Kubernetes' documented behaviour:
 * the ReplicaSet sequence of a rolling update, Recreate, node failure and
 * replacement, tags against digests, rollout undo, the progress deadline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build, IMAGE_BYTES, newRegistry, ROLLING, smallCluster } from './fixtures.ts';

test('rolling update of 10 at 25%/25%: new 0->3, old 10->8, never under 8 available or over 13 pods', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 10, strategy: ROLLING }], {}, registry);
  const steps: string[] = [];
  let minAvailable = 10;
  let maxPods = 10;
  cluster.onAppChange(() => {
    const sets = cluster.replicaSetsOf(0);
    const step = sets.map((rs) => rs.replicas).join('/');
    if (steps.at(-1) !== step) steps.push(step);
    minAvailable = Math.min(minAvailable, sets.reduce((n, rs) => n + rs.available, 0));
    maxPods = Math.max(maxPods, sets.reduce((n, rs) => n + rs.pods, 0));
  });
  cluster.apply(0, { image: v2.ref, replicas: 10, strategy: ROLLING });
  engine.run(600_000);
  // (old/new) spec replicas: Kubernetes' documented first steps, then old shrinks as new pods become available.
  assert.deepEqual(steps.slice(0, 3), ['10', '8/3', '8/5']);
  assert.equal(steps.at(-1), '0/10');
  assert.ok(minAvailable >= 8, `available fell to ${minAvailable}`);
  assert.ok(maxPods <= 13, `pods rose to ${maxPods}`);
  assert.equal(cluster.readyWith(0, v2.digest), 10);
  assert.equal(cluster.activePods(0), 10);
  assert.equal(cluster.condition(0), 'Complete');
});

test('Recreate: every old pod goes before any new pod starts (a window with zero ready)', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const strategy = { type: 'Recreate' as const };
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 4, strategy }], {}, registry);
  let sawZeroReady = false;
  let mixed = false;
  cluster.onAppChange(() => {
    if (cluster.readyPods(0) === 0) sawZeroReady = true;
    if (cluster.readyWith(0, v1.digest) > 0 && cluster.activePods(0) > cluster.readyWith(0, v1.digest)) mixed = true;
  });
  cluster.apply(0, { image: v2.ref, replicas: 4, strategy });
  engine.run(300_000);
  assert.ok(sawZeroReady);
  assert.ok(!mixed, 'old and new pods existed together');
  assert.equal(cluster.readyWith(0, v2.digest), 4);
});

test('pods of a failed node are replaced about 6 minutes later (50s grace + 300s toleration)', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 8, strategy: ROLLING }], {}, registry);
  const node = cluster.podsOf(0)[0].node;
  const onNode = cluster.podsOf(0).filter((p) => p.node === node).length;
  assert.ok(onNode > 0);
  let notReadyAt = -1;
  let restoredAt = -1;
  cluster.onAppChange(() => {
    if (notReadyAt < 0 && cluster.readyPods(0) < 8) notReadyAt = engine.now;
    if (notReadyAt >= 0 && restoredAt < 0 && cluster.readyPods(0) === 8) restoredAt = engine.now;
  });
  engine.at(1000, () => cluster.failNode(node, 3_600_000));
  engine.run(3_000_000);
  // The API shows the pods Ready until the node is marked NotReady.
  assert.equal(notReadyAt, 1000 + 50_000);
  // Evicted at 350s after the failure, replacements pulled and started elsewhere within seconds.
  const replacedAfterMs = restoredAt - 1000;
  assert.ok(replacedAfterMs > 350_000 && replacedAfterMs < 370_000, `replaced after ${replacedAfterMs} ms`);
  assert.ok(cluster.podsOf(0).every((p) => p.node !== node));
  assert.equal(cluster.stats().evictions, onNode);
});

test('a node that comes back before the eviction keeps its pods; they restart', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 4, strategy: ROLLING }], {}, registry);
  const node = cluster.podsOf(0)[0].node;
  engine.at(0, () => cluster.failNode(node, 120_000));
  engine.run(600_000);
  assert.equal(cluster.stats().evictions, 0);
  assert.equal(cluster.readyWith(0, v1.digest), 4);
  assert.ok(cluster.podsOf(0).some((p) => p.node === node));
});

test('IfNotPresent: a node without the tag pulls what it points to now, so one Deployment runs two digests', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1, 'stable');
  const { engine, cluster } = smallCluster(
    [{ image: v1.tagRef, replicas: 2, strategy: ROLLING }],
    { nodes: 4 },
    registry,
  );
  const usedNodes = new Set(cluster.podsOf(0).map((p) => p.node));
  assert.equal(usedNodes.size, 2);
  const v2 = build(registry, 'r/app', 2, 'stable', 10);
  // Two more replicas land on the two empty nodes, which pull `stable` now: v2.
  engine.at(20, () => cluster.scale(0, 4));
  engine.run(300_000);
  const digests = cluster.readyDigests(0);
  assert.equal(digests.get(v1.digest), 2);
  assert.equal(digests.get(v2.digest), 2);
});

test('a digest reference runs the same bytes everywhere, whatever the tag does', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1, 'stable');
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 2, strategy: ROLLING }], { nodes: 4 }, registry);
  build(registry, 'r/app', 2, 'stable', 10);
  engine.at(20, () => cluster.scale(0, 4));
  engine.at(30, () => cluster.failNode(cluster.podsOf(0)[0].node, Number.POSITIVE_INFINITY));
  engine.run(1_200_000);
  assert.deepEqual([...cluster.readyDigests(0)], [[v1.digest, 4]]);
});

test('pullPolicy Always (a :latest tag) resolves the tag at every container start', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1, 'latest');
  const { engine, cluster } = smallCluster([{ image: 'r/app:latest', replicas: 2, strategy: ROLLING }], { nodes: 1 }, registry);
  const v2 = build(registry, 'r/app', 2, 'latest', 10);
  // The only node holds v1 under `latest`, yet new pods there get v2.
  engine.at(20, () => cluster.scale(0, 4));
  engine.run(300_000);
  assert.equal(cluster.readyDigests(0).get(v1.digest), 2);
  assert.equal(cluster.readyDigests(0).get(v2.digest), 2);
});

test('rollout undo copies the previous template back and rolls it out again', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 3, strategy: ROLLING }], {}, registry);
  cluster.apply(0, { image: v2.ref, replicas: 3, strategy: ROLLING });
  engine.run(300_000);
  assert.equal(cluster.readyWith(0, v2.digest), 3);
  cluster.rolloutUndo(0);
  engine.run(600_000);
  assert.equal(cluster.spec(0)?.image, v1.ref);
  assert.equal(cluster.readyWith(0, v1.digest), 3);
  // The v1 ReplicaSet is reused with a new revision.
  const sets = cluster.replicaSetsOf(0);
  assert.deepEqual(
    sets.map((rs) => [rs.image, rs.revision]),
    [
      [v1.ref, 3],
      [v2.ref, 2],
    ],
  );
});

test('an image that cannot be pulled: ProgressDeadlineExceeded after 600s, and no rollback', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 4, strategy: ROLLING }], {}, registry);
  cluster.apply(0, { image: 'r/app:does-not-exist', replicas: 4, strategy: ROLLING });
  engine.run(590_000);
  assert.equal(cluster.condition(0), 'Progressing');
  engine.run(700_000);
  assert.equal(cluster.condition(0), 'ProgressDeadlineExceeded');
  assert.equal(cluster.spec(0)?.image, 'r/app:does-not-exist');
  // Old pods keep serving: at least replicas - maxUnavailable.
  assert.equal(cluster.readyWith(0, v1.digest), 3);
  assert.ok(cluster.stats().failedPulls > 3);
});

test('scaling during a rollout spreads the change over the ReplicaSets', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  build(registry, 'r/app', 2);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 10, strategy: ROLLING }], {}, registry);
  cluster.apply(0, { image: 'r/app:1.0.2', replicas: 10, strategy: ROLLING });
  engine.run(1000);
  cluster.scale(0, 20);
  engine.run(600_000);
  assert.equal(cluster.activePods(0), 20);
  assert.equal(cluster.readyPods(0), 20);
});

test('API writes go through the controller manager rate limiter', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const { engine, cluster } = smallCluster(
    [{ image: v1.ref, replicas: 40, strategy: { type: 'Recreate' } }],
    { controllerManager: { qps: 5, burst: 5 } },
    registry,
  );
  cluster.apply(0, { image: v2.ref, replicas: 40, strategy: { type: 'Recreate' } });
  engine.run(3_600_000);
  const stats = cluster.stats();
  // 40 deletions and 40 creations at 5 per second cannot take less than ~15 s of waiting in all.
  assert.ok(stats.apiRequests >= 80);
  assert.ok(stats.apiThrottledMs > 15_000, `throttled ${stats.apiThrottledMs} ms`);
  assert.equal(cluster.readyWith(0, v2.digest), 40);
});

test("each controller has its own client: the Deployment controller's writes never wait for the ReplicaSet controller's tokens", () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const { engine, cluster } = smallCluster(
    [
      { image: v1.ref, replicas: 40, strategy: { type: 'Recreate' } },
      { image: v1.ref, replicas: 1, strategy: ROLLING },
    ],
    { controllerManager: { qps: 5, burst: 5 } },
    registry,
  );
  engine.run(60_000);
  // 40 pod deletions at 5 per second: the ReplicaSet controller's bucket is 7 s behind.
  cluster.apply(0, { image: v2.ref, replicas: 40, strategy: { type: 'Recreate' } });
  engine.run(61_000);
  cluster.scale(1, 3);
  // The scale is the Deployment controller's write to the ReplicaSet: its own bucket has tokens.
  engine.run(61_500);
  assert.equal(cluster.replicaSetsOf(1)[0].replicas, 3);
  assert.ok(cluster.stats().apiThrottledMs > 0);
});

test('deleting a Deployment takes its pods; applying it again recreates it', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const manifest = { image: v1.ref, replicas: 3, strategy: ROLLING };
  const { engine, cluster } = smallCluster([manifest], {}, registry);
  const actors: string[] = [];
  cluster.onSpecChange((app, actor) => actors.push(`${app}:${actor}`));
  cluster.deleteDeployment(0);
  assert.equal(cluster.spec(0), null);
  engine.run(60_000);
  assert.equal(cluster.activePods(0), 0);
  assert.equal(cluster.readyPods(0), 0);
  cluster.scale(0, 5);
  assert.equal(cluster.spec(0), null);
  assert.equal(cluster.apply(0, manifest), true);
  engine.run(300_000);
  assert.equal(cluster.readyWith(0, v1.digest), 3);
  assert.deepEqual(cluster.replicaSetsOf(0).map((rs) => rs.revision), [1]);
  assert.deepEqual(actors, ['0:person', '0:delivery']);
});

test('scaling down deletes pods not ready first, then doubled-up ones, then the newest, one at a time or several', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 3, strategy: ROLLING }], {}, registry);
  cluster.scale(0, 6);
  engine.run(1_000);
  // Three new pods are starting (5s): scaling to 5 deletes one of them, not a Ready one.
  assert.equal(cluster.readyPods(0), 3);
  cluster.scale(0, 5);
  engine.run(2_000);
  assert.deepEqual([cluster.activePods(0), cluster.readyPods(0)], [5, 3]);
  engine.run(60_000);
  const before = cluster.podsOf(0);
  assert.equal(before.filter((p) => p.ready).length, 5);
  // All Ready, spread over nodes 0, 1, 2, 0, 1: the newest of the doubled-up goes (5 -> 4), then the two
  // sharing node 0 at once, the oldest pod among them (4 -> 2).
  assert.deepEqual(
    before.map((p) => p.node),
    [0, 1, 2, 0, 1],
  );
  cluster.scale(0, 4);
  engine.run(61_000);
  assert.deepEqual(cluster.podsOf(0), before.slice(0, 4));
  cluster.scale(0, 2);
  engine.run(62_000);
  assert.deepEqual(cluster.podsOf(0), [before[1], before[2]]);
});

test('Ready pods on running nodes, kept as counts, match the pods at every change: failures, a rollout, recoveries, evictions', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const { engine, cluster } = smallCluster(
    [
      { image: v1.ref, replicas: 6, strategy: ROLLING },
      { image: v1.ref, replicas: 3, strategy: ROLLING },
    ],
    {},
    registry,
  );
  const serving = (app: number) =>
    cluster.podsOf(app).filter((p) => p.ready && cluster.isNodeUp(p.node)).length;
  let checks = 0;
  cluster.onAppChange((app) => {
    assert.equal(cluster.readyOnUpNodes(app), serving(app), `app ${app} at ${engine.now} ms`);
    checks++;
  });
  const [first, second] = [cluster.podsOf(0)[0].node, cluster.podsOf(0)[1].node];
  // One node comes back before its pods are evicted, one after; a rollout runs meanwhile.
  engine.at(1000, () => cluster.failNode(first, 120_000));
  engine.at(2000, () => cluster.failNode(second, 900_000));
  engine.at(20_000, () => cluster.apply(0, { image: v2.ref, replicas: 6, strategy: ROLLING }));
  engine.run(3_000_000);
  assert.ok(checks > 20);
  for (const app of [0, 1]) assert.equal(cluster.readyOnUpNodes(app), serving(app));
  assert.equal(cluster.readyWith(0, v2.digest), 6);
});

test('spec answers the live image and replicas after every write; an earlier answer keeps its values', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const { cluster } = smallCluster([{ image: v1.ref, replicas: 3, strategy: ROLLING }], {}, registry);
  const first = cluster.spec(0);
  assert.deepEqual(first, { image: v1.ref, replicas: 3 });
  const to = (image: string, replicas: number) => ({ image, replicas, strategy: ROLLING });
  const writes: [string, () => void, { image: string; replicas: number } | null][] = [
    ['scale', () => cluster.scale(0, 5), { image: v1.ref, replicas: 5 }],
    ['apply', () => cluster.apply(0, to(v2.ref, 5)), { image: v2.ref, replicas: 5 }],
    ['delete', () => cluster.deleteDeployment(0), null],
    ['apply again', () => cluster.apply(0, to(v1.ref, 2)), { image: v1.ref, replicas: 2 }],
  ];
  for (const [name, write, expected] of writes) {
    write();
    assert.deepEqual(cluster.spec(0), expected, name);
  }
  assert.deepEqual(first, { image: v1.ref, replicas: 3 });
});

test('a crashed container restarts at once, then after 10s, 20s: out of service for the start (5s) plus the wait', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 1, strategy: ROLLING }], {}, registry);
  const downMs: number[] = [];
  let downAt = -1;
  cluster.onAppChange(() => {
    const ready = cluster.readyPods(0);
    if (ready === 0 && downAt < 0) downAt = engine.now;
    if (ready === 1 && downAt >= 0) {
      downMs.push(engine.now - downAt);
      downAt = -1;
    }
  });
  for (const atMs of [60_000, 70_000, 100_000]) engine.at(atMs, () => cluster.crashPod(0, 0));
  engine.run(300_000);
  assert.deepEqual(downMs, [5_000, 15_000, 25_000]);
});

test('failed pulls do not lengthen the crash-loop back-off: each has its own entry', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  // The tag exists only from 25s on: the new pod's first pulls fail and back off (10s, 20s).
  const v2 = build(registry, 'r/app', 2, 'late', 25_000);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 1, strategy: ROLLING }], {}, registry);
  cluster.apply(0, { image: v2.tagRef, replicas: 1, strategy: ROLLING });
  engine.run(120_000);
  assert.ok(cluster.stats().failedPulls >= 2);
  assert.deepEqual([...cluster.readyDigests(0)], [[v2.digest, 1]]);
  cluster.crashPod(0, 0);
  engine.run(125_000);
  assert.equal(cluster.readyPods(0), 1);
});

test("a rebooted node's kubelet has forgotten its crash loops: the next crash restarts at once", () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 1, strategy: ROLLING }], {}, registry);
  for (const atMs of [60_000, 70_000]) engine.at(atMs, () => cluster.crashPod(0, 0));
  engine.at(100_000, () => cluster.failNode(cluster.podsOf(0)[0].node, 60_000));
  engine.run(200_000);
  assert.equal(cluster.readyPods(0), 1);
  cluster.crashPod(0, 0);
  engine.run(205_000);
  assert.equal(cluster.readyPods(0), 1);
});

test('a rebooted node restarts pullPolicy Always pods through a pull: a moved :latest gives them the new bytes', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1, 'latest');
  const { engine, cluster } = smallCluster([{ image: 'r/app:latest', replicas: 4, strategy: ROLLING }], { nodes: 2 }, registry);
  const node = cluster.podsOf(0)[0].node;
  const onNode = cluster.podsOf(0).filter((p) => p.node === node).length;
  const v2 = build(registry, 'r/app', 2, 'latest', 10);
  // Back after 200 s, before the eviction: the same pods start again on the same node.
  engine.at(1000, () => cluster.failNode(node, 200_000));
  engine.run(600_000);
  assert.equal(cluster.stats().evictions, 0);
  assert.equal(cluster.readyDigests(0).get(v2.digest), onNode);
  assert.equal(cluster.readyDigests(0).get(v1.digest), 4 - onNode);
});

test('two pods on one node pulling the same digest at once download it once and start together', () => {
  // Each transfer time varies (pullSpread): a pull that joins another ends with it, not on its own time.
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const strategy = { type: 'Recreate' as const };
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 3, strategy }], { nodes: 1 }, registry);
  const readyAt: number[] = [];
  cluster.onAppChange(() => {
    if (readyAt.length < cluster.readyWith(0, v2.digest)) readyAt.push(engine.now);
  });
  const [pulls, bytes] = [registry.pulls, registry.pulledBytes];
  cluster.apply(0, { image: v2.ref, replicas: 3, strategy });
  engine.run(300_000);
  assert.equal(cluster.readyWith(0, v2.digest), 3);
  // Three pulls asked the registry; one transferred the bytes, the others joined it.
  assert.deepEqual([registry.pulls - pulls, registry.pulledBytes - bytes], [3, IMAGE_BYTES]);
  assert.equal(new Set(readyAt).size, 1);
});

test('readiness (what a health check reads): InProgress from the apply until the rollout is done, NotFound never Current', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const { engine, cluster } = smallCluster([{ image: v1.ref, replicas: 4, strategy: ROLLING }], {}, registry);
  engine.run(60_000);
  assert.equal(cluster.readiness(0), 'Current');
  cluster.apply(0, { image: v2.ref, replicas: 4, strategy: ROLLING });
  // The Deployment controller has not synced the new spec yet: its status is the old generation's.
  assert.equal(cluster.readiness(0), 'InProgress');
  let currentAt = -1;
  const probe = (): void => {
    if (currentAt < 0 && cluster.readiness(0) === 'Current') currentAt = engine.now;
    engine.after(100, probe);
  };
  engine.after(0, probe);
  engine.run(600_000);
  assert.ok(currentAt > 60_000);
  assert.equal(cluster.readiness(0), 'Current');
  assert.deepEqual(
    cluster.replicaSetsOf(0).map((rs) => rs.replicas),
    [0, 4],
  );
  cluster.deleteDeployment(0);
  engine.run(610_000);
  assert.equal(cluster.readiness(0), 'InProgress');
});
