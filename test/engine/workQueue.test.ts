import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { HELD, WorkQueue, type WorkQueueOptions } from '../../src/engine/workQueue.ts';

/**
 * A queue whose runs log (key, start) and (key, end). A run of a key lasts what `durationsMs` says for it
 * when a worker takes it (10 ms where it says nothing), so a test can change a key's next duration.
 */
function logged(workers: number, options?: WorkQueueOptions) {
  const engine = new Engine();
  const durationsMs = new Map<number, number>();
  const starts: [number, number][] = [];
  const ends: [number, number][] = [];
  const work = (key: number): number => {
    starts.push([key, engine.now]);
    return durationsMs.get(key) ?? 10;
  };
  const done = (key: number): void => {
    ends.push([key, engine.now]);
  };
  const queue = new WorkQueue(engine, workers, work, done, options);
  return { engine, queue, durationsMs, starts, ends };
}

test('keys run first in, first out on a bounded number of workers', () => {
  const { engine, queue, starts, ends } = logged(2);
  for (const key of [5, 1, 3, 0]) queue.add(key);
  assert.equal(queue.busy, 2);
  assert.equal(queue.depth, 2);
  assert.equal(queue.maxDepth, 2);
  engine.run();
  assert.deepEqual(starts, [
    [5, 0],
    [1, 0],
    [3, 10],
    [0, 10],
  ]);
  assert.deepEqual(ends.at(-1), [0, 20]);
  assert.equal(queue.waitMs, 20);
  assert.equal(queue.busyMs, 40);
});

test('a key waits in the queue at most once: a second add merges into the first', () => {
  const { engine, queue, starts, ends } = logged(1);
  queue.add(9);
  assert.equal(queue.add(1), true);
  assert.equal(queue.add(1), false);
  engine.run();
  assert.deepEqual(starts, [
    [9, 0],
    [1, 10],
  ]);
  assert.deepEqual(ends.at(-1), [1, 20]);
  assert.equal(queue.added, 2);
  assert.equal(queue.merged, 1);
  assert.equal(queue.started, 2);
});

test('a key added while it runs is run again once its run ends, never on two workers', () => {
  const { engine, queue, durationsMs, starts, ends } = logged(4);
  queue.add(7);
  engine.at(3, () => {
    durationsMs.set(7, 4);
    queue.add(7);
  });
  engine.run();
  assert.deepEqual(starts, [
    [7, 0],
    [7, 10],
  ]);
  assert.deepEqual(ends, [
    [7, 10],
    [7, 14],
  ]);
  assert.equal(queue.waitMs, 7);
});

test('paused workers take nothing; the queue is kept and drains on resume', () => {
  const { engine, queue, starts } = logged(1);
  queue.add(0);
  queue.pause();
  queue.add(1);
  queue.add(2);
  engine.run(100);
  assert.deepEqual(starts, [[0, 0]]);
  assert.equal(queue.depth, 2);
  queue.resume();
  engine.run();
  assert.deepEqual(starts, [
    [0, 0],
    [1, 100],
    [2, 110],
  ]);
});

test('each run lasts what the work returns, and busyMs adds those durations up', () => {
  const engine = new Engine();
  const ends: number[] = [];
  const queue = new WorkQueue(engine, 1, (key) => 5 * (key + 1), () => ends.push(engine.now));
  for (let key = 0; key < 3; key++) queue.add(key);
  engine.run();
  assert.deepEqual(ends, [5, 15, 30]);
  assert.equal(queue.busyMs, 30);
});

test('keys beyond the initial capacity and a deep queue grow the arrays', () => {
  const { engine, queue, ends } = logged(1);
  for (let key = 999; key >= 0; key--) queue.add(key);
  assert.equal(queue.maxDepth, 999);
  engine.run();
  assert.equal(queue.started, 1000);
  assert.deepEqual(ends.at(-1), [0, 10_000]);
  assert.throws(() => queue.add(-1), RangeError);
  assert.throws(() => queue.add(2 ** 31), RangeError);
  assert.throws(() => new WorkQueue(engine, 0, () => 1, () => undefined), RangeError);
});

test('nextBeforeDone: the freed worker is running its next key when done runs', () => {
  for (const nextBeforeDone of [false, true]) {
    const engine = new Engine();
    const busyAtDone: number[] = [];
    const done = (): void => {
      busyAtDone.push(queue.busy);
    };
    const queue = new WorkQueue(engine, 1, () => 10, done, { nextBeforeDone });
    queue.add(0);
    queue.add(1);
    engine.run();
    assert.deepEqual(busyAtDone, nextBeforeDone ? [1, 0] : [0, 0]);
  }
});

test('wouldRunAtOnce: only an idle key, with nothing waiting and a worker free, on a running queue', () => {
  const table = [
    { name: 'an empty queue', added: [], paused: false, key: 3, atOnce: true },
    { name: 'a key beyond the arrays', added: [], paused: false, key: 500, atOnce: true },
    { name: 'another key runs, a worker is free', added: [1], paused: false, key: 3, atOnce: true },
    { name: 'the key runs', added: [3], paused: false, key: 3, atOnce: false },
    { name: 'every worker is busy', added: [1, 2], paused: false, key: 3, atOnce: false },
    { name: 'a key waits', added: [1, 2, 4], paused: false, key: 3, atOnce: false },
    { name: 'paused', added: [], paused: true, key: 3, atOnce: false },
  ];
  for (const row of table) {
    const { queue, starts } = logged(2);
    for (const key of row.added) queue.add(key);
    if (row.paused) queue.pause();
    const before = starts.length;
    assert.equal(queue.wouldRunAtOnce(row.key), row.atOnce, row.name);
    queue.add(row.key);
    assert.equal(starts.length > before && starts.at(-1)?.[0] === row.key, row.atOnce, `${row.name}: what add did`);
  }
});

test('a held run keeps its worker until release: busyMs counts it, a re-add runs after, a key not held is refused', () => {
  const { engine, queue, durationsMs, starts, ends } = logged(1);
  durationsMs.set(7, HELD);
  queue.add(7);
  queue.add(2);
  engine.run(1000);
  assert.deepEqual(starts, [[7, 0]], 'the one worker is held');
  assert.equal(queue.busy, 1);
  queue.add(7);
  assert.throws(() => queue.release(2), /no held run/);
  durationsMs.set(7, 10);
  queue.release(7);
  assert.throws(() => queue.release(7), /no held run/);
  engine.run();
  assert.deepEqual(ends, [
    [7, 1000],
    [2, 1010],
    [7, 1020],
  ]);
  assert.equal(queue.busyMs, 1020);
});
