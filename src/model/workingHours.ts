/**
 * A person's working week: days and hours of the day in a time zone given as
 * a fixed offset from UTC. Simulated time 0 is Monday 00:00 UTC (as for the
 * weekly commit window, model/commitPattern.ts); daylight saving time is not
 * modelled, so a zone is one offset all year.
 *
 * Pure functions: the next working instant at or after a time, and the time
 * reached after a span of working time (a delay that only runs while the
 * person works).
 */
import { WEEKDAYS, type Weekday } from './commitPattern.ts';

export interface WorkingHours {
  readonly days: readonly Weekday[];
  /** [from, to) hours of the local day, 0 <= from < to <= 24. */
  readonly hours: readonly [number, number];
  /** Local time minus UTC, in hours (Berlin in winter: 1, New York: -5, India: 5.5). */
  readonly utcOffsetHours: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** The working intervals of one local week, [startMs, endMs) since local Monday 00:00, in order. */
function weekWindows(w: WorkingHours): readonly (readonly [number, number])[] {
  const windows: [number, number][] = [];
  for (let d = 0; d < 7; d++) {
    if (!w.days.includes(WEEKDAYS[d])) continue;
    // Whole milliseconds, as the engine's clock (an hour like 9.1234 is no whole millisecond).
    windows.push([d * DAY_MS + Math.round(w.hours[0] * HOUR_MS), d * DAY_MS + Math.round(w.hours[1] * HOUR_MS)]);
  }
  return windows;
}

/** Working time in one week, in ms. */
export function workingMsPerWeek(w: WorkingHours): number {
  return weekWindows(w).reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** True when the person works at `timeMs` (simulated time). */
export function isWorking(w: WorkingHours, timeMs: number): boolean {
  const local = mod(timeMs + Math.round(w.utcOffsetHours * HOUR_MS), WEEK_MS);
  return weekWindows(w).some(([a, b]) => local >= a && local < b);
}

/** The first instant at or after `timeMs` when the person works. */
export function nextWorkingMs(w: WorkingHours, timeMs: number): number {
  return addWorkingMs(w, timeMs, 0);
}

/**
 * The instant when `workMs` of working time has passed since `timeMs`: the
 * delay runs only inside the working windows. With `workMs` 0, the next
 * working instant (`timeMs` itself when the person works then).
 */
export function addWorkingMs(w: WorkingHours, timeMs: number, workMs: number): number {
  const windows = weekWindows(w);
  if (windows.length === 0) throw new RangeError('a working week needs at least one day');
  const offsetMs = Math.round(w.utcOffsetHours * HOUR_MS);
  const local = timeMs + offsetMs;
  const perWeek = workingMsPerWeek(w);
  if (!(perWeek > 0)) throw new RangeError('a working week needs working hours');
  // Whole weeks first, so a long delay costs no loop per week.
  let weekStart = local - mod(local, WEEK_MS);
  let at = local;
  let left = workMs;
  const wholeWeeks = Math.floor(left / perWeek);
  if (wholeWeeks > 0 && left - wholeWeeks * perWeek > 0) {
    weekStart += wholeWeeks * WEEK_MS;
    at += wholeWeeks * WEEK_MS;
    left -= wholeWeeks * perWeek;
  }
  for (;;) {
    for (const [a, b] of windows) {
      const from = Math.max(at, weekStart + a);
      const to = weekStart + b;
      if (from >= to) continue;
      // A zero delay ends at the first working instant; a delay ending with a window ends at its close.
      if (left <= to - from) return from + left - offsetMs;
      left -= to - from;
      at = to;
    }
    weekStart += WEEK_MS;
    at = Math.max(at, weekStart);
  }
}

/** The remainder in [0, m), for negative times too. */
function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}
