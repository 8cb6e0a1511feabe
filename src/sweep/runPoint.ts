/**
 * A sweep point and its runs. A point is its scenario (checked by the plan)
 * run through every variant x replication and summarized into the point's
 * file. The runs may be made in any thread: they are independent and each
 * depends only on the scenario, variant and replication, and the summary of
 * a point's runs is the one runScenario makes of them, so the bytes cannot
 * depend on where or in which order they ran. For the same reason a run two
 * points have alike (a sweep of one variant's setting leaves the others'
 * runs unchanged from point to point) is made once and handed to both.
 */
import type { RunResult } from '../metrics/results.ts';
import { inputHash } from '../scenario/inputHash.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runScenario } from '../world/runScenario.ts';
import { simulateRun } from '../world/world.ts';
import type { ParamValue } from './grid.ts';
import { pointFileJson, pointSamples } from './pointFileText.ts';

export interface PointTask {
  readonly index: number;
  readonly id: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The point's scenario, as the plan loaded and checked it. */
  readonly scenario: Scenario;
  /**
   * The first replication to run (0 when absent): those below it are made already (`run
   * --precision` adding replications), so the pool hands back the rest (`onRuns`), never a file.
   */
  readonly firstReplication?: number;
}

/** One run of a sweep: of the point at `task` (a position in the task list), one variant x replication. */
export interface SweepRun {
  readonly task: number;
  readonly variant: number;
  readonly replication: number;
}

/**
 * Every run of the tasks (from each one's first replication), point by point, each point's in
 * runScenario's order (variant, then replication).
 */
export function sweepRuns(tasks: readonly PointTask[]): SweepRun[] {
  const runs: SweepRun[] = [];
  for (const [task, { scenario, firstReplication = 0 }] of tasks.entries()) {
    for (let variant = 0; variant < scenario.variants.length; variant++) {
      for (let replication = firstReplication; replication < scenario.replications; replication++) {
        runs.push({ task, variant, replication });
      }
    }
  }
  return runs;
}

/** A run made once for every point that has it: its own task's first, then the others, in point order. */
export interface DistinctRun extends SweepRun {
  readonly tasks: readonly number[];
}

/**
 * The runs of the tasks, each made once: in sweepRuns' order, a run alike to one listed before
 * (the same variant and replication of a scenario alike but for its other variants and its
 * replication count, which a run reads nothing of: world.ts) joins that one's tasks instead.
 */
export function distinctRuns(tasks: readonly PointTask[]): DistinctRun[] {
  const byKey = new Map<string, { run: SweepRun; tasks: number[] }>();
  const keysOf = tasks.map(({ scenario }) => {
    const { variants, replications: _count, ...rest } = scenario;
    const shared = inputHash(rest);
    return variants.map((variant) => `${shared} ${inputHash(variant)}`);
  });
  for (const run of sweepRuns(tasks)) {
    const key = `${keysOf[run.task][run.variant]} ${run.replication}`;
    const alike = byKey.get(key);
    if (alike === undefined) byKey.set(key, { run, tasks: [run.task] });
    else alike.tasks.push(run.task);
  }
  return [...byKey.values()].map(({ run, tasks: takers }) => ({ ...run, tasks: takers }));
}

export function runOne(tasks: readonly PointTask[], run: SweepRun): RunResult {
  return simulateRun(tasks[run.task].scenario, run.variant, run.replication);
}

/** The point's file from all its runs, made wherever. */
export function pointJson(task: PointTask, runs: readonly RunResult[]): string {
  // Its runs as runScenario has them: those given, and any it made itself.
  const result = runScenario(task.scenario, { reuse: runs });
  const samples = pointSamples(result.summary, result.runs);
  return pointFileJson({ index: task.index, id: task.id, params: task.params }, result.summary, samples);
}
