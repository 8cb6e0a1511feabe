import type { RunLoad, VariantSummary } from '../../src/metrics/results.ts';

/** A run that cost nothing, for tests that do not look at load. */
export const ZERO_LOAD: RunLoad = {
  apiRequests: 0,
  apiThrottledMs: 0,
  imagePulls: 0,
  imagePullBytes: 0,
  failedPulls: 0,
  podsCreated: 0,
  nodeFailures: 0,
  evictions: 0,
  crashes: 0,
  ciReleases: 0,
  ciFailures: 0,
};

/** The summary of runs that cost nothing. */
export const ZERO_LOAD_SUMMARY = Object.fromEntries(
  Object.keys(ZERO_LOAD).map((k) => [k, { mean: 0, ci95: { low: 0, high: 0 } }]),
) as VariantSummary['loadPerRun'];
