/**
 * charts/failed-requests.png, for scenarios with traffic: failed requests per
 * variant (the mean over replications, with its 95% interval), and under each
 * bar how long promotions took and how many rollouts analysis aborted, so
 * strategies can be compared on the same releases at a glance.
 */
import type { VariantSummary } from '../metrics/results.ts';
import { type BarPanel, barChartConfig, spansDecades } from './barChart.ts';
import { renderPng } from './chartCanvas.ts';
import { formatMs } from './format.ts';

const NO_VALUE = { mean: null, ci95: null };

/** Whether the variants served traffic (the scenario has a `traffic` section). */
export function hasTraffic(variants: readonly VariantSummary[]): boolean {
  return variants.some((v) => (v.metrics.failedRequests ?? NO_VALUE).mean !== null);
}

export function failedRequestsData(variants: readonly VariantSummary[], title: string): BarPanel {
  return {
    // Strategies differ by orders of magnitude: a linear axis hides the small ones.
    logScale: spansDecades(variants.map((v) => v.metrics.failedRequests?.mean ?? null)),
    title,
    subtitle:
      'requests that found no Ready pod or a bad release, all apps: mean over runs; whiskers: 95% interval',
    axis: 'failed requests per run (expected count)',
    bars: variants.map((v) => {
      const { mean, ci95 } = v.metrics.failedRequests ?? NO_VALUE;
      const promotion = v.metrics.promotionMs?.mean ?? null;
      const aborted = v.metrics.abortedRollouts?.mean ?? null;
      return {
        name: v.name,
        detail:
          promotion === null
            ? 'no progressive rollout'
            : `promotion ${formatMs(promotion)}, ${Number((aborted ?? 0).toFixed(1))} aborted`,
        value: mean,
        // A count is never negative; its t-interval can reach below 0.
        interval: ci95 === null ? null : { low: Math.max(0, ci95.low), high: ci95.high },
        label: mean === null ? 'no traffic' : Math.round(mean).toLocaleString('en-US'),
      };
    }),
  };
}

/** A PNG of failedRequestsData. */
export function failedRequestsChart(variants: readonly VariantSummary[], title: string): Promise<Buffer> {
  return renderPng(barChartConfig(failedRequestsData(variants, title), { title: 18, label: 13 }));
}
