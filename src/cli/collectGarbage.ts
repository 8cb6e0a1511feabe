import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Scenario } from '../scenario/schema.ts';

/**
 * Apps (in every environment) from which a finished run's model is worth a forced collection: at
 * about 3.5 KB an app (docs/benchmarks.md) a smaller fleet leaves a few MB, while a full collection
 * of a large heap costs 70-130 ms (30 of them in the test processes, which hold much else, took 3.1 s).
 */
export const LARGE_MODEL_APPS = 1000;

/** Whether a run of `scenario` leaves a model large enough to collect before the report. */
export function leavesLargeModel(scenario: Scenario): boolean {
  return scenario.apps.count * (scenario.environments?.length ?? 1) >= LARGE_MODEL_APPS;
}

/**
 * A full garbage collection, now. After a simulation the model (hundreds of MB for a large fleet) is
 * garbage and the result a few MB, but V8 sized its next full collection to the model's heap, so the
 * report's allocations would pile on top of it and set the run's peak memory. `--expose-gc` set at
 * run time exposes `gc` to contexts made after it (Node's documented `v8.setFlagsFromString`), so
 * `gitops-sim` needs no Node flag on its command line.
 */
let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
