/**
 * The public API of gitops-sim, layer by layer (see docs/architecture.md). Everything
 * not exported here is internal and may change.
 */

// Engine: clock, events, random streams, distributions, durations.
export { Engine, type EventId, type Handler } from './engine/engine.ts';
export { createStream, type RandomStream, RandomStreams } from './engine/random.ts';
export {
  compileSampler,
  type Distribution,
  DistributionError,
  formatDistribution,
  meanMs,
  parseDistribution,
  type Sampler,
} from './engine/distribution.ts';
export { DurationError, formatDuration, parseDuration } from './engine/duration.ts';

// Model: the reconcile loop, Kubernetes rollout arithmetic, the world.
export {
  type AppState,
  describeAction,
  type ReconcileAction,
  type ReconcileResult,
  reconcile,
  sameState,
} from './model/reconcile.ts';
export {
  type Fenceposts,
  getScaledValueFromIntOrPercent,
  type IntOrPercent,
  IntOrPercentError,
  resolveFenceposts,
} from './model/rollout.ts';
export {
  type DeploymentLike,
  type DeploymentStrategy,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  cleanupUnhealthyReplicas,
  reconcileOldReplicaSets,
  type ReplicaSetLike,
  scaleDownOldReplicaSetsForRollingUpdate,
  scaleProportionally,
} from './model/rollout.ts';
export { rollbackTarget, type SyncAction, type SyncDecision, syncDeployment } from './model/deploymentSync.ts';
export { nextProgress, type ProgressCondition, type ProgressState } from './model/progressingCondition.ts';
export { type Actor, Cluster, type ClusterOptions, type ClusterStats, type Manifest } from './model/cluster/cluster.ts';
export { type ClusterApi, ClusterSet } from './model/cluster/clusterSet.ts';
export { type Commit, GitRepo } from './model/gitRepo.ts';
export { CiPipeline, type CiStage, GO_SERVICE_STAGES, type Release } from './model/ciPipeline.ts';
export { Registry } from './model/registry.ts';
export { ImageCache } from './model/imageCache.ts';
export { defaultPullPolicy, type ImageRef, parseImageRef, type PullPolicy } from './model/imageRef.ts';
export { TokenBucket } from './engine/tokenBucket.ts';
export { ApiClient } from './model/apiClient.ts';
export { backoffDelayMs, nextBackoff, selfHealDelayMs, syncRetryDelayMs } from './model/backoff.ts';
export { Recurring } from './engine/recurring.ts';
export { digestReference } from './model/image.ts';

// Delivery.
export type { Delivery, DeliveryStats } from './model/deliverySystem.ts';
export { PushDelivery } from './delivery/push.ts';
export { PullController, type PullOptions } from './delivery/pull.ts';
export { ArgoCdController, type ArgoCdOptions, type ArgoCdStats } from './delivery/argocd.ts';
export { FluxController, type FluxOptions } from './delivery/flux.ts';
export { ImageAutomation, type ImageAutomationOptions, newestTag } from './delivery/imageAutomation.ts';
export { ShardedDelivery } from './delivery/sharded.ts';
export { type DriftEvent, type DriftSpec, startDrift } from './disturbance/drift.ts';
export { type RollbackEvent, type RollbackMethod, Rollbacks } from './disturbance/rollback.ts';
export { WorkQueue } from './engine/workQueue.ts';

// Scenario files.
export { type Scenario, type ScenarioInput, scenarioSchema } from './scenario/schema.ts';
export { loadScenarioFile, loadScenarioText } from './scenario/load.ts';
export { ScenarioError, type ScenarioErrorCode, type ScenarioProblem } from './scenario/errors.ts';
export { scenarioJsonSchema } from './scenario/jsonSchema.ts';

// Metrics.
export type * from './metrics/results.ts';
export {
  mean,
  meanWithInterval,
  percentile,
  sampleVariance,
  studentT975,
  summarizeDistribution,
} from './metrics/statistics.ts';
export { summarizeVariant, summarizeVariants } from './metrics/aggregate.ts';
export { type MetricDefinition, METRICS, metricNamed } from './metrics/definitions.ts';
export { pairedDifference } from './metrics/statistics.ts';
export { TrafficMonitor } from './metrics/traffic.ts';

// Running scenarios.
export { simulateRun } from './world/world.ts';
export { type RunScenarioOptions, runScenario } from './world/runScenario.ts';
export { inputHash } from './scenario/inputHash.ts';

// Sweeps.
export { gridPoints, parseSet } from './sweep/grid.ts';
export { runSweep } from './sweep/sweep.ts';
export { mergeSweeps } from './sweep/merge.ts';

// Reports.
export { reportFiles } from './report/reportFiles.ts';
export { writeReportFiles } from './report/write.ts';
export { compareSummaries, comparisonText } from './report/compare.ts';
export { reportHtml } from './report/html.ts';
