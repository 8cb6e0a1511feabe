import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { ApiClient } from '../../src/model/apiClient.ts';
import { ClusterCore } from '../../src/model/cluster/core.ts';
import { NodePool } from '../../src/model/cluster/nodePool.ts';
import { Deployment, newPod, type PodTemplate, ReplicaSet } from '../../src/model/cluster/objects.ts';
import { DEFAULTS, newRegistry } from './fixtures.ts';

function core(): { core: ClusterCore; rs: ReplicaSet } {
  const engine = new Engine();
  const nodes = new NodePool(2, 4, 1e9, DEFAULTS.cluster.imageGc);
  const random = createStream(1, 'core', 0);
  const core = new ClusterCore(engine, nodes, newRegistry(), { deployments: new ApiClient(engine, 20, 30), replicaSets: new ApiClient(engine, 20, 30) }, {
    podStartup: () => 1000,
    startupRandom: random,
    pullRandom: random,
  });
  const template = { image: 'r/app:1' } as PodTemplate;
  const d = new Deployment(0, 'app-1', 2, { type: 'Recreate' }, template, 10, 600, 0, 0);
  const rs = new ReplicaSet(0, d, 1, 0, template, 2);
  d.addReplicaSet(rs);
  return { core, rs };
}

test("an event's argument finds its pod; once the pod is gone, and its slot taken by another, it throws", () => {
  const { core: c, rs } = core();
  const first = newPod(c.newPodId(), rs);
  c.register(first);
  rs.addPod(first);
  rs.pods++;
  rs.activePods++;
  rs.deployment.activePods++;
  const arg = c.eventArg(first);
  assert.equal(c.podOfEvent(arg), first);
  c.removePod(first);
  assert.throws(() => c.podOfEvent(arg), /outlived its pod/);
  const second = newPod(c.newPodId(), rs);
  c.register(second);
  assert.equal(second.slot, first.slot, 'the slot is reused');
  assert.throws(() => c.podOfEvent(arg), /outlived its pod/);
  assert.equal(c.podOfEvent(c.eventArg(second)), second);
});

test("schedule spreads a ReplicaSet's pods over nodes before balancing load; a pod being deleted stops counting", () => {
  const { core: c, rs } = core();
  const other = new ReplicaSet(1, rs.deployment, 2, 1, rs.template, 2);
  const add = (owner: ReplicaSet) => {
    const pod = newPod(c.newPodId(), owner);
    c.register(pod);
    owner.addPod(pod);
    owner.pods++;
    owner.activePods++;
    owner.deployment.activePods++;
    c.schedule(pod);
    return pod;
  };
  // Node 1 holds two pods of another ReplicaSet.
  c.place(newPod(c.newPodId(), other), 1);
  c.place(newPod(c.newPodId(), other), 1);
  const a = add(rs);
  assert.equal(a.node, 0);
  const b = add(rs);
  assert.equal(b.node, 1, 'the node without a pod of the ReplicaSet, though it has more pods');
  assert.deepEqual([rs.activeOn(0), rs.activeOn(1), other.activeOn(1)], [1, 1, 2]);
  c.markDeleting(a);
  assert.equal(rs.activeOn(0), 0);
  c.removePod(a);
  assert.equal(rs.activeOn(0), 0);
  assert.equal(add(rs).node, 0);
});

test("a node going down or coming back tells the listeners of the apps with Ready pods on it", () => {
  const { core: c, rs } = core();
  const heard: number[] = [];
  c.appListeners.push((app) => heard.push(app));
  const pod = newPod(c.newPodId(), rs);
  c.register(pod);
  rs.addPod(pod);
  pod.digest = 'sha256:a';
  c.place(pod, 0);
  c.setNodeUp(1, false);
  assert.deepEqual(heard, [], 'no Ready pod of the app on node 1');
  c.setPodState(pod, true, true);
  heard.length = 0;
  c.setNodeUp(0, false);
  assert.deepEqual(heard, [0]);
  assert.equal(rs.deployment.readyOnDownNodes, 1);
  c.setNodeUp(0, true);
  assert.deepEqual(heard, [0, 0]);
  assert.equal(rs.deployment.readyOnDownNodes, 0);
});
