import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { TimerWheel } from '../../src/engine/timerWheel.ts';
import { Timers } from '../../src/engine/timers.ts';
import { applyCall, checkIdleOnceFired, TIMER_CASES } from './timerCases.ts';

test('setAt and setAfter replace a timer that is due; setEarliest keeps the earlier one; cancel makes it idle', () => {
  for (const { name, calls, fired: expected } of TIMER_CASES) {
    const engine = new Engine();
    const fired: [number, number][] = [];
    const wheel = new TimerWheel(engine, 3, 1000, (key) => fired.push([key, engine.now]));
    for (const call of calls) applyCall(wheel, call);
    engine.run();
    assert.deepEqual(fired, expected, name);
    assert.equal(engine.pending, 0, name);
  }
});

test('a timer is idle once it fired, and can be set again from its handler', () => {
  checkIdleOnceFired((engine, onFire) => new TimerWheel(engine, 1, 10, onFire));
});

test('a timer beyond the longest delay, or not an integer, is refused', () => {
  const engine = new Engine();
  const wheel = new TimerWheel(engine, 1, 100, () => {});
  assert.throws(() => wheel.setAfter(0, 101), RangeError);
  assert.throws(() => wheel.setAt(0, 1.5), RangeError);
  assert.throws(() => wheel.setAt(0, -1), RangeError);
  assert.throws(() => new TimerWheel(engine, 1, -1, () => {}), RangeError);
  assert.throws(() => new TimerWheel(engine, -1, 10, () => {}), RangeError);
});

test('instants past 2^32 ms fall in the right buckets', () => {
  const engine = new Engine();
  engine.run(2 ** 32 - 5);
  const fired: [number, number][] = [];
  const wheel = new TimerWheel(engine, 3, 100, (key) => fired.push([key, engine.now - 2 ** 32]));
  wheel.setAfter(0, 100);
  wheel.setAfter(1, 3);
  wheel.setAfter(2, 7);
  engine.run();
  assert.deepEqual(fired, [
    [1, -2],
    [2, 2],
    [0, 95],
  ]);
});

/**
 * A workload of periodic timers and other events, many at the same instants, whose handlers set,
 * reset and cancel timers and schedule events, run once on `Timers` and once on a `TimerWheel`:
 * what happens, and when, must be the same, event for event.
 */
function trace(seed: number, useWheel: boolean, keys: number, maxDelayMs: number): string[] {
  const engine = new Engine();
  const random = createStream(seed, 'timerWheel', 0);
  const draw = (n: number) => Math.floor(random.next() * n);
  const log: string[] = [];
  const onFire = (key: number): void => {
    log.push(`${engine.now} fire ${key}`);
    const roll = draw(10);
    if (roll < 7) timers.setAfter(key, draw(maxDelayMs + 1));
    if (roll === 7) timers.setAfter(draw(keys), Math.min(draw(3), maxDelayMs));
    if (roll === 8) timers.cancel(draw(keys));
    if (roll === 6) timers.setEarliest(draw(keys), engine.now + draw(maxDelayMs + 1));
    if (roll === 9) engine.after(draw(3), other, draw(100));
  };
  const timers = useWheel
    ? new TimerWheel(engine, keys, maxDelayMs, onFire)
    : new Timers(engine, keys, onFire);
  const other = (tag: number): void => {
    log.push(`${engine.now} other ${tag}`);
    if (tag % 3 === 0) timers.setAfter(draw(keys), draw(maxDelayMs + 1));
    if (tag % 5 === 0) engine.after(draw(maxDelayMs), other, draw(100));
    if (tag === 42) timers.cancelAll();
  };
  for (let key = 0; key < keys; key++) timers.setAfter(key, draw(maxDelayMs + 1));
  for (let i = 0; i < keys; i++) engine.after(draw(maxDelayMs), other, draw(100));
  engine.run((maxDelayMs + 5) * 40);
  log.push(`events ${engine.eventsProcessed}`);
  return log;
}

test('timers fire where Timers timers fire among the other events, event for event', () => {
  for (const [keys, maxDelayMs] of [
    [1, 0],
    [3, 4],
    [20, 7],
    [50, 100],
    [200, 1000],
    [5, 100_000],
  ]) {
    for (let seed = 1; seed <= 5; seed++) {
      const expected = trace(seed, false, keys, maxDelayMs);
      assert.ok(expected.length > keys, 'the workload fires timers');
      assert.deepEqual(
        trace(seed, true, keys, maxDelayMs),
        expected,
        `${keys} keys, ${maxDelayMs} ms, seed ${seed}`,
      );
    }
  }
});
