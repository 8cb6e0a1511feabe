/**
 * What a reader of a summary should know before trusting its numbers: too few
 * replications for an interval to mean much, and headline figures whose
 * intervals are too wide to rank a variant against the baseline.
 */
import { HEADLINE_METRICS } from './headline.ts';
import type { PairedDifference, VariantSummary } from './results.ts';

/** Fewer replications than this and the report says its intervals are rough. */
export const MIN_REPLICATIONS = 5;

export type SummaryWarning =
  | { readonly kind: 'fewReplications'; readonly replications: number; readonly minimum: number }
  | {
      readonly kind: 'cannotRank';
      readonly variant: string;
      readonly baseline: string;
      readonly metric: string;
      /** The variant minus the baseline: its interval holds 0 although the figures differ. */
      readonly difference: PairedDifference;
    };

export function summaryWarnings(
  replications: number,
  variants: readonly VariantSummary[],
  baseline: string,
  headline: readonly string[] = HEADLINE_METRICS,
): SummaryWarning[] {
  const warnings: SummaryWarning[] = [];
  if (replications < MIN_REPLICATIONS) {
    warnings.push({ kind: 'fewReplications', replications, minimum: MIN_REPLICATIONS });
  }
  for (const v of variants) {
    if (v.name === baseline) continue;
    for (const metric of headline) {
      const difference = v.vsBaseline[metric];
      if (difference === undefined || difference.mean === null || difference.mean === 0) continue;
      const ci = difference.ci95;
      if (ci === null || (ci.low <= 0 && ci.high >= 0)) {
        warnings.push({ kind: 'cannotRank', variant: v.name, baseline, metric, difference });
      }
    }
  }
  return warnings;
}
