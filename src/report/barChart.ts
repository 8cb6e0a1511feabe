/**
 * Bar charts of one value per variant (drift open time, the DORA panels):
 * each bar with its value written above it and, when it has one, its 95%
 * interval as a whisker, so the picture can be read without the tables.
 */
import type { ChartConfiguration } from 'chart.js';
import { barChartSpec } from './barAnnotations.js';
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
}

/** Room above the tallest bar or whisker for its label. */
const HEADROOM = 1.18;

/** The top of the y axis: the tallest bar or whisker plus room for its label; null when all are 0 or missing. */
export function barAxisMax(bars: readonly Bar[]): number | null {
  const top = Math.max(0, maxOf(bars.map((bar) => Math.max(bar.value ?? 0, bar.interval?.high ?? 0))));
  return top > 0 ? top * HEADROOM : null;
}

/** A bar per variant, in the variants' colours, as a PNG chart config. */
export function barChartConfig(
  panel: BarPanel,
  sizes: { readonly title: number; readonly label: number },
): ChartConfiguration<'bar', (number | null)[], string | string[]> {
  return barChartSpec(panel, barAxisMax(panel.bars), {
    color: (i) => PALETTE[i % PALETTE.length],
    labelFont: `${sizes.label}px ${FONT_FAMILY}`,
    title: { display: true, text: panel.title, font: { size: sizes.title, weight: 'bold' } },
    axisTitle: { display: true, text: panel.axis, font: AXIS_TITLE_FONT },
    options: STATIC_OPTIONS,
  });
}
