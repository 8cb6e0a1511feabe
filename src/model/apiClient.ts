/**
 * A Kubernetes API client limited by QPS and burst (client-go's token bucket):
 * every write goes through it and lands when the bucket lets it go, so a busy
 * controller falls behind as a real one does.
 */
import type { Engine, Handler } from '../engine/engine.ts';
import { TokenBucket } from '../engine/tokenBucket.ts';

export class ApiClient {
  private readonly bucket: TokenBucket;

  constructor(
    private readonly engine: Engine,
    qps: number,
    burst: number,
  ) {
    this.bucket = new TokenBucket(qps, burst);
  }

  /** Requests made so far. */
  get requests(): number {
    return this.bucket.requests;
  }

  /** Total time requests waited for a token. */
  get throttledMs(): number {
    return this.bucket.throttledMs;
  }

  /** Sends a request now; `handler(arg)` runs when it lands on the API server. */
  submit(handler: Handler, arg = 0): void {
    this.engine.at(this.bucket.reserve(this.engine.now), handler, arg);
  }
}
