/**
 * Freeing a finished run's model before what comes next in the same process: the next run
 * (runScenario's variants x replications, a sweep thread's runs, the bench's timed runs) or the
 * report. After a run of a large fleet the model (hundreds of MB) is garbage and the result a few
 * MB, but V8 sized its next full collection to the model's heap, so whatever comes next piles its
 * allocations on top of the dead model: three runs of capacity-50k in one process peaked at
 * 331-338, 470-488 and 583-584 MB. A forced full collection of a heap whose model is dead takes
 * 10-35 ms (up to 260 ms when V8 must first finish a collection it had begun).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Scenario } from '../scenario/schema.ts';

/**
 * Apps (in every environment) from which a finished run's model is collected before the report: at
 * about 3.5 KB an app (docs/benchmarks.md) a smaller fleet leaves a few MB, while a full collection
 * of a large heap costs 70-130 ms (30 of them in the test processes, which hold much else, took 3.1 s).
 */
export const LARGE_MODEL_APPS = 1000;

/**
 * Apps from which a finished run's model is collected before the next run too. That collection
 * costs the next run more than its 10-35 ms: with no model alive V8 frees the model's hidden
 * classes, and the code compiled for them is thrown away and compiled again, which measured about
 * 1 s of CPU a run (docs/benchmarks.md; the shape keeper below now saves most of it). Left alone,
 * the dead model piles onto the next runs: runs
 * one after another of capacity-50k with 10,000 apps peaked at 144 MB then up to 243 MB (collected:
 * 1 s more a 1-1.9 s run); with 20,000 apps 187 then 388 MB (0.7 s more a 2.6-3.1 s run); with
 * 50,000 apps 338 then 584 MB (1.2 s more a 6 s run).
 */
export const LARGE_MODEL_BETWEEN_RUNS_APPS = 20_000;

/** The apps a run of `scenario` builds: its fleet in every environment. */
export function modelApps(scenario: Scenario): number {
  return scenario.apps.count * (scenario.environments?.length ?? 1);
}

/**
 * The apps of the run that finished last in this thread, while its model has not been collected;
 * 0 once it has, or once the next run began. Set only when the run has returned (world.ts), so its
 * model is unreachable when it is collected: collecting a heap that still holds a model costs ten
 * times as much and frees little.
 */
let finishedApps = 0;

/**
 * What `collectBeforeRun` keeps alive across its collection until the next run has returned: a
 * small model of the next run's classes. V8 keeps a hidden class only while some object has it,
 * and frees the code optimized for it with it, so a collection with no model alive made the next
 * run compile its hot code again: 0.3-0.5 s of CPU a run (docs/benchmarks.md). Once the next
 * run's model exists, its own objects hold those classes.
 */
const kept: { shapes: unknown } = { shapes: null };

/** Called when a run of `scenario` has returned: its model is garbage from now on. */
export function runFinished(scenario: Scenario): void {
  kept.shapes = null;
  finishedApps = modelApps(scenario);
}

/**
 * Before a run: collects the last run's model if it had `LARGE_MODEL_BETWEEN_RUNS_APPS`, holding
 * what `keepShapes` makes (a small model of the next run's classes) across the collection and
 * until the next run has returned. Whether it collected.
 */
export function collectBeforeRun(keepShapes: () => unknown): boolean {
  if (finishedApps >= LARGE_MODEL_BETWEEN_RUNS_APPS) kept.shapes = keepShapes();
  return collectFinishedModel(LARGE_MODEL_BETWEEN_RUNS_APPS);
}

/** Before a report: collects the last run's model if it had `LARGE_MODEL_APPS`. Whether it collected. */
export function collectBeforeReport(): boolean {
  return collectFinishedModel(LARGE_MODEL_APPS);
}

function collectFinishedModel(fromApps: number): boolean {
  const apps = finishedApps;
  finishedApps = 0;
  if (apps < fromApps) return false;
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
