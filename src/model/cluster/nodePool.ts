/**
 * Nodes: pod capacity, readiness for scheduling, and each node's image cache.
 * The scheduler places a pod on the schedulable node with the fewest pods
 * (ties: the node that reached that count first), in O(1) with buckets of
 * nodes by pod count.
 *
 * Simplified: kube-scheduler scores nodes by several plugins (resources,
 * spreading, image locality); here pod count alone decides.
 */
import { ImageCache, type ImageGcPolicy } from '../imageCache.ts';

export class NodePool {
  readonly podCount: Int32Array;
  private readonly schedulable: Uint8Array;
  /** The node's kubelet runs (a dead node stays schedulable until it is marked NotReady). */
  private readonly running: Uint8Array;
  /** Schedulable nodes by pod count; a Set keeps insertion order, so ties are deterministic. */
  private readonly buckets: Set<number>[];
  private minBucket = 0;
  private readonly caches: ImageCache[];
  /** Nodes whose image cache reached the high threshold since the last GC period: the only ones GC visits. */
  private readonly gcDue = new Set<number>();

  constructor(
    readonly count: number,
    readonly podsPerNode: number,
    diskBytes: number,
    imageGc: ImageGcPolicy,
  ) {
    this.podCount = new Int32Array(count);
    this.schedulable = new Uint8Array(count).fill(1);
    this.running = new Uint8Array(count).fill(1);
    this.buckets = Array.from({ length: podsPerNode + 1 }, () => new Set<number>());
    for (let n = 0; n < count; n++) this.buckets[0].add(n);
    this.caches = Array.from(
      { length: count },
      (_, n) => new ImageCache(diskBytes, imageGc, () => this.gcDue.add(n)),
    );
  }

  cache(node: number): ImageCache {
    return this.caches[node];
  }

  /**
   * One period of the kubelet's image GC on every node: only caches at the
   * high threshold delete anything, so only those are visited (in node
   * order); one still at the threshold after (its images in use) is visited
   * again next period.
   */
  collectGarbage(nowMs: number): void {
    if (this.gcDue.size === 0) return;
    const due = [...this.gcDue].sort((a, b) => a - b);
    this.gcDue.clear();
    for (const node of due) {
      const cache = this.caches[node];
      cache.collectGarbage(nowMs);
      if (cache.atHighThreshold()) this.gcDue.add(node);
    }
  }

  isUp(node: number): boolean {
    return this.running[node] === 1;
  }

  setUp(node: number, up: boolean): void {
    this.running[node] = up ? 1 : 0;
  }

  isSchedulable(node: number): boolean {
    return this.schedulable[node] === 1;
  }

  /** The least-loaded schedulable node with room, or -1. */
  pick(): number {
    for (let k = this.minBucket; k < this.podsPerNode; k++) {
      const bucket = this.buckets[k];
      if (bucket.size > 0) {
        this.minBucket = k;
        return bucket.values().next().value as number;
      }
    }
    return -1;
  }

  addPod(node: number): void {
    this.move(node, this.podCount[node], this.podCount[node] + 1);
    this.podCount[node]++;
  }

  removePod(node: number): void {
    this.move(node, this.podCount[node], this.podCount[node] - 1);
    this.podCount[node]--;
  }

  setSchedulable(node: number, schedulable: boolean): void {
    if (this.isSchedulable(node) === schedulable) return;
    this.schedulable[node] = schedulable ? 1 : 0;
    const count = this.podCount[node];
    if (schedulable) this.addToBucket(node, count);
    else this.buckets[count].delete(node);
  }

  private move(node: number, from: number, to: number): void {
    if (to < 0 || to > this.podsPerNode) throw new RangeError(`node ${node}: pod count ${to} out of range`);
    if (!this.isSchedulable(node)) return;
    this.buckets[from].delete(node);
    this.addToBucket(node, to);
  }

  private addToBucket(node: number, count: number): void {
    this.buckets[count].add(node);
    if (count < this.minBucket) this.minBucket = count;
  }
}
