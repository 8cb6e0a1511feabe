/**
 * charts/dora.png: the four DORA metrics side by side, a panel each with its
 * own unit (they share none) and a bar per variant.
 */
import type { MeanWithInterval, VariantSummary } from '../metrics/results.ts';
import { type Bar, type BarPanel, barChartConfig } from './barChart.ts';
import { blankCanvas, FONT_FAMILY, WIDTH, withChart } from './chartCanvas.ts';
import { durationUnit } from './chartData.ts';
import { formatMs } from './format.ts';
import { maxOf } from '../engine/extremes.ts';

const PANEL_WIDTH = WIDTH / 2;
const PANEL_HEIGHT = 330;
const TITLE_HEIGHT = 40;
export const DORA_HEIGHT = TITLE_HEIGHT + 2 * PANEL_HEIGHT;

function meanBar(name: string, value: MeanWithInterval): Bar {
  return {
    name,
    value: value.mean,
    interval: value.ci95,
    label: value.mean === null ? 'n/a' : perDayLabel(value.mean),
  };
}

/** Two decimals where they matter ("0.57"); a fleet's thousands grouped, as the axis groups them ("1,200,384"). */
export function perDayLabel(perDay: number): string {
  const text = perDay.toFixed(2);
  return Number(text) >= 1000 ? Math.round(perDay).toLocaleString('en-US') : text;
}

/** A duration metric's figure per variant as bars with whiskers, in a unit that fits the largest: the tables' figure. */
function durationPanel(
  variants: readonly VariantSummary[],
  metric: string,
  text: { title: string; subtitle: string; axis: string; none: string },
): BarPanel {
  const value = (v: VariantSummary): MeanWithInterval => v.metrics[metric] ?? { mean: null, ci95: null };
  const unit = durationUnit(
    Math.max(0, maxOf(variants.map((v) => Math.max(value(v).mean ?? 0, value(v).ci95?.high ?? 0)))),
  );
  return {
    title: text.title,
    subtitle: text.subtitle,
    axis: `${text.axis} (${unit.name})`,
    bars: variants.map((v) => {
      const { mean, ci95 } = value(v);
      return {
        name: v.name,
        value: mean === null ? null : mean / unit.ms,
        interval: ci95 === null ? null : { low: ci95.low / unit.ms, high: ci95.high / unit.ms },
        label: mean === null ? text.none : formatMs(mean),
      };
    }),
  };
}

/**
 * The four panels: deployment frequency, lead time, change failure rate, time to restore. With
 * environments, lead time is to production and counts every commit, those a batch carried too (DORA's
 * definition), as the other three panels are production's: leadTimeMeanMs counts only the commits
 * whose own build was released, which flatters a gate that batches.
 */
export function doraData(variants: readonly VariantSummary[]): BarPanel[] {
  const toProduction = variants.some((v) => v.metrics.leadTimeToProductionMeanMs !== undefined);
  return [
    {
      title: 'Deployments per day (higher is better)',
      subtitle: 'releases that converged; mean over replications, whiskers: 95% interval',
      axis: 'releases per day',
      bars: variants.map((v) => meanBar(v.name, v.dora.deploymentsPerDay)),
    },
    durationPanel(variants, toProduction ? 'leadTimeToProductionMeanMs' : 'leadTimeMeanMs', {
      title: 'Lead time, mean (lower is better)',
      subtitle: toProduction
        ? 'commit to running in production, batched commits too; whiskers: 95% interval'
        : 'code commit to running everywhere; whiskers: 95% interval',
      axis: 'lead time',
      none: 'n/a',
    }),
    {
      title: 'Change failure rate (lower is better)',
      subtitle: 'bad releases among those that converged, pooled; whiskers: 95% interval (Wilson)',
      axis: 'change failure rate (%)',
      bars: variants.map((v) => {
        const rate = v.dora.changeFailureRate;
        const ci95 = v.metrics.changeFailureRate?.ci95 ?? null;
        return {
          name: v.name,
          value: rate === null ? null : rate * 100,
          interval: ci95 === null ? null : { low: ci95.low * 100, high: ci95.high * 100 },
          label: rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`,
        };
      }),
    },
    durationPanel(variants, 'timeToRestoreMeanMs', {
      title: 'Time to restore, mean (lower is better)',
      subtitle: 'bad release found to known-good bytes back; whiskers: 95% interval',
      axis: 'time to restore',
      none: 'no restore',
    }),
  ];
}

/** A PNG of the four panels of doraData in a 2 x 2 grid under one title. */
export async function doraChart(variants: readonly VariantSummary[], title: string): Promise<Buffer> {
  const canvas = await blankCanvas(WIDTH, DORA_HEIGHT);
  const ctx = canvas.getContext('2d');
  // As Chart.js draws its titles, so the figure title matches the charts'.
  ctx.fillStyle = '#666666';
  ctx.font = `bold 18px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(title, WIDTH / 2, TITLE_HEIGHT / 2 + 4);
  const panels = doraData(variants);
  for (const [i, panel] of panels.entries()) {
    await withChart(barChartConfig(panel, { title: 15, label: 12 }), PANEL_WIDTH, PANEL_HEIGHT, (drawn) =>
      // The panel has PIXEL_RATIO times its layout size in pixels: drawn back into its layout box.
      ctx.drawImage(drawn, (i % 2) * PANEL_WIDTH, TITLE_HEIGHT + Math.floor(i / 2) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT),
    );
  }
  return canvas.encode('png');
}
