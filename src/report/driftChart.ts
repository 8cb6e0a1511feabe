/**
 * charts/drift-open.png: how long drift stays before it is undone, per
 * variant: the mean over replications of each run's mean open time, with its
 * 95% interval.
 */
import type { VariantSummary } from '../metrics/results.ts';
import { type BarPanel, barChartConfig } from './barChart.ts';
import { renderPng } from './chartCanvas.ts';
import { durationUnit } from './chartData.ts';
import { formatMs } from './format.ts';
import { maxOf } from '../engine/extremes.ts';

const NO_VALUE = { mean: null, ci95: null };

export function driftOpenData(variants: readonly VariantSummary[], title: string): BarPanel {
  const values = variants.map((v) => v.metrics.driftOpenMeanMs ?? NO_VALUE);
  const unit = durationUnit(Math.max(0, maxOf(values.map((m) => Math.max(m.mean ?? 0, m.ci95?.high ?? 0)))));
  const anyDrift = variants.some((v) => v.drift.events > 0);
  return {
    title,
    subtitle: anyDrift
      ? 'from a drift event until it is undone (or the horizon): mean of the runs’ means; whiskers: 95% interval'
      : 'no drift in this scenario',
    axis: `mean time drift stays open (${unit.name})`,
    bars: variants.map((v, i) => {
      const { mean, ci95 } = values[i];
      return {
        name: v.name,
        detail: `${v.drift.events} drift event${v.drift.events === 1 ? '' : 's'}`,
        value: mean === null ? null : mean / unit.ms,
        interval: ci95 === null ? null : { low: ci95.low / unit.ms, high: ci95.high / unit.ms },
        label: mean === null ? 'no drift' : formatMs(mean),
      };
    }),
  };
}

/** A PNG of driftOpenData. */
export function driftOpenChart(variants: readonly VariantSummary[], title: string): Promise<Buffer> {
  return renderPng(barChartConfig(driftOpenData(variants, title), { title: 18, label: 13 }));
}
