/**
 * The contract Timers and TimerWheel share, as calls and what fires when (keys 0-2, instants up to
 * 1,000 ms ahead): each test file runs these on its own class.
 */
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.ts';

export type Call = ['setAt' | 'setAfter' | 'setEarliest', number, number] | ['cancel', number] | ['cancelAll'];

export interface TimerCase {
  readonly name: string;
  readonly calls: readonly Call[];
  /** [key, instant] in firing order. */
  readonly fired: readonly [number, number][];
}

interface TimerCalls {
  setAt(key: number, timeMs: number): void;
  setAfter(key: number, delayMs: number): void;
  setEarliest(key: number, timeMs: number): void;
  cancel(key: number): void;
  cancelAll(): void;
}

/** What the shared checks below call on either class. */
interface TimerState extends TimerCalls {
  isSet(key: number): boolean;
  dueMs(key: number): number;
}

/**
 * A timer is idle once it fired, and its handler can set it again: key 0 fires at 10, 20 and 30.
 * `make` builds the class under test on `engine` with one key and `onFire` as its handler.
 */
export function checkIdleOnceFired(make: (engine: Engine, onFire: (key: number) => void) => TimerState): void {
  const engine = new Engine();
  const seen: boolean[] = [];
  const timers = make(engine, (key) => {
    seen.push(timers.isSet(key));
    if (engine.now < 30) timers.setAfter(key, 10);
  });
  timers.setAt(0, 10);
  assert.equal(timers.dueMs(0), 10);
  engine.run();
  assert.deepEqual(seen, [false, false, false]);
  assert.ok(Number.isNaN(timers.dueMs(0)));
  assert.equal(engine.now, 30);
}

export function applyCall(timers: TimerCalls, call: Call): void {
  if (call[0] === 'cancel') timers.cancel(call[1]);
  else if (call[0] === 'cancelAll') timers.cancelAll();
  else timers[call[0]](call[1], call[2]);
}

export const TIMER_CASES: readonly TimerCase[] = [
  { name: 'one', calls: [['setAt', 0, 10]], fired: [[0, 10]] },
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
    name: 'the head moved behind another',
    calls: [
      ['setAt', 0, 10],
      ['setAt', 1, 20],
      ['setAt', 0, 30],
    ],
    fired: [
      [1, 20],
      [0, 30],
    ],
  },
  {
    name: 'same instant: in the order they were set',
    calls: [
      ['setAt', 2, 10],
      ['setAt', 0, 10],
      ['setAt', 1, 10],
    ],
    fired: [
      [2, 10],
      [0, 10],
      [1, 10],
    ],
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
    name: 'cancel the head',
    calls: [
      ['setAt', 0, 5],
      ['setAt', 1, 6],
      ['cancel', 0],
    ],
    fired: [[1, 6]],
  },
  { name: 'cancel an idle timer', calls: [['cancel', 2]], fired: [] },
  { name: 'cancelAll', calls: [['setAt', 0, 5], ['setAt', 1, 6], ['cancelAll']], fired: [] },
  {
    name: 'the far end of the span',
    calls: [
      ['setAt', 0, 1000],
      ['setAt', 1, 0],
    ],
    fired: [
      [1, 0],
      [0, 1000],
    ],
  },
];
