/**
 * What a run produces and what a scenario's runs aggregate to. These are the
 * shapes the report layer serializes; summary.json is `ScenarioSummary`.
 */
import type { DeliveryStats } from '../model/deliverySystem.ts';
import type { HeadlineAnswer } from './answer.ts';
import type { RecordList } from './recordTable.ts';
import type { ThresholdVerdict } from './thresholds.ts';
import type { SummaryWarning } from './warnings.ts';

export type { RecordList } from './recordTable.ts';

/** What happened to one change (a config commit) to an app. */
export type ChangeOutcome =
  /** The app reached the change's desired state; `convergenceMs` says how long it took. */
  | { readonly state: 'converged'; readonly convergenceMs: number }
  /** A newer change to the same app came before this one converged. */
  | { readonly state: 'superseded'; readonly supersededAfterMs: number }
  /** The run ended first. */
  | { readonly state: 'open'; readonly openMs: number };

export interface ChangeRecord {
  /** Index of the app (0-based). */
  readonly app: number;
  /** Config-repo revision (1-based commit number) that made the change. */
  readonly revision: number;
  /** A release from CI (or image automation), or a revert. */
  readonly kind: 'release' | 'revert';
  /** When the code commit behind a release was made (for lead time); null for a revert. */
  readonly codeCommitMs: number | null;
  /** Whether the release is a bad one (found later); false for a revert. */
  readonly bad: boolean;
  /** Simulated time of the change. */
  readonly atMs: number;
  readonly outcome: ChangeOutcome;
}

/** One variant x replication. */
export interface RunResult {
  readonly variant: string;
  readonly replication: number;
  readonly horizonMs: number;
  /** Every change, by revision; packed (metrics/recordTable.ts), as a long run has many. */
  readonly changes: RecordList<ChangeRecord>;
  /** Applies of a manifest to the cluster (by CI or by a controller). */
  readonly applies: number;
  /** Git fetches made by a pull controller (0 for push). */
  readonly gitFetches: number;
  /** Engine events run. */
  readonly eventsProcessed: number;
  readonly load: RunLoad;
  /** App health integrated over the run, summed over apps. */
  readonly health: RunHealth;
  /** Every drift event, oldest first; packed like `changes`. */
  readonly drifts: RecordList<DriftRecord>;
  readonly rollbacks: readonly RollbackRecord[];
  /** The delivery system's own counters. */
  readonly delivery: DeliveryLoad;
  /** Whether a system outside the cluster held cluster write credentials. */
  readonly credentialsOutsideCluster: boolean;
  /** How long it held them (push: while some deploy job ran). */
  readonly exposureMs: number;
  readonly timeSeries: TimeSeries;
  readonly massChanges: readonly MassChangeRecord[];
  /** How the delivery controller coped (Argo CD profile only; null otherwise). */
  readonly capacity: CapacityRecord | null;
  /** Expected requests and failures (metrics/traffic.ts); null when the scenario has no traffic. */
  readonly traffic: TrafficRecord | null;
  /** Progressive rollouts (Canary, BlueGreen, Flagger); empty under a Deployment strategy. */
  readonly rollouts: RolloutRecord;
  /** Per environment in promotion order (metrics/environmentRecorder.ts); absent without `environments:`. */
  readonly environments?: readonly EnvironmentRecord[];
}

/** One environment of a run: what reached it, what was found there, and the gate into it. */
export interface EnvironmentRecord {
  readonly name: string;
  /** Releases the app converged on here (the newest build of a promotion batch). */
  readonly deployments: number;
  /** Per code change (CI release) that reached here: code commit to the app converged here on it or a newer build. */
  readonly leadTimesMs: readonly number[];
  /** Bad releases the app converged on here. */
  readonly badReached: number;
  /** Bad releases found here (each leads to this environment's rollback). */
  readonly found: number;
  /** Per release let through the gate into here: the time it waited (empty for the first environment). */
  readonly gateWaitsMs: readonly number[];
  /** Per manual approval into here: the releases it promoted. */
  readonly releasesPerApproval: readonly number[];
}

/** Progressive rollouts of one run (metrics/rolloutRecorder.ts). */
export interface RolloutRecord {
  /** Rollouts started: 0 under a Deployment strategy, where the figures below have nothing to count. */
  readonly started: number;
  /** Start to promotion of each promoted rollout. */
  readonly promotionMs: readonly number[];
  readonly aborted: number;
  /** Summed over apps: time from an abort to the app's next commit (or the horizon). */
  readonly gitAheadMs: number;
}

/** Expected requests over the run, summed over apps (fractional: expected values, not draws). */
export interface TrafficRecord {
  readonly requests: number;
  readonly failedRequests: number;
  /** Failed because the app had no Ready pod. */
  readonly noReadyFailed: number;
  /** Routed to a Ready pod on a node that had died (not yet marked NotReady). */
  readonly deadNodeFailed: number;
  /** Served by a Ready pod running a bad release. */
  readonly badReleaseFailed: number;
  /** The availability objective: 1 - slo of the requests may fail. */
  readonly slo: number;
}

/** A commit to every app at once, and how long the fleet took to follow. */
export interface MassChangeRecord {
  readonly atMs: number;
  /** Until every app's live spec named the new image; null if that never happened. */
  readonly appliedMs: number | null;
  /** Until every app ran it on all desired replicas; null if that never happened. */
  readonly convergedMs: number | null;
}

/** The resources a controller's work waits for, as the bottleneck label and the breakdown name them. */
export const CAPACITY_RESOURCES = [
  'status processors',
  'operation processors',
  'repo-server',
  'kubectl parallelism',
  'Application client QPS',
  'Event client QPS',
] as const;
export type CapacityResource = (typeof CAPACITY_RESOURCES)[number];

/** Where the controller's time went, over the run and its shards. */
export interface CapacityRecord {
  /** Mean time between two refreshes of one app: the configured period as the load makes it. */
  readonly effectiveRefreshPeriodMs: number;
  readonly statusProcessorUtilization: number;
  readonly operationProcessorUtilization: number;
  /** Total time work waited for each resource, measured separately where it waited. */
  readonly waitMs: Readonly<Record<CapacityResource, number>>;
  /**
   * The same waits, with the time work queued for a processor passed on to the resource the
   * processors were blocked on meanwhile (metrics/capacity.ts passOn); the label reads these.
   */
  readonly attributedWaitMs: Readonly<Record<CapacityResource, number>>;
  /** The resource with the most (attributed) waiting; 'none' when nothing waited. */
  readonly bottleneck: CapacityResource | 'none';
}

/** Samples at evenly spaced instants of a run (metrics/timeSeries.ts); arrays of equal length. */
export interface TimeSeries {
  readonly tMs: readonly number[];
  /** Correct replicas (up to the desired count) over desired replicas, all apps. */
  readonly correctShare: readonly number[];
  readonly readyReplicas: readonly number[];
  /** Drift events not undone yet. */
  readonly openDrift: readonly number[];
  /** Work waiting in the delivery system's queues. */
  readonly queueDepth: readonly number[];
  /** Cumulative time API writes (controller manager and delivery) waited for their rate limiters. */
  readonly apiThrottledMs: readonly number[];
}

/** Time-integrated app health, summed over apps (see metrics/appMonitor.ts). */
export interface RunHealth {
  readonly correctReplicaMs: number;
  readonly desiredReplicaMs: number;
  readonly availableMs: number;
  readonly zeroReadyMs: number;
  readonly silentDivergenceMs: number;
  /** Time observed times the number of apps. */
  readonly appMs: number;
}

/** One drift event and how long it stayed. */
export interface DriftRecord {
  readonly kind: string;
  readonly app: number | null;
  readonly atMs: number;
  /** Until undone, or until the horizon when `closed` is false. */
  readonly openMs: number;
  readonly closed: boolean;
}

/** One rollback of a bad release. */
export interface RollbackRecord {
  readonly app: number;
  readonly method: string;
  readonly detectedMs: number;
  /** Finished (on the known-good bytes or on others) before the app's next change or the horizon. */
  readonly finished: boolean;
  /** Every Ready replica back on the known-good digest before the next change. */
  readonly correct: boolean;
  /** From detection to that moment; null when it never happened. */
  readonly restoreMs: number | null;
}

/** The delivery system's own counters (the Delivery interface's stats). */
export type DeliveryLoad = DeliveryStats;

/** What a run cost the systems involved. */
export interface RunLoad {
  /** Writes of the controller manager (pod creations and deletions, ReplicaSet changes). */
  readonly apiRequests: number;
  /** Time those writes waited for the client's rate limiter. */
  readonly apiThrottledMs: number;
  readonly imagePulls: number;
  readonly imagePullBytes: number;
  readonly failedPulls: number;
  readonly podsCreated: number;
  readonly nodeFailures: number;
  readonly evictions: number;
  readonly crashes: number;
  readonly ciReleases: number;
  readonly ciFailures: number;
}

/** A 95% confidence interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Summary of a sample of durations or values. Fields are null when the sample is empty. */
export interface DistributionSummary {
  readonly n: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/**
 * A figure over replications (a mean, or pooled: see the metric's aggregation)
 * with its 95% interval (metrics/estimate.ts; null with one replication).
 */
export interface MeanWithInterval {
  readonly mean: number | null;
  readonly ci95: Interval | null;
}

export interface VariantSummary {
  readonly name: string;
  /** The resolved delivery settings, as the scenario gave them. */
  readonly delivery: object;
  readonly replications: number;
  readonly changes: {
    readonly total: number;
    readonly converged: number;
    readonly superseded: number;
    readonly open: number;
  };
  /** Convergence times of every converged change, pooled over replications. */
  readonly convergenceMs: DistributionSummary;
  /** The mean convergence time of each replication, averaged, with its interval. */
  readonly meanConvergenceMs: MeanWithInterval;
  readonly appliesPerRun: MeanWithInterval;
  readonly gitFetchesPerRun: MeanWithInterval;
  /** Each load counter of RunLoad, per run. */
  readonly loadPerRun: { readonly [K in keyof RunLoad]: MeanWithInterval };
  /** Correct replica-time over desired replica-time, per run (1.0 = always right). */
  readonly correctness: MeanWithInterval;
  /** Summed over apps, per run. */
  readonly silentDivergenceMs: MeanWithInterval;
  /** Share of app-time with at least replicas - maxUnavailable Ready, per run. */
  readonly availability: MeanWithInterval;
  /** Summed over apps, per run. */
  readonly zeroReadyMs: MeanWithInterval;
  readonly drift: {
    readonly events: number;
    readonly closed: number;
    readonly openMs: DistributionSummary;
    /** The same per drift kind, in name order: which kinds get undone, and how fast. */
    readonly byKind: readonly DriftKindSummary[];
  };
  /** rollbackCorrect: correct over finished rollbacks; unfinished ones are counted apart. */
  readonly rollbacks: {
    readonly total: number;
    readonly finished: number;
    readonly correct: number;
    readonly unfinished: number;
    readonly rollbackCorrect: number | null;
  };
  readonly dora: {
    /** Releases that reached production (converged), per day of simulated time. */
    readonly deploymentsPerDay: MeanWithInterval;
    /** Code commit to running everywhere, pooled. */
    readonly leadTimeMs: DistributionSummary;
    /** Bad releases among those that reached production, pooled. */
    readonly changeFailureRate: number | null;
    /** Detection of a bad release to correct bytes restored, pooled. */
    readonly timeToRestoreMs: DistributionSummary;
  };
  readonly deliveryPerRun: { readonly [K in keyof DeliveryLoad]: MeanWithInterval };
  readonly exposure: {
    readonly credentialsOutsideCluster: boolean;
    /** Mean time per run that a system outside the cluster held write credentials. */
    readonly exposureMsPerRun: number;
  };
  readonly eventsProcessed: number;
  /** Every metric of metrics/definitions.ts as its aggregation defines it, with its 95% interval. */
  readonly metrics: Readonly<Record<string, MeanWithInterval>>;
  /**
   * Every metric's paired difference against the baseline (this variant minus
   * the baseline, replication by replication), with its interval and the number
   * of pairs; empty for the baseline itself.
   */
  readonly vsBaseline: Readonly<Record<string, PairedDifference>>;
  /** The controller resource that made work wait longest in most runs (Argo CD profile); null otherwise. */
  readonly bottleneck: string | null;
  /** Mean time per run that work waited for each controller resource (Argo CD profile); null otherwise. */
  readonly waitMsPerRun: Readonly<Record<string, number>> | null;
  /** The same with queue waits passed on to what blocked the processors (CapacityRecord.attributedWaitMs). */
  readonly attributedWaitMsPerRun: Readonly<Record<string, number>> | null;
  /** Per environment in promotion order; absent without `environments:`. */
  readonly environments?: readonly EnvironmentSummary[];
}

/** One environment of a variant, pooled over replications. */
export interface EnvironmentSummary {
  readonly name: string;
  /** Releases the apps converged on here, per day. */
  readonly deploymentsPerDay: MeanWithInterval;
  /** Code commit to running here, every change (metrics/environmentRecorder.ts). */
  readonly leadTimeMs: DistributionSummary;
  /** Bad releases that ran here, and those found here. */
  readonly badReached: number;
  readonly found: number;
  /** Waits at the gate into here (soak or approval); empty for the first environment. */
  readonly gateWaitMs: DistributionSummary;
  /** Releases per manual approval into here. */
  readonly releasesPerApproval: DistributionSummary;
}

/** Drift events of one kind, pooled over replications. */
export interface DriftKindSummary {
  readonly kind: string;
  readonly events: number;
  /** Undone before the horizon. */
  readonly closed: number;
  /** Until undone, or until the horizon for those never undone. */
  readonly openMs: DistributionSummary;
}

export interface PairedDifference extends MeanWithInterval {
  readonly pairs: number;
}

export interface ScenarioSummary {
  readonly tool: { readonly name: string; readonly version: string };
  readonly scenario: {
    readonly name: string;
    readonly seed: number | string;
    readonly horizonMs: number;
    readonly replications: number;
    /**
     * The scenario as run (defaults resolved, overrides applied), so a report
     * says exactly what produced it. `unknown`: metrics may not import the
     * scenario layer; it is plain JSON data.
     */
    readonly resolved: unknown;
  };
  /** sha256 of the resolved scenario (canonical JSON): what produced this report. */
  readonly inputHash: string;
  /** What the scenario asks (its `question:`); null when it does not say. */
  readonly question: string | null;
  /** The metrics that answer it, most important first (metrics/headline.ts). */
  readonly headline: readonly string[];
  /** Per headline metric, which variant leads and whether clearly (metrics/answer.ts). */
  readonly answers: readonly HeadlineAnswer[];
  /** The variant the others are compared with. */
  readonly baseline: string;
  readonly variants: readonly VariantSummary[];
  /** Each threshold of the scenario judged on each variant's interval (metrics/thresholds.ts). */
  readonly thresholds: readonly ThresholdVerdict[];
  /** Too few replications, intervals too wide to rank (metrics/warnings.ts). */
  readonly warnings: readonly SummaryWarning[];
}

/** Everything one scenario run yields: the summary and the runs behind it. */
export interface ScenarioResult {
  readonly summary: ScenarioSummary;
  readonly runs: readonly RunResult[];
}
