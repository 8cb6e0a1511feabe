/**
 * The public API of gitops-sim, in three groups: run a scenario, extend a
 * component, and the types of what comes out (docs/architecture.md shows the
 * layers). Everything else, such as the Kubernetes rollout arithmetic or the
 * back-off schedules, is internal: importable by path, and free to change.
 */

// Run a scenario: load and check a file, run it (or one variant x replication), write and compare reports.
export { loadScenarioFile, loadScenarioText } from './scenario/load.ts';
export { ScenarioError } from './scenario/errors.ts';
export { scenarioJsonSchema } from './scenario/jsonSchema.ts';
export { type RunScenarioOptions, runScenario } from './world/runScenario.ts';
export { type ParallelRunOptions, runScenarioOnWorkers } from './sweep/parallelRun.ts';
export { buildWorld, runWorld, simulateRun } from './world/world.ts';
export { reportFiles, writeReport } from './report/reportFiles.ts';
export { writeReportFiles } from './report/write.ts';
export { compareSummaries, comparisonText } from './report/compare.ts';
export { runSweep } from './sweep/sweep.ts';
export { mergeSweeps } from './sweep/merge.ts';
// A sweep in parts, to run its points without writing a report: plan the grid, run the points on worker threads.
export { parseSet } from './sweep/grid.ts';
export { planSweep } from './sweep/plan.ts';
export { runPoints, SweepThreads } from './sweep/workerPool.ts';

// Extend a component: the engine's building blocks and the delivery systems built on them.
export { Engine } from './engine/engine.ts';
export { RandomStreams, streamsOfCopy } from './engine/random.ts';
export { compileSampler, parseDistribution } from './engine/distribution.ts';
export { Timers } from './engine/timers.ts';
export { TimerWheel } from './engine/timerWheel.ts';
export { Recurring } from './engine/recurring.ts';
export { WorkQueue } from './engine/workQueue.ts';
export { TokenBucket } from './engine/tokenBucket.ts';
export { ArgoCdController } from './delivery/argocd.ts';
export { FluxController } from './delivery/flux.ts';
export { PushDelivery } from './delivery/push.ts';

// Types.
export type { Scenario, ScenarioInput } from './scenario/schema.ts';
export type { ScenarioErrorCode, ScenarioProblem } from './scenario/errors.ts';
export type { World, Recorders } from './world/world.ts';
export type { EventId, Handler } from './engine/engine.ts';
export type { RandomStream, StreamSource } from './engine/random.ts';
export type { Distribution, Sampler } from './engine/distribution.ts';
export type { Delivery, DeliveryStats, DeliveryWorld } from './model/deliverySystem.ts';
export type { ArgoCdOptions, ArgoCdStats } from './delivery/argocd.ts';
export type { FluxOptions } from './delivery/flux.ts';
export type * from './metrics/results.ts';
