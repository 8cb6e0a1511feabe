import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStream } from '../../src/engine/random.ts';
import {
  addWorkingMs,
  isWorking,
  nextWorkingMs,
  type WorkingHours,
  workingMsPerWeek,
} from '../../src/model/workingHours.ts';

const M = 60_000;
const H = 3_600_000;
const D = 24 * H;
const W = 7 * D;
const OFFICE: WorkingHours = { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], hours: [9, 17], utcOffsetHours: 0 };
const BERLIN: WorkingHours = { ...OFFICE, utcOffsetHours: 1 };
const NEW_YORK: WorkingHours = { ...OFFICE, utcOffsetHours: -5 };
const ALWAYS: WorkingHours = {
  days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  hours: [0, 24],
  utcOffsetHours: 0,
};

test('working or not: time 0 is Monday 00:00 UTC, hours [from, to) in local time', () => {
  const rows: readonly [WorkingHours, number, boolean][] = [
    [OFFICE, 9 * H, true], // Monday 9:00 UTC
    [OFFICE, 9 * H - 1, false],
    [OFFICE, 17 * H - 1, true],
    [OFFICE, 17 * H, false],
    [OFFICE, 5 * D + 10 * H, false], // Saturday
    [BERLIN, 8 * H, true], // 9:00 in Berlin
    [BERLIN, 16 * H, false], // 17:00 in Berlin
    [NEW_YORK, 14 * H, true], // 9:00 in New York
    [NEW_YORK, 13 * H, false],
    [NEW_YORK, 4 * D + 21 * H, true], // Friday 16:00 in New York is Friday 21:00 UTC
    [NEW_YORK, 3 * H, false], // Sunday 22:00 in New York
  ];
  for (const [w, t, working] of rows)
    assert.equal(isWorking(w, t), working, `offset ${w.utcOffsetHours}, ${t / H}h`);
});

test('the working time from a moment: inside a window, across nights, weekends and weeks', () => {
  const rows: readonly [string, WorkingHours, number, number, number][] = [
    // [case, hours, from, working time, expected]
    ['a zero delay at work is now', OFFICE, 10 * H, 0, 10 * H],
    ['a zero delay at night waits for the morning', OFFICE, 20 * H, 0, D + 9 * H],
    ['a zero delay at 17:00 exactly waits for the morning', OFFICE, 17 * H, 0, D + 9 * H],
    ['before opening on Monday', OFFICE, 0, 0, 9 * H],
    ['within the day', OFFICE, 10 * H, 30 * M, 10 * H + 30 * M],
    ['ending at the close', OFFICE, 16 * H, H, 17 * H],
    ['the rest the next morning', OFFICE, 16 * H, 2 * H, D + 10 * H],
    ['Friday afternoon to Monday', OFFICE, 4 * D + 16 * H, 2 * H, W + 10 * H],
    ['Saturday to Monday', OFFICE, 5 * D + 12 * H, 30 * M, W + 9 * H + 30 * M],
    ['a whole working week is a week', OFFICE, 10 * H, 40 * H, W + 10 * H],
    ['two weeks and an hour', OFFICE, 10 * H, 81 * H, 2 * W + 11 * H],
    ['Berlin opens at 8:00 UTC', BERLIN, 0, 0, 8 * H],
    ['New York opens at 14:00 UTC', NEW_YORK, 0, 0, 14 * H],
    ['New York Friday late afternoon to Monday', NEW_YORK, 4 * D + 21 * H, 2 * H, W + 15 * H],
    ['always at work: a delay is a delay', ALWAYS, 5 * D + 3 * H, 5 * H, 5 * D + 8 * H],
    ['a negative time (before the start) still finds Monday', OFFICE, -H, 0, 9 * H],
  ];
  for (const [name, w, from, work, expected] of rows) {
    assert.equal(addWorkingMs(w, from, work), expected, name);
  }
  assert.equal(nextWorkingMs(OFFICE, 4 * D + 18 * H), W + 9 * H);
  assert.equal(workingMsPerWeek(OFFICE), 40 * H);
});

test('a week without working time is refused', () => {
  assert.throws(() => addWorkingMs({ ...OFFICE, days: [] }, 0, 0), RangeError);
});

/**
 * First principles: a release ready at a uniformly random moment of the week,
 * approved at the first working instant, waits on average the off-hours gaps'
 * squared lengths over twice the week: four 16 h nights and the 64 h weekend
 * (Friday 17:00 to Monday 9:00), (4 x 16^2 + 64^2) / (2 x 168) = 15.24 h.
 */
test('approval only in working hours adds the expected wait for a ready time at random in the week', () => {
  const random = createStream(18, 'ready times', 0);
  const n = 20_000;
  const expectedH = (4 * 16 ** 2 + 64 ** 2) / (2 * 168);
  for (const w of [OFFICE, NEW_YORK]) {
    let totalMs = 0;
    let atOnce = 0;
    for (let i = 0; i < n; i++) {
      const readyMs = Math.floor(random.next() * 4 * W);
      const waitMs = nextWorkingMs(w, readyMs) - readyMs;
      totalMs += waitMs;
      if (waitMs === 0) atOnce++;
    }
    const meanH = totalMs / n / H;
    // The standard error of the mean is about 0.13 h here; 0.5 h is four of them.
    assert.ok(
      Math.abs(meanH - expectedH) < 0.5,
      `offset ${w.utcOffsetHours}: mean wait ${meanH.toFixed(2)} h, expected ${expectedH.toFixed(2)} h`,
    );
    // A ready time inside the 40 working hours of the 168 is approved at once.
    assert.ok(Math.abs(atOnce / n - 40 / 168) < 0.015, `share approved at once ${atOnce / n}`);
  }
});
