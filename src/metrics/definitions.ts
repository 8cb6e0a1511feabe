/**
 * Every metric a report, a comparison, a sweep chart or a regression gate can
 * name: one definition each, with its unit, which direction is better, and how
 * to read it from one run. The single source of truth for metric names.
 */
import { changeFigures } from './changeFigures.ts';
import type { RunResult } from './results.ts';
import { mean, percentile } from './statistics.ts';

export type MetricUnit = 'ms' | 'ratio' | 'count' | 'perDay' | 'bytes';

/** The values a figure can take: a share in [0, 1], or a duration, count or rate >= 0 with no top. */
export type MetricRange = 'share' | 'nonNegative';

/**
 * How the runs of a variant make the figure, and so how its interval is found
 * (metrics/estimate.ts):
 * - runMean: the mean over replications of the run's value (`perRun`); expanded
 *   percentile bootstrap over replications;
 * - pooledQuantile: the p-th percentile of every value of every replication
 *   pooled (what "p95 convergence" means: 95% of changes converge within it);
 *   expanded percentile bootstrap resampling whole replications, so changes of
 *   one run stay together;
 * - pooledShare: successes over trials of every replication pooled; Wilson
 *   score interval.
 */
export type Aggregation =
  | { readonly kind: 'runMean' }
  | {
      readonly kind: 'pooledQuantile';
      readonly p: number;
      /** The run's values in ascending order (kept per run, read by every report of it: not to be changed). */
      readonly values: (run: RunResult) => readonly number[];
    }
  | { readonly kind: 'pooledShare'; readonly counts: (run: RunResult) => readonly [number, number] };

export interface MetricDefinition {
  readonly name: string;
  readonly description: string;
  readonly unit: MetricUnit;
  readonly better: 'lower' | 'higher';
  readonly range: MetricRange;
  readonly aggregation: Aggregation;
  /** The value for one run; null when the run has nothing to measure (no converged change, no rollback). */
  readonly perRun: (run: RunResult) => number | null;
  /**
   * A count of events in a run (not a depth or a batch size): at 0 in every run its interval is the
   * Poisson bound (metrics/estimate.ts), since no event seen is no proof there are none.
   */
  readonly countsEvents?: true;
}

/** Whether `value` is one that `metric` can take (its MetricRange). */
export function inMetricRange(metric: MetricDefinition, value: number): boolean {
  return value >= 0 && (metric.range !== 'share' || value <= 1);
}

/** The values `metric` can take, in words. */
export function metricRangeText(metric: MetricDefinition): string {
  return metric.range === 'share' ? 'from 0 to 1' : '>= 0';
}

const RUN_MEAN: Aggregation = { kind: 'runMean' };

/** How a metric's interval is found, in words (the metric table of the README says the same). */
export function intervalMethod(metric: MetricDefinition): string {
  switch (metric.aggregation.kind) {
    case 'runMean':
      return 'mean over replications; expanded percentile bootstrap over replications, at least the Student t interval';
    case 'pooledQuantile':
      return `p${metric.aggregation.p} of all replications pooled; expanded percentile bootstrap resampling replications, at least the Student t interval`;
    case 'pooledShare':
      return 'share of all replications pooled; Wilson score interval';
  }
}

const DAY_MS = 86_400_000;

/** Each run's convergence times, ascending: every convergence metric of every report reads them. */
function convergenceTimes(run: RunResult): readonly number[] {
  return changeFigures(run).convergenceMs;
}

function convergenceQuantile(p: number): (run: RunResult) => number | null {
  return (run) => {
    const times = convergenceTimes(run);
    return times.length === 0 ? null : percentile(times, p);
  };
}

function pooledConvergence(p: number): Aggregation {
  return { kind: 'pooledQuantile', p, values: convergenceTimes };
}

/** Correct rollbacks over finished ones: a rollback still under way at the next change or the horizon is not judged. */
function rollbackCounts(run: RunResult): readonly [number, number] {
  return [run.rollbacks.filter((r) => r.correct).length, run.rollbacks.filter((r) => r.finished).length];
}

function unfinishedRollbackCounts(run: RunResult): readonly [number, number] {
  return [run.rollbacks.filter((r) => !r.finished).length, run.rollbacks.length];
}

function unfinishedMassChangeCounts(run: RunResult): readonly [number, number] {
  return [run.massChanges.filter((m) => m.convergedMs === null).length, run.massChanges.length];
}

/** Changes that never converged (superseded by a newer one first, or still open at the horizon) of all changes. */
function unconvergedChangeCounts(run: RunResult): readonly [number, number] {
  const { total, converged } = changeFigures(run);
  return [total - converged, total];
}

function badDeployedCounts(run: RunResult): readonly [number, number] {
  const { badConvergedReleases, convergedReleases } = changeFigures(run);
  return [badConvergedReleases, convergedReleases];
}

function share([k, n]: readonly [number, number]): number | null {
  return n === 0 ? null : k / n;
}

function meanOrNull(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : mean(xs);
}

export const METRICS: readonly MetricDefinition[] = [
  {
    name: 'convergenceMeanMs',
    description: 'Mean over replications of the mean time from a config commit to the app converged',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => meanOrNull(convergenceTimes(run)),
  },
  {
    name: 'convergenceP50Ms',
    description: 'Median time from a config commit to the app converged, all replications pooled',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: pooledConvergence(50),
    perRun: convergenceQuantile(50),
  },
  {
    name: 'convergenceP95Ms',
    description:
      '95th percentile of the time from a config commit to the app converged, all replications pooled',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: pooledConvergence(95),
    perRun: convergenceQuantile(95),
  },
  {
    name: 'convergenceRunP95MeanMs',
    description:
      "Mean over replications of each run's own 95th percentile convergence time (not convergenceP95Ms: few changes per run bias it)",
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: convergenceQuantile(95),
  },
  {
    name: 'convergenceP99Ms',
    description:
      '99th percentile of the time from a config commit to the app converged, all replications pooled',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: pooledConvergence(99),
    perRun: convergenceQuantile(99),
  },
  {
    name: 'convergenceUnfinished',
    description:
      'Share of config changes that never converged (superseded by a newer change first, or still open at the horizon), all replications pooled: the convergence times and lead time leave them out',
    unit: 'ratio',
    better: 'lower',
    range: 'share',
    aggregation: { kind: 'pooledShare', counts: unconvergedChangeCounts },
    perRun: (run) => share(unconvergedChangeCounts(run)),
  },
  {
    name: 'correctness',
    description: 'Correct replica-time over desired replica-time (Ready on the bytes Git intends)',
    unit: 'ratio',
    better: 'higher',
    range: 'share',
    aggregation: RUN_MEAN,
    perRun: (run) =>
      run.health.desiredReplicaMs > 0 ? run.health.correctReplicaMs / run.health.desiredReplicaMs : null,
  },
  {
    name: 'silentDivergenceMs',
    description: 'Time showing in sync while running other bytes than Git intends, summed over apps',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.health.silentDivergenceMs,
  },
  {
    name: 'availability',
    description: 'Share of app-time with at least replicas - maxUnavailable Ready',
    unit: 'ratio',
    better: 'higher',
    range: 'share',
    aggregation: RUN_MEAN,
    perRun: (run) => (run.health.appMs > 0 ? run.health.availableMs / run.health.appMs : null),
  },
  {
    name: 'zeroReadyMs',
    description: 'Time with no Ready replica while some are desired, summed over apps',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.health.zeroReadyMs,
  },
  {
    name: 'driftOpenMeanMs',
    description: 'Mean time from a drift event until it is undone (or the horizon)',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => meanOrNull(Array.from(run.drifts, (d) => d.openMs)),
  },
  {
    name: 'rollbackCorrect',
    description:
      'Share of finished rollbacks that restored the known-good bytes (unfinished ones are not judged), all replications pooled',
    unit: 'ratio',
    better: 'higher',
    range: 'share',
    aggregation: { kind: 'pooledShare', counts: rollbackCounts },
    perRun: (run) => share(rollbackCounts(run)),
  },
  {
    name: 'rollbackUnfinished',
    description: "Share of rollbacks not finished before the app's next commit or the horizon, all replications pooled",
    unit: 'ratio',
    better: 'lower',
    range: 'share',
    aggregation: { kind: 'pooledShare', counts: unfinishedRollbackCounts },
    perRun: (run) => share(unfinishedRollbackCounts(run)),
  },
  {
    name: 'deploymentsPerDay',
    description: 'Releases that reached production, per day',
    unit: 'perDay',
    better: 'higher',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => changeFigures(run).convergedReleases / (run.horizonMs / DAY_MS),
  },
  {
    name: 'leadTimeMeanMs',
    description: 'Mean time from a code commit to its release running everywhere',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => meanOrNull(changeFigures(run).leadTimesMs),
  },
  {
    name: 'changeFailureRate',
    description: 'Share of releases in production that were bad, all replications pooled',
    unit: 'ratio',
    better: 'lower',
    range: 'share',
    aggregation: { kind: 'pooledShare', counts: badDeployedCounts },
    perRun: (run) => share(badDeployedCounts(run)),
  },
  {
    name: 'timeToRestoreMeanMs',
    description: 'Mean time from finding a bad release to the known-good bytes running again',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => meanOrNull(run.rollbacks.flatMap((r) => (r.restoreMs === null ? [] : [r.restoreMs]))),
  },
  {
    name: 'apiRequests',
    description: 'Writes of the Deployment and ReplicaSet controllers',
    unit: 'count',
    countsEvents: true,
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.load.apiRequests,
  },
  {
    name: 'apiThrottledMs',
    description: 'Time those writes waited for the client rate limiter',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.load.apiThrottledMs,
  },
  {
    name: 'imagePulls',
    description: 'Image pulls from the registry',
    unit: 'count',
    countsEvents: true,
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.load.imagePulls,
  },
  {
    name: 'imagePullBytes',
    description: 'Bytes pulled from the registry',
    unit: 'bytes',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.load.imagePullBytes,
  },
  {
    name: 'gitFetches',
    description: 'Git fetches by the delivery system',
    unit: 'count',
    countsEvents: true,
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.delivery.gitFetches,
  },
  {
    name: 'deliveryApiRequests',
    description: "Requests of the delivery system's own Kubernetes client",
    unit: 'count',
    countsEvents: true,
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.delivery.apiRequests,
  },
  {
    name: 'deliveryMaxQueueDepth',
    description: "The deepest the delivery system's work queues got",
    unit: 'count',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.delivery.maxQueueDepth,
  },
  {
    name: 'massChangeAppliedMs',
    description:
      'From a commit to every app at once until every app is applied (mean over the mass changes applied by the horizon)',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => meanOrNull(run.massChanges.flatMap((m) => (m.appliedMs === null ? [] : [m.appliedMs]))),
  },
  {
    name: 'massChangeConvergedMs',
    description:
      'From a commit to every app at once until every app runs it (mean over the mass changes that got there by the horizon)',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) =>
      meanOrNull(run.massChanges.flatMap((m) => (m.convergedMs === null ? [] : [m.convergedMs]))),
  },
  {
    name: 'massChangeUnfinished',
    description:
      'Share of mass changes not running on every app by the horizon, all replications pooled: the two mass change times leave them out',
    unit: 'ratio',
    better: 'lower',
    range: 'share',
    aggregation: { kind: 'pooledShare', counts: unfinishedMassChangeCounts },
    perRun: (run) => share(unfinishedMassChangeCounts(run)),
  },
  {
    name: 'effectiveRefreshPeriodMs',
    description: 'Mean time between two refreshes of one app by the controller (Argo CD profile)',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.capacity?.effectiveRefreshPeriodMs ?? null,
  },
  {
    name: 'exposureMs',
    description: 'Time a system outside the cluster held cluster write credentials (push: while a deploy job ran)',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.exposureMs,
  },
  {
    name: 'failedRequests',
    description:
      'Requests that found no Ready pod, a Ready pod on a dead node or a pod running a bad release (expected count, all apps)',
    unit: 'count',
    countsEvents: true,
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => run.traffic?.failedRequests ?? null,
  },
  {
    name: 'failedRequestShare',
    description: 'Failed requests over requests',
    unit: 'ratio',
    better: 'lower',
    range: 'share',
    aggregation: RUN_MEAN,
    perRun: ({ traffic }) =>
      traffic === null || traffic.requests === 0 ? null : traffic.failedRequests / traffic.requests,
  },
  {
    name: 'errorBudgetBurn',
    description: 'Failed request share over the error budget (1 - slo); 1.0 spends the whole budget',
    unit: 'ratio',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: ({ traffic }) =>
      traffic === null || traffic.requests === 0
        ? null
        : traffic.failedRequests / traffic.requests / (1 - traffic.slo),
  },
  {
    name: 'promotionMs',
    description: 'Mean time from the start of a progressive rollout to its promotion',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => meanOrNull(run.rollouts.promotionMs),
  },
  {
    name: 'abortedRollouts',
    description: 'Progressive rollouts aborted by analysis',
    unit: 'count',
    countsEvents: true,
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    // A run without a progressive rollout has none to abort: no value, not 0.
    perRun: (run) => (run.rollouts.started === 0 ? null : run.rollouts.aborted),
  },
  {
    name: 'gitAheadMs',
    description: 'Time an aborted rollout left Git naming a release the cluster does not run (all apps)',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => (run.rollouts.started === 0 ? null : run.rollouts.gitAheadMs),
  },
];

/** The gates and environments of a run (empty without environments). */
function environmentsOf(run: RunResult) {
  return run.environments ?? [];
}

/** Bad releases that reached production over those that reached the first environment. */
function escapedCounts(run: RunResult): readonly [number, number] {
  const envs = environmentsOf(run);
  return envs.length === 0 ? [0, 0] : [envs[envs.length - 1].badReached, envs[0].badReached];
}

/**
 * Metrics of a scenario with environments (`environments:`): a summary holds
 * them only then, so a scenario without environments reports as it always has.
 */
export const ENVIRONMENT_METRICS: readonly MetricDefinition[] = [
  {
    name: 'leadTimeToProductionMeanMs',
    description:
      'Mean time from a code commit to production running it (or a newer build of its app): every change, those batched into a later release too',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => {
      const envs = environmentsOf(run);
      return envs.length === 0 ? null : meanOrNull(envs[envs.length - 1].leadTimesMs);
    },
  },
  {
    name: 'gateWaitMeanMs',
    description: 'Mean time a healthy release waited at a promotion gate (soak or approval), all gates',
    unit: 'ms',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => meanOrNull(environmentsOf(run).flatMap((e) => e.gateWaitsMs)),
  },
  {
    name: 'releasesPerApproval',
    description: 'Mean releases one manual approval promoted (batching); none without a manual gate',
    unit: 'count',
    better: 'lower',
    range: 'nonNegative',
    aggregation: RUN_MEAN,
    perRun: (run) => meanOrNull(environmentsOf(run).flatMap((e) => e.releasesPerApproval)),
  },
  {
    name: 'escapedDefectShare',
    description:
      'Share of the bad releases that ran in the first environment which reached production too, all replications pooled',
    unit: 'ratio',
    better: 'lower',
    range: 'share',
    aggregation: { kind: 'pooledShare', counts: escapedCounts },
    perRun: (run) => share(escapedCounts(run)),
  },
];

/** Every metric a scenario may name (headline, thresholds, compare). */
export const ALL_METRICS: readonly MetricDefinition[] = [...METRICS, ...ENVIRONMENT_METRICS];

/**
 * A mean over the changes that finished, and the metric that counts the ones it leaves out: wherever a table shows
 * the first, it shows the second beside it, or a fleet that never finished would read as fast or as missing.
 */
export const UNFINISHED_OF: Readonly<Record<string, string>> = {
  convergenceMeanMs: 'convergenceUnfinished',
  convergenceP50Ms: 'convergenceUnfinished',
  convergenceP95Ms: 'convergenceUnfinished',
  convergenceRunP95MeanMs: 'convergenceUnfinished',
  convergenceP99Ms: 'convergenceUnfinished',
  leadTimeMeanMs: 'convergenceUnfinished',
  massChangeAppliedMs: 'massChangeUnfinished',
  massChangeConvergedMs: 'massChangeUnfinished',
};

/** `metrics`, each followed by the metric counting what it leaves out (UNFINISHED_OF) unless that is already listed. */
export function withUnfinished(metrics: readonly MetricDefinition[]): MetricDefinition[] {
  const out: MetricDefinition[] = [];
  for (const m of metrics) {
    out.push(m);
    const companion = UNFINISHED_OF[m.name];
    const listed = (name: string) => metrics.some((x) => x.name === name) || out.some((x) => x.name === name);
    if (companion !== undefined && !listed(companion)) out.push(metricNamed(companion)!);
  }
  return out;
}

/** The metrics a summary of these runs holds: the environment ones only when the runs have environments. */
export function metricsOf(runs: readonly RunResult[]): readonly MetricDefinition[] {
  return runs.some((r) => r.environments !== undefined) ? ALL_METRICS : METRICS;
}

const BY_NAME = new Map(ALL_METRICS.map((m) => [m.name, m]));

/** The definition of a metric by name; undefined when there is none. */
export function metricNamed(name: string): MetricDefinition | undefined {
  return BY_NAME.get(name);
}
