import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { PullController } from '../../src/delivery/pull.ts';
import { Cluster } from '../../src/model/cluster.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';

function world(intervalMs: number, jitterMs: number) {
  const engine = new Engine();
  const git = new GitRepo([{ image: 'a0', replicas: 1 }]);
  const cluster = new Cluster(engine, [{ image: 'a0', replicas: 1 }], {
    strategy: { type: 'Recreate' },
    podStartup: compileSampler(parseDistribution('1s')),
    random: createStream(1, 'pods', 0),
  });
  const controller = new PullController(engine, git, cluster, { intervalMs, jitterMs }, createStream(3, 'pull', 0));
  controller.start();
  return { engine, git, cluster, controller };
}

/** Mean time from a commit at a random instant to the controller applying it. */
function meanApplyDelayMs(intervalMs: number, jitterMs: number, commits: number): number {
  const { engine, git, cluster } = world(intervalMs, jitterMs);
  const times = createStream(11, 'commit-times', 0);
  let totalMs = 0;
  let committedAt = 0;
  let build = 0;
  const commit = (): void => {
    committedAt = engine.now;
    git.commit(engine.now, 0, { image: `a${++build}`, replicas: 1 });
  };
  // Pods start in exactly 1s, so the apply happened 1s before the status changed.
  cluster.onStatusChange(() => {
    totalMs += engine.now - 1000 - committedAt;
    if (build < commits) engine.after(Math.floor(times.next() * 10 * intervalMs), commit);
  });
  engine.after(5 * intervalMs, commit);
  // The controller polls forever: run to a horizon that leaves room for every commit.
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
    const expectedMs = secondMoment / (2 * meanPeriod);
    const measured = meanApplyDelayMs(intervalMs, jitterMs, 4000);
    assert.ok(
      Math.abs(measured / expectedMs - 1) < 0.04,
      `T=${intervalMs} J=${jitterMs}: measured ${measured} ms, expected ${expectedMs} ms`,
    );
  }
});

test('each refresh fetches Git once and applies only apps that differ', () => {
  const { engine, git, cluster, controller } = world(60_000, 0);
  engine.run(600_000);
  assert.equal(cluster.applies, 0);
  const fetches = controller.gitFetches;
  assert.ok(fetches >= 9 && fetches <= 10, `${fetches} fetches in 10 minutes at 1/min`);
  git.commit(engine.now, 0, { image: 'a1', replicas: 1 });
  engine.run(engine.now + 60_000);
  assert.equal(cluster.applies, 1);
  assert.deepEqual(cluster.spec(0), { image: 'a1', replicas: 1 });
});
