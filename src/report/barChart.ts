/**
 * Bar charts of one value per variant (drift open time, the DORA panels):
 * each bar with its value written above it and, when it has one, its 95%
 * interval as a whisker, so the picture can be read without the tables.
 */
import type { ChartConfiguration } from 'chart.js';
import { barAnnotations } from './barAnnotations.js';
import { AXIS_TITLE_FONT, FONT_FAMILY, PALETTE, STATIC_OPTIONS } from './chartCanvas.ts';
import { maxOf } from '../engine/extremes.ts';

export interface Bar {
  /** The variant. */
  readonly name: string;
  /** In the axis unit; null when there is nothing to measure (drawn as no bar, with its label). */
  readonly value: number | null;
  /** The 95% interval in the axis unit, if any. */
  readonly interval: { readonly low: number; readonly high: number } | null;
  /** Written above the bar: the value as a person reads it ("2h 5m", "4.9%", "no drift"). */
  readonly label: string;
  /** A second line under the variant's name, if any ("97 drift events"). */
  readonly detail?: string;
}

export interface BarPanel {
  readonly title: string;
  readonly subtitle: string;
  /** The y axis title, with its unit. */
  readonly axis: string;
  readonly bars: readonly Bar[];
  /** Draw the values on a log scale (they span decades, and small ones would not show). */
  readonly logScale?: boolean;
}

/** Values this many times apart (one and a half decades) hide the small bars on a linear scale. */
export const LOG_SCALE_SPAN = 30;

/** Whether the bars' positive values are at least LOG_SCALE_SPAN apart. */
export function spansDecades(values: readonly (number | null)[]): boolean {
  const positive = values.filter((v): v is number => v !== null && v > 0);
  return positive.length > 1 && Math.max(...positive) / Math.min(...positive) >= LOG_SCALE_SPAN;
}

/** Room above the tallest bar or whisker for its label. */
const HEADROOM = 1.18;

/** The top of the y axis: the tallest bar or whisker plus room for its label; null when all are 0 or missing. */
export function barAxisMax(bars: readonly Bar[]): number | null {
  const top = Math.max(0, maxOf(bars.map((bar) => Math.max(bar.value ?? 0, bar.interval?.high ?? 0))));
  return top > 0 ? top * HEADROOM : null;
}

/** A log y axis from a round value below the smallest bar to room above the tallest. */
function logAxis(panel: BarPanel) {
  const positive = panel.bars.flatMap((bar) => (bar.value !== null && bar.value > 0 ? [bar.value] : []));
  const low = 10 ** Math.floor(Math.log10(Math.min(...positive) / 2));
  const high = 10 ** Math.ceil(Math.log10((barAxisMax(panel.bars) ?? 1) * 2));
  return {
    type: 'logarithmic' as const,
    min: low,
    max: high,
    ticks: {
      // Powers of ten only, written plainly.
      callback: (value: number | string) =>
        Number.isInteger(Math.log10(Number(value))) ? Number(value).toLocaleString('en-US') : null,
    },
    title: { display: true, text: `${panel.axis}, log scale`, font: AXIS_TITLE_FONT },
  };
}

/** A bar per variant, in the variants' colours, as a PNG chart config. */
export function barChartConfig(
  panel: BarPanel,
  sizes: { readonly title: number; readonly label: number },
): ChartConfiguration<'bar', (number | null)[], string | string[]> {
  const max = barAxisMax(panel.bars);
  return {
    type: 'bar',
    data: {
      // A detail's parts on lines of their own: side by side they run into the next bar's.
      labels: panel.bars.map((bar) => (bar.detail === undefined ? bar.name : [bar.name, ...bar.detail.split(', ')])),
      datasets: [
        {
          label: panel.axis,
          data: panel.bars.map((bar) => bar.value),
          backgroundColor: panel.bars.map((_, i) => PALETTE[i % PALETTE.length]),
          maxBarThickness: 120,
        },
      ],
    },
    plugins: [barAnnotations(panel.bars, `${sizes.label}px ${FONT_FAMILY}`)],
    options: {
      ...STATIC_OPTIONS,
      scales: {
        x: { ticks: { autoSkip: false } },
        y: panel.logScale === true ? logAxis(panel) : {
          min: 0,
          // suggestedMax: the axis ends on a round tick at or above it.
          suggestedMax: max ?? 1,
          // Without a bar above 0, numbers and grid lines would only suggest a scale that is not there.
          ticks: { display: max !== null },
          grid: { display: max !== null },
          title: { display: true, text: panel.axis, font: AXIS_TITLE_FONT },
        },
      },
      plugins: {
        title: { display: true, text: panel.title, font: { size: sizes.title, weight: 'bold' } },
        subtitle: { display: panel.subtitle !== '', text: panel.subtitle, padding: { bottom: 8 } },
        // The x axis names the variants.
        legend: { display: false },
      },
    },
  };
}
