/**
 * From runs to the summary: per variant, pooled convergence percentiles and
 * per-replication means with 95% intervals.
 */
import type { MeanWithInterval, RunLoad, RunResult, VariantSummary } from './results.ts';
import { mean, meanWithInterval, summarizeDistribution } from './statistics.ts';

export interface VariantInfo {
  readonly name: string;
  readonly delivery: Readonly<Record<string, unknown>>;
}

export function summarizeVariant(variant: VariantInfo, runs: readonly RunResult[]): VariantSummary {
  const changes = { total: 0, converged: 0, superseded: 0, open: 0 };
  const pooled: number[] = [];
  const runMeans: number[] = [];
  let eventsProcessed = 0;
  for (const run of runs) {
    const times: number[] = [];
    for (const change of run.changes) {
      changes.total++;
      changes[change.outcome.state]++;
      if (change.outcome.state === 'converged') times.push(change.outcome.convergenceMs);
    }
    pooled.push(...times);
    if (times.length > 0) runMeans.push(mean(times));
    eventsProcessed += run.eventsProcessed;
  }
  return {
    name: variant.name,
    delivery: variant.delivery,
    replications: runs.length,
    changes,
    convergenceMs: summarizeDistribution(pooled),
    meanConvergenceMs: meanWithInterval(runMeans),
    appliesPerRun: meanWithInterval(runs.map((r) => r.applies)),
    gitFetchesPerRun: meanWithInterval(runs.map((r) => r.gitFetches)),
    loadPerRun: loadPerRun(runs),
    eventsProcessed,
  };
}

function loadPerRun(runs: readonly RunResult[]): VariantSummary['loadPerRun'] {
  const keys = runs.length > 0 ? (Object.keys(runs[0].load) as (keyof RunLoad)[]) : [];
  const result: Partial<Record<keyof RunLoad, MeanWithInterval>> = {};
  for (const key of keys) result[key] = meanWithInterval(runs.map((r) => r.load[key]));
  return result as VariantSummary['loadPerRun'];
}

/** `runs` grouped by variant in the order of `variants`. */
export function summarizeVariants(
  variants: readonly VariantInfo[],
  runs: readonly RunResult[],
): VariantSummary[] {
  return variants.map((v) =>
    summarizeVariant(
      v,
      runs.filter((r) => r.variant === v.name),
    ),
  );
}

