import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Deployment, Pod, type PodTemplate, ReplicaSet } from '../../src/model/cluster/objects.ts';

function replicaSet(id: number): ReplicaSet {
  // Only stored by the constructor: the pod bookkeeping under test reads neither.
  return new ReplicaSet(id, {} as Deployment, 1, id, {} as PodTemplate, 3);
}

describe('ReplicaSet pods', () => {
  test('start empty and keep the order pods were added in', () => {
    const rs = replicaSet(1);
    assert.deepEqual([...rs.podSet], []);
    const pods = [3, 1, 2].map((id) => new Pod(id, rs, 0));
    for (const pod of pods) rs.addPod(pod);
    assert.deepEqual([...rs.podSet], pods);
    assert.equal(rs.podSet.has(pods[1]), true);
  });

  test('deleting one leaves the others in order; deleting a pod not held changes nothing', () => {
    const rs = replicaSet(1);
    const pods = [1, 2, 3].map((id) => new Pod(id, rs, 0));
    for (const pod of pods) rs.addPod(pod);
    rs.deletePod(pods[1]);
    rs.deletePod(new Pod(9, rs, 0));
    assert.deepEqual([...rs.podSet], [pods[0], pods[2]]);
  });

  test('emptied, it takes pods again, and never shares them with another empty ReplicaSet', () => {
    const a = replicaSet(1);
    const b = replicaSet(2);
    const first = new Pod(1, a, 0);
    a.addPod(first);
    a.deletePod(first);
    assert.equal(a.podSet.size, 0);
    const second = new Pod(2, a, 0);
    a.addPod(second);
    assert.deepEqual([...a.podSet], [second]);
    assert.equal(b.podSet.size, 0);
    b.addPod(new Pod(3, b, 0));
    assert.deepEqual([...a.podSet], [second]);
  });
});
