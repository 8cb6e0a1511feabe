import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  advanceProgress,
  nextProgress,
  type ProgressState,
  progressRecheckAtMs,
  readinessStatus,
  restartProgress,
  type RolloutCounters,
  startProgress,
} from '../../src/model/progressingCondition.ts';

const DEADLINE_S = 600;
const DEADLINE_MS = DEADLINE_S * 1000;

const counters = (updated: number, oldPods: number, ready: number, available: number): RolloutCounters => ({
  updated,
  oldPods,
  ready,
  available,
});

/**
 * Feeds observations in order, each at its time; returns the conditions seen. The in-place form (what
 * the Deployment controller runs) is fed the same and must agree at every step.
 */
function run(start: ProgressState, steps: [number, RolloutCounters][], desired = 10): ProgressState[] {
  const states: ProgressState[] = [];
  let state = start;
  const inPlace = structuredClone(start);
  for (const [nowMs, observed] of steps) {
    state = nextProgress(state, observed, desired, nowMs, DEADLINE_S);
    advanceProgress(inPlace, observed, desired, nowMs, DEADLINE_S);
    assert.deepEqual(inPlace, state, `in place at ${nowMs} ms`);
    states.push(state);
  }
  return states;
}

test('restartProgress is startProgress in place, copying the counters', () => {
  const state: ProgressState = { condition: 'Complete', lastUpdateMs: 0, counters: counters(10, 0, 10, 10) };
  const own = state.counters;
  const observed = counters(2, 10, 10, 10);
  restartProgress(state, observed, 5);
  assert.deepEqual(state, startProgress(observed, 5));
  assert.equal(state.counters, own);
});

test('no progress: ProgressDeadlineExceeded strictly after the deadline, and it stays', () => {
  const stuck = counters(3, 8, 8, 8);
  const start = startProgress(stuck, 1000);
  const states = run(start, [
    [1000 + DEADLINE_MS - 1, stuck],
    [1000 + DEADLINE_MS, stuck],
    [1000 + DEADLINE_MS + 1, stuck],
    [1000 + 2 * DEADLINE_MS, stuck],
  ]);
  assert.deepEqual(
    states.map((s) => [s.condition, s.lastUpdateMs]),
    [
      ['Progressing', 1000],
      ['Progressing', 1000],
      ['ProgressDeadlineExceeded', 1000 + DEADLINE_MS + 1],
      ['ProgressDeadlineExceeded', 1000 + DEADLINE_MS + 1],
    ],
  );
});

test('any progress refreshes the deadline', () => {
  const start = startProgress(counters(3, 8, 8, 8), 0);
  const table: [string, RolloutCounters][] = [
    ['updated rose', counters(5, 8, 8, 8)],
    ['old pods fell', counters(3, 7, 8, 8)],
    ['ready rose', counters(3, 8, 9, 8)],
    ['available rose', counters(3, 8, 9, 9)],
  ];
  for (const [name, observed] of table) {
    const [progressed, later] = run(start, [
      [DEADLINE_MS, observed],
      [2 * DEADLINE_MS, observed],
    ]);
    assert.deepEqual([progressed.condition, progressed.lastUpdateMs], ['Progressing', DEADLINE_MS], name);
    assert.equal(later.condition, 'Progressing', `${name}: the deadline restarted`);
  }
  // Falling ready or available is no progress.
  const [worse] = run(start, [[DEADLINE_MS + 1, counters(3, 8, 7, 7)]]);
  assert.equal(worse.condition, 'ProgressDeadlineExceeded');
});

test('no rollback: after the deadline, progress makes it Progressing again, then Complete', () => {
  const start = startProgress(counters(3, 8, 8, 8), 0);
  const states = run(start, [
    [DEADLINE_MS + 1, counters(3, 8, 8, 8)],
    [DEADLINE_MS + 5000, counters(5, 8, 10, 10)],
    [DEADLINE_MS + 9000, counters(10, 0, 10, 10)],
    [10 * DEADLINE_MS, counters(10, 0, 10, 10)],
  ]);
  assert.deepEqual(
    states.map((s) => [s.condition, s.lastUpdateMs]),
    [
      ['ProgressDeadlineExceeded', DEADLINE_MS + 1],
      ['Progressing', DEADLINE_MS + 5000],
      ['Complete', DEADLINE_MS + 9000],
      ['Complete', DEADLINE_MS + 9000],
    ],
  );
});

test('Complete is not timed out: a rollback to an existing RS waits for progress', () => {
  const done = run(startProgress(counters(0, 10, 10, 10), 0), [[1000, counters(10, 0, 10, 10)]])[0];
  assert.equal(done.condition, 'Complete');
  // Template back to an old RS with no pods yet: not complete, no progress, no timeout.
  const rolledBack = counters(0, 10, 10, 10);
  const [idle, progressed] = run(done, [
    [10 * DEADLINE_MS, rolledBack],
    [10 * DEADLINE_MS + 1, counters(3, 10, 10, 10)],
  ]);
  assert.deepEqual([idle.condition, idle.lastUpdateMs], ['Complete', 1000]);
  assert.deepEqual([progressed.condition, progressed.lastUpdateMs], ['Progressing', 10 * DEADLINE_MS + 1]);
  // A new RS resets the clock outright.
  assert.deepEqual(startProgress(rolledBack, 5), {
    condition: 'Progressing',
    lastUpdateMs: 5,
    counters: rolledBack,
  });
});

test('progressRecheckAtMs: lastUpdate + deadline + 1s while progressing', () => {
  const state = startProgress(counters(0, 10, 10, 10), 2000);
  assert.equal(progressRecheckAtMs(state, DEADLINE_S), 2000 + DEADLINE_MS + 1000);
  assert.equal(progressRecheckAtMs({ ...state, condition: 'Complete' }, DEADLINE_S), null);
  assert.equal(progressRecheckAtMs({ ...state, condition: 'ProgressDeadlineExceeded' }, DEADLINE_S), null);
});

test('observing the very counters of the previous sync returns that state; new counters make a new one', () => {
  const seen = counters(5, 5, 8, 8);
  const cases: [string, ProgressState, number][] = [
    ['Progressing, no progress', { condition: 'Progressing', lastUpdateMs: 0, counters: seen }, 1000],
    ['Complete, nothing old', { condition: 'Complete', lastUpdateMs: 0, counters: counters(10, 0, 10, 10) }, 1000],
    ['deadline exceeded again', { condition: 'ProgressDeadlineExceeded', lastUpdateMs: 0, counters: seen }, 1000],
  ];
  for (const [name, prev, nowMs] of cases) {
    const frozen = structuredClone(prev);
    assert.equal(nextProgress(prev, prev.counters, 10, nowMs, DEADLINE_S), prev, name);
    const changed = { ...prev.counters };
    const next = nextProgress(prev, changed, 10, nowMs, DEADLINE_S);
    assert.notEqual(next, prev, name);
    assert.deepEqual(next, { ...prev, counters: changed }, name);
    assert.deepEqual(prev, frozen, `${name}: the previous state is not changed`);
  }
});

test('readinessStatus reads a Deployment as kstatus does: Current only when observed, Complete, all updated, ready and available', () => {
  const state = (condition: ProgressState['condition'], c: RolloutCounters): ProgressState => ({
    condition,
    lastUpdateMs: 0,
    counters: c,
  });
  const table = [
    { name: 'done', s: state('Complete', counters(3, 0, 3, 3)), observed: true, expected: 'Current' },
    { name: 'spec not observed yet', s: state('Complete', counters(3, 0, 3, 3)), observed: false, expected: 'InProgress' },
    { name: 'rolling', s: state('Progressing', counters(2, 1, 3, 3)), observed: true, expected: 'InProgress' },
    { name: 'old pods left', s: state('Complete', counters(3, 1, 3, 3)), observed: true, expected: 'InProgress' },
    { name: 'a pod crashed after', s: state('Complete', counters(3, 0, 2, 2)), observed: true, expected: 'InProgress' },
    { name: 'scaled up, pods coming', s: state('Complete', counters(3, 0, 3, 3)), observed: true, desired: 5, expected: 'InProgress' },
    { name: 'stuck', s: state('ProgressDeadlineExceeded', counters(1, 2, 2, 2)), observed: true, expected: 'Failed' },
    { name: 'stuck, not observed', s: state('ProgressDeadlineExceeded', counters(1, 2, 2, 2)), observed: false, expected: 'InProgress' },
  ];
  for (const { name, s, observed, desired, expected } of table) {
    assert.equal(readinessStatus(s, desired ?? 3, observed), expected, name);
  }
});
