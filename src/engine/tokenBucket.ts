/**
 * A client-side rate limiter like client-go's token bucket (QPS and burst,
 * golang.org/x/time/rate underneath): the bucket starts full with `burst`
 * tokens and refills at `qps` per second; a request takes a token, and when
 * none is left it reserves the next one and waits its turn (FIFO).
 *
 * It keeps no timers: `reserve` says when a request may go, and the caller
 * schedules it. State is the instant at which the bucket would be full again,
 * kept in units of ms x qps so that with an integer QPS the arithmetic is exact.
 * A request whose turn falls inside a millisecond goes at the end of it
 * (rounded up, never early, and without delaying later turns), so over any w
 * consecutive whole milliseconds at most burst + qps x w / 1000 requests go.
 */

/** One token in units of ms x qps. */
const TOKEN = 1000;

export class TokenBucket {
  /** Requests reserved so far. */
  requests = 0;
  /** Sum of the waits of all requests, in ms. */
  throttledMs = 0;
  /** When the bucket is full again, in ms x qps; at or before now means full. */
  private fullAtScaled = 0;
  private lastMs = 0;

  constructor(
    readonly qps: number,
    readonly burst: number,
  ) {
    if (!(qps > 0) || !Number.isFinite(qps)) {
      throw new RangeError(`qps must be a finite number > 0, got ${qps}`);
    }
    if (!Number.isSafeInteger(burst) || burst < 1) {
      throw new RangeError(`burst must be an integer >= 1, got ${burst}`);
    }
  }

  /**
   * Takes a token for a request made at `nowMs` and returns the integer time
   * (>= nowMs) at which it may go. Times must not go backwards.
   */
  reserve(nowMs: number): number {
    if (!Number.isSafeInteger(nowMs) || nowMs < this.lastMs) {
      throw new RangeError(`reserve at ${nowMs} ms: time must be an integer not before ${this.lastMs} ms`);
    }
    this.lastMs = nowMs;
    this.requests++;
    const nowScaled = nowMs * this.qps;
    this.fullAtScaled = Math.max(this.fullAtScaled, nowScaled) + TOKEN;
    // The request may go once the bucket, counting this token, is no longer overdrawn.
    const goScaled = this.fullAtScaled - this.burst * TOKEN;
    if (goScaled <= nowScaled) return nowMs;
    const goMs = Math.ceil(goScaled / this.qps);
    this.throttledMs += goMs - nowMs;
    return goMs;
  }
}
