/**
 * A controller's work queue and its pool of workers, on the engine, with
 * client-go workqueue semantics: FIFO; a key waits in the queue at most once
 * (adding it again merges); a key added while a worker runs it is queued
 * again when that run ends (dirty), so one key never runs on two workers.
 *
 * Keys are small non-negative integers (an app's index). As a client-go
 * controller's workers run one function on whatever key they take, a queue
 * has one `work` and one `done` for every key: what a run costs is decided
 * when a worker takes the key, so the work can look at the world at that
 * instant. Per-key state lives in typed arrays and the queue is a ring of
 * keys: adding and running allocate nothing once the arrays have grown.
 */
import type { Engine } from './engine.ts';

/**
 * Called when a worker takes the key; returns the duration of its run in integer ms, or `HELD` for a
 * run whose end is not known when it starts: the worker is busy until `release(key)`.
 */
export type Work = (key: number) => number;
/** What `work` returns for a run that ends at `release(key)`. */
export const HELD = -1;
/** Called when the run of `key` ends. */
export type WorkDone = (key: number) => void;

const IDLE = 0;
const QUEUED = 1;
const RUNNING = 2;
/** Running, and added again meanwhile: queued once the run ends. */
const RUNNING_DIRTY = 3;
const INITIAL_CAPACITY = 64;

export interface WorkQueueOptions {
  /**
   * When a run ends, the freed worker takes its next key before `done` runs
   * (a CI runner goes back to the queue first); by default `done` runs first,
   * as a client-go worker finishes its item before it takes the next one.
   */
  readonly nextBeforeDone?: boolean;
}

export class WorkQueue {
  /** Adds that queued a key, and adds merged into a key already waiting. */
  added = 0;
  merged = 0;
  /** Runs started, and the sum of their waits in the queue and of their durations. */
  started = 0;
  waitMs = 0;
  busyMs = 0;
  /** The most keys ever waiting at once. */
  maxDepth = 0;

  /** A power of two long, so positions wrap with a mask. */
  private ring = new Int32Array(INITIAL_CAPACITY);
  private head = 0;
  private count = 0;
  private running = 0;
  private paused = false;
  private state = new Uint8Array(INITIAL_CAPACITY);
  private queuedAt = new Float64Array(INITIAL_CAPACITY);
  /** When each held run started (for busyMs), NaN for a key not held; made by the first run held. */
  private heldSince: Float64Array | null = null;
  private readonly finish = (key: number): void => this.complete(key);

  private readonly nextBeforeDone: boolean;

  constructor(
    private readonly engine: Engine,
    readonly workers: number,
    /** What a worker does with the key it takes. */
    private readonly work: Work,
    /** Called when a run ends. */
    private readonly done: WorkDone,
    options: WorkQueueOptions = {},
  ) {
    this.nextBeforeDone = options.nextBeforeDone === true;
    if (!Number.isSafeInteger(workers) || workers < 1) {
      throw new RangeError(`workers must be an integer >= 1, got ${workers}`);
    }
  }

  /** Keys waiting for a worker. */
  get depth(): number {
    return this.count;
  }

  /** Workers running a key now. */
  get busy(): number {
    return this.running;
  }

  /** Whether adding `key` now would start its run at once: nothing waits, a worker is free, the key is idle. */
  wouldRunAtOnce(key: number): boolean {
    return !this.paused && this.count === 0 && this.running < this.workers && (this.state[key] ?? IDLE) === IDLE;
  }

  /** Queues `key`. Returns false when the key was already waiting (the adds merge). */
  add(key: number): boolean {
    if (!(key >= 0 && key < this.state.length)) this.grow(key);
    const s = this.state[key];
    if (s === QUEUED || s === RUNNING_DIRTY) {
      this.merged++;
      return false;
    }
    this.added++;
    this.queuedAt[key] = this.engine.now;
    if (s === RUNNING) {
      this.state[key] = RUNNING_DIRTY;
      return true;
    }
    this.state[key] = QUEUED;
    this.push(key);
    this.dispatch();
    return true;
  }

  /** Workers take no new key until `resume` (runs in progress end as planned; the queue is kept). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.dispatch();
  }

  private push(key: number): void {
    let ring = this.ring;
    if (this.count === ring.length) {
      const grown = new Int32Array(ring.length * 2);
      for (let i = 0; i < this.count; i++) grown[i] = ring[(this.head + i) & (ring.length - 1)];
      this.ring = ring = grown;
      this.head = 0;
    }
    ring[(this.head + this.count) & (ring.length - 1)] = key;
    if (++this.count > this.maxDepth) this.maxDepth = this.count;
  }

  private dispatch(): void {
    while (!this.paused && this.running < this.workers && this.count > 0) {
      const key = this.ring[this.head];
      this.head = (this.head + 1) & (this.ring.length - 1);
      this.count--;
      this.state[key] = RUNNING;
      this.running++;
      this.started++;
      this.waitMs += this.engine.now - this.queuedAt[key];
      const durationMs = this.work(key);
      if (durationMs === HELD) {
        this.holdStarted(key);
        continue;
      }
      this.busyMs += durationMs;
      this.engine.afterFixed(durationMs, this.finish, key);
    }
  }

  /** Ends the held run of `key` now (see `HELD`). */
  release(key: number): void {
    const since = this.heldSince?.[key] ?? Number.NaN;
    if (Number.isNaN(since)) throw new RangeError(`key ${key} has no held run to release`);
    this.heldSince![key] = Number.NaN;
    this.busyMs += this.engine.now - since;
    this.complete(key);
  }

  private holdStarted(key: number): void {
    if (this.heldSince === null || this.heldSince.length < this.state.length) {
      const since = new Float64Array(this.state.length).fill(Number.NaN);
      if (this.heldSince !== null) since.set(this.heldSince);
      this.heldSince = since;
    }
    this.heldSince[key] = this.engine.now;
  }

  private complete(key: number): void {
    this.running--;
    if (this.state[key] === RUNNING_DIRTY) {
      this.state[key] = QUEUED;
      this.push(key);
    } else {
      this.state[key] = IDLE;
    }
    if (this.nextBeforeDone) {
      this.dispatch();
      this.done(key);
    } else {
      this.done(key);
      this.dispatch();
    }
  }

  private grow(key: number): void {
    if (!Number.isInteger(key) || key < 0 || key > 0x7fffffff) {
      throw new RangeError(`a key must be an integer in [0, 2^31), got ${key}`);
    }
    const capacity = Math.max(key + 1, this.state.length * 2);
    const state = new Uint8Array(capacity);
    state.set(this.state);
    this.state = state;
    const queuedAt = new Float64Array(capacity);
    queuedAt.set(this.queuedAt);
    this.queuedAt = queuedAt;
  }
}
