/**
 * `run --precision 5%`: add replications until every headline figure's 95%
 * interval is within ±5% of the figure. Replications are added in their own
 * order (0, 1, 2, ...: each seeded by its index), doubling the count each
 * round, so a report made this way equals a plain run with the count reached.
 */
import { HEADLINE_METRICS } from './headline.ts';
import type { VariantSummary } from './results.ts';

/** Where --precision stops adding replications: at ~0.1 s a run, 200 x 4 variants stay near a minute and a half. */
export const PRECISION_MAX_REPLICATIONS = 200;

/** A headline figure whose interval is wider than asked. */
export interface ImpreciseFigure {
  readonly variant: string;
  readonly metric: string;
  /** Half the interval's width over the figure; null without an interval. */
  readonly relativeHalfWidth: number | null;
}

/** Reads "5%" or "0.05" as a relative half-width; undefined when it is neither or not in (0, 1). */
export function parsePrecision(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (match === null) return undefined;
  const value = Number(match[2] === '%' ? `${match[1]}e-2` : match[1]);
  return value > 0 && value < 1 ? value : undefined;
}

/** Headline figures of any variant not yet within ±`target` of themselves; those with nothing to measure are left out. */
export function impreciseFigures(
  variants: readonly VariantSummary[],
  target: number,
  headline: readonly string[] = HEADLINE_METRICS,
): ImpreciseFigure[] {
  return variants.flatMap((v) =>
    headline.flatMap((metric): ImpreciseFigure[] => {
      const value = v.metrics[metric];
      if (value === undefined || value.mean === null) return [];
      if (value.ci95 === null) return [{ variant: v.name, metric, relativeHalfWidth: null }];
      const halfWidth = (value.ci95.high - value.ci95.low) / 2;
      if (halfWidth === 0) return [];
      const relative = value.mean === 0 ? Number.POSITIVE_INFINITY : halfWidth / Math.abs(value.mean);
      return relative <= target ? [] : [{ variant: v.name, metric, relativeHalfWidth: relative }];
    }),
  );
}

/** The next count to try: double, up to the cap (at least 2, the fewest with an interval). */
export function nextReplications(replications: number): number {
  return Math.min(PRECISION_MAX_REPLICATIONS, Math.max(2, replications * 2));
}
