/**
 * An Argo CD-like application controller for one config repo and one cluster
 * (Argo CD 3.x documentation and argocd-application-controller flags). Argo CD shards by cluster, each cluster on one
 * shard, so with one cluster a single shard does all the work: this class is
 * that shard, and adding controller replicas would not help it.
 *
 * - Refresh (status processors): fetch Git (resolve the revision), render the
 *   app's manifests unless the manifest cache holds them for the repo's head
 *   commit, compare (image, replicas) with the live Deployment. Triggered by
 *   each app's periodic timer (interval + uniform jitter), by a Git webhook
 *   (every app at once), by a watch event on the live Deployment (after
 *   `watchDelayMs`), after each sync, by a self-heal back-off ending, and
 *   when the controller comes back from an outage.
 * - Sync (operation processors): auto-sync once per Git revision; self-heal
 *   re-syncs an already synced revision with Argo CD's back-off; a failed sync
 *   is retried per the retry policy, then that revision is left alone. Its
 *   API requests go through the controller's token bucket, at most
 *   `kubectlParallelism` at a time across the controller.
 *
 * Simplified: a failed Git fetch fails at once (no timeout); an app is one
 * Deployment plus `resourcesPerApp - 1` resources whose applies change
 * nothing; a failing sync is refused at the Deployment (the cluster keeps its
 * spec); the periodic timer of an app ignores refreshes from other causes
 * (Argo CD measures from the last reconcile, which only spaces polls a little
 * more after a webhook or watch refresh); work in progress when an outage
 * starts finishes; no sync waves, hooks, health waits or pruning.
 */
import { compileSampler, type Distribution, type Sampler } from '../engine/distribution.ts';
import type { Engine } from '../engine/engine.ts';
import type { RandomStream, StreamSource } from '../engine/random.ts';
import {
  ARGOCD_SELF_HEAL_BACKOFF,
  ARGOCD_SYNC_RETRY,
  selfHealDelayMs,
  syncRetryDelayMs,
} from '../model/backoff.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Commit, GitRepo } from '../model/gitRepo.ts';
import { type AppState, reconcile } from '../model/reconcile.ts';
import { Timers } from '../engine/timers.ts';
import { TokenBucket } from '../engine/tokenBucket.ts';
import type { Delivery, DeliveryStats, DeliveryWorld } from '../model/deliverySystem.ts';
import { WorkQueue } from '../engine/workQueue.ts';

/**
 * What a scenario sets of an Argo CD controller, exactly as the scenario
 * schema resolves it (the schema holds every default, with its source).
 */
export interface ArgoCdOptions {
  /** Periodic refresh of each app (timeout.reconciliation): every `intervalMs` plus a uniform draw in [0, jitterMs). */
  readonly intervalMs: number;
  readonly jitterMs: number;
  /** The repo's webhook is configured: each Git webhook refreshes every app at once (polling goes on). */
  readonly webhook: boolean;
  /** From a change to a live Deployment to the refresh its watch event queues. */
  readonly watchDelayMs: number;
  /** Rendering an app's manifests on the repo-server (a manifest cache miss). */
  readonly renderTime: Distribution;
  /** Comparing an app's rendered manifests with its live objects (every successful refresh). */
  readonly compareTime: Distribution;
  /** Workers for refreshes (--status-processors) and for syncs (--operation-processors). */
  readonly statusProcessors: number;
  readonly operationProcessors: number;
  /** syncPolicy.automated, and its selfHeal. */
  readonly autoSync: boolean;
  readonly selfHeal: boolean;
  /** Probability in [0, 1] that a sync attempt fails. */
  readonly syncFailRate: number;
  /** Kubernetes objects per app, one API request each per sync; the Deployment is the last. */
  readonly resourcesPerApp: number;
  /** The controller's Kubernetes client limits. */
  readonly qps: number;
  readonly burst: number;
  /** Requests in flight at once across the controller (--kubectl-parallelism-limit). */
  readonly kubectlParallelism: number;
  /** From a request leaving the client to it landing on the API server. */
  readonly apiLatency: Distribution;
  /**
   * Sync hooks and waits (PostSync jobs, waves waiting for health): time the
   * operation holds its processor after its applies landed.
   */
  readonly hookTime: Distribution;
}

/** argocd-repo-server --repo-cache-expiration: rendered manifests stay cached 24h. */
export const ARGOCD_MANIFEST_CACHE_TTL_MS = 86_400_000;
/**
 * --self-heal-backoff-cooldown-seconds 330 (Argo CD 3.0 to 3.2; deprecated in
 * 3.3): self-heal attempts are forgotten once the app is Synced this long after its last sync.
 */
export const ARGOCD_SELF_HEAL_COOLDOWN_MS = 330_000;

/** Names of the random streams the controller draws from. */
export const ARGOCD_STREAMS = {
  schedule: 'argocd.schedule',
  work: 'argocd.work',
  failures: 'argocd.failures',
} as const;

/** Why a sync operation ran: a new revision, a self-heal of drift, or a retry of a failed attempt. */
export type SyncReason = 'auto' | 'selfHeal' | 'retry';

/** Called when a sync attempt ends. */
export type SyncListener = (app: number, reason: SyncReason, succeeded: boolean) => void;

export interface ArgoCdStats extends DeliveryStats {
  /** Refreshes that rendered manifests (manifest cache misses). */
  readonly renders: number;
  /** Refreshes whose Git fetch failed: the app keeps its last status. */
  readonly comparisonErrors: number;
  readonly selfHealSyncs: number;
  readonly syncRetries: number;
  readonly maxRefreshQueueDepth: number;
  readonly maxOperationQueueDepth: number;
  /** Mean wait for a status / operation processor. */
  readonly meanRefreshWaitMs: number;
  readonly meanOperationWaitMs: number;
  /** Mean and longest time between two refreshes of one app: the configured period as the load makes it. */
  readonly meanRefreshPeriodMs: number;
  readonly maxRefreshPeriodMs: number;
  /** Share of processor time busy since start. */
  readonly statusProcessorUtilization: number;
  readonly operationProcessorUtilization: number;
  /** Time operation processors were busy, in all (applies, their token and kubectl waits, hooks). */
  readonly operationBusyMs: number;
  /** Time requests waited for a kubectl slot (before their wait for a token). */
  readonly kubectlWaitMs: number;
}

export class ArgoCdController implements Delivery {
  readonly kind = 'argocd';
  readonly credentialsOutsideCluster = false;

  /** The apps this controller manages, and a flag per app (the watch sees every app of its clusters). */
  private readonly managed: Int32Array;
  private readonly isManaged: Uint8Array;
  private readonly refreshQueue: WorkQueue;
  private readonly operationQueue: WorkQueue;
  private readonly bucket: TokenBucket;
  /** When each kubectl slot is free again. */
  private readonly slotFreeAt: Float64Array;
  private readonly random: { readonly schedule: RandomStream; readonly work: RandomStream; readonly failures: RandomStream };
  private readonly syncListeners: SyncListener[] = [];
  private available = true;
  private startedAtMs = 0;
  private lastWebhookMs = -1;

  // Per app.
  /** The live-state cache the watch keeps, which comparisons read: image, and replicas (-1: deleted). */
  private readonly liveImage: string[];
  private readonly liveReplicas: Float64Array;
  /** Each app's periodic refresh. */
  private readonly pollTimers: Timers;
  private readonly watchPending: Uint8Array;
  /** The last comparison said Synced, and no change to the live object was seen since. */
  private readonly synced: Uint8Array;
  /** The commit the running refresh fetched; null when the fetch failed. */
  private readonly fetched: (Commit | null)[];
  private readonly renderedHead: Float64Array;
  private readonly renderedAtMs: Float64Array;
  private readonly lastRefreshMs: Float64Array;
  /** Revision of the latest automated sync, and the revision whose sync failed for good. */
  private readonly syncedRevision: Float64Array;
  private readonly failedRevision: Float64Array;
  /** A sync is queued, running or waiting for its retry. */
  private readonly opBusy: Uint8Array;
  private readonly opTarget: Commit[];
  private readonly opReason: SyncReason[];
  private readonly opFails: Uint8Array;
  private readonly retries: Float64Array;
  private readonly lastOpEndMs: Float64Array;
  private readonly healAttempts: Float64Array;
  /** Each app's requeue for when its self-heal back-off ends. */
  private readonly healTimers: Timers;

  private gitFetches = 0;
  private refreshes = 0;
  private renders = 0;
  private comparisonErrors = 0;
  private syncs = 0;
  private syncFailures = 0;
  private selfHealSyncs = 0;
  private syncRetries = 0;
  private kubectlWaitMs = 0;
  private periodSumMs = 0;
  private periods = 0;
  private maxPeriodMs = 0;

  // Handlers made once: the hot path allocates no closures.
  private readonly watched = (app: number): void => this.onWatchEvent(app);
  private readonly liveChanged = (app: number): void => this.onLiveChange(app);
  private readonly webhookArrived = (): void => this.onWebhook();
  private readonly retryDue = (app: number): void => this.onRetryDue(app);
  private readonly applyLanded = (app: number): void => this.onApplyLanded(app);
  private readonly refreshWork = (app: number): number => this.beginRefresh(app);
  private readonly refreshDone = (app: number): void => this.endRefresh(app);
  private readonly syncWork = (app: number): number => this.beginSync(app);
  private readonly syncDone = (app: number): void => this.endSync(app);

  private readonly engine: Engine;
  private readonly git: GitRepo;
  private readonly cluster: ClusterApi;
  private readonly renderMs: Sampler;
  private readonly compareMs: Sampler;
  private readonly apiLatencyMs: Sampler;
  private readonly hookMs: Sampler;

  constructor(
    world: DeliveryWorld,
    private readonly options: ArgoCdOptions,
    streams: StreamSource,
    /**
     * The apps this controller manages; all when absent. A shard of a sharded
     * controller manages the apps of its clusters (Argo CD shards by cluster).
     */
    apps?: readonly number[],
  ) {
    checkOptions(options);
    const { engine, git, cluster } = world;
    this.engine = engine;
    this.git = git;
    this.cluster = cluster;
    this.renderMs = compileSampler(options.renderTime);
    this.compareMs = compileSampler(options.compareTime);
    this.apiLatencyMs = compileSampler(options.apiLatency);
    this.hookMs = compileSampler(options.hookTime);
    this.random = {
      schedule: streams.stream(ARGOCD_STREAMS.schedule),
      work: streams.stream(ARGOCD_STREAMS.work),
      failures: streams.stream(ARGOCD_STREAMS.failures),
    };
    const n = git.appCount;
    if (cluster.appCount !== n) {
      throw new RangeError(`Git declares ${n} apps but the cluster has ${cluster.appCount}`);
    }
    this.managed = Int32Array.from(apps ?? Array.from({ length: n }, (_, app) => app));
    this.isManaged = new Uint8Array(n);
    for (const app of this.managed) this.isManaged[app] = 1;
    this.refreshQueue = new WorkQueue(engine, options.statusProcessors);
    this.operationQueue = new WorkQueue(engine, options.operationProcessors);
    this.bucket = new TokenBucket(options.qps, options.burst);
    this.slotFreeAt = new Float64Array(options.kubectlParallelism);
    this.liveImage = new Array<string>(n).fill('');
    this.liveReplicas = new Float64Array(n);
    this.pollTimers = new Timers(engine, n, (app) => this.onPoll(app));
    this.watchPending = new Uint8Array(n);
    this.synced = new Uint8Array(n);
    this.fetched = new Array<Commit | null>(n).fill(null);
    this.renderedHead = new Float64Array(n);
    this.renderedAtMs = new Float64Array(n);
    this.lastRefreshMs = new Float64Array(n).fill(-1);
    this.syncedRevision = new Float64Array(n).fill(-1);
    this.failedRevision = new Float64Array(n).fill(-1);
    this.opBusy = new Uint8Array(n);
    this.opTarget = new Array<Commit>(n);
    this.opReason = new Array<SyncReason>(n).fill('auto');
    this.opFails = new Uint8Array(n);
    this.retries = new Float64Array(n);
    this.lastOpEndMs = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.healAttempts = new Float64Array(n);
    this.healTimers = new Timers(engine, n, (app) => this.requestRefresh(app));
  }

  /**
   * The controller has been running for a while: each app was compared, its
   * revision synced if it matched, its manifests rendered, and its next
   * periodic refresh comes at a random phase of its period.
   */
  start(): void {
    const { engine, git, cluster } = this;
    this.startedAtMs = engine.now;
    cluster.onSpecChange(this.liveChanged);
    if (this.options.webhook) git.onWebhook(this.webhookArrived);
    const periodMs = this.options.intervalMs + this.options.jitterMs;
    for (const app of this.managed) {
      this.cacheLive(app);
      const commit = git.latest(app);
      if (this.matchesLive(app, commit.desired)) {
        this.synced[app] = 1;
        this.syncedRevision[app] = commit.revision;
      }
      this.renderedHead[app] = git.head;
      this.renderedAtMs[app] = engine.now;
      this.pollTimers.setAfter(app, Math.floor(this.random.schedule.next() * periodMs));
    }
  }

  reportsInSync(app: number): boolean {
    return this.synced[app] === 1;
  }

  /**
   * Down: nothing new is refreshed or synced (timers tick, their work is
   * dropped; queued work waits). Up: the controller has restarted, so it
   * refreshes every app at once and each app's period starts again from now;
   * without jitter every app stays in step from then on (a sync storm).
   */
  setAvailable(up: boolean): void {
    if (up === this.available) return;
    this.available = up;
    if (!up) {
      this.refreshQueue.pause();
      this.operationQueue.pause();
      return;
    }
    this.refreshQueue.resume();
    this.operationQueue.resume();
    for (const app of this.managed) {
      this.pollTimers.setAfter(app, this.nextPeriodMs());
      this.requestRefresh(app);
    }
  }

  /** Calls `listener` at the end of every sync attempt. */
  onSync(listener: SyncListener): void {
    this.syncListeners.push(listener);
  }

  /** Refreshes waiting for a status processor now. */
  /** Refreshes and sync operations waiting for a worker. */
  /** The controller runs in the cluster: nothing outside holds credentials. */
  credentialsHeldMs(): number {
    return 0;
  }

  queueDepth(): number {
    return this.refreshQueue.depth + this.operationQueue.depth;
  }

  get refreshQueueDepth(): number {
    return this.refreshQueue.depth;
  }

  stats(): ArgoCdStats {
    const { refreshQueue: rq, operationQueue: oq } = this;
    const elapsedMs = Math.max(1, this.engine.now - this.startedAtMs);
    return {
      gitFetches: this.gitFetches,
      refreshes: this.refreshes,
      syncs: this.syncs,
      syncFailures: this.syncFailures,
      apiRequests: this.bucket.requests,
      apiThrottledMs: this.bucket.throttledMs,
      maxQueueDepth: Math.max(rq.maxDepth, oq.maxDepth),
      renders: this.renders,
      comparisonErrors: this.comparisonErrors,
      selfHealSyncs: this.selfHealSyncs,
      syncRetries: this.syncRetries,
      maxRefreshQueueDepth: rq.maxDepth,
      maxOperationQueueDepth: oq.maxDepth,
      meanRefreshWaitMs: rq.started > 0 ? rq.waitMs / rq.started : 0,
      meanOperationWaitMs: oq.started > 0 ? oq.waitMs / oq.started : 0,
      meanRefreshPeriodMs: this.periods > 0 ? this.periodSumMs / this.periods : 0,
      maxRefreshPeriodMs: this.maxPeriodMs,
      statusProcessorUtilization: rq.busyMs / (rq.workers * elapsedMs),
      operationProcessorUtilization: oq.busyMs / (oq.workers * elapsedMs),
      operationBusyMs: oq.busyMs,
      kubectlWaitMs: this.kubectlWaitMs,
    };
  }

  private nextPeriodMs(): number {
    return this.options.intervalMs + Math.floor(this.random.schedule.next() * this.options.jitterMs);
  }

  private requestRefresh(app: number): void {
    if (this.available) this.refreshQueue.add(app, this.refreshWork, this.refreshDone);
  }

  private onPoll(app: number): void {
    this.pollTimers.setAfter(app, this.nextPeriodMs());
    this.requestRefresh(app);
  }

  /** What the controller's watch on live objects sees: the cache follows at once, a refresh after the delay. */
  private onLiveChange(app: number): void {
    if (this.isManaged[app] === 0) return;
    this.cacheLive(app);
    if (!this.available || this.watchPending[app] === 1) return;
    this.watchPending[app] = 1;
    this.engine.after(this.options.watchDelayMs, this.watched, app);
  }

  private onWatchEvent(app: number): void {
    this.watchPending[app] = 0;
    if (!this.available) return;
    this.synced[app] = 0;
    this.requestRefresh(app);
  }

  /** Every app uses the repo; webhooks of commits pushed together refresh each app once. */
  private onWebhook(): void {
    const now = this.engine.now;
    if (!this.available || now === this.lastWebhookMs) return;
    this.lastWebhookMs = now;
    for (const app of this.managed) this.requestRefresh(app);
  }

  private beginRefresh(app: number): number {
    this.gitFetches++;
    if (!this.git.fetch()) {
      this.fetched[app] = null;
      return 0;
    }
    this.fetched[app] = this.git.latest(app);
    let ms = this.compareMs(this.random.work);
    // The cache is keyed by the repo's commit: any new commit invalidates every app.
    const head = this.git.head;
    const now = this.engine.now;
    if (this.renderedHead[app] !== head || now - this.renderedAtMs[app] >= ARGOCD_MANIFEST_CACHE_TTL_MS) {
      this.renderedHead[app] = head;
      this.renderedAtMs[app] = now;
      this.renders++;
      ms += this.renderMs(this.random.work);
    }
    return ms;
  }

  private endRefresh(app: number): void {
    const now = this.engine.now;
    this.refreshes++;
    const lastMs = this.lastRefreshMs[app];
    if (lastMs >= 0) {
      const periodMs = now - lastMs;
      this.periodSumMs += periodMs;
      this.periods++;
      if (periodMs > this.maxPeriodMs) this.maxPeriodMs = periodMs;
    }
    this.lastRefreshMs[app] = now;
    const commit = this.fetched[app];
    if (commit === null) {
      this.comparisonErrors++;
      return;
    }
    if (this.matchesLive(app, commit.desired)) {
      this.synced[app] = 1;
      if (now - this.lastOpEndMs[app] >= ARGOCD_SELF_HEAL_COOLDOWN_MS) this.healAttempts[app] = 0;
      return;
    }
    this.synced[app] = 0;
    if (this.options.autoSync && this.opBusy[app] === 0) this.autoSync(app, commit);
  }

  /** Argo CD's automated sync policy for an OutOfSync app with no operation in progress. */
  private autoSync(app: number, commit: Commit): void {
    const revision = commit.revision;
    if (revision !== this.syncedRevision[app]) {
      this.healAttempts[app] = 0;
      this.startOperation(app, commit, 'auto');
      return;
    }
    // Already synced to this revision: only self-heal syncs it again, and never after it failed for good.
    if (!this.options.selfHeal || this.failedRevision[app] === revision) return;
    const dueMs =
      this.lastOpEndMs[app] + selfHealDelayMs(this.healAttempts[app], ARGOCD_SELF_HEAL_BACKOFF);
    if (dueMs <= this.engine.now) {
      this.healAttempts[app]++;
      this.selfHealSyncs++;
      this.startOperation(app, commit, 'selfHeal');
    } else if (!this.healTimers.isSet(app)) {
      // Argo CD requeues the app for when its back-off ends; a pending requeue is already at that time.
      this.healTimers.setAt(app, dueMs);
    }
  }

  private cacheLive(app: number): void {
    const live = this.cluster.spec(app);
    this.liveImage[app] = live === null ? '' : live.image;
    this.liveReplicas[app] = live === null ? -1 : live.replicas;
  }

  /**
   * The comparison of a refresh: the reconcile loop's actions that would move
   * the cached live state to `desired`. None: Synced; any: OutOfSync, and an
   * automated sync applies the desired manifest, which takes them all at once.
   */
  private matchesLive(app: number, desired: AppState): boolean {
    const live: AppState = { image: this.liveImage[app], replicas: this.liveReplicas[app] };
    return reconcile(desired, live).actions.length === 0;
  }

  private startOperation(app: number, commit: Commit, reason: SyncReason): void {
    this.opBusy[app] = 1;
    this.syncedRevision[app] = commit.revision;
    this.opTarget[app] = commit;
    this.opReason[app] = reason;
    this.retries[app] = 0;
    this.operationQueue.add(app, this.syncWork, this.syncDone);
  }

  /** Sends the app's requests now and returns when the last one lands. */
  private beginSync(app: number): number {
    const now = this.engine.now;
    const slotFreeAt = this.slotFreeAt;
    const fails = this.random.failures.next() < this.options.syncFailRate;
    this.opFails[app] = fails ? 1 : 0;
    this.syncs++;
    let endMs = now;
    const last = this.options.resourcesPerApp - 1;
    for (let r = 0; r <= last; r++) {
      // A request holds the kubectl slot free soonest from its token wait until it lands. Slots are taken
      // in order and each is refilled no earlier than it was taken, so the bucket sees times in order.
      let slot = 0;
      for (let s = 1; s < slotFreeAt.length; s++) if (slotFreeAt[s] < slotFreeAt[slot]) slot = s;
      const readyMs = Math.max(now, slotFreeAt[slot]);
      this.kubectlWaitMs += readyMs - now;
      const landMs = this.bucket.reserve(readyMs) + this.apiLatencyMs(this.random.work);
      slotFreeAt[slot] = landMs;
      if (landMs > endMs) endMs = landMs;
      // Argo CD applies workloads after their config, services and accounts; a failing sync is refused there.
      if (r === last && !fails) this.engine.at(landMs, this.applyLanded, app);
    }
    return endMs - now + this.hookMs(this.random.work);
  }

  private onApplyLanded(app: number): void {
    this.cluster.apply(app, this.opTarget[app].desired, 'delivery');
  }

  private endSync(app: number): void {
    this.lastOpEndMs[app] = this.engine.now;
    const reason = this.opReason[app];
    const succeeded = this.opFails[app] === 0;
    if (succeeded) {
      this.opBusy[app] = 0;
    } else {
      this.syncFailures++;
      const delayMs = syncRetryDelayMs(this.retries[app], ARGOCD_SYNC_RETRY);
      if (delayMs === undefined) {
        this.failedRevision[app] = this.opTarget[app].revision;
        this.opBusy[app] = 0;
      } else {
        this.retries[app]++;
        this.syncRetries++;
        this.engine.after(delayMs, this.retryDue, app);
      }
    }
    for (const listener of this.syncListeners) listener(app, reason, succeeded);
    // Argo CD refreshes an app when its operation ends.
    this.requestRefresh(app);
  }

  /** The operation's state lives in the Application, so a retry waits out an outage in the queue. */
  private onRetryDue(app: number): void {
    this.opReason[app] = 'retry';
    this.operationQueue.add(app, this.syncWork, this.syncDone);
  }
}

function checkOptions(o: ArgoCdOptions): void {
  const integers: [string, number, number][] = [
    ['intervalMs', o.intervalMs, 1],
    ['jitterMs', o.jitterMs, 0],
    ['watchDelayMs', o.watchDelayMs, 0],
    ['resourcesPerApp', o.resourcesPerApp, 1],
    ['kubectlParallelism', o.kubectlParallelism, 1],
  ];
  for (const [name, value, min] of integers) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
    }
  }
  if (!(o.syncFailRate >= 0 && o.syncFailRate <= 1)) {
    throw new RangeError(`syncFailRate must be in [0, 1], got ${o.syncFailRate}`);
  }
}
