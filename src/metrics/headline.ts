/**
 * The figures a scenario is judged by first: what the verdict reports, what
 * `run --precision` makes precise and what the warnings check can rank the
 * variants. A scenario names its own (`headline:`); these when it does not.
 */
export const HEADLINE_METRICS: readonly string[] = ['correctness', 'convergenceP95Ms'];

/** The scenario's headline metrics, or the default list. */
export function headlineMetrics(headline: readonly string[] | undefined): readonly string[] {
  return headline ?? HEADLINE_METRICS;
}
