import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { WorkQueue } from '../../src/engine/workQueue.ts';

/** A queue whose runs log (key, start, end). */
function logged(workers: number) {
  const engine = new Engine();
  const queue = new WorkQueue(engine, workers);
  const starts: [number, number][] = [];
  const ends: [number, number][] = [];
  const work = (durationMs: number) => (key: number) => {
    starts.push([key, engine.now]);
    return durationMs;
  };
  const done = (key: number): void => {
    ends.push([key, engine.now]);
  };
  return { engine, queue, starts, ends, work, done };
}

test('keys run first in, first out on a bounded number of workers', () => {
  const { engine, queue, starts, ends, work, done } = logged(2);
  for (const key of [5, 1, 3, 0]) queue.add(key, work(10), done);
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

test('a key waits in the queue at most once: a second add merges, the first one stands', () => {
  const { engine, queue, starts, ends, work, done } = logged(1);
  queue.add(9, 10, done);
  assert.equal(queue.add(1, work(10), done), true);
  assert.equal(queue.add(1, work(99), done), false);
  engine.run();
  assert.deepEqual(starts, [[1, 10]]);
  assert.deepEqual(ends.at(-1), [1, 20]);
  assert.equal(queue.merged, 1);
  assert.equal(queue.started, 2);
});

test('a key added while it runs is run again once its run ends, never on two workers', () => {
  const { engine, queue, starts, ends, work, done } = logged(4);
  queue.add(7, work(10), done);
  engine.at(3, () => queue.add(7, work(4), done));
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
  const { engine, queue, starts, work, done } = logged(1);
  queue.add(0, work(10), done);
  queue.pause();
  queue.add(1, work(10), done);
  queue.add(2, work(10), done);
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

test('keys beyond the initial capacity and a deep queue grow the arrays', () => {
  const { engine, queue, done } = logged(1);
  for (let key = 999; key >= 0; key--) queue.add(key, 1, done);
  assert.equal(queue.maxDepth, 999);
  engine.run();
  assert.equal(queue.started, 1000);
  assert.throws(() => queue.add(-1, 1, done), RangeError);
  assert.throws(() => new WorkQueue(engine, 0), RangeError);
});

test('nextBeforeDone: the freed worker is running its next key when done runs', () => {
  for (const nextBeforeDone of [false, true]) {
    const engine = new Engine();
    const queue = new WorkQueue(engine, 1, { nextBeforeDone });
    const busyAtDone: number[] = [];
    const done = (): void => {
      busyAtDone.push(queue.busy);
    };
    queue.add(0, 10, done);
    queue.add(1, 10, done);
    engine.run();
    assert.deepEqual(busyAtDone, nextBeforeDone ? [1, 0] : [0, 0]);
  }
});
