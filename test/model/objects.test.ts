import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import {
  Deployment,
  NO_EVENT,
  newPod,
  type PodTemplate,
  ReplicaSet,
} from '../../src/model/cluster/objects.ts';

function replicaSet(id: number): ReplicaSet {
  // Only stored by the constructor: the pod bookkeeping under test reads neither.
  return new ReplicaSet(id, {} as Deployment, 1, id, {} as PodTemplate, 3);
}

describe('ReplicaSet pods', () => {
  test('start empty and keep the order pods were added in', () => {
    const rs = replicaSet(1);
    assert.deepEqual(rs.podList(), []);
    assert.deepEqual(rs.podsInOrder, []);
    const pods = [3, 1, 2].map((id) => newPod(id, rs));
    for (const pod of pods) rs.addPod(pod);
    assert.deepEqual(rs.podsInOrder, pods);
    const copy = rs.podList();
    assert.deepEqual(copy, pods);
    rs.deletePod(pods[0]);
    assert.deepEqual(copy, pods, 'podList is a copy');
  });

  test('deleting one leaves the others in order; deleting a pod not held changes nothing', () => {
    const rs = replicaSet(1);
    const pods = [1, 2, 3].map((id) => newPod(id, rs));
    for (const pod of pods) rs.addPod(pod);
    rs.deletePod(pods[1]);
    rs.deletePod(newPod(9, rs));
    assert.deepEqual(rs.podList(), [pods[0], pods[2]]);
    rs.deletePod(pods[1]);
    assert.deepEqual(rs.podList(), [pods[0], pods[2]]);
  });

  test('the first and the last can go, and a pod of another ReplicaSet is not taken out', () => {
    const rs = replicaSet(1);
    const other = replicaSet(2);
    const pods = [1, 2, 3].map((id) => newPod(id, rs));
    for (const pod of pods) rs.addPod(pod);
    const foreign = newPod(4, other);
    other.addPod(foreign);
    rs.deletePod(foreign);
    assert.deepEqual(other.podList(), [foreign]);
    rs.deletePod(pods[0]);
    assert.deepEqual(rs.podList(), [pods[1], pods[2]]);
    rs.deletePod(pods[2]);
    assert.deepEqual(rs.podList(), [pods[1]]);
    const added = newPod(5, rs);
    rs.addPod(added);
    assert.deepEqual(rs.podList(), [pods[1], added]);
  });

  test('emptied, it takes pods again, and never shares them with another empty ReplicaSet', () => {
    const a = replicaSet(1);
    const b = replicaSet(2);
    const first = newPod(1, a);
    a.addPod(first);
    a.deletePod(first);
    assert.deepEqual(a.podList(), []);
    const second = newPod(2, a);
    a.addPod(second);
    assert.deepEqual(a.podList(), [second]);
    assert.deepEqual(b.podList(), []);
    b.addPod(newPod(3, b));
    assert.deepEqual(a.podList(), [second]);
  });
});

describe('Deployment ready tally', () => {
  test('counts by digest and iterates as a Map kept with set and delete would, after any sequence of changes', () => {
    const template = { image: 'r/app:1' } as PodTemplate;
    const strategy = { type: 'Recreate' } as const;
    const d = new Deployment(0, 'app-1', 3, strategy, template, 10, 600, 0, 0);
    const reference = new Map<string, number>();
    const steps: [string, number][] = [
      ['a', 1],
      ['b', 2],
      ['a', 1],
      ['a', -2],
      ['c', 1],
      ['a', 3],
      ['b', 0],
      ['x', 0],
      ['b', -2],
      ['c', -1],
      ['b', 1],
      ['c', 1],
      ['x', 2],
      ['c', -1],
      ['a', -3],
      ['x', 1],
      ['b', -1],
      ['x', -3],
    ];
    for (const [digest, delta] of steps) {
      d.tallyDigest(digest, delta);
      const count = (reference.get(digest) ?? 0) + delta;
      if (count === 0) reference.delete(digest);
      else reference.set(digest, count);
      assert.deepEqual([...d.readyByDigest], [...reference], `after ${digest} ${delta}`);
      for (const key of ['a', 'b', 'c', 'x', 'y']) assert.equal(d.readyWith(key), reference.get(key) ?? 0);
    }
  });
});

describe('Deployment ReplicaSets', () => {
  test('addReplicaSet appends in creation order', () => {
    const template = { image: 'r/app:1' } as PodTemplate;
    const d = new Deployment(0, 'app-1', 3, { type: 'Recreate' }, template, 10, 600, 0, 0);
    const [a, b, c] = [1, 2, 3].map((id) => new ReplicaSet(id, d, id, id, template, 0));
    for (const rs of [a, b, c]) d.addReplicaSet(rs);
    assert.deepEqual(d.replicaSets, [a, b, c]);
  });
});

test('NO_EVENT is no handle the engine gives, and not a small integer (see its comment)', () => {
  const engine = new Engine();
  const handles = Array.from({ length: 3000 }, (_, i) => {
    const handle = engine.at(i, () => undefined);
    if (i % 2 === 0) engine.cancel(handle);
    return handle;
  });
  engine.run();
  for (let i = 0; i < 3000; i++) handles.push(engine.at(engine.now + 1, () => undefined));
  assert.ok(handles.every((h) => Number.isSafeInteger(h) && h >= 0 && h !== NO_EVENT));
  assert.equal(Number.isInteger(NO_EVENT) && Math.abs(NO_EVENT) < 2 ** 31, false);
  assert.equal(newPod(1, replicaSet(1)).event, NO_EVENT);
});

test('a Deployment made at some instant starts Complete, updated then, with every replica counted', () => {
  const template = { image: 'r/app:1' } as PodTemplate;
  const d = new Deployment(0, 'app-1', 3, { type: 'Recreate' }, template, 10, 600, 0, 123_456);
  assert.deepEqual(d.progress, {
    condition: 'Complete',
    lastUpdateMs: 123_456,
    counters: { updated: 3, oldPods: 0, ready: 3, available: 3 },
  });
});

test('ReplicaSet.activeOn follows countActiveOn whichever node empties first, in any order', () => {
  const rs = replicaSet(1);
  const expected = new Map<number, number>();
  // A fixed walk over 4 nodes: the first node occupied empties while others hold pods, and is taken again.
  const steps: [number, 1 | -1][] = [
    [2, 1], [0, 1], [2, 1], [3, 1], [2, -1], [2, -1], [1, 1], [0, -1], [2, 1], [3, -1], [1, -1], [2, -1], [0, 1],
  ];
  for (const [node, delta] of steps) {
    rs.countActiveOn(node, delta);
    expected.set(node, (expected.get(node) ?? 0) + delta);
    for (let n = 0; n < 4; n++) assert.equal(rs.activeOn(n), expected.get(n) ?? 0, `node ${n} after ${node} ${delta}`);
  }
});
