/**
 * One sweep point: its scenario (as JSON text, so it crosses to a worker
 * thread as a string) run through every variant x replication, returned as
 * the point's file. The same function runs in the main thread (one worker)
 * and in worker threads, so the bytes cannot depend on where it ran.
 */
import { loadScenarioText } from '../scenario/load.ts';
import type { ParamValue } from './grid.ts';
import { pointFileJson } from './resultsFolder.ts';
import { runScenario } from '../world/runScenario.ts';

export interface PointTask {
  readonly index: number;
  readonly id: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The point's scenario, already validated by the plan. */
  readonly text: string;
  /** Where files the scenario names (a commit replay CSV) are: the scenario file's folder. */
  readonly baseDir: string;
}

/** Runs the point; `onRun` is called after each variant x replication, for progress. */
export function runPoint(task: PointTask, onRun: () => void): string {
  const scenario = loadScenarioText(task.text, task.id, task.baseDir);
  const { summary } = runScenario(scenario, { onProgress: onRun });
  return pointFileJson({ index: task.index, id: task.id, params: task.params }, summary);
}
