/**
 * charts/drift-by-kind.png: per drift kind and variant, the median time a
 * drift event stayed open, on a log scale (a self-heal undoes a scale in a
 * second, a moved tag can stay for days). A pale bar: never undone, open
 * until the horizon.
 */
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { VariantSummary } from '../metrics/results.ts';
import { durationTickLabel, durationTicks, niceLogBound } from './chart.ts';
import { AXIS_TITLE_FONT, FONT_FAMILY, PALETTE, renderPng, STATIC_OPTIONS, TITLE_FONT } from './chartCanvas.ts';
import { driftKinds, kindOf } from './driftKinds.ts';

/** A log axis cannot show 0: drift undone at once is drawn at 1 ms, the axis' floor, and labelled (`atOnce`). */
const MIN_PLOTTED_S = 0.001;
/** The alpha of a bar for a kind never undone: the same colour, pale. */
const NEVER_UNDONE_ALPHA = '55';

export interface DriftKindBars {
  readonly kinds: readonly string[];
  /** Per variant, per kind: the median open time in seconds (null: no such drift), and whether any was undone. */
  readonly series: readonly {
    readonly name: string;
    readonly values: readonly (number | null)[];
    readonly neverUndone: readonly boolean[];
  }[];
}

export function driftKindData(variants: readonly VariantSummary[]): DriftKindBars {
  const kinds = driftKinds(variants);
  return {
    kinds,
    series: variants.map((v) => {
      const own = kinds.map((kind) => kindOf(v, kind));
      return {
        name: v.name,
        values: own.map((k) =>
          k === undefined || k.openMs.p50 === null ? null : Math.max(k.openMs.p50 / 1000, MIN_PLOTTED_S),
        ),
        neverUndone: own.map((k) => k !== undefined && k.events > 0 && k.closed === 0),
      };
    }),
  };
}

/**
 * A bar at the axis' floor (drift undone within a millisecond: a moved tag under digests changes nothing) has no
 * height on a log axis and read as missing data: it is labelled "at once" in its colour instead.
 */
const atOnce: Plugin<'bar'> = {
  id: 'driftAtOnce',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const floor = chart.scales.y.bottom;
    ctx.save();
    ctx.font = `12px ${FONT_FAMILY}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      ctx.fillStyle = String(dataset.borderColor);
      dataset.data.forEach((value, j) => {
        if (value === MIN_PLOTTED_S) ctx.fillText('at once', meta.data[j].x, floor - 3);
      });
    });
    ctx.restore();
  },
};

export function driftByKindChart(variants: readonly VariantSummary[], title: string): Promise<Buffer> {
  const data = driftKindData(variants);
  const values = data.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const min = niceLogBound(Math.min(...values, 1), false);
  const max = niceLogBound(Math.max(...values, 10) * 1.5, true);
  const config: ChartConfiguration<'bar', (number | null)[], string> = {
    type: 'bar',
    plugins: [atOnce],
    data: {
      labels: [...data.kinds],
      datasets: data.series.map((s, i) => {
        const color = PALETTE[i % PALETTE.length];
        return {
          label: s.name,
          data: [...s.values],
          backgroundColor: s.neverUndone.map((never) => (never ? `${color}${NEVER_UNDONE_ALPHA}` : color)),
          borderColor: color,
          borderWidth: 1,
        };
      }),
    },
    options: {
      ...STATIC_OPTIONS,
      scales: {
        x: { title: { display: true, text: 'drift kind', font: AXIS_TITLE_FONT } },
        y: {
          type: 'logarithmic',
          min,
          max,
          ticks: { callback: (value) => durationTickLabel(Number(value)), autoSkip: false },
          afterBuildTicks: (axis) => {
            axis.ticks = durationTicks(axis.min, axis.max).map((value) => ({ value }));
          },
          title: { display: true, text: 'median time open (log scale)', font: AXIS_TITLE_FONT },
        },
      },
      plugins: {
        title: { display: true, text: title, font: TITLE_FONT },
        subtitle: {
          display: true,
          text: 'until undone, or the horizon; pooled over replications; pale: never undone (open until the horizon)',
          padding: { bottom: 8 },
        },
        legend: { display: true, position: 'bottom' },
      },
    },
  };
  return renderPng(config);
}
