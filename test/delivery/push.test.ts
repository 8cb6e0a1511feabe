import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { PushDelivery } from '../../src/delivery/push.ts';
import { Cluster } from '../../src/model/cluster.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';

test('push applies each commit at the moment it lands', () => {
  const engine = new Engine();
  const git = new GitRepo([{ image: 'a0', replicas: 2 }]);
  const cluster = new Cluster(engine, [{ image: 'a0', replicas: 2 }], {
    strategy: { type: 'Recreate' },
    podStartup: compileSampler(parseDistribution('4s')),
    random: createStream(1, 'pods', 0),
  });
  new PushDelivery(git, cluster);
  engine.at(1000, () => {
    git.commit(engine.now, 0, { image: 'a1', replicas: 2 });
    assert.deepEqual(cluster.spec(0), { image: 'a1', replicas: 2 });
  });
  engine.run();
  assert.equal(engine.now, 5000);
  assert.deepEqual(cluster.status(0), { image: 'a1', replicas: 2 });
  assert.equal(cluster.applies, 1);
});
