/**
 * The image downloads in progress on one node, as the kubelet's pulls share
 * them: digest -> the instant its download ends. A node downloads a few
 * digests at a time at most, mostly none or one, so they are kept in two
 * short parallel arrays, looked up by a scan and removed by moving the last
 * entry into the hole. A Map here allocated a new table whenever its last
 * entry was deleted (a download ending): 6.8 MB of a week of the 5,000-node
 * scale scenario, one allocation per pull.
 *
 * A download whose end has passed counts for nothing, whether or not a pull
 * ended it (its pod may have gone mid-pull): it is dropped when looked up, or
 * when a download starts, so the arrays hold no more than the node's pulls.
 */
import type { DigestHolder } from '../registry.ts';

export class NodeDownloads implements DigestHolder {
  private readonly digests: string[] = [];
  private readonly endsMs: number[] = [];

  constructor(private readonly clock: { readonly now: number }) {}

  /** Whether `digest` is being downloaded now. */
  has(digest: string): boolean {
    return this.endOf(digest) > this.clock.now;
  }

  /** When the download of `digest` ends; -1 when none is in progress (one that is over is dropped here). */
  endOf(digest: string): number {
    const digests = this.digests;
    for (let i = 0; i < digests.length; i++) {
      if (digests[i] !== digest) continue;
      const endMs = this.endsMs[i];
      if (endMs > this.clock.now) return endMs;
      this.removeAt(i);
      return -1;
    }
    return -1;
  }

  /** A download of `digest` starts now and ends at `endMs`, replacing any entry of it; those over are dropped. */
  start(digest: string, endMs: number): void {
    const digests = this.digests;
    for (let i = 0; i < digests.length; i++) {
      if (digests[i] === digest) {
        this.endsMs[i] = endMs;
        return;
      }
      if (this.endsMs[i] <= this.clock.now) this.removeAt(i--);
    }
    digests.push(digest);
    this.endsMs.push(endMs);
  }

  /** The node died: its downloads stop. */
  clear(): void {
    this.digests.length = 0;
    this.endsMs.length = 0;
  }

  private removeAt(i: number): void {
    const last = this.digests.length - 1;
    this.digests[i] = this.digests[last];
    this.endsMs[i] = this.endsMs[last];
    this.digests.pop();
    this.endsMs.pop();
  }
}
