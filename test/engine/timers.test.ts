import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { Timers } from '../../src/engine/timers.ts';

function logged(count: number) {
  const engine = new Engine();
  const fired: [number, number][] = [];
  const timers = new Timers(engine, count, (key) => fired.push([key, engine.now]));
  return { engine, timers, fired };
}

type Call = ['setAt' | 'setAfter' | 'setEarliest', number, number] | ['cancel', number] | ['cancelAll'];

function apply(timers: Timers, call: Call): void {
  if (call[0] === 'cancel') timers.cancel(call[1]);
  else if (call[0] === 'cancelAll') timers.cancelAll();
  else timers[call[0]](call[1], call[2]);
}

test('setAt and setAfter replace a timer that is due; setEarliest keeps the earlier one', () => {
  const table: { name: string; calls: Call[]; fired: [number, number][] }[] = [
    {
      name: 'replace later',
      calls: [
        ['setAt', 0, 10],
        ['setAt', 0, 30],
      ],
      fired: [[0, 30]],
    },
    {
      name: 'replace earlier',
      calls: [
        ['setAt', 0, 30],
        ['setAfter', 0, 10],
      ],
      fired: [[0, 10]],
    },
    {
      name: 'earliest keeps',
      calls: [
        ['setAt', 0, 10],
        ['setEarliest', 0, 30],
      ],
      fired: [[0, 10]],
    },
    {
      name: 'earliest moves',
      calls: [
        ['setAt', 0, 30],
        ['setEarliest', 0, 10],
      ],
      fired: [[0, 10]],
    },
    { name: 'earliest on idle', calls: [['setEarliest', 1, 5]], fired: [[1, 5]] },
    {
      name: 'cancel',
      calls: [
        ['setAt', 0, 5],
        ['setAt', 1, 6],
        ['cancel', 0],
      ],
      fired: [[1, 6]],
    },
    { name: 'cancelAll', calls: [['setAt', 0, 5], ['setAt', 1, 6], ['cancelAll']], fired: [] },
  ];
  for (const { name, calls, fired: expected } of table) {
    const { engine, timers, fired } = logged(2);
    for (const call of calls) apply(timers, call);
    engine.run();
    assert.deepEqual(fired, expected, name);
  }
});

test('a timer is idle once it fired, and can be set again from its handler', () => {
  const engine = new Engine();
  const seen: boolean[] = [];
  const timers: Timers = new Timers(engine, 1, (key) => {
    seen.push(timers.isSet(key));
    if (engine.now < 30) timers.setAfter(key, 10);
  });
  timers.setAt(0, 10);
  assert.equal(timers.dueMs(0), 10);
  engine.run();
  assert.deepEqual(seen, [false, false, false]);
  assert.ok(Number.isNaN(timers.dueMs(0)));
  assert.equal(engine.now, 30);
});
