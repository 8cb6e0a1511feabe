/**
 * Freeing a finished run's model before what comes next in the same process: the next run
 * (runScenario's variants x replications, a sweep thread's runs, the bench's timed runs) or the
 * report. After a run of a large fleet the model (hundreds of MB) is garbage and the result a few
 * MB, but V8 sized its next full collection to the model's heap, so whatever comes next piles its
 * allocations on top of the dead model: three runs of capacity-50k in one process peaked at 339,
 * 357 and 597 MB. One forced full collection of a heap whose model is dead costs 10-35 ms
 * (docs/benchmarks.md), against seconds for the run.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Scenario } from '../scenario/schema.ts';

/**
 * Apps (in every environment) from which a finished run's model is worth a forced collection: at
 * about 3.5 KB an app (docs/benchmarks.md) a smaller fleet leaves a few MB, which V8's own
 * collections keep in check, while a full collection of a large heap costs 70-130 ms (30 of them
 * in the test processes, which hold much else, took 3.1 s).
 */
export const LARGE_MODEL_APPS = 1000;

/** Whether a run of `scenario` leaves a model large enough to collect before what follows it. */
export function leavesLargeModel(scenario: Scenario): boolean {
  return scenario.apps.count * (scenario.environments?.length ?? 1) >= LARGE_MODEL_APPS;
}

/**
 * Whether a run of a large model finished in this thread since the last collection. Set only once
 * the run has returned (world.ts), so its model is unreachable when it is collected: collecting a
 * heap that still holds the model costs ten times as much and frees nothing.
 */
let finishedLargeModel = false;

/** Called when a run of `scenario` has returned: its model is garbage from now on. */
export function runFinished(scenario: Scenario): void {
  if (leavesLargeModel(scenario)) finishedLargeModel = true;
}

/**
 * Collects the model of the last run, if it was large and has not been collected yet: before the
 * next run, and before a report. Returns whether it collected.
 */
export function collectFinishedModel(): boolean {
  if (!finishedLargeModel) return false;
  finishedLargeModel = false;
  collectGarbage();
  return true;
}

/**
 * A full garbage collection, now. `--expose-gc` set at run time exposes `gc` to contexts made
 * after it (Node's documented `v8.setFlagsFromString`), so `gitops-sim` needs no Node flag on its
 * command line; each worker thread makes its own, for its own heap.
 */
let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
