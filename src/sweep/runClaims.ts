/**
 * The runs of a sweep as one list every thread claims from: a counter in
 * shared memory, taken with an atomic add, so a thread that is free takes the
 * next run at once, without asking a thread that may be busy running one.
 * Claims go in list order (point by point), so points finish about in grid
 * order. Each thread also notes the run it is on, so a thread that dies can be
 * reported by the point it was running.
 */

/** Cells of the shared array: the next run to claim, the stop flag, then each thread's current run + 1. */
const NEXT = 0;
const STOP = 1;
const FIRST_THREAD = 2;

export class RunClaims {
  /** `cells` from `RunClaims.create` (or a copy posted to another thread: the memory is shared). */
  constructor(
    readonly cells: Int32Array,
    readonly total: number,
  ) {}

  /** For `total` runs claimed by `threads` threads, numbered from 0. */
  static create(total: number, threads: number): RunClaims {
    return new RunClaims(new Int32Array(new SharedArrayBuffer(4 * (FIRST_THREAD + threads))), total);
  }

  /** The next run for `thread`, or undefined when none is left or the sweep stopped. */
  claim(thread: number): number | undefined {
    if (Atomics.load(this.cells, STOP) !== 0) return this.release(thread);
    const run = Atomics.add(this.cells, NEXT, 1);
    if (run >= this.total) return this.release(thread);
    Atomics.store(this.cells, FIRST_THREAD + thread, run + 1);
    return run;
  }

  /** Clears `thread`'s current run once it is done (its result is out). */
  release(thread: number): undefined {
    Atomics.store(this.cells, FIRST_THREAD + thread, 0);
    return undefined;
  }

  /** No thread claims another run. */
  stop(): void {
    Atomics.store(this.cells, STOP, 1);
  }

  /** The run `thread` is on, if any. */
  current(thread: number): number | undefined {
    const cell = Atomics.load(this.cells, FIRST_THREAD + thread);
    return cell === 0 ? undefined : cell - 1;
  }
}
