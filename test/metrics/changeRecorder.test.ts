import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { ChangeRecorder } from '../../src/metrics/changeRecorder.ts';
import { Cluster } from '../../src/model/cluster.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';

function world() {
  const engine = new Engine();
  const initial = [
    { image: 'a0', replicas: 2 },
    { image: 'b0', replicas: 2 },
  ];
  const git = new GitRepo(initial);
  const cluster = new Cluster(engine, initial, {
    strategy: { type: 'Recreate' },
    podStartup: compileSampler(parseDistribution('10s')),
    random: createStream(1, 'pods', 0),
  });
  const recorder = new ChangeRecorder(git, cluster, () => engine.now);
  return { engine, git, cluster, recorder };
}

test('convergence is the time from the commit to the status matching Git HEAD', () => {
  const { engine, git, cluster, recorder } = world();
  engine.at(1000, () => git.commit(engine.now, 0, { image: 'a1', replicas: 2 }));
  engine.at(4000, () => cluster.apply(0, git.desiredAt(0)));
  engine.run(60_000);
  assert.deepEqual(recorder.finish(), [
    { app: 0, revision: 1, kind: 'commit', atMs: 1000, outcome: { state: 'converged', convergenceMs: 13_000 } },
  ]);
});

test('a newer commit to the same app supersedes an open change; other apps are independent', () => {
  const { engine, git, cluster, recorder } = world();
  engine.at(0, () => git.commit(engine.now, 0, { image: 'a1', replicas: 2 }));
  engine.at(100, () => git.commit(engine.now, 1, { image: 'b1', replicas: 2 }));
  engine.at(500, () => git.commit(engine.now, 0, { image: 'a2', replicas: 2 }));
  engine.at(600, () => {
    cluster.apply(0, git.desiredAt(0));
    cluster.apply(1, git.desiredAt(1));
  });
  engine.run(60_000);
  const changes = recorder.finish();
  assert.deepEqual(
    changes.map((c) => [c.revision, c.outcome]),
    [
      [1, { state: 'superseded', supersededAfterMs: 500 }],
      [2, { state: 'converged', convergenceMs: 10_500 }],
      [3, { state: 'converged', convergenceMs: 10_100 }],
    ],
  );
});

test('a status that matches an older commit does not converge the newer one', () => {
  const { engine, git, cluster, recorder } = world();
  engine.at(0, () => {
    git.commit(engine.now, 0, { image: 'a1', replicas: 2 });
    cluster.apply(0, git.desiredAt(0));
  });
  engine.at(5000, () => git.commit(engine.now, 0, { image: 'a2', replicas: 2 }));
  engine.run(60_000);
  const changes = recorder.finish();
  assert.deepEqual(
    changes.map((c) => c.outcome.state),
    ['superseded', 'open'],
  );
  assert.deepEqual(changes[1].outcome, { state: 'open', openMs: 55_000 });
});

test('a commit that declares what already runs converges at once', () => {
  const { engine, git, recorder } = world();
  engine.at(10, () => git.commit(engine.now, 1, { image: 'b0', replicas: 2 }));
  engine.run(100);
  assert.deepEqual(recorder.finish()[0].outcome, { state: 'converged', convergenceMs: 0 });
});
