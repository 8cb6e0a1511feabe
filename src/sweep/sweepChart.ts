/**
 * charts/<parameter>--<metric>.png: one metric against one swept parameter,
 * a line per variant through the means, a whisker for each 95% interval. The
 * other parameters stay at their first value (the subtitle says which): a
 * slice of the grid, not an average, so every drawn point is a point that ran.
 */
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { MetricDefinition } from '../metrics/definitions.ts';
import type { MeanWithInterval } from '../metrics/results.ts';
import { addWhisker } from '../report/barAnnotations.js';
import { durationUnit } from '../report/chartData.ts';
import {
  AXIS_TITLE_FONT,
  nestedLineWidth,
  PALETTE,
  renderPng,
  STATIC_OPTIONS,
  TITLE_FONT,
} from '../report/chartCanvas.ts';
import { formatValue, type ParamValue, type SweepParam } from './grid.ts';
import { maxOf, minOf } from '../engine/extremes.ts';

/** One variant's value of the metric at each of the parameter's values (null where it did not run or had none). */
export interface SweepSeries {
  readonly variant: string;
  readonly values: readonly (MeanWithInterval | null)[];
}

export interface SweepChartInput {
  readonly scenario: string;
  /** Per variant and point; null when the slice's points differ (replications is swept). */
  readonly replications: number | null;
  readonly metric: MetricDefinition;
  readonly param: SweepParam;
  /** The parameters held fixed, with their value: "cluster.nodes=3". */
  readonly fixed: readonly string[];
  readonly series: readonly SweepSeries[];
}

interface PlotPoint {
  readonly x: number | string;
  readonly y: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/** How a metric's unit is drawn: a scale factor and the axis title's unit. */
function axisUnit(
  metric: MetricDefinition,
  largest: number,
): { readonly per: number; readonly name: string } {
  switch (metric.unit) {
    case 'ms': {
      const unit = durationUnit(largest);
      return { per: unit.ms, name: unit.name };
    }
    case 'ratio':
      return { per: 0.01, name: '%' };
    case 'bytes':
      return largest >= 2e9 ? { per: 1e9, name: 'GB' } : { per: 1e6, name: 'MB' };
    case 'perDay':
      return { per: 1, name: 'per day' };
    default:
      return { per: 1, name: 'count' };
  }
}

/** The 95% intervals drawn as whiskers over the line's points: Chart.js has no error bars. */
const whiskers: Plugin<'line'> = {
  id: 'sweepWhiskers',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const y = chart.scales.y;
    const area = chart.chartArea;
    chart.data.datasets.forEach((dataset, i) => {
      const elements = chart.getDatasetMeta(i).data;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      ctx.strokeStyle = String(dataset.borderColor);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      (dataset.data as unknown as PlotPoint[]).forEach((point, j) => {
        if (point.low === null || point.high === null) return;
        const x = elements[j].x;
        const low = y.getPixelForValue(point.low);
        const high = y.getPixelForValue(point.high);
        addWhisker(ctx, x, low, high, 5);
      });
      ctx.stroke();
      ctx.restore();
    });
  },
};

/**
 * Numbers go on a linear axis (uneven steps stay uneven) with a tick at each
 * swept value; anything else is a category axis in the order given.
 */
function xAxis(values: readonly ParamValue[], title: string) {
  const axisTitle = { display: true, text: title, font: AXIS_TITLE_FONT };
  if (!values.every((v) => typeof v === 'number'))
    return { type: 'category' as const, offset: true, title: axisTitle };
  const numbers = values as readonly number[];
  const low = minOf(numbers);
  const high = maxOf(numbers);
  const pad = (high - low || Math.abs(high) || 1) * 0.05;
  return {
    type: 'linear' as const,
    min: low - pad,
    max: high + pad,
    afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
      axis.ticks = [...numbers].sort((a, b) => a - b).map((value) => ({ value }));
    },
    ticks: { callback: (value: number | string) => formatValue(Number(value)), maxRotation: 0 },
    title: axisTitle,
  };
}

/**
 * Where the value axis starts: at 0 (every metric is at least 0) unless the values sit high above it, where 0 would
 * flatten their differences; then at a round value a tenth of their spread below the lowest, which the subtitle
 * names, so a zoomed axis is never taken for one from 0.
 */
export function axisStart(lowest: number, highest: number): number {
  if (lowest <= highest / 2) return 0;
  const spread = highest - lowest || highest;
  const step = 10 ** Math.floor(Math.log10(spread));
  // toPrecision drops the binary dust of step multiples (9987 x 0.01 = 99.87000000000001).
  return Math.max(0, Number((Math.floor((lowest - spread / 10) / step) * step).toPrecision(12)));
}

function replicationsText(replications: number | null): string {
  if (replications === null) return 'the replications of each point';
  return `${replications} replication${replications === 1 ? '' : 's'}`;
}

export function sweepChart(input: SweepChartInput): Promise<Buffer> {
  const { metric, param } = input;
  const largest = Math.max(
    0,
    ...input.series.flatMap((s) =>
      s.values.flatMap((v) => [Math.abs(v?.mean ?? 0), Math.abs(v?.ci95?.high ?? 0)]),
    ),
  );
  const unit = axisUnit(metric, largest);
  const numeric = param.values.every((v) => typeof v === 'number');
  const datasets = input.series.map((series, i) => {
    const color = PALETTE[i % PALETTE.length];
    const data: PlotPoint[] = series.values.map((value, j) => ({
      x: numeric ? (param.values[j] as number) : formatValue(param.values[j]),
      y: value?.mean == null ? null : value.mean / unit.per,
      // Intervals stay in their metric's range (metrics/intervals.ts): drawn as they are.
      low: value?.ci95 == null ? null : value.ci95.low / unit.per,
      high: value?.ci95 == null ? null : value.ci95.high / unit.per,
    }));
    return {
      label: series.variant,
      data,
      borderColor: color,
      backgroundColor: color,
      borderWidth: nestedLineWidth(i, input.series.length, 2),
      pointRadius: 4,
    };
  });
  const bounds = datasets.flatMap((d) =>
    d.data.flatMap((p) => [p.y, p.low, p.high].filter((v) => v !== null)),
  );
  const yMin = bounds.length === 0 ? undefined : axisStart(minOf(bounds), maxOf(bounds));
  const subtitle = [
    metric.description,
    `${input.scenario}: mean and 95% interval over ${replicationsText(input.replications)}` +
      (yMin !== undefined && yMin > 0 ? `; the axis starts at ${yMin}${unit.name === '%' ? '%' : ` ${unit.name}`}, not 0` : ''),
    ...(input.fixed.length === 0 ? [] : [`other parameters at their first value: ${input.fixed.join(', ')}`]),
  ];
  const config: ChartConfiguration<'line', PlotPoint[]> = {
    type: 'line',
    data: { labels: numeric ? undefined : param.values.map(formatValue), datasets },
    plugins: [whiskers],
    options: {
      ...STATIC_OPTIONS,
      scales: {
        x: xAxis(param.values, param.path),
        y: {
          type: 'linear',
          // The axis takes in the whiskers as well as the means (left to Chart.js when nothing has a value).
          ...(bounds.length > 0 && { min: yMin, suggestedMax: maxOf(bounds) }),
          title: {
            display: true,
            text: `${metric.name} (${unit.name}, ${metric.better} is better)`,
            font: AXIS_TITLE_FONT,
          },
        },
      },
      plugins: {
        title: { display: true, text: `${param.path}: its effect on ${metric.name}`, font: TITLE_FONT },
        subtitle: { display: true, text: subtitle, padding: { bottom: 8 } },
        legend: {
          display: true,
          position: 'bottom',
          // The swept parameter and its values, so the legend reads without the axis.
          title: {
            display: true,
            text: `one line per variant across ${param.path} = ${param.values.map(formatValue).join(', ')}`,
          },
        },
      },
    },
  };
  return renderPng(config);
}
