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

/** The rest of a RunResult for tests that look only at changes and load. */
export const QUIET_RUN = {
  health: {
    correctReplicaMs: 0,
    desiredReplicaMs: 0,
    availableMs: 0,
    zeroReadyMs: 0,
    silentDivergenceMs: 0,
    appMs: 0,
  },
  drifts: [],
  rollbacks: [],
  delivery: {
    gitFetches: 0,
    refreshes: 0,
    syncs: 0,
    syncFailures: 0,
    apiRequests: 0,
    apiThrottledMs: 0,
    maxQueueDepth: 0,
  },
  credentialsOutsideCluster: false,
  exposureMs: 0,
  timeSeries: { tMs: [], correctShare: [], readyReplicas: [], openDrift: [], queueDepth: [], apiThrottledMs: [] },
  massChanges: [],
  capacity: null,
  traffic: null,
  rollouts: { started: 0, promotionMs: [], aborted: 0, gitAheadMs: 0 },
} as const;

const NO_INTERVAL = { mean: null, ci95: null };
const NO_DISTRIBUTION = { n: 0, mean: null, p50: null, p95: null, p99: null, max: null };

/** The rest of a VariantSummary for tests that look only at convergence and load. */
export const QUIET_SUMMARY: Omit<
  VariantSummary,
  | 'name'
  | 'delivery'
  | 'replications'
  | 'changes'
  | 'convergenceMs'
  | 'meanConvergenceMs'
  | 'appliesPerRun'
  | 'gitFetchesPerRun'
  | 'loadPerRun'
  | 'eventsProcessed'
> = {
  correctness: NO_INTERVAL,
  silentDivergenceMs: NO_INTERVAL,
  availability: NO_INTERVAL,
  zeroReadyMs: NO_INTERVAL,
  drift: { events: 0, closed: 0, openMs: NO_DISTRIBUTION, byKind: [] },
  rollbacks: { total: 0, finished: 0, correct: 0, unfinished: 0, rollbackCorrect: null },
  dora: {
    deploymentsPerDay: NO_INTERVAL,
    leadTimeMs: NO_DISTRIBUTION,
    changeFailureRate: null,
    timeToRestoreMs: NO_DISTRIBUTION,
  },
  deliveryPerRun: Object.fromEntries(
    Object.keys(QUIET_RUN.delivery).map((k) => [k, NO_INTERVAL]),
  ) as VariantSummary['deliveryPerRun'],
  exposure: { credentialsOutsideCluster: false, exposureMsPerRun: 0 },
  metrics: {},
  vsBaseline: {},
  bottleneck: null,
  waitMsPerRun: null,
  attributedWaitMsPerRun: null,
};
