/**
 * How V8 should run in a process whose sweep has a worker on every core.
 *
 * V8 compiles hot code and collects garbage on helper threads. With one
 * worker those run on an idle core, for free. With a worker on every core
 * there is no idle core: each helper thread takes its time from a worker, and
 * two isolates' helpers (a parallel scavenge starts several tasks) contend
 * for the same cores. Run single-threaded, V8 does that work in the thread
 * that needs it, which costs less CPU in all. Measured on 2 idle cores
 * (docs/benchmarks.md, "Speed-up on several cores"): 2 workers finished the
 * bench's sweep 5-9% sooner, and 1 worker 1-8% later, so only a sweep that
 * fills the cores gets the flag.
 *
 * V8 flags hold for the whole process, all its threads, and only from its
 * start: the command line starts the process again with them
 * (bin/gitops-sim.js), and the bench starts its timed sweeps with them.
 */

/** V8 runs its compiler and garbage collector in the thread that needs them (node --v8-options). */
export const SINGLE_THREADED_V8 = '--single-threaded';

/** The V8 flags for a process whose sweep runs on `workers` workers with `cores` cores: none, or SINGLE_THREADED_V8. */
export function sweepV8Flags(workers: number, cores: number): string[] {
  return workers >= 2 && workers >= cores ? [SINGLE_THREADED_V8] : [];
}
