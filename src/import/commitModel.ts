/**
 * Commits of the config repository, per app: each commit counts for every app
 * whose folder it touches. From them, either a replay (times since the start
 * of the week of the first commit, so weekdays and hours stay as they were;
 * all times UTC) or a fit: a rate per app and its weekly pattern.
 */
import { formatDuration } from '../engine/duration.ts';
import { WEEKDAYS, type Weekday } from '../model/commitPattern.ts';
import { REPLAY_CSV_HEADER_WITH_COMMIT } from '../model/commitReplay.ts';
import type { GitCommit } from './gitHistory.ts';

export interface AppPaths {
  readonly name: string;
  /** Repository-relative folders or files; '' is the whole repository. */
  readonly paths: readonly string[];
}

export interface AppCommit {
  readonly sha: string;
  readonly timeMs: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** 1970-01-01 was a Thursday: Monday 00:00 UTC is 4 days into its week. */
const MONDAY_OFFSET_MS = 4 * DAY_MS;
/** The share of an app's commits the fitted working hours cover. */
export const WORKING_HOURS_SHARE = 0.9;

/** Commits per app (in app order, oldest first), and the commits that touched no app. */
export function commitsPerApp(
  commits: readonly GitCommit[],
  apps: readonly AppPaths[],
): { perApp: AppCommit[][]; unmatched: number } {
  const perApp: AppCommit[][] = apps.map(() => []);
  let unmatched = 0;
  for (const commit of commits) {
    let matched = false;
    apps.forEach((app, i) => {
      if (commit.paths.some((p) => app.paths.some((a) => touches(p, a)))) {
        perApp[i].push({ sha: commit.sha, timeMs: commit.timeMs });
        matched = true;
      }
    });
    if (!matched) unmatched++;
  }
  return { perApp, unmatched };
}

function touches(path: string, appPath: string): boolean {
  return appPath === '' || path === appPath || path.startsWith(`${appPath}/`);
}

/** Monday 00:00 UTC of the week holding `timeMs`: where a replay starts. */
export function weekStartMs(timeMs: number): number {
  return timeMs - ((((timeMs - MONDAY_OFFSET_MS) % (7 * DAY_MS)) + 7 * DAY_MS) % (7 * DAY_MS));
}

/** The replay CSV (commitReplay.ts's format): rows in time order, then app order. */
export function replayCsv(
  perApp: readonly (readonly AppCommit[])[],
  names: readonly string[],
  startMs: number,
): string {
  const rows: { timeMs: number; app: number; sha: string }[] = [];
  perApp.forEach((commits, app) => {
    for (const c of commits) rows.push({ timeMs: c.timeMs, app, sha: c.sha });
  });
  rows.sort((a, b) => a.timeMs - b.timeMs || a.app - b.app);
  const lines = rows.map((r) => `${names[r.app]},${formatDuration(r.timeMs - startMs)},${r.sha}`);
  return `${REPLAY_CSV_HEADER_WITH_COMMIT}\n${lines.map((l) => `${l}\n`).join('')}`;
}

export interface CommitFit {
  readonly commits: number;
  /** Commits per day over the whole history. */
  readonly perDay: number;
  /** Share of commits Monday to Friday (UTC). */
  readonly weekdayShare: number;
  /** The shortest span of hours of the day (UTC), [from, to), holding WORKING_HOURS_SHARE of the commits. */
  readonly hours: readonly [number, number];
}

/** A rate and weekly pattern per app over [fromMs, toMs). */
export function fitCommits(
  perApp: readonly (readonly AppCommit[])[],
  fromMs: number,
  toMs: number,
): CommitFit[] {
  const days = Math.max(1, (toMs - fromMs) / DAY_MS);
  return perApp.map((commits) => {
    const byHour = new Array<number>(24).fill(0);
    let weekdays = 0;
    for (const c of commits) {
      const sinceMonday = c.timeMs - weekStartMs(c.timeMs);
      if (sinceMonday < 5 * DAY_MS) weekdays++;
      byHour[Math.floor((c.timeMs % DAY_MS) / HOUR_MS)]++;
    }
    return {
      commits: commits.length,
      perDay: commits.length / days,
      weekdayShare: commits.length === 0 ? 0 : weekdays / commits.length,
      hours: workingHours(byHour, commits.length),
    };
  });
}

function workingHours(byHour: readonly number[], total: number): [number, number] {
  if (total === 0) return [0, 24];
  for (let length = 1; length <= 24; length++) {
    for (let from = 0; from + length <= 24; from++) {
      let count = 0;
      for (let h = from; h < from + length; h++) count += byHour[h];
      if (count >= WORKING_HOURS_SHARE * total) return [from, from + length];
    }
  }
  return [0, 24];
}

export interface WeeklyFit {
  /** Days holding WORKING_HOURS_SHARE of the commits, fewest first by count, in week order. */
  readonly days: readonly Weekday[];
  /** The shortest [from, to) hours of the day holding WORKING_HOURS_SHARE of the commits on those days. */
  readonly hours: readonly [number, number];
  /** Commits per hour inside the window and outside it, over [fromMs, toMs). */
  readonly insidePerHour: number;
  readonly outsidePerHour: number;
}

/** The weekly working window of all commits (times in ms since the epoch, UTC) over [fromMs, toMs). */
export function fitWeekly(timesMs: readonly number[], fromMs: number, toMs: number): WeeklyFit {
  const dayOf = (t: number) => Math.floor((t - weekStartMs(t)) / DAY_MS);
  const perDay = new Array<number>(7).fill(0);
  for (const t of timesMs) perDay[dayOf(t)]++;
  const chosen = new Set<number>();
  let covered = 0;
  for (const day of [0, 1, 2, 3, 4, 5, 6].sort((a, b) => perDay[b] - perDay[a] || a - b)) {
    if (covered >= WORKING_HOURS_SHARE * timesMs.length && chosen.size > 0) break;
    chosen.add(day);
    covered += perDay[day];
  }
  const byHour = new Array<number>(24).fill(0);
  let onDays = 0;
  for (const t of timesMs) {
    if (!chosen.has(dayOf(t))) continue;
    byHour[Math.floor((t % DAY_MS) / HOUR_MS)]++;
    onDays++;
  }
  const hours = workingHours(byHour, onDays);
  const inside = (t: number) =>
    chosen.has(dayOf(t)) && (t % DAY_MS) / HOUR_MS >= hours[0] && (t % DAY_MS) / HOUR_MS < hours[1];
  let insideHours = 0;
  let outsideHours = 0;
  for (let t = Math.floor(fromMs / HOUR_MS) * HOUR_MS; t < toMs; t += HOUR_MS) {
    if (inside(t)) insideHours++;
    else outsideHours++;
  }
  const insideCount = timesMs.filter(inside).length;
  return {
    days: WEEKDAYS.filter((_, i) => chosen.has(i)),
    hours,
    insidePerHour: insideCount / Math.max(1, insideHours),
    outsidePerHour: (timesMs.length - insideCount) / Math.max(1, outsideHours),
  };
}
