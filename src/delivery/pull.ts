/**
 * Pull delivery: a GitOps controller fetches Git every `interval` plus a
 * uniform random jitter in [0, jitter), compares what Git declares for each
 * app with the spec in the cluster, and applies every app that differs.
 *
 * Simplified: one refresh loop for all apps (Argo CD jitters each app's
 * refresh; the mean delay is the same), instantaneous fetch and compare, no
 * webhooks, no worker or QPS limits. A fetch during a Git outage fails and
 * the controller tries again at its next refresh.
 */
import type { Engine } from '../engine/engine.ts';
import type { RandomStream } from '../engine/random.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import { reconcile } from '../model/reconcile.ts';
import type { Delivery, DeliveryStats } from '../model/deliverySystem.ts';

export interface PullOptions {
  readonly intervalMs: number;
  readonly jitterMs: number;
}

/** The minimal pull controller: poll, compare, apply. The Argo CD and Flux profiles build on its idea. */
export class PullController implements Delivery {
  readonly kind = 'poll' as const;
  readonly credentialsOutsideCluster = false;
  /** Git fetches made so far. */
  gitFetches = 0;
  private applies = 0;
  private up = true;
  private readonly fire = (): void => this.refresh();

  constructor(
    private readonly engine: Engine,
    private readonly git: GitRepo,
    private readonly cluster: ClusterApi,
    private readonly options: PullOptions,
    private readonly random: RandomStream,
  ) {}

  /** The controller has been running for a while: its first refresh comes at a random phase of its period. */
  start(): void {
    this.engine.after(Math.floor(this.random.next() * this.options.intervalMs), this.fire);
  }

  /** In sync when the live spec equals what Git declares (the controller shows the comparison it last made). */
  reportsInSync(app: number): boolean {
    const live = this.cluster.spec(app);
    return live !== null && reconcile(this.git.desiredAt(app), live).actions.length === 0;
  }

  setAvailable(up: boolean): void {
    this.up = up;
  }

  /** One loop, no queue. */
  /** The controller runs in the cluster: nothing outside holds credentials. */
  credentialsHeldMs(): number {
    return 0;
  }

  queueDepth(): number {
    return 0;
  }

  stats(): DeliveryStats {
    return {
      gitFetches: this.gitFetches,
      refreshes: this.gitFetches,
      syncs: this.applies,
      syncFailures: 0,
      apiRequests: this.applies,
      apiThrottledMs: 0,
      maxQueueDepth: 0,
    };
  }

  private refresh(): void {
    if (this.up) {
      this.gitFetches++;
      if (this.git.fetch()) this.syncAll();
    }
    this.engine.after(this.options.intervalMs + Math.floor(this.random.next() * this.options.jitterMs), this.fire);
  }

  private syncAll(): void {
    for (let app = 0; app < this.git.appCount; app++) {
      const desired = this.git.desiredAt(app);
      const live = this.cluster.spec(app);
      // Out of sync when the reconcile loop has actions to take; the apply takes them all at once.
      if (live === null || reconcile(desired, live).actions.length > 0) {
        this.applies++;
        this.cluster.apply(app, desired);
      }
    }
  }
}
