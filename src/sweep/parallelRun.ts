/**
 * One scenario's runs shared out over worker threads (`run --workers`): the
 * sweep's pool (workerPool.ts) with the scenario as its one point, the runs
 * handed back here rather than summarized where they were made, then
 * summarized here by runScenario from them. A run depends only on its
 * scenario, variant and replication, so the result is the one runScenario
 * makes alone, byte for byte, on any number of workers.
 */
import { appendAll } from '../engine/extremes.ts';
import type { RunResult, ScenarioResult } from '../metrics/results.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runScenario } from '../world/runScenario.ts';
import { runPoints, type SweepThreads } from './workerPool.ts';

export interface ParallelRunOptions {
  /** Threads that make runs, this one included; 1 runs the scenario in this thread alone. */
  readonly workers: number;
  /**
   * The same scenario with fewer replications, run already (`--precision` adding replications):
   * its runs are kept and only the later replications are made.
   */
  readonly earlier?: ScenarioResult;
  /** After each run, with the scenario's runs made so far (the earlier ones included) and in all. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads kept across scenarios and rounds (SweepThreads): taken first, handed back
   * warm; the caller ends them. Without them each call starts and ends its own.
   */
  readonly threads?: SweepThreads;
}

export async function runScenarioOnWorkers(scenario: Scenario, options: ParallelRunOptions): Promise<ScenarioResult> {
  const { workers, earlier, onProgress, threads } = options;
  const reuse = earlier?.runs ?? [];
  if (workers <= 1) return runScenario(scenario, { reuse, onProgress });
  const firstReplication = earlier?.summary.scenario.replications ?? 0;
  const total = scenario.variants.length * scenario.replications;
  let done = scenario.variants.length * firstReplication;
  const made: RunResult[] = [];
  await runPoints([{ index: 0, id: scenario.name, params: {}, scenario, firstReplication }], {
    workers,
    threads,
    onRun: () => onProgress?.(++done, total),
    onRuns: async (_task, runs) => {
      appendAll(made, runs);
    },
  });
  return runScenario(scenario, { reuse: [...reuse, ...made] });
}
