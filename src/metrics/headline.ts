/**
 * The figures a scenario is judged by first: what `run --precision` makes
 * precise and what the warnings check can rank the variants. One list, until
 * scenarios name their own.
 */
export const HEADLINE_METRICS: readonly string[] = ['correctness', 'convergenceP95Ms'];
