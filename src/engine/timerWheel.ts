/**
 * Timers as `Timers` keeps them (one per key, idle or due at one instant),
 * for many keys that are set again and again at most a bounded delay ahead:
 * every app's periodic poll. `Timers` puts each timer in the engine's queue,
 * so with 50,000 apps every event of a run paid for a heap of 50,000 polls;
 * the wheel keeps its timers in buckets of a fixed span of time, each bucket
 * in order, and is a source of the engine's events (`Engine.addSource`): it
 * tells the engine its earliest timer, which the engine runs in its place
 * among the heap's events. Setting and firing a timer cost a few array writes,
 * and a firing never enters the engine's heap.
 *
 * Each timer takes its sequence number from the engine when it is set
 * (`Engine.reserveSequence`), so it fires exactly where among the engine's
 * events a `Timers` timer set at that moment would fire, every other event
 * keeps its place, and a firing is one engine event as before.
 */
import type { Engine } from './engine.ts';

/** Marks an idle timer: no instant is NaN. */
const IDLE = Number.NaN;
/** No key: the end of a bucket's list, or no timer set at all. */
const NONE = -1;
/** Buckets are counted in 32-bit words of the bitmap that says which hold a timer. */
const MIN_BUCKETS = 32;
const MAX_BUCKETS = 2 ** 20;

export class TimerWheel {
  /** Per key, side by side in one cache line: its instant at 2 key (NaN: idle), its sequence number at 2 key + 1. */
  private readonly timing: Float64Array;
  /** Each bucket is a list of keys in firing order, one or two long on average. */
  private readonly nextKey: Int32Array;
  private readonly first: Int32Array;
  private readonly occupied: Uint32Array;
  /**
   * A bucket holds the timers due in one span of time; the ring of buckets covers any instant from now
   * to now + maxDelayMs. Both are powers of two: dividing by the span is exact, and `& bucketMask`
   * takes an instant's span number modulo the ring.
   */
  private readonly perBucketMs: number;
  private readonly bucketMask: number;
  private count = 0;
  /** The timer that fires first (NONE when none is set). */
  private headKey = NONE;
  /** The wheel's index among the engine's sources. */
  private readonly source: number;

  constructor(
    private readonly engine: Engine,
    /** Keys are integers in [0, count). */
    count: number,
    /** The longest delay from setting a timer to its instant. */
    readonly maxDelayMs: number,
    private readonly onFire: (key: number) => void,
  ) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`count must be an integer >= 0, got ${count}`);
    }
    if (!Number.isSafeInteger(maxDelayMs) || maxDelayMs < 0) {
      throw new RangeError(`maxDelayMs must be an integer >= 0, got ${maxDelayMs}`);
    }
    this.timing = new Float64Array(2 * count);
    for (let key = 0; key < count; key++) this.timing[2 * key] = IDLE;
    this.nextKey = new Int32Array(count);
    // About as many buckets as keys: timers spread over the delay then seldom share a bucket.
    const wanted = Math.min(MAX_BUCKETS, Math.max(MIN_BUCKETS, powerOfTwoAtLeast(count)));
    const bucketMs = powerOfTwoAtLeast(Math.ceil((maxDelayMs + 1) / wanted));
    // Instants from now to now + maxDelayMs fall in at most floor(maxDelayMs / bucketMs) + 2 spans.
    const buckets = Math.max(MIN_BUCKETS, powerOfTwoAtLeast(Math.floor(maxDelayMs / bucketMs) + 2));
    this.perBucketMs = 1 / bucketMs;
    this.bucketMask = buckets - 1;
    this.first = new Int32Array(buckets).fill(NONE);
    this.occupied = new Uint32Array(buckets / 32);
    this.source = engine.addSource(() => this.onEvent());
  }

  /** Whether the timer of `key` is waiting to fire. */
  isSet(key: number): boolean {
    return !Number.isNaN(this.timing[2 * key]);
  }

  /** When the timer of `key` fires; NaN when it is idle. */
  dueMs(key: number): number {
    return this.timing[2 * key];
  }

  /** Fires `key` at `atMs` (from now to now + maxDelayMs), instead of whenever it was due. */
  setAt(key: number, atMs: number): void {
    const now = this.engine.now;
    if (!(atMs >= now && atMs - now <= this.maxDelayMs) || !Number.isSafeInteger(atMs)) {
      throw new RangeError(
        `cannot set a timer at ${atMs} ms: it must be an integer from now (${now} ms) to ${this.maxDelayMs} ms after`,
      );
    }
    let headMoved = false;
    if (this.isSet(key)) {
      this.unlink(key);
      if (key === this.headKey) {
        this.headKey = this.findHead();
        headMoved = true;
      }
    }
    this.timing[2 * key] = atMs;
    this.timing[2 * key + 1] = this.engine.reserveSequence();
    this.link(key, atMs);
    if (this.headKey === NONE || this.before(key, this.headKey)) {
      this.headKey = key;
      headMoved = true;
    }
    if (headMoved) this.publishHead();
  }

  /** Fires `key` after `delayMs`, instead of whenever it was due. */
  setAfter(key: number, delayMs: number): void {
    this.setAt(key, this.engine.now + delayMs);
  }

  /** Fires `key` at `atMs` (as `setAt`), unless it is already due at or before then. */
  setEarliest(key: number, atMs: number): void {
    if (this.timing[2 * key] <= atMs) return;
    this.setAt(key, atMs);
  }

  /** The timer of `key` becomes idle without firing. */
  cancel(key: number): void {
    if (!this.isSet(key)) return;
    this.unlink(key);
    this.timing[2 * key] = IDLE;
    if (key === this.headKey) {
      this.headKey = this.findHead();
      this.publishHead();
    }
  }

  /** Every timer becomes idle without firing. */
  cancelAll(): void {
    for (let key = 0; key < this.nextKey.length; key++) this.cancel(key);
  }

  /** The engine runs the head timer. */
  private onEvent(): void {
    const key = this.headKey;
    // The head is first in the bucket of now; a timer after it in that bucket is the next head, as no other
    // bucket holds one before the end of this bucket's span.
    const b = this.bucketOf(this.timing[2 * key]);
    const next = this.nextKey[key];
    this.first[b] = next;
    this.count--;
    this.timing[2 * key] = IDLE;
    if (next === NONE) {
      this.occupied[b >>> 5] &= ~(1 << (b & 31));
      this.headKey = this.findHeadFrom(b);
    } else {
      this.headKey = next;
    }
    this.publishHead();
    this.onFire(key);
  }

  /** Tells the engine the head timer's instant and sequence number, or that no timer is set. */
  private publishHead(): void {
    const key = this.headKey;
    if (key === NONE) this.engine.clearSourceHead(this.source);
    else this.engine.setSourceHead(this.source, this.timing[2 * key], this.timing[2 * key + 1]);
  }

  /** Key a fires before key b. */
  private before(a: number, b: number): boolean {
    const ta = this.timing[2 * a];
    const tb = this.timing[2 * b];
    return ta < tb || (ta === tb && this.timing[2 * a + 1] < this.timing[2 * b + 1]);
  }

  /** `&` truncates its non-negative operand as Math.floor would, with no rounding instruction before it. */
  private bucketOf(atMs: number): number {
    return (atMs * this.perBucketMs) & this.bucketMask;
  }

  /** Inserts `key` into its bucket after every timer due at or before `atMs` (those were set earlier). */
  private link(key: number, atMs: number): void {
    const b = this.bucketOf(atMs);
    let prev = NONE;
    let next = this.first[b];
    while (next !== NONE && this.timing[2 * next] <= atMs) {
      prev = next;
      next = this.nextKey[next];
    }
    this.nextKey[key] = next;
    if (prev === NONE) this.first[b] = key;
    else this.nextKey[prev] = key;
    this.occupied[b >>> 5] |= 1 << (b & 31);
    this.count++;
  }

  /** Removes `key` from its bucket. */
  private unlink(key: number): void {
    const b = this.bucketOf(this.timing[2 * key]);
    let prev = this.first[b];
    if (prev === key) {
      this.unlinkFirst(key);
      return;
    }
    while (this.nextKey[prev] !== key) prev = this.nextKey[prev];
    this.nextKey[prev] = this.nextKey[key];
    this.count--;
  }

  /** Removes `key`, the first timer of its bucket. */
  private unlinkFirst(key: number): void {
    const b = this.bucketOf(this.timing[2 * key]);
    const next = this.nextKey[key];
    this.first[b] = next;
    if (next === NONE) this.occupied[b >>> 5] &= ~(1 << (b & 31));
    this.count--;
  }

  /**
   * The timer due first: the first of the first bucket that holds one, from the bucket of now on
   * (every timer is due at or after now, and within the buckets' span of it).
   */
  private findHead(): number {
    return this.findHeadFrom(this.bucketOf(this.engine.now));
  }

  /** `findHead`, given the bucket of now. */
  private findHeadFrom(start: number): number {
    if (this.count === 0) return NONE;
    const words = this.occupied.length;
    let w = start >>> 5;
    let bits = this.occupied[w] & (-1 << (start & 31));
    // At most once round the ring; the low bits of the start word, last, are the far end of it.
    for (let i = 0; bits === 0 && i < words; i++) {
      w = w + 1 === words ? 0 : w + 1;
      bits = this.occupied[w];
    }
    return this.first[w * 32 + 31 - Math.clz32(bits & -bits)];
  }
}

function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
