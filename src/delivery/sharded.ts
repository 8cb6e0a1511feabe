/**
 * Several controllers seen as one delivery system: Argo CD shards (each
 * manages the apps of its clusters) or one Flux per cluster. Each app belongs
 * to exactly one part; counters add up, queue peaks take the largest.
 */
import type { Delivery, DeliveryStats } from '../model/deliverySystem.ts';
import type { Commit } from '../model/gitRepo.ts';
import { maxOf } from '../engine/extremes.ts';

export class ShardedDelivery implements Delivery {
  readonly kind: Delivery['kind'];
  readonly credentialsOutsideCluster: boolean;
  readonly independentParts: number | undefined;

  constructor(
    private readonly parts: readonly Delivery[],
    /** Which part manages an app. */
    private readonly partOf: (app: number) => number,
    /** Whether the parts fail one at a time (one Flux per cluster) or together (Argo CD shards, one deployment). */
    failApart: boolean,
  ) {
    if (parts.length === 0) throw new RangeError('a sharded delivery needs at least one part');
    this.kind = parts[0].kind;
    this.credentialsOutsideCluster = parts.some((p) => p.credentialsOutsideCluster);
    this.independentParts = failApart ? parts.length : undefined;
  }

  start(): void {
    for (const part of this.parts) part.start();
  }

  reportsInSync(app: number): boolean {
    return this.parts[this.partOf(app)].reportsInSync(app);
  }

  /** Rollback `pause` acts on the part that manages the app. */
  pause(app: number, knownGood: Commit): void {
    const part = this.parts[this.partOf(app)];
    if (part.pause === undefined) throw new RangeError(`a ${part.kind} delivery cannot be paused`);
    part.pause(app, knownGood);
  }

  resume(app: number): void {
    const part = this.parts[this.partOf(app)];
    if (part.resume === undefined) throw new RangeError(`a ${part.kind} delivery cannot be paused`);
    part.resume(app);
  }

  /** An outage of one part when the parts fail apart; otherwise (or without `part`) of every part. */
  setAvailable(up: boolean, part?: number): void {
    if (part !== undefined && this.independentParts !== undefined) {
      if (!Number.isInteger(part) || part < 0 || part >= this.independentParts) {
        throw new RangeError(`no part ${part} of ${this.independentParts}`);
      }
      this.parts[part].setAvailable(up);
      return;
    }
    for (const p of this.parts) p.setAvailable(up);
  }

  /** The longest any part held credentials (parts of one system hold them at the same times). */
  credentialsHeldMs(): number {
    return maxOf(this.parts.map((p) => p.credentialsHeldMs()));
  }

  queueDepth(): number {
    let depth = 0;
    for (const part of this.parts) depth += part.queueDepth();
    return depth;
  }

  stats(): DeliveryStats {
    const all = this.parts.map((p) => p.stats());
    const sum = (key: keyof DeliveryStats) => all.reduce((total, s) => total + s[key], 0);
    return {
      gitFetches: sum('gitFetches'),
      refreshes: sum('refreshes'),
      syncs: sum('syncs'),
      syncFailures: sum('syncFailures'),
      apiRequests: sum('apiRequests'),
      apiThrottledMs: sum('apiThrottledMs'),
      maxQueueDepth: maxOf(all.map((s) => s.maxQueueDepth)),
    };
  }
}
