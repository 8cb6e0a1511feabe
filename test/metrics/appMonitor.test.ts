import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instantPush } from '../delivery/fixtures.ts';
import { AppMonitor } from '../../src/metrics/appMonitor.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import type { DeploymentStrategy } from '../../src/model/rollout.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

function world(byDigest: boolean, strategy: DeploymentStrategy = ROLLING, replicas = 2) {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1, 'stable');
  const desired = { image: byDigest ? v1.ref : v1.tagRef, replicas, strategy };
  const { engine, cluster } = smallCluster([desired], { nodes: 4 }, registry);
  const git = new GitRepo(engine, [{ desired, intendedDigest: v1.digest }], 0);
  const delivery = instantPush(engine, git, cluster);
  const monitor = new AppMonitor(git, cluster, delivery, () => engine.now);
  return { engine, cluster, registry, git, monitor, v1 };
}

test('a tag moved under a running app: replacements pull the new bytes while everything shows in sync', () => {
  for (const byDigest of [false, true]) {
    const { engine, cluster, registry, monitor } = world(byDigest);
    engine.at(1000, () => build(registry, 'r/app', 2, 'stable', engine.now));
    engine.at(2000, () => cluster.failNode(cluster.podsOf(0)[0].node, Number.POSITIVE_INFINITY));
    engine.run(3_600_000);
    const [health] = monitor.finish();
    assert.equal(health.observedMs, 3_600_000);
    assert.equal(health.desiredReplicaMs, 2 * 3_600_000);
    if (byDigest) {
      assert.equal(health.silentDivergenceMs, 0);
      // Only the replacement window (~6 minutes for one pod) is lost.
      assert.ok(health.correctReplicaMs > 2 * 3_600_000 - 400_000, `${health.correctReplicaMs}`);
    } else {
      // The replacement runs the moved tag's bytes from about 6 minutes on, for the rest of the hour.
      assert.ok(health.silentDivergenceMs > 3_000_000, `${health.silentDivergenceMs}`);
      assert.ok(health.correctReplicaMs < 3_600_000 + 400_000, `${health.correctReplicaMs}`);
    }
  }
});

test('Recreate: zero-ready time and lost availability during each rollout; RollingUpdate keeps availability', () => {
  for (const strategy of [{ type: 'Recreate' } as const, ROLLING]) {
    const { engine, registry, git, monitor } = world(true, strategy, 4);
    const v2 = build(registry, 'r/app', 2);
    engine.at(10_000, () => git.commit(0, { image: v2.ref, replicas: 4, strategy }, v2.digest));
    engine.run(600_000);
    const [health] = monitor.finish();
    if (strategy.type === 'Recreate') {
      assert.ok(health.zeroReadyMs > 1000, `zero ready ${health.zeroReadyMs}`);
      assert.ok(health.availableMs < health.observedMs);
    } else {
      assert.equal(health.zeroReadyMs, 0);
      assert.equal(health.availableMs, health.observedMs);
    }
    // After the commit nothing is correct until the new pods are Ready: correctness below 1.
    assert.ok(health.correctReplicaMs < health.desiredReplicaMs);
    assert.ok(health.correctReplicaMs > 0.9 * health.desiredReplicaMs);
  }
});

test('snapshot: the sums over apps of correct and desired replicas and of available apps, at every instant', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const strategies: DeploymentStrategy[] = [{ type: 'Recreate' }, ROLLING, ROLLING];
  const desired = strategies.map((strategy, app) => ({ image: v1.ref, replicas: 2 + app, strategy }));
  const { engine, cluster } = smallCluster(desired, { nodes: 6 }, registry);
  const git = new GitRepo(
    engine,
    desired.map((d) => ({ desired: d, intendedDigest: v1.digest })),
    0,
  );
  const delivery = instantPush(engine, git, cluster);
  const monitor = new AppMonitor(git, cluster, delivery, () => engine.now);
  engine.at(10_000, () => git.commit(0, { ...desired[0], image: v2.ref }, v2.digest));
  engine.at(12_000, () => git.commit(2, { ...desired[2], image: v2.ref, replicas: 6 }, v2.digest));
  engine.at(15_000, () => cluster.failNode(cluster.podsOf(1)[0].node, 60_000));
  const seen = new Set<string>();
  for (let t = 0; t <= 300_000; t += 250) {
    engine.at(t, () => {
      const expected = { correct: 0, desired: 0, availableApps: 0 };
      for (let app = 0; app < desired.length; app++) {
        const head = git.latest(app);
        expected.correct += Math.min(cluster.readyWith(app, head.intendedDigest), head.desired.replicas);
        expected.desired += head.desired.replicas;
      }
      const snapshot = monitor.snapshot();
      assert.equal(snapshot.correct, expected.correct, `correct at ${engine.now} ms`);
      assert.equal(snapshot.desired, expected.desired, `desired at ${engine.now} ms`);
      seen.add(`${snapshot.correct}/${snapshot.desired}/${snapshot.availableApps}`);
    });
  }
  engine.run(300_000);
  // The rollouts and the node failure moved every sum: more than the start and the end were seen.
  assert.ok(seen.size > 4, [...seen].join(' '));
  assert.ok(
    [...seen].some((s) => s.endsWith('/2')),
    'an app unavailable at some instant',
  );
});

test('a paused app (rollback pause) is judged by the known-good release it runs, not by the bad one Git names', () => {
  const table = [
    { name: 'not followed', follow: false, correctAfterPause: false },
    { name: 'followed', follow: true, correctAfterPause: true },
  ];
  for (const { name, follow, correctAfterPause } of table) {
    const { engine, cluster, registry, git, monitor } = world(true);
    const good = git.latest(0);
    const v2 = build(registry, 'r/app', 2);
    let pinned: typeof good | undefined;
    const listeners: ((app: number) => void)[] = [];
    if (follow) monitor.followPauses({ pinned: () => pinned, onPauseChange: (l) => listeners.push(l) });
    engine.at(10_000, () => git.commit(0, { ...good.desired, image: v2.ref }, v2.digest));
    // Paused at 20 min: the known-good release runs again while Git names v2 (a person's apply, as a pause makes).
    engine.at(1_200_000, () => {
      pinned = good;
      for (const l of listeners) l(0);
      cluster.apply(0, good.desired, 'person');
    });
    engine.run(3_600_000);
    const [health] = monitor.finish();
    // v2 ran from about 10 s to 20 min; the known-good release after it, for 40 minutes.
    const lostMs = health.desiredReplicaMs - health.correctReplicaMs;
    assert.ok(correctAfterPause ? lostMs < 200_000 : lostMs > 2 * 2_300_000, `${name}: ${lostMs} ms lost`);
    assert.equal(health.silentDivergenceMs, 0, name);
  }
});
