/** charts/convergence-cdf.png: how long changes take to converge, as a CDF per variant. */
import type { ChartConfiguration } from 'chart.js';
import type { RunResult } from '../metrics/results.ts';
import { AXIS_TITLE_FONT, nestedLineWidth, PALETTE, renderPng, STATIC_OPTIONS, TITLE_FONT } from './chartCanvas.ts';
import { type Point, sameAsLabels } from './chartData.ts';
import { formatMs } from './format.ts';
import { maxOf, minOf } from '../engine/extremes.ts';
import { changeFigures } from '../metrics/changeFigures.ts';

/** Enough to draw a smooth step curve at 960 px; more only costs time. */
const MAX_POINTS_PER_VARIANT = 500;
/** Log scales cannot show 0: a change that converged at once is drawn at 1 ms. */
const MIN_PLOTTED_MS = 1;

export type CdfPoint = Point;

/**
 * The steps of the empirical CDF of `values` (any order), one point per
 * distinct value: y is the share of `total` at or below x. Dividing by all
 * changes, not only converged ones, lets the curve stop below 1 by the share
 * that never converged. With more than `maxPoints` distinct values, a point is
 * kept only once the count has grown by n / maxPoints since the last kept one
 * (and the last point always): at most maxPoints + 1 points, deterministic,
 * and the stepped line drawn through them is below the true curve by less
 * than 1 / maxPoints of the converged changes.
 */
export function empiricalCdf(values: readonly number[], total: number, maxPoints: number): CdfPoint[] {
  return cdfSteps(ascending([values]), total, maxPoints);
}

/**
 * The values of `parts`, pooled, in ascending order. A Float64Array sorts numbers natively,
 * many times faster than Array#sort calling a comparator (50,000 convergence times for the
 * chart and again for index.html); the same order for durations (it differs only in putting
 * -0 before 0 and NaN last).
 */
function ascending(parts: readonly ArrayLike<number>[]): Float64Array {
  const pooled = new Float64Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    pooled.set(part, at);
    at += part.length;
  }
  return pooled.sort();
}

/** empiricalCdf of values already ascending. */
function cdfSteps(sorted: ArrayLike<number>, total: number, maxPoints: number): CdfPoint[] {
  const n = sorted.length;
  // Cumulative count at the last occurrence of each distinct value.
  const counts: number[] = [];
  for (let i = 0; i < n; i++) if (i === n - 1 || sorted[i + 1] !== sorted[i]) counts.push(i + 1);
  const thin = counts.length > maxPoints;
  const points: CdfPoint[] = [];
  let keptCount = 0;
  for (let j = 0; j < counts.length; j++) {
    // In integers: counts[j] - keptCount >= n / maxPoints.
    if (!thin || j === counts.length - 1 || (counts[j] - keptCount) * maxPoints >= n) {
      points.push({ x: sorted[counts[j] - 1], y: counts[j] / total });
      keptCount = counts[j];
    }
  }
  return points;
}

const NICE_STEPS = [1, 2, 5, 10];

/** The nearest 1, 2 or 5 times a power of ten at or below (or, with `up`, at or above) v > 0. */
export function niceLogBound(v: number, up: boolean): number {
  const decade = 10 ** Math.floor(Math.log10(v));
  // Relative slack: v / decade can be off by a rounding error (0.3 / 0.1 = 2.9999999999999996).
  const r = v / decade;
  const step = up
    ? NICE_STEPS.find((s) => s >= r * (1 - 1e-9))!
    : NICE_STEPS.findLast((s) => s <= r * (1 + 1e-9))!;
  return Number((step * decade).toPrecision(6));
}

/**
 * Axis ends on labelled values strictly outside the data, so the axis reads
 * from edge to edge and no curve hides in the frame; left to Chart.js when
 * there is no data.
 */
function xRange(xs: readonly number[]): { xMin?: number; xMax?: number } {
  if (xs.length === 0) return {};
  return {
    xMin: niceLogBound(minOf(xs) * (1 - 1e-6), false),
    xMax: niceLogBound(maxOf(xs) * (1 + 1e-6), true),
  };
}

export interface CdfCurve {
  readonly name: string;
  /** The earlier variant whose line this one lies exactly on (drawn dashed), if any. */
  readonly sameAs: string | null;
  /** For the legend: the name and how many changes converged. */
  readonly label: string;
  /** The stepped line as drawn, x in seconds. */
  readonly points: readonly CdfPoint[];
}

export interface ConvergenceCdfData {
  readonly curves: readonly CdfCurve[];
  /** Outliers beyond the axis and lines drawn on top of each other, for a subtitle; '' when neither. */
  readonly note: string;
  /** Log-axis ends; absent when no change converged. */
  readonly xMin?: number;
  readonly xMax?: number;
}

/**
 * The share of changes converged against time to converge, one curve per
 * variant (in `variantNames` order), x in seconds.
 */
export function convergenceCdfData(
  runs: readonly RunResult[],
  variantNames: readonly string[],
): ConvergenceCdfData {
  const curves = variantNames.map((name) => {
    const own = runs.filter((run) => run.variant === name).map(changeFigures);
    const convergedMs = ascending(own.map((figures) => figures.convergenceMs));
    const total = own.reduce((n, figures) => n + figures.total, 0);
    const steps = cdfSteps(convergedMs, total, MAX_POINTS_PER_VARIANT).map(({ x, y }) => ({ x: plottedS(x), y }));
    return { name, converged: convergedMs.length, total, steps, convergedMs };
  });
  // The axis ends past the bulk (p99 of all converged changes), so one slow change does not squash the rest.
  const all = curves.flatMap((curve) => curve.steps.map((p) => p.x));
  const bulkEnd = all.length === 0 ? 0 : plottedS(bulkEndOf(ascending(curves.map((c) => c.convergedMs))));
  const slowest = Math.max(0, maxOf(all));
  // Each curve starts with its rise from 0 and runs on flat to the slowest change of any variant, so plateaus compare.
  const xs = curves.flatMap((curve) =>
    curve.steps.length === 0 ? [] : [curve.steps[0].x, Math.min(curve.steps.at(-1)!.x, bulkEnd)],
  );
  const xEnd = maxOf(xs);
  const drawn = curves.map((curve) => {
    const first = curve.steps[0];
    const last = curve.steps.at(-1);
    return {
      name: curve.name,
      points:
        first === undefined || last === undefined
          ? []
          : [{ x: first.x, y: 0 }, ...curve.steps, ...(last.x < xEnd ? [{ x: xEnd, y: last.y }] : [])],
    };
  });
  const twins = sameAsLabels(drawn);
  // The axis ends on a labelled value past the bulk: the note counts what lies past that end, as drawn.
  const range = xRange(xs);
  let beyond = 0;
  for (const c of curves) for (const ms of c.convergedMs) if (range.xMax !== undefined && plottedS(ms) > range.xMax) beyond++;
  const notes: string[] = [];
  if (beyond > 0 && range.xMax !== undefined)
    notes.push(
      `${beyond} change${beyond === 1 ? '' : 's'} slower than ${formatMs(range.xMax * 1000)} (the slowest took ${formatMs(slowest * 1000)}) beyond the axis`,
    );
  const same = drawn.filter((_, i) => twins[i] !== drawn[i].name);
  if (same.length > 0) notes.push('dashed: a line that lies exactly on an earlier one');
  return {
    curves: drawn.map((curve, i) => {
      const c = curves[i];
      const twin = twins[i] === curve.name ? null : twins[i].slice(curve.name.length + ' (same as '.length, -1);
      return {
        name: curve.name,
        sameAs: twin,
        label:
          (c.converged === 0
            ? `${curve.name} (no converged change)`
            : `${curve.name} (${c.converged} of ${c.total} converged)`) + (twin === null ? '' : `, same as ${twin}`),
        points: curve.points,
      };
    }),
    note: notes.join('; '),
    ...range,
  };
}

/** Past this share of all converged changes the axis may end (the rest are counted in a note). */
const BULK_SHARE = 0.99;

/** The p99 of `sorted` (ascending), or the slowest when fewer than 100: where the axis may end. */
function bulkEndOf(sorted: ArrayLike<number>): number {
  if (sorted.length < 100) return sorted[sorted.length - 1];
  return sorted[Math.ceil(sorted.length * BULK_SHARE) - 1];
}

/** A convergence time as drawn: in seconds, and at least MIN_PLOTTED_MS (a log axis has no 0). */
function plottedS(ms: number): number {
  return Math.max(ms, MIN_PLOTTED_MS) / 1000;
}

/** Tick values a reader knows, in seconds: 1s, 2s, 5s, 10s, 30s, 1m, 2m, 5m, 10m, 30m, 1h, ... */
const DURATION_TICKS_S = [
  0.001, 0.01, 0.1, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400,
  7 * 86_400, 30 * 86_400,
];

/** "1s", "30s", "2m", "6h", "1d": a tick of DURATION_TICKS_S. */
export function durationTickLabel(seconds: number): string {
  if (seconds < 1) return `${Number((seconds * 1000).toPrecision(3))}ms`;
  if (seconds < 60) return `${Number(seconds.toPrecision(3))}s`;
  if (seconds < 3600) return `${Number((seconds / 60).toPrecision(3))}m`;
  if (seconds < 86_400) return `${Number((seconds / 3600).toPrecision(3))}h`;
  return `${Number((seconds / 86_400).toPrecision(3))}d`;
}

/** The duration ticks between `min` and `max`, for a log axis in seconds. */
export function durationTicks(min: number, max: number): number[] {
  return DURATION_TICKS_S.filter((t) => t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9));
}

/** A PNG of convergenceCdfData: one stepped line per variant, x on a log scale. */
export function convergenceCdfChart(
  runs: readonly RunResult[],
  variantNames: readonly string[],
  title: string,
): Promise<Buffer> {
  const data = convergenceCdfData(runs, variantNames);
  const config: ChartConfiguration<'line', CdfPoint[]> = {
    type: 'line',
    data: {
      datasets: data.curves.map((curve, i) => {
        const color = PALETTE[i % PALETTE.length];
        return {
          label: curve.label,
          data: [...curve.points],
          stepped: true,
          borderColor: color,
          backgroundColor: color,
          borderWidth: nestedLineWidth(i, data.curves.length, 2),
          // A line exactly on an earlier one is dashed, so both can be seen.
          // Chart.js draws a lower order later, on top: the dashed twin over the line it lies on.
          ...(curve.sameAs !== null && { borderDash: [8, 6], order: -1 }),
          // A curve at y = 1 (everything converged) runs along the frame: draw all of its width.
          clip: 2,
          pointRadius: 0,
        };
      }),
    },
    options: {
      ...STATIC_OPTIONS,
      scales: {
        x: {
          type: 'logarithmic',
          min: data.xMin,
          max: data.xMax,
          ticks: { callback: (value) => durationTickLabel(Number(value)), maxRotation: 0, autoSkip: false },
          afterBuildTicks: (axis) => {
            axis.ticks = durationTicks(axis.min, axis.max).map((value) => ({ value }));
          },
          title: { display: true, text: 'time to converge (log scale)', font: AXIS_TITLE_FONT },
        },
        y: {
          type: 'linear',
          min: 0,
          max: 1,
          title: { display: true, text: 'share of changes converged (%)', font: AXIS_TITLE_FONT },
          ticks: { callback: (value) => `${Math.round(Number(value) * 100)}%` },
        },
      },
      plugins: {
        title: { display: true, text: title, font: TITLE_FONT },
        subtitle: { display: data.note !== '', text: data.note, padding: { bottom: 8 } },
        legend: { display: true, position: 'bottom' },
      },
    },
  };
  return renderPng(config);
}
