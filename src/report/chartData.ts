/**
 * Helpers of the charts' data preparation, shared by the PNGs and index.html:
 * points, a readable time unit for an axis, means over replications.
 */
import type { RunResult, TimeSeries } from '../metrics/results.ts';
import { maxOf } from '../engine/extremes.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface DurationUnit {
  /** For axis titles: "time (days)". */
  readonly name: string;
  readonly ms: number;
}

const UNITS: readonly DurationUnit[] = [
  { name: 'days', ms: 86_400_000 },
  { name: 'hours', ms: 3_600_000 },
  { name: 'minutes', ms: 60_000 },
  { name: 'seconds', ms: 1000 },
];

/**
 * The largest unit that `maxMs` holds at least three times, seconds at the
 * least: an axis then reads "0 to 7 days" or "0 to 48 hours", never "0 to
 * 0.3 days" or ticks at fractions of a day.
 */
export function durationUnit(maxMs: number): DurationUnit {
  return UNITS.find((unit) => maxMs >= 3 * unit.ms) ?? UNITS[UNITS.length - 1];
}

/**
 * One of a variant's time series averaged over its replications at each
 * sample instant, x in ms. Runs of a scenario share the horizon and so the
 * instants; a run with fewer samples is left out of the later ones.
 */
export function meanOverReplications(
  runs: readonly RunResult[],
  variant: string,
  pick: (series: TimeSeries) => readonly number[],
): Point[] {
  const all = runs.filter((run) => run.variant === variant).map((run) => run.timeSeries);
  const length = Math.max(0, maxOf(all.map((series) => series.tMs.length)));
  const points: Point[] = [];
  for (let i = 0; i < length; i++) {
    const present = all.filter((series) => i < series.tMs.length);
    const sum = present.reduce((total, series) => total + pick(series)[i], 0);
    points.push({ x: present[0].tMs[i], y: sum / present.length });
  }
  return points;
}

/**
 * Legend labels for lines that may coincide: a variant whose points are
 * exactly those of an earlier one is drawn under it and cannot be seen, so
 * its label says whose line it shares ("pull/tag (same as push/tag)").
 */
export function sameAsLabels(
  lines: readonly { readonly name: string; readonly points: readonly Point[] }[],
): string[] {
  return lines.map((line, i) => {
    const twin = lines.slice(0, i).find((other) => samePoints(other.points, line.points));
    return twin === undefined ? line.name : `${line.name} (same as ${twin.name})`;
  });
}

function samePoints(a: readonly Point[], b: readonly Point[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((p, i) => p.x === b[i].x && p.y === b[i].y);
}
