/**
 * charts/correctness-over-time.png: the share of desired replicas that are
 * correct, over the run, per variant, with one run's drift events and
 * rollbacks marked in a strip below so dips can be read against their causes.
 */
import type { ChartConfiguration } from 'chart.js';
import type { RunResult } from '../metrics/results.ts';
import { niceLogBound } from './chart.ts';
import {
  AXIS_TITLE_FONT,
  nestedLineWidth,
  PALETTE,
  renderPng,
  STATIC_OPTIONS,
  TITLE_FONT,
  timeAxis,
} from './chartCanvas.ts';
import {
  type DurationUnit,
  durationUnit,
  meanOverReplications,
  type Point,
  sameAsLabels,
} from './chartData.ts';
import { maxOf, minOf } from '../engine/extremes.ts';

/** Event markers: neutral for drift, red for rollbacks, so neither reads as a variant's colour. */
export const DRIFT_COLOR = '#555555';
export const ROLLBACK_COLOR = '#B2182B';

export interface EventMarks {
  /** The row of each drift kind present, in name order, then 'rollback' when there was one. */
  readonly rows: readonly string[];
  /** x in `unit`, y the row. */
  readonly drift: readonly { readonly x: number; readonly y: string }[];
  readonly rollbacks: readonly { readonly x: number; readonly y: string }[];
}

export interface CorrectnessData {
  readonly unit: DurationUnit;
  /** The horizon in `unit`. */
  readonly xMax: number;
  /** The y axis starts here, so the dips fill the plot, with ticks this far apart. */
  readonly yMin: number;
  readonly yStep: number;
  /** Per variant; `label` for the legend says when its line is hidden under an identical one. */
  readonly lines: readonly {
    readonly name: string;
    readonly label: string;
    readonly points: readonly Point[];
  }[];
  readonly events: EventMarks;
  /** What the lines and the marks are, for a subtitle. */
  readonly note: string;
}

/**
 * The lower end of the share axis and its tick step: a tick a little below
 * `lowest` (the lowest point of any line), 0 at the least, ticks 1, 2 or 5
 * times a power of ten apart (about eight from there to 1); at least 0.95 to
 * 1 is spanned, so a flat line at 1 reads as such.
 */
export function shareAxis(lowest: number): { readonly min: number; readonly step: number } {
  const span = Math.max(1 - lowest, 0.05);
  const step = niceLogBound(span / 8, true);
  return { min: Math.max(0, Number((Math.floor((lowest - span / 20) / step) * step).toPrecision(6))), step };
}

/** "94%", "99.5%": a share on the axis, as few digits as the tick needs. */
function formatShare(share: number): string {
  return `${Number((share * 100).toPrecision(6))}%`;
}

/** The drift events and rollbacks of one run, x in `unit`. */
export function eventMarks(run: RunResult | undefined, unit: DurationUnit): EventMarks {
  if (run === undefined) return { rows: [], drift: [], rollbacks: [] };
  const drift = Array.from(run.drifts, (d) => ({ x: d.atMs / unit.ms, y: d.kind }));
  const kinds = [...new Set(drift.map((d) => d.y))].sort();
  return {
    rows: run.rollbacks.length > 0 ? [...kinds, 'rollback'] : kinds,
    drift,
    rollbacks: run.rollbacks.map((r) => ({ x: r.detectedMs / unit.ms, y: 'rollback' })),
  };
}

/**
 * Per variant (in `variantNames` order), the correct share averaged over
 * replications at each sample instant; the events of the first replication
 * of `baseline` (each replication has its own, so a mean has none).
 */
export function correctnessData(
  runs: readonly RunResult[],
  variantNames: readonly string[],
  baseline: string,
): CorrectnessData {
  const horizonMs = Math.max(0, maxOf(runs.map((run) => run.horizonMs)));
  const unit = durationUnit(horizonMs);
  const means = variantNames.map((name) => ({
    name,
    points: meanOverReplications(runs, name, (s) => s.correctShare).map(({ x, y }) => ({
      x: x / unit.ms,
      y,
    })),
  }));
  const labels = sameAsLabels(means);
  const lines = means.map((line, i) => ({ ...line, label: labels[i] }));
  const y = shareAxis(Math.min(1, minOf(lines.flatMap((line) => line.points.map((p) => p.y)))));
  const first = runs
    .filter((run) => run.variant === baseline)
    .reduce<RunResult | undefined>(
      (a, b) => (a === undefined || b.replication < a.replication ? b : a),
      undefined,
    );
  const replications = new Set(runs.map((run) => run.replication)).size;
  const events = eventMarks(first, unit);
  const marked =
    first === undefined
      ? ''
      : events.rows.length === 0
        ? `; no drift or rollback in ${baseline}, replication ${first.replication + 1}`
        : `; marks: drift and rollbacks of ${baseline}, replication ${first.replication + 1}`;
  return {
    unit,
    xMax: horizonMs / unit.ms,
    yMin: y.min,
    yStep: y.step,
    lines,
    events,
    note:
      `mean over ${replications} replication${replications === 1 ? '' : 's'} at each instant` +
      (y.min > 0 ? `; the axis starts at ${formatShare(y.min)}, not 0` : '') +
      marked,
  };
}

/** A PNG of correctnessData: a line per variant above a strip of event ticks, one row per kind. */
export function correctnessChart(
  runs: readonly RunResult[],
  variantNames: readonly string[],
  baseline: string,
  title: string,
): Promise<Buffer> {
  const data = correctnessData(runs, variantNames, baseline);
  const hasEvents = data.events.rows.length > 0;
  // Vertical ticks, in a row per kind on their own axis below the lines.
  const marks = (label: string, points: EventMarks['drift'], color: string) => ({
    label,
    data: [...points],
    yAxisID: 'events',
    showLine: false,
    pointStyle: 'line' as const,
    rotation: 90,
    pointRadius: 5,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 1.5,
  });
  const config: ChartConfiguration<'line', { x: number; y: number | string }[]> = {
    type: 'line',
    data: {
      datasets: [
        ...data.lines.map((line, i) => {
          const color = PALETTE[i % PALETTE.length];
          return {
            label: line.label,
            data: [...line.points],
            yAxisID: 'y',
            borderColor: color,
            backgroundColor: color,
            borderWidth: nestedLineWidth(i, data.lines.length, 1.5),
            pointRadius: 0,
            pointStyle: 'line' as const,
            clip: 2,
          };
        }),
        ...(data.events.drift.length > 0 ? [marks('drift event', data.events.drift, DRIFT_COLOR)] : []),
        ...(data.events.rollbacks.length > 0
          ? [marks('rollback', data.events.rollbacks, ROLLBACK_COLOR)]
          : []),
      ],
    },
    options: {
      ...STATIC_OPTIONS,
      scales: {
        // Listed before y so the strip is stacked below the lines, next to the time axis; none without marks.
        ...(hasEvents && {
          events: {
            type: 'category' as const,
            // An empty first row keeps the top row's label clear of the y axis's lowest tick label.
            labels: ['', ...data.events.rows],
            offset: true,
            stack: 'time',
            // About 20 px a row at this size.
            stackWeight: (data.events.rows.length + 1) / 4,
            grid: { display: false },
            ticks: { autoSkip: false },
          },
        }),
        x: timeAxis(data.xMax, data.unit.name),
        y: {
          type: 'linear',
          min: data.yMin,
          max: 1,
          // Ticks on multiples of the step from yMin: Chart.js's own step may miss yMin and crowd it.
          ticks: { stepSize: data.yStep, callback: (value) => formatShare(Number(value)) },
          stack: 'time',
          stackWeight: 4,
          title: { display: true, text: 'desired replicas correct (%)', font: AXIS_TITLE_FONT },
        },
      },
      plugins: {
        title: { display: true, text: title, font: TITLE_FONT },
        subtitle: { display: true, text: data.note, padding: { bottom: 8 } },
        // Point styles: a line for a variant, a vertical tick for a mark.
        legend: { display: true, position: 'bottom', labels: { usePointStyle: true } },
      },
    },
  };
  return renderPng(config);
}
