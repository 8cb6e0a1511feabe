/**
 * From runs to the summary: per variant, pooled distributions (convergence,
 * lead time, drift open time, time to restore), per-replication means with
 * 95% intervals (correctness, availability, load), and pooled shares
 * (rollbackCorrect, change failure rate). Every interval is the one of
 * metrics/estimate.ts, seeded by the scenario seed and the figure's name, so a
 * field that repeats a metric (correctness, zeroReadyMs) has the metric's
 * very interval.
 */
import { changeFigures } from './changeFigures.ts';
import { metricsOf } from './definitions.ts';
import { estimateMetric, meanInterval, metricSamples, type PerRunKind, pairedMetric } from './estimate.ts';
import type {
  DeliveryLoad,
  DriftKindSummary,
  MeanWithInterval,
  PairedDifference,
  RunLoad,
  RunResult,
  VariantSummary,
} from './results.ts';
import { CAPACITY_RESOURCES } from './results.ts';
import { mean, summarizeDistribution } from './statistics.ts';
import { appendAll } from '../engine/extremes.ts';

const DAY_MS = 86_400_000;

export interface VariantInfo {
  readonly name: string;
  readonly delivery: object;
}

/** Every metric's figure over `runs`, with its interval, by name. */
function metricFigures(runs: readonly RunResult[], seed: number | string): Record<string, MeanWithInterval> {
  return Object.fromEntries(metricsOf(runs).map((m) => [m.name, estimateMetric(m, metricSamples(m, runs), seed)]));
}

/** The runs' changes, pooled from each run's figures (changeFigures.ts, one pass over a run's changes). */
function tallyChanges(runs: readonly RunResult[]) {
  const changes = { total: 0, converged: 0, superseded: 0, open: 0 };
  const pooled: number[] = [];
  const runMeans: number[] = [];
  const leadTimes: number[] = [];
  let deployed = 0;
  let badDeployed = 0;
  let eventsProcessed = 0;
  for (const run of runs) {
    const figures = changeFigures(run);
    changes.total += figures.total;
    changes.converged += figures.converged;
    changes.superseded += figures.superseded;
    changes.open += figures.open;
    // Pooled in ascending order per run: summarizeDistribution sorts them, so the order is not a figure's.
    appendAll(pooled, figures.convergenceMs);
    if (figures.convergenceMeanMs !== null) runMeans.push(figures.convergenceMeanMs);
    appendAll(leadTimes, figures.leadTimesMs);
    deployed += figures.convergedReleases;
    badDeployed += figures.badConvergedReleases;
    eventsProcessed += run.eventsProcessed;
  }
  return { changes, pooled, runMeans, leadTimes, deployed, badDeployed, eventsProcessed };
}

/**
 * `seed`: the scenario's, which seeds every interval's resamples. The loops over a run's records
 * are functions of their own (tallyChanges, driftSummary): this one runs once per variant, and
 * kept free of loops it is never hot enough for V8 to optimize, which would compile everything it
 * calls into it (some 130 ms of a compiler thread, again after each deoptimization, in every
 * sweep thread: `--trace-opt`).
 */
export function summarizeVariant(
  variant: VariantInfo,
  runs: readonly RunResult[],
  seed: number | string = 1,
): VariantSummary {
  const { changes, pooled, runMeans, leadTimes, deployed, badDeployed, eventsProcessed } = tallyChanges(runs);
  // Each interval is seeded by the seed and its figure's name alone, so the fields that repeat a
  // metric (correctness, deploymentsPerDay, ...) read its figure rather than estimate it again.
  const metrics = metricFigures(runs, seed);
  const rollbacks = runs.flatMap((r) => r.rollbacks);
  const correctRollbacks = rollbacks.filter((r) => r.correct).length;
  const finishedRollbacks = rollbacks.filter((r) => r.finished).length;
  const credentialsOutsideCluster = runs.some((r) => r.credentialsOutsideCluster);
  return {
    name: variant.name,
    delivery: variant.delivery,
    replications: runs.length,
    changes,
    convergenceMs: summarizeDistribution(pooled),
    meanConvergenceMs: meanInterval(runMeans, seed, 'convergenceMeanMs', 'measure'),
    appliesPerRun: meanInterval(
      runs.map((r) => r.applies),
      seed,
      'appliesPerRun',
      'events',
    ),
    gitFetchesPerRun: meanInterval(
      runs.map((r) => r.gitFetches),
      seed,
      'gitFetches',
      'events',
    ),
    loadPerRun: perRun(runs, (r) => r.load, RUN_LOAD_KINDS, seed),
    correctness: metrics.correctness,
    silentDivergenceMs: metrics.silentDivergenceMs,
    availability: metrics.availability,
    zeroReadyMs: metrics.zeroReadyMs,
    drift: driftSummary(runs),
    rollbacks: {
      total: rollbacks.length,
      finished: finishedRollbacks,
      correct: correctRollbacks,
      unfinished: rollbacks.length - finishedRollbacks,
      rollbackCorrect: finishedRollbacks > 0 ? correctRollbacks / finishedRollbacks : null,
    },
    dora: {
      deploymentsPerDay: metrics.deploymentsPerDay,
      leadTimeMs: summarizeDistribution(leadTimes),
      changeFailureRate: deployed > 0 ? badDeployed / deployed : null,
      timeToRestoreMs: summarizeDistribution(
        rollbacks.flatMap((r) => (r.restoreMs === null ? [] : [r.restoreMs])),
      ),
    },
    deliveryPerRun: perRun(runs, (r) => r.delivery, DELIVERY_LOAD_KINDS, seed),
    exposure: {
      credentialsOutsideCluster,
      exposureMsPerRun: runs.length > 0 ? mean(runs.map((r) => r.exposureMs)) : 0,
    },
    eventsProcessed,
    metrics,
    vsBaseline: {},
    bottleneck: mostCommon(runs.flatMap((r) => (r.capacity === null ? [] : [r.capacity.bottleneck]))),
    waitMsPerRun: meanWaits(runs, 'waitMs'),
    attributedWaitMsPerRun: meanWaits(runs, 'attributedWaitMs'),
    ...environmentsSummary(runs, seed),
  };
}

/** Per environment, pooled over the runs; nothing without environments (the summary stays as it was). */
function environmentsSummary(runs: readonly RunResult[], seed: number | string): Pick<VariantSummary, 'environments'> {
  const records = runs.flatMap((r) => (r.environments === undefined ? [] : [r.environments]));
  if (records.length === 0) return {};
  return {
    environments: records[0].map((first, env) => {
      const own = records.map((r) => r[env]);
      const badReached = own.reduce((n, e) => n + e.badReached, 0);
      return {
        name: first.name,
        deploymentsPerDay: meanInterval(
          runs.map((r) => (r.environments?.[env].deployments ?? 0) / (r.horizonMs / DAY_MS)),
          seed,
          `deploymentsPerDay@${first.name}`,
          'measure',
        ),
        leadTimeMs: summarizeDistribution(own.flatMap((e) => e.leadTimesMs)),
        badReached,
        found: own.reduce((n, e) => n + e.found, 0),
        gateWaitMs: summarizeDistribution(own.flatMap((e) => e.gateWaitsMs)),
        releasesPerApproval: summarizeDistribution(own.flatMap((e) => e.releasesPerApproval)),
      };
    }),
  };
}

/** Drift events pooled over the runs, in all and per kind; read in one pass, as a long run has many. */
function driftSummary(runs: readonly RunResult[]): VariantSummary['drift'] {
  const all = { closed: 0, openMs: [] as number[] };
  const byKind = new Map<string, { closed: number; openMs: number[] }>();
  for (const run of runs) {
    for (const d of run.drifts) {
      let own = byKind.get(d.kind);
      if (own === undefined) {
        own = { closed: 0, openMs: [] };
        byKind.set(d.kind, own);
      }
      for (const pool of [all, own]) {
        if (d.closed) pool.closed++;
        pool.openMs.push(d.openMs);
      }
    }
  }
  return {
    events: all.openMs.length,
    closed: all.closed,
    openMs: summarizeDistribution(all.openMs),
    byKind: [...byKind.keys()].sort().map((kind): DriftKindSummary => {
      const own = byKind.get(kind)!;
      return { kind, events: own.openMs.length, closed: own.closed, openMs: summarizeDistribution(own.openMs) };
    }),
  };
}

/** Mean per run of each resource's waiting time, over the runs with a capacity record; null without any. */
function meanWaits(runs: readonly RunResult[], key: 'waitMs' | 'attributedWaitMs'): Record<string, number> | null {
  const records = runs.flatMap((r) => (r.capacity === null ? [] : [r.capacity]));
  if (records.length === 0) return null;
  return Object.fromEntries(
    CAPACITY_RESOURCES.map((resource) => [
      resource,
      Math.round(records.reduce((total, c) => total + c[key][resource], 0) / records.length),
    ]),
  );
}

/** The most frequent value; on a tie the one seen first. */
function mostCommon(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) if (best === null || count > counts.get(best)!) best = value;
  return best;
}

/** Each metric of `runs` minus the baseline's, paired by replication. */
export function pairedAgainst(
  runs: readonly RunResult[],
  baseline: readonly RunResult[],
  seed: number | string = 1,
): Record<string, PairedDifference> {
  const byReplication = new Map(baseline.map((r) => [r.replication, r]));
  const paired = runs.filter((r) => byReplication.has(r.replication));
  const partners = paired.map((r) => byReplication.get(r.replication)!);
  const result: Record<string, PairedDifference> = {};
  for (const m of metricsOf(runs)) {
    result[m.name] = pairedMetric(m, metricSamples(m, paired), metricSamples(m, partners), seed);
  }
  return result;
}

/** What each field of a run's load record counts (a new field must say). */
const RUN_LOAD_KINDS: { readonly [K in keyof RunLoad]: PerRunKind } = {
  apiRequests: 'events',
  apiThrottledMs: 'measure',
  imagePulls: 'events',
  imagePullBytes: 'measure',
  failedPulls: 'events',
  podsCreated: 'events',
  nodeFailures: 'events',
  evictions: 'events',
  crashes: 'events',
  ciReleases: 'events',
  ciFailures: 'events',
};

/** What each field of a run's delivery-system load record counts. */
const DELIVERY_LOAD_KINDS: { readonly [K in keyof DeliveryLoad]: PerRunKind } = {
  gitFetches: 'events',
  refreshes: 'events',
  syncs: 'events',
  syncFailures: 'events',
  apiRequests: 'events',
  apiThrottledMs: 'measure',
  maxQueueDepth: 'measure',
};

/** Mean with interval of every field of a per-run record, keyed like the record. */
function perRun<T extends RunLoad | DeliveryLoad>(
  runs: readonly RunResult[],
  pick: (run: RunResult) => T,
  kinds: { readonly [K in keyof T]: PerRunKind },
  seed: number | string,
): { readonly [K in keyof T]: MeanWithInterval } {
  const keys = runs.length > 0 ? (Object.keys(pick(runs[0])) as (keyof T & string)[]) : [];
  const result = {} as { [K in keyof T]: MeanWithInterval };
  for (const key of keys)
    result[key] = meanInterval(
      runs.map((r) => pick(r)[key] as number),
      seed,
      key,
      kinds[key],
    );
  return result;
}

/** `runs` grouped by variant in the order of `variants`, each compared with the `baseline` variant. */
export function summarizeVariants(
  variants: readonly VariantInfo[],
  runs: readonly RunResult[],
  baseline = variants[0]?.name,
  seed: number | string = 1,
): VariantSummary[] {
  const baselineRuns = runs.filter((r) => r.variant === baseline);
  return variants.map((v) => {
    const own = runs.filter((r) => r.variant === v.name);
    const summary = summarizeVariant(v, own, seed);
    return v.name === baseline ? summary : { ...summary, vsBaseline: pairedAgainst(own, baselineRuns, seed) };
  });
}
