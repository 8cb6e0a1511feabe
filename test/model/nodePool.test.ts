import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodePool } from '../../src/model/cluster/nodePool.ts';

const GC = { highThresholdPercent: 85, lowThresholdPercent: 80, minimumAgeMs: 120_000 };

/** Places `count` pods one after another, as the scheduler does; returns the nodes picked. */
function place(pool: NodePool, count: number): number[] {
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const node = pool.pick(null);
    picked.push(node);
    if (node >= 0) pool.addPod(node);
  }
  return picked;
}

test('the least-loaded node first; among equals the one that reached that count first', () => {
  const pool = new NodePool(3, 4, 1e9, GC);
  assert.deepEqual(place(pool, 4), [0, 1, 2, 0]);
  pool.removePod(1);
  // Node 1 is now alone at 0 pods; then 2 (at 1 since before node 0 got its second), then 1 again.
  assert.deepEqual(place(pool, 3), [1, 2, 1]);
  assert.deepEqual([...pool.podCount], [2, 2, 2]);
});

test('a node that is not schedulable is never picked, and rejoins at the end of its bucket', () => {
  const pool = new NodePool(3, 4, 1e9, GC);
  pool.setSchedulable(0, false);
  assert.deepEqual(place(pool, 3), [1, 2, 1]);
  pool.setSchedulable(0, true);
  assert.deepEqual(place(pool, 2), [0, 2]);
  // Moving pods on an unschedulable node keeps its count without putting it in a bucket.
  pool.setSchedulable(1, false);
  pool.removePod(1);
  assert.deepEqual(place(pool, 2), [0, 2]);
  assert.equal(pool.podCount[1], 1);
});

test('full nodes are not picked; -1 when no node has room; a pod count out of range throws', () => {
  const pool = new NodePool(2, 2, 1e9, GC);
  assert.deepEqual(place(pool, 5), [0, 1, 0, 1, -1]);
  assert.throws(() => pool.addPod(0), RangeError);
  pool.removePod(1);
  assert.deepEqual(place(pool, 2), [1, -1]);
});

test('pick spreads a ReplicaSet: fewest of its pods first, then the least loaded', () => {
  const pool = new NodePool(3, 4, 1e9, GC);
  // Node 0 empty, nodes 1 and 2 at one pod each; the ReplicaSet has two pods on 0 (say, before a reboot).
  place(pool, 3);
  pool.removePod(0);
  const counts = new Map([[0, 2]]);
  const spread = { activeOn: (node: number) => counts.get(node) ?? 0 };
  assert.equal(pool.pick(spread), 1, 'the emptiest node without a pod of the ReplicaSet, not node 0');
  counts.set(1, 1).set(2, 1);
  assert.equal(pool.pick(spread), 1, 'every node holds some: the fewest, then the least loaded');
  counts.set(1, 3);
  assert.equal(pool.pick(spread), 2);
  pool.setSchedulable(2, false);
  assert.equal(pool.pick(spread), 0, 'only schedulable nodes');
  assert.equal(pool.pick(null), 0);
});
