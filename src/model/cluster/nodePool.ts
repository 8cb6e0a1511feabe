/**
 * Nodes: pod capacity, readiness for scheduling, and each node's image cache.
 * The scheduler places a pod on the schedulable node with room that holds
 * the fewest pods of the pod's ReplicaSet, then the fewest pods (ties: the
 * node that reached that count first). Buckets of nodes by pod count, each a
 * list threaded through typed arrays in the order nodes entered it, make
 * moving a node allocate nothing; pick walks them from the least loaded and
 * stops at the first node without a pod of the ReplicaSet, so it visits at
 * most one node more than the ReplicaSet occupies.
 *
 * Simplified: kube-scheduler's default profile adds weighted plugin scores:
 * PodTopologySpread (weight 2) with its system default constraints
 * (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway: soft spreading of the
 * pods of the pod's Service and ReplicaSet), NodeResourcesFit LeastAllocated
 * (weight 1), and others; then a random pick among the best. Here spreading
 * comes first and pod count stands for allocated resources: an approximation
 * of soft spreading by the weighted sum. Upstream one pod of the ReplicaSet
 * more on a node costs about as much score as the whole range of load, so
 * spreading mostly wins there too; a much emptier node sometimes wins upstream,
 * never here. No zones.
 */
import { ImageCache, type ImageGcPolicy } from '../imageCache.ts';

/** No node: an empty bucket's ends, a list's ends, pick() with no room. */
const NONE = -1;

/** What pick spreads: the pods of one ReplicaSet on each node. */
export interface Spread {
  activeOn(node: number): number;
}

export class NodePool {
  readonly podCount: Int32Array;
  private readonly schedulable: Uint8Array;
  /** The node's kubelet runs (a dead node stays schedulable until it is marked NotReady). */
  private readonly running: Uint8Array;
  /** Schedulable nodes by pod count, first and last to enter each bucket (NONE: empty); ties go to the first. */
  private readonly bucketFirst: Int32Array;
  private readonly bucketLast: Int32Array;
  /** Each schedulable node's neighbours in its bucket (NONE at the ends). */
  private readonly nextInBucket: Int32Array;
  private readonly prevInBucket: Int32Array;
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
    this.bucketFirst = new Int32Array(podsPerNode + 1).fill(NONE);
    this.bucketLast = new Int32Array(podsPerNode + 1).fill(NONE);
    this.nextInBucket = new Int32Array(count);
    this.prevInBucket = new Int32Array(count);
    for (let n = 0; n < count; n++) this.addToBucket(n, 0);
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

  /**
   * The schedulable node with room holding the fewest of `spread` (null:
   * nothing to spread), the least loaded among those; -1 when no node has room.
   */
  pick(spread: Spread | null): number {
    let best = NONE;
    let bestSpread = Number.POSITIVE_INFINITY;
    for (let k = this.minBucket; k < this.podsPerNode; k++) {
      let node = this.bucketFirst[k];
      if (node === NONE) continue;
      if (best === NONE) this.minBucket = k;
      for (; node !== NONE; node = this.nextInBucket[node]) {
        const same = spread === null ? 0 : spread.activeOn(node);
        if (same === 0) return node;
        if (same < bestSpread) {
          best = node;
          bestSpread = same;
        }
      }
    }
    return best;
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
    else this.removeFromBucket(node, count);
  }

  private move(node: number, from: number, to: number): void {
    if (to < 0 || to > this.podsPerNode) throw new RangeError(`node ${node}: pod count ${to} out of range`);
    if (!this.isSchedulable(node)) return;
    this.removeFromBucket(node, from);
    this.addToBucket(node, to);
  }

  /** Appends the node to the bucket of `count` pods. */
  private addToBucket(node: number, count: number): void {
    const last = this.bucketLast[count];
    this.prevInBucket[node] = last;
    this.nextInBucket[node] = NONE;
    if (last === NONE) this.bucketFirst[count] = node;
    else this.nextInBucket[last] = node;
    this.bucketLast[count] = node;
    if (count < this.minBucket) this.minBucket = count;
  }

  private removeFromBucket(node: number, count: number): void {
    const prev = this.prevInBucket[node];
    const next = this.nextInBucket[node];
    if (prev === NONE) this.bucketFirst[count] = next;
    else this.nextInBucket[prev] = next;
    if (next === NONE) this.bucketLast[count] = prev;
    else this.prevInBucket[next] = prev;
  }
}
