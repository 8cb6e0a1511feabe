/**
 * Points the pool hands a worker thread to summarize, counted in shared
 * memory so that a thread with no run left can end at once without losing
 * one that is on its way: per thread one cell, the count of points handed to
 * it and a closed flag, changed only atomically. The pool reserves a
 * hand-off before posting it, which fails once the thread has closed; the
 * thread closes when it has no run left, learns how many were handed to it
 * in all, and ends once it has received and summarized that many.
 */

/** The closed flag, above any count of points. */
const CLOSED = 1 << 30;

export class Handoffs {
  /** `cells` from `Handoffs.create` (or a copy posted to another thread: the memory is shared). */
  constructor(readonly cells: Int32Array) {}

  /** For worker threads numbered 1..`threads` (cell 0, the pool's own thread, is unused). */
  static create(threads: number): Handoffs {
    return new Handoffs(new Int32Array(new SharedArrayBuffer(4 * (threads + 1))));
  }

  /** Reserves one more point for `thread` to summarize; false once it has closed (then the pool keeps it). */
  hand(thread: number): boolean {
    for (;;) {
      const cell = Atomics.load(this.cells, thread);
      if ((cell & CLOSED) !== 0) return false;
      if (Atomics.compareExchange(this.cells, thread, cell, cell + 1) === cell) return true;
    }
  }

  /** No more points for `thread`; how many were handed to it in all. */
  close(thread: number): number {
    return Atomics.or(this.cells, thread, CLOSED) & ~CLOSED;
  }
}
