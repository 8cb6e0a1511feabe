/**
 * Timers on the engine: one per key (an app's index, say), each either idle
 * or due at one instant. Setting a timer that is already due replaces it, or,
 * with `setEarliest`, keeps whichever is due first (a requeue that is already
 * waiting stands). State lives in typed arrays and the handler is made once,
 * so setting and firing allocate nothing.
 */
import type { Engine } from './engine.ts';

/** Marks an idle timer: no instant is NaN. */
const IDLE = Number.NaN;

export class Timers {
  private readonly dueAt: Float64Array;
  private readonly ids: Float64Array;
  private readonly fire = (key: number): void => {
    this.dueAt[key] = IDLE;
    this.onFire(key);
  };

  constructor(
    private readonly engine: Engine,
    /** Keys are integers in [0, count). */
    count: number,
    private readonly onFire: (key: number) => void,
  ) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`count must be an integer >= 0, got ${count}`);
    }
    this.dueAt = new Float64Array(count).fill(IDLE);
    this.ids = new Float64Array(count);
  }

  /** Whether the timer of `key` is waiting to fire. */
  isSet(key: number): boolean {
    return !Number.isNaN(this.dueAt[key]);
  }

  /** When the timer of `key` fires; NaN when it is idle. */
  dueMs(key: number): number {
    return this.dueAt[key];
  }

  /** Fires `key` at `atMs`, instead of whenever it was due. */
  setAt(key: number, atMs: number): void {
    if (this.isSet(key)) this.engine.cancel(this.ids[key]);
    this.dueAt[key] = atMs;
    this.ids[key] = this.engine.at(atMs, this.fire, key);
  }

  /** Fires `key` after `delayMs`, instead of whenever it was due. */
  setAfter(key: number, delayMs: number): void {
    this.setAt(key, this.engine.now + delayMs);
  }

  /** Fires `key` at `atMs`, unless it is already due at or before then. */
  setEarliest(key: number, atMs: number): void {
    if (this.dueAt[key] <= atMs) return;
    this.setAt(key, atMs);
  }

  /** The timer of `key` becomes idle without firing. */
  cancel(key: number): void {
    if (!this.isSet(key)) return;
    this.engine.cancel(this.ids[key]);
    this.dueAt[key] = IDLE;
  }

  /** Every timer becomes idle without firing. */
  cancelAll(): void {
    for (let key = 0; key < this.dueAt.length; key++) this.cancel(key);
  }
}
