import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeRecorder } from '../../src/metrics/changeRecorder.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

function world() {
  const registry = newRegistry();
  const a = [1, 2, 3].map((n) => build(registry, 'r/a', n));
  const b = [1, 2].map((n) => build(registry, 'r/b', n));
  const initial = [
    { desired: { image: a[0].ref, replicas: 2, strategy: ROLLING }, intendedDigest: a[0].digest },
    { desired: { image: b[0].ref, replicas: 2, strategy: ROLLING }, intendedDigest: b[0].digest },
  ];
  // Constant startup and no pull variance would still leave pull time: images are pre-pulled by the first rollout.
  const { engine, cluster } = smallCluster(
    initial.map((s) => s.desired),
    { nodes: 1, podStartup: '10s' },
    registry,
  );
  const git = new GitRepo(engine, initial, 0);
  const recorder = new ChangeRecorder(git, cluster, () => engine.now);
  const manifest = (image: string) => ({ image, replicas: 2, strategy: ROLLING });
  return { engine, git, cluster, recorder, a, b, manifest };
}

test('convergence runs from the commit to every desired replica Ready on the intended digest', () => {
  const { engine, git, cluster, recorder, a, manifest } = world();
  engine.at(1000, () => git.commit(0, manifest(a[1].ref), a[1].digest));
  engine.at(4000, () => cluster.apply(0, git.desiredAt(0)));
  engine.run(300_000);
  const [change] = recorder.finish();
  assert.equal(change.revision, 1);
  assert.equal(change.outcome.state, 'converged');
  // Applied 3s after the commit, then pull and start (10s) in waves: at least 13s.
  assert.ok(change.outcome.state === 'converged' && change.outcome.convergenceMs >= 13_000);
  assert.equal(cluster.readyWith(0, a[1].digest), 2);
});

test('a newer commit to the same app supersedes an open change; other apps are independent', () => {
  const { engine, git, cluster, recorder, a, b, manifest } = world();
  engine.at(0, () => git.commit(0, manifest(a[1].ref), a[1].digest));
  engine.at(100, () => git.commit(1, manifest(b[1].ref), b[1].digest));
  engine.at(500, () => git.commit(0, manifest(a[2].ref), a[2].digest));
  engine.at(600, () => {
    cluster.apply(0, git.desiredAt(0));
    cluster.apply(1, git.desiredAt(1));
  });
  engine.run(600_000);
  const changes = recorder.finish();
  assert.deepEqual(
    changes.map((c) => [c.revision, c.outcome.state]),
    [
      [1, 'superseded'],
      [2, 'converged'],
      [3, 'converged'],
    ],
  );
  assert.deepEqual(changes[0].outcome, { state: 'superseded', supersededAfterMs: 500 });
});

test('running an older commit does not converge the newer one; at the horizon it is open', () => {
  const { engine, git, cluster, recorder, a, manifest } = world();
  engine.at(0, () => {
    git.commit(0, manifest(a[1].ref), a[1].digest);
    cluster.apply(0, git.desiredAt(0));
  });
  engine.at(5000, () => git.commit(0, manifest(a[2].ref), a[2].digest));
  engine.run(60_000);
  const changes = recorder.finish();
  assert.deepEqual(
    changes.map((c) => c.outcome.state),
    ['superseded', 'open'],
  );
  assert.deepEqual(changes[1].outcome, { state: 'open', openMs: 55_000 });
});

test('the right manifest with the wrong bytes is not converged (a tag that moved)', () => {
  const { engine, git, cluster, recorder, a, manifest } = world();
  // Git says a[1] but names the bytes of a[2] as intended: the cluster can never match.
  engine.at(0, () => {
    git.commit(0, manifest(a[1].ref), a[2].digest);
    cluster.apply(0, git.desiredAt(0));
  });
  engine.run(600_000);
  assert.equal(recorder.finish()[0].outcome.state, 'open');
});

test('a commit that declares what already runs converges at once', () => {
  const { engine, git, recorder, b, manifest } = world();
  engine.at(10, () => git.commit(1, manifest(b[0].ref), b[0].digest));
  engine.run(100);
  assert.deepEqual(recorder.finish()[0].outcome, { state: 'converged', convergenceMs: 0 });
});

test('a release committed again after its revert counts as a release, bad, without a second lead time', () => {
  const { engine, git, cluster, recorder, a, manifest } = world();
  const origin = { codeCommitMs: 0, bad: true, badManifest: false };
  const apply = () => cluster.apply(0, git.desiredAt(0));
  engine.at(1000, () => git.commit(0, manifest(a[1].ref), a[1].digest, 'release', origin));
  engine.at(2000, apply);
  engine.at(100_000, () => git.revert(0, 0));
  engine.at(101_000, apply);
  // Image automation writes its pick, the same release, back over the revert.
  engine.at(200_000, () => git.commit(0, manifest(a[1].ref), a[1].digest, 'release', origin));
  engine.at(201_000, apply);
  engine.run(600_000);
  assert.deepEqual(
    recorder.finish().map((c) => [c.kind, c.outcome.state, c.bad, c.codeCommitMs]),
    [
      ['release', 'converged', true, 0],
      ['revert', 'converged', false, null],
      ['release', 'converged', true, null],
    ],
  );
});
