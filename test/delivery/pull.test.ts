import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStream } from '../../src/engine/random.ts';
import { PullController } from '../../src/delivery/pull.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

function world(intervalMs: number, jitterMs: number) {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const initial = { image: v1.ref, replicas: 1, strategy: ROLLING };
  const { engine, cluster } = smallCluster([initial], {}, registry);
  const git = new GitRepo(engine, [{ desired: initial, intendedDigest: v1.digest }], 0);
  const controller = new PullController(engine, git, cluster, { intervalMs, jitterMs }, createStream(3, 'pull', 0));
  controller.start();
  return { engine, git, cluster, controller, registry, initial };
}

/** Mean time from a commit at a random instant to the controller applying it. */
function meanApplyDelayMs(intervalMs: number, jitterMs: number, commits: number): number {
  const { engine, git, cluster, initial } = world(intervalMs, jitterMs);
  const times = createStream(11, 'commit-times', 0);
  let totalMs = 0;
  let committedAt = 0;
  let applied = 0;
  let n = 0;
  const commit = (): void => {
    committedAt = engine.now;
    n++;
    git.commit(0, { ...initial, replicas: 1 + (n % 2) }, 'unused');
  };
  // Replica changes only: the apply is visible at once in the spec.
  const check = (): void => {
    if (cluster.applies > applied) {
      applied = cluster.applies;
      totalMs += engine.now - committedAt;
      if (n < commits) engine.after(Math.floor(times.next() * 10 * intervalMs), commit);
    }
    engine.after(1000, check);
  };
  engine.after(5 * intervalMs, commit);
  engine.after(0, check);
  engine.run(commits * 12 * (intervalMs + jitterMs));
  assert.equal(cluster.applies, commits);
  return totalMs / commits;
}

test('polling every T + U[0, J) without a webhook: mean commit-to-apply delay is E[P^2] / 2E[P]', () => {
  const table = [
    { intervalMs: 120_000, jitterMs: 60_000 },
    { intervalMs: 600_000, jitterMs: 30_000 },
    { intervalMs: 60_000, jitterMs: 0 },
  ];
  for (const { intervalMs, jitterMs } of table) {
    const meanPeriod = intervalMs + jitterMs / 2;
    const secondMoment = jitterMs ** 2 / 12 + meanPeriod ** 2;
    // The check runs every second, adding half a second on average.
    const expectedMs = secondMoment / (2 * meanPeriod) + 500;
    const measured = meanApplyDelayMs(intervalMs, jitterMs, 2000);
    assert.ok(
      Math.abs(measured / expectedMs - 1) < 0.05,
      `T=${intervalMs} J=${jitterMs}: measured ${measured} ms, expected ${expectedMs} ms`,
    );
  }
});

test('each refresh fetches Git once and applies only apps that differ; an outage delays it', () => {
  const { engine, git, cluster, controller, registry, initial } = world(60_000, 0);
  engine.run(600_000);
  assert.equal(cluster.applies, 0);
  const fetches = controller.gitFetches;
  assert.ok(fetches >= 9 && fetches <= 10, `${fetches} fetches in 10 minutes at 1/min`);
  const v2 = build(registry, 'r/app', 2, '1.0.2', engine.now);
  git.startOutage(150_000);
  git.commit(0, { ...initial, image: v2.ref }, v2.digest);
  engine.run(engine.now + 120_000);
  assert.equal(cluster.applies, 0);
  assert.ok(git.failedFetches >= 2);
  engine.run(engine.now + 60_000);
  assert.equal(cluster.applies, 1);
  assert.equal(cluster.spec(0)?.image, v2.ref);
});
