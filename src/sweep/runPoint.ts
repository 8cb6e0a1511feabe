/**
 * A sweep point and its runs. A point is its scenario (checked by the plan)
 * run through every variant x replication and summarized into the point's
 * file. The runs may be made in any thread: they are independent and each
 * depends only on the scenario, variant and replication, and the summary of
 * a point's runs is the one runScenario makes of them, so the bytes cannot
 * depend on where or in which order they ran.
 */
import type { RunResult, ScenarioSummary } from '../metrics/results.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runScenario } from '../world/runScenario.ts';
import { simulateRun } from '../world/world.ts';
import type { ParamValue } from './grid.ts';
import { pointFileJson } from './pointFileText.ts';

export interface PointTask {
  readonly index: number;
  readonly id: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The point's scenario, as the plan loaded and checked it. */
  readonly scenario: Scenario;
}

/** One run of a sweep: of the point at `task` (a position in the task list), one variant x replication. */
export interface SweepRun {
  readonly task: number;
  readonly variant: number;
  readonly replication: number;
}

/** Every run of the tasks, point by point, each point's in runScenario's order (variant, then replication). */
export function sweepRuns(tasks: readonly PointTask[]): SweepRun[] {
  const runs: SweepRun[] = [];
  for (const [task, { scenario }] of tasks.entries()) {
    for (let variant = 0; variant < scenario.variants.length; variant++) {
      for (let replication = 0; replication < scenario.replications; replication++) {
        runs.push({ task, variant, replication });
      }
    }
  }
  return runs;
}

/** Runs the whole point in this thread; `onRun` is called after each variant x replication, for progress. */
export function runPoint(task: PointTask, onRun: () => void): string {
  return fileOf(task, runScenario(task.scenario, { onProgress: onRun }).summary);
}

export function runOne(tasks: readonly PointTask[], run: SweepRun): RunResult {
  return simulateRun(tasks[run.task].scenario, run.variant, run.replication);
}

/** The point's file from all its runs, made wherever. */
export function pointJson(task: PointTask, runs: readonly RunResult[]): string {
  return fileOf(task, runScenario(task.scenario, { reuse: runs }).summary);
}

function fileOf(task: PointTask, summary: ScenarioSummary): string {
  return pointFileJson({ index: task.index, id: task.id, params: task.params }, summary);
}
