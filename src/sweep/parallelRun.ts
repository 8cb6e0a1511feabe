/**
 * One scenario's runs shared out over worker threads (`run --workers`): the
 * sweep's pool (workerPool.ts) with the scenario as its one point, the runs
 * handed back here rather than summarized where they were made, then
 * summarized here by runScenario from them. A run depends only on its
 * scenario, variant and replication, so the result is the one runScenario
 * makes alone, byte for byte, on any number of workers.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { appendAll } from '../engine/extremes.ts';
import type { RunResult, ScenarioResult } from '../metrics/results.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runScenario } from '../world/runScenario.ts';
import { simulateRun } from '../world/world.ts';
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
  if (workers <= 1) return runScenario(scenario, { reuse: await runsHere(scenario, reuse, onProgress) });
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

/**
 * The scenario's runs made in this thread, in runScenario's order (the reused ones kept), the event
 * loop let turn after each made: a stop signal's handler (src/cli/stopSignals.ts) then runs within
 * the run under way, not after the whole scenario. One turn is a few microseconds a run.
 */
async function runsHere(
  scenario: Scenario,
  reuse: readonly RunResult[],
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<RunResult[]> {
  const total = scenario.variants.length * scenario.replications;
  const kept = new Map(reuse.map((run) => [`${run.variant}\u0000${run.replication}`, run]));
  const runs: RunResult[] = [];
  for (let v = 0; v < scenario.variants.length; v++) {
    for (let r = 0; r < scenario.replications; r++) {
      const earlier = kept.get(`${scenario.variants[v].name}\u0000${r}`);
      runs.push(earlier ?? simulateRun(scenario, v, r));
      onProgress?.(runs.length, total);
      if (earlier === undefined) await nextTurn();
    }
  }
  return runs;
}
