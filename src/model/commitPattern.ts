/**
 * When code commits happen and to which app, beyond one rate around the
 * clock: a weekly working window (days and hours; the run starts on a Monday
 * at 00:00), outside which only a share of commits happen, and a share of
 * the commits per app. Fitted from a repository's history by
 * `gitops-sim import --commits fit`.
 *
 * Commits are drawn at the working-hours rate and thinned outside the window
 * (Lewis and Shedler's thinning of a Poisson process), so without a pattern
 * the draws are exactly those of one rate.
 */
import type { RandomStream } from '../engine/random.ts';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklyPattern {
  readonly days: readonly Weekday[];
  /** [from, to) hours of the day. */
  readonly hours: readonly [number, number];
  /** The rate outside the window, as a share of the rate inside it. */
  readonly outside: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** True when `timeMs` since the start (a Monday 00:00) is inside the working window. */
export function inWorkingWindow(pattern: WeeklyPattern, timeMs: number): boolean {
  const day = WEEKDAYS[Math.floor(timeMs / DAY_MS) % 7];
  const hour = (timeMs % DAY_MS) / HOUR_MS;
  return pattern.days.includes(day) && hour >= pattern.hours[0] && hour < pattern.hours[1];
}

/** Whether a commit drawn at the working-hours rate happens: always inside the window, with probability `outside` outside it. */
export function keepCommit(
  pattern: WeeklyPattern | undefined,
  timeMs: number,
  random: RandomStream,
): boolean {
  if (pattern === undefined || inWorkingWindow(pattern, timeMs)) return true;
  return random.next() < pattern.outside;
}

/** The app a commit goes to: uniform without shares, else in proportion to them. One draw either way. */
export function pickApp(count: number, shares: readonly number[] | undefined, random: RandomStream): number {
  const u = random.next();
  if (shares === undefined) return Math.floor(u * count);
  const total = shares.reduce((sum, s) => sum + s, 0);
  let cumulative = 0;
  for (let i = 0; i < shares.length; i++) {
    cumulative += shares[i] / total;
    if (u < cumulative) return i;
  }
  // Rounding can leave the cumulative sum a hair below 1: the last app with a share.
  return shares.findLastIndex((s) => s > 0);
}
