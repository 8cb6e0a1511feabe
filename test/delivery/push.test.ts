import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PushDelivery } from '../../src/delivery/push.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

test('push applies each commit the moment it lands, and nothing undoes drift afterwards', () => {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const initial = { image: v1.ref, replicas: 2, strategy: ROLLING };
  const { engine, cluster } = smallCluster([initial], {}, registry);
  const git = new GitRepo(engine, [{ desired: initial, intendedDigest: v1.digest }], 0);
  new PushDelivery(git, cluster);
  engine.at(1000, () => {
    git.commit(0, { ...initial, image: v2.ref }, v2.digest);
    assert.equal(cluster.spec(0)?.image, v2.ref);
  });
  engine.run(120_000);
  assert.equal(cluster.readyWith(0, v2.digest), 2);
  assert.equal(cluster.applies, 1);
  // Someone scales by hand: push never notices.
  cluster.scale(0, 5);
  engine.run(3_600_000);
  assert.equal(cluster.spec(0)?.replicas, 5);
  assert.equal(cluster.readyPods(0), 5);
});
