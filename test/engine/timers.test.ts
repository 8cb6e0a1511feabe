import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { Timers } from '../../src/engine/timers.ts';
import { applyCall, checkIdleOnceFired, TIMER_CASES } from './timerCases.ts';

function logged(count: number) {
  const engine = new Engine();
  const fired: [number, number][] = [];
  const timers = new Timers(engine, count, (key) => fired.push([key, engine.now]));
  return { engine, timers, fired };
}

test('setAt and setAfter replace a timer that is due; setEarliest keeps the earlier one; cancel makes it idle', () => {
  for (const { name, calls, fired: expected } of TIMER_CASES) {
    const { engine, timers, fired } = logged(3);
    for (const call of calls) applyCall(timers, call);
    engine.run();
    assert.deepEqual(fired, expected, name);
  }
});

test('a timer is idle once it fired, and can be set again from its handler', () => {
  checkIdleOnceFired((engine, onFire) => new Timers(engine, 1, onFire));
});
