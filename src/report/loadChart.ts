/**
 * charts/controller-load.png: whether the delivery system keeps up, over the
 * run: the work waiting in its queues and the time API writes have waited
 * for their rate limiters so far, per variant. Written for every scenario:
 * flat lines at 0 answer the capacity question too.
 */
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { RunResult } from '../metrics/results.ts';
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
import { maxOf } from '../engine/extremes.ts';

export interface ControllerLoadData {
  readonly unit: DurationUnit;
  /** The horizon in `unit`. */
  readonly xMax: number;
  readonly throttledUnit: DurationUnit;
  /**
   * Per variant, x in `unit`; queue in work items, throttled in `throttledUnit`;
   * `label` for the legend says when both lines are hidden under identical ones.
   */
  readonly lines: readonly {
    readonly name: string;
    readonly label: string;
    readonly queue: readonly Point[];
    readonly throttled: readonly Point[];
  }[];
  /** Where a commit went to every app at once (in `unit`), marked on the time axis. */
  readonly massChanges: readonly number[];
  /** What the lines are, for a subtitle. */
  readonly note: string;
}

/** Whether anything ever queued or waited for a rate limiter: without, there is no load chart to draw. */
export function hasLoad(runs: readonly RunResult[]): boolean {
  return runs.some(
    (run) => run.timeSeries.queueDepth.some((d) => d > 0) || run.timeSeries.apiThrottledMs.some((t) => t > 0),
  );
}

/** Per variant (in `variantNames` order), queue depth and cumulative throttled time, averaged over replications. */
export function controllerLoadData(
  runs: readonly RunResult[],
  variantNames: readonly string[],
): ControllerLoadData {
  const horizonMs = Math.max(0, maxOf(runs.map((run) => run.horizonMs)));
  const unit = durationUnit(horizonMs);
  const raw = variantNames.map((name) => ({
    name,
    queue: meanOverReplications(runs, name, (s) => s.queueDepth),
    throttled: meanOverReplications(runs, name, (s) => s.apiThrottledMs),
  }));
  const maxYOf = (points: readonly Point[]) => Math.max(0, maxOf(points.map((p) => p.y)));
  const maxThrottledMs = Math.max(0, maxOf(raw.map((line) => maxYOf(line.throttled))));
  const throttledUnit = durationUnit(maxThrottledMs);
  const idle = maxThrottledMs === 0 && raw.every((line) => maxYOf(line.queue) === 0);
  const replications = new Set(runs.map((run) => run.replication)).size;
  const labels = sameAsLabels(
    raw.map((line) => ({ name: line.name, points: [...line.queue, ...line.throttled] })),
  );
  return {
    unit,
    xMax: horizonMs / unit.ms,
    throttledUnit,
    lines: raw.map((line, i) => ({
      name: line.name,
      label: labels[i],
      queue: line.queue.map((p) => ({ x: p.x / unit.ms, y: p.y })),
      throttled: line.throttled.map((p) => ({ x: p.x / unit.ms, y: p.y / throttledUnit.ms })),
    })),
    // Runs share the mass changes' times (a scenario fixes them); the first run's stand for all.
    massChanges: (runs[0]?.massChanges ?? []).map((m) => m.atMs / unit.ms),
    note:
      `mean over ${replications} replication${replications === 1 ? '' : 's'} at each instant` +
      (idle
        ? '; nothing queued at any sample and no API write throttled'
        : maxThrottledMs === 0
          ? '; no API write throttled'
          : '') +
      ((runs[0]?.massChanges.length ?? 0) > 0 ? '; dashed: a commit to every app at once' : ''),
  };
}

/** One panel of the chart's stack: a value axis from 0 sharing the time axis with the other. */
function stackedAxis(title: string) {
  return {
    type: 'linear' as const,
    axis: 'y' as const,
    min: 0,
    suggestedMax: 1,
    stack: 'time',
    offset: true,
    title: { display: true, text: title, font: AXIS_TITLE_FONT },
  };
}

/**
 * A PNG of controllerLoadData: queue depth above, cumulative throttled time below, sharing the time axis; without
 * any throttling the lower panel would be a flat 0, so the subtitle says so and only the queue is drawn.
 */
export function controllerLoadChart(
  runs: readonly RunResult[],
  variantNames: readonly string[],
  title: string,
): Promise<Buffer> {
  const data = controllerLoadData(runs, variantNames);
  const throttled = data.lines.some((l) => l.throttled.some((p) => p.y > 0));
  const line = (label: string, i: number, points: readonly Point[], yAxisID: string) => {
    const color = PALETTE[i % PALETTE.length];
    return {
      label,
      data: [...points],
      yAxisID,
      borderColor: color,
      backgroundColor: color,
      borderWidth: nestedLineWidth(i, data.lines.length, 1.5),
      pointRadius: 0,
      pointStyle: 'line' as const,
      // A line at 0 runs along the axis: draw all of its width.
      clip: 2,
    };
  };
  const marks: Plugin<'line'> = {
    id: 'massChanges',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      const x = chart.scales.x;
      ctx.save();
      ctx.strokeStyle = '#555555';
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      for (const at of data.massChanges) {
        const px = x.getPixelForValue(at);
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
  const config: ChartConfiguration<'line', Point[]> = {
    type: 'line',
    plugins: [marks],
    data: {
      datasets: [
        ...data.lines.map((l, i) => line(l.label, i, l.queue, 'queue')),
        ...(throttled ? data.lines.map((l, i) => line(l.label, i, l.throttled, 'throttled')) : []),
      ],
    },
    options: {
      ...STATIC_OPTIONS,
      scales: {
        x: timeAxis(data.xMax, data.unit.name),
        // The first of a stack is drawn at the bottom.
        // Named y axes: with no variant, no dataset would tell Chart.js which way they run.
        ...(throttled && { throttled: stackedAxis(`API throttled, total (${data.throttledUnit.name})`) }),
        queue: stackedAxis('work queued (items)'),
      },
      plugins: {
        title: { display: true, text: title, font: TITLE_FONT },
        subtitle: { display: true, text: data.note, padding: { bottom: 8 } },
        legend: {
          display: true,
          position: 'bottom',
          labels: {
            usePointStyle: true,
            // A variant's two lines share its colour: one legend entry each.
            filter: (item) => item.datasetIndex !== undefined && item.datasetIndex < data.lines.length,
          },
        },
      },
    },
  };
  return renderPng(config);
}
