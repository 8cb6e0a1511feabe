/**
 * An Argo CD-like application controller for one config repo and one cluster
 * (Argo CD 3.x: argoproj/argo-cd controller/appcontroller.go, controller/state.go,
 * controller/sync.go and gitops-engine/pkg/sync). Argo CD shards by cluster, each
 * cluster on one shard, so with one cluster a single shard does all the work:
 * this class is that shard, and adding controller replicas would not help it.
 *
 * - Refresh (status processors), at one of two comparison levels
 *   (appcontroller.go CompareWithLatest / CompareWithRecent). The periodic
 *   refresh is the Application informer's resync: every `interval` every app
 *   of the shard is handed to the refresh queue after its own uniform delay in
 *   [0, jitter), and refreshed only if its last full comparison
 *   (status.reconciledAt, whole seconds, taken when that comparison began) is
 *   older than `interval` (needRefreshAppStatus); otherwise it waits for a
 *   later resync, so an app's polls are 1 to 2 intervals (plus jitter) apart.
 *   That, a webhook, the end of an operation, a self-heal back-off ending, or
 *   any refresh when the last full comparison has expired resolves Git again.
 *   Resolving reads the repo-server's ref cache (`GitRefCache`), one entry per
 *   repository that every app of it and every shard shares: only the webhook's
 *   refresh (CompareWithLatestForceResolve) bypasses it. A miss or a forced
 *   refresh runs ls-remote (a counted Git fetch) and writes the head it saw,
 *   kept for `revisionCacheExpirationMs`; until then the other refreshes see
 *   that head. So without a webhook a commit is seen up to the expiration
 *   after it, whatever the poll interval.
 *   A watch event on a live object (after `watchDelayMs`) compares against the
 *   revision of the previous comparison and fetches nothing. Each refresh asks
 *   the repo-server for the manifests; a manifest cache miss waits for a
 *   repo-server slot and renders.
 *   The comparison patches the Application's status (control plane) and emits
 *   an Event when the sync status changes.
 * - Sync (operation processors): auto-sync once per repository revision
 *   (appcontroller.go alreadyAttemptedSync compares the revision of the last
 *   attempted sync with the compared one, and only when the revisions may have
 *   changed); self-heal re-syncs an already attempted revision with Argo CD's
 *   back-off; a failed sync is retried per the retry policy, then that
 *   revision is left alone. A sync sets the operation on the Application,
 *   discovers each kind, dry-runs every object, applies kind after kind, and
 *   records the result: see `ARGOCD_REQUESTS`. A self-heal (and its retries)
 *   is a partial sync of the resources that are not Synced: only the drifted
 *   object's kind, dry run and apply, no hooks and no history entry. A
 *   person's `argocd app rollback` (rollback `pause`, auto-sync off) is a full
 *   sync of an earlier revision.
 *
 * Client limits, as upstream: Argo CD never shares one rate limiter between
 * clients (it sets no rest.Config.RateLimiter, so client-go builds a token
 * bucket per client). The buckets that live for the whole process are the
 * control plane's Application client and its Kubernetes client (Events), both
 * at --qps/--burst; a sync builds fresh discovery clients and its kubectl
 * makes a fresh 5/10 client per object, so requests to the destination
 * cluster never wait for tokens: they are limited by the kubectl slots
 * (--kubectl-parallelism-limit) and by the operation processors.
 *
 * Simplified: a failed Git fetch fails at once (no timeout); each sync changes
 * one object (the Deployment, or the last object of an app without one); a
 * failing sync is refused at that object (the cluster keeps its spec); the
 * resync is handled for every app at its tick plus its jitter, while client-go
 * hands out a resync's items one after another (a few ms each); a resync whose
 * app needs no refresh takes no processor (upstream takes one for no time); a
 * request a processor makes after its work is asked of its bucket when the
 * work starts; ls-remote takes no time, and concurrent misses do not wait on
 * the ref cache's lock (the first one fills it at once); a render after a
 * cache hit fetches nothing, so a Git outage fails only the refreshes that
 * miss; the repo-server's lock per repository and revision and health status
 * are not modelled; work in progress
 * when an outage starts finishes; no sync waves, hooks, health waits or
 * pruning.
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
import type { AppState } from '../model/reconcile.ts';
import { TimerWheel } from '../engine/timerWheel.ts';
import { Timers } from '../engine/timers.ts';
import { TokenBucket } from '../engine/tokenBucket.ts';
import type {
  ControllerCapacityStats,
  Delivery,
  DeliveryStats,
  DeliveryWorld,
} from '../model/deliverySystem.ts';
import { WorkQueue } from '../engine/workQueue.ts';
import { manifestRefused } from './badManifest.ts';

/**
 * What a scenario sets of an Argo CD controller, exactly as the scenario
 * schema resolves it (the schema holds every default, with its source).
 */
export interface ArgoCdOptions {
  /**
   * timeout.reconciliation: the informer resyncs every app this often, and an app whose last full comparison is
   * older is refreshed; each app's resync waits a uniform draw in [0, jitterMs) (timeout.reconciliation.jitter).
   */
  readonly intervalMs: number;
  readonly jitterMs: number;
  /** --revision-cache-expiration: how long the repo-server keeps a repository's Git refs. */
  readonly revisionCacheExpirationMs: number;
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
   * Sync hooks and waits (PostSync jobs, waves waiting for health): time a
   * full sync holds its processor after its applies landed (a self-heal skips hooks).
   */
  readonly hookTime: Distribution;
  /** argocd-repo-server replicas, and manifest generations at once per replica (0: unlimited). */
  readonly repoServerReplicas: number;
  readonly repoServerParallelism: number;
  /** Every app carries argocd.argoproj.io/manifest-generate-paths for its own folder. */
  readonly manifestGeneratePaths: boolean;
}

/** What the controller needs of the config repository and of each app's objects. */
export interface AppShape {
  /** One repository for every app, or one per app. */
  readonly layout: 'shared' | 'perApp';
  /** Objects of each kind, in the order a sync applies them; the object a sync changes is the last. */
  readonly kindCounts: readonly number[];
}

/**
 * An app of `resourcesPerApp` objects: the kinds of the default assumption
 * (Service, ConfigMap, ServiceAccount, Ingress, then the Deployment), one
 * object each, the first kind taking any objects beyond five.
 */
export function defaultKindCounts(resourcesPerApp: number): number[] {
  const kinds = Math.min(resourcesPerApp, 5);
  return Array.from({ length: kinds }, (_, k) => (k === 0 && kinds > 1 ? resourcesPerApp - kinds + 1 : 1));
}

/**
 * API requests Argo CD makes, counted in argo-cd @ 37ee009 (3.6). Per refresh:
 * persistAppStatus sends one merge PATCH of the Application when its status
 * changed, and a CompareWithLatest refresh always changes status.reconciledAt;
 * a refresh asked by the webhook's refresh annotation removes it with one more
 * PATCH (handleRefreshAnnotation); logAppEvent creates one Event per sync
 * status change (util/argo/audit_logger.go, --enable-k8s-event all). Per sync:
 * SetAppOperation GETs and PUTs the Application (util/argo/argo.go); the
 * operation processor GETs it and patches the Running state, the history and
 * the final state (setOperationState, persistRevisionHistory) and emits
 * OperationStarted and OperationCompleted Events. In the destination: one
 * discovery GET per kind (NewSyncContext's fresh client), one GET per object
 * for the client-side dry run, and a client-side apply of GET plus a PATCH
 * only for a changed object (kubectl apply.go, patcher.go). A partial sync
 * (a self-heal) does that for its resources alone and writes no history.
 */
export const ARGOCD_REQUESTS = {
  refreshLatestPatches: 1,
  webhookAnnotationPatches: 1,
  statusChangePatches: 1,
  statusChangeEvents: 1,
  operationSetRequests: 2,
  operationRequests: 4,
  operationEvents: 2,
  dryRunPerObject: 1,
  applyPerObject: 1,
  applyPerChangedObject: 1,
} as const;

/** argocd-repo-server --repo-cache-expiration: rendered manifests stay cached 24h. */
export const ARGOCD_MANIFEST_CACHE_TTL_MS = 86_400_000;

/**
 * The repo-server's cache of Git refs (util/git/client.go getRefs; reposerver/cache/cache.go SetGitReferences, key
 * "git-refs|" + the repository URL, kept revisionCacheExpiration from when it was written). It lives in argocd-redis,
 * so every repo-server replica and every controller shard of one Argo CD reads the same entry: one per repository,
 * a shared repository's for all its apps.
 */
export class GitRefCache {
  /** The head each repository had at its last ls-remote, and when that entry expires. */
  readonly revision: Float64Array;
  readonly expiresAtMs: Float64Array;

  constructor(repositories: number) {
    this.revision = new Float64Array(repositories);
    this.expiresAtMs = new Float64Array(repositories).fill(Number.NEGATIVE_INFINITY);
  }
}

/** Names of the random streams the controller draws from. */
export const ARGOCD_STREAMS = {
  schedule: 'argocd.schedule',
  work: 'argocd.work',
  failures: 'argocd.failures',
} as const;

// Indices of the controller's time sums (ms): repo-server and kubectl slot waits, the longest slot wait of the
// kubectl runs of the current phase of a sync, the sum and the longest of the periods between an app's refreshes.
const REPO_SERVER_WAIT_MS = 0;
const KUBECTL_WAIT_MS = 1;
const PHASE_SLOT_WAIT_MS = 2;
const PERIOD_SUM_MS = 3;
const MAX_PERIOD_MS = 4;
const TIMES_MS = 5;
// Indices of the time processors were blocked, by the resource they waited for.
const BLOCKED_REPO_SERVER = 0;
const BLOCKED_APPLICATION = 1;
const BLOCKED_EVENT = 2;
const BLOCKED_KUBECTL = 3;
const BLOCKED_RESOURCES = 4;

/**
 * Why a sync operation ran: a new revision, a self-heal of drift, a retry of a failed attempt, or a person's
 * `argocd app rollback`.
 */
export type SyncReason = 'auto' | 'selfHeal' | 'retry' | 'rollback';

/** Called when a sync attempt ends. */
export type SyncListener = (app: number, reason: SyncReason, succeeded: boolean) => void;

export interface ArgoCdStats extends DeliveryStats, ControllerCapacityStats {
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
  /** Longest time between two refreshes of one app. */
  readonly maxRefreshPeriodMs: number;
  /** Requests per client: the control plane's Application client and Event client, the destination cluster. */
  readonly applicationRequests: number;
  readonly eventRequests: number;
  readonly destinationRequests: number;
  /** GenerateManifest calls to the repo-server. */
  readonly repoServerRequests: number;
}

/** Comparison levels (appcontroller.go): a queued request merges with a stronger one. */
const NONE = 0;
const RECENT = 1;
const LATEST = 2;
/** CompareWithLatestForceResolve, asked by the webhook's refresh annotation. */
const FORCE = 3;

/**
 * Resyncs `start` plays for each app before the run. The chain of an app's resyncs forgets where it started: the
 * first jitter drawn above the last refreshed one's (or a skipped resync) sets its state whatever came before.
 */
const STEADY_STATE_RESYNCS = 8;

/**
 * client-go's reflector sets its next resync once the last one has been handed out, so resyncs come a little more
 * than the interval apart. Without that, an app refreshed at a resync that fell on a whole second would read as
 * not yet expired at every later one (reconciledAt + interval equal to now, not before it) and poll at twice the
 * interval; the model's time has 1 ms steps.
 */
const RESYNC_HANDOUT_MS = 1;

/** metav1.Time is written with whole seconds, so the reconciledAt the controller reads back is truncated. */
function wholeSecondMs(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** What the last comparison of an app's live-state cache with a commit found. */
const MATCHED = 1;
const DIFFERED = 2;

export class ArgoCdController implements Delivery {
  readonly kind = 'argocd';
  readonly credentialsOutsideCluster = false;

  /**
   * The apps this controller manages; per-app state below is indexed by an
   * app's position here (its slot), so a shard holds arrays of its own apps
   * only. `slotOf` maps every app of the fleet to its slot, -1 when another
   * shard manages it (the watch sees every app of its clusters).
   */
  private readonly managed: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly refreshQueue: WorkQueue;
  private readonly operationQueue: WorkQueue;
  /** The control plane's clients, one bucket each for the whole process. */
  private readonly applicationClient: TokenBucket;
  private readonly eventClient: TokenBucket;
  /** When each kubectl slot is free again. */
  private readonly slotFreeAt: Float64Array;
  /** When each repo-server generation slot is free again; empty when unlimited. */
  private readonly repoSlotFreeAt: Float64Array;
  private readonly shape: AppShape;
  private readonly objects: number;
  private readonly refCache: GitRefCache;
  private readonly random: { readonly schedule: RandomStream; readonly work: RandomStream; readonly failures: RandomStream };
  private readonly syncListeners: SyncListener[] = [];
  private available = true;
  private startedAtMs = 0;
  private lastWebhookMs = -1;

  // Per managed app, by slot.
  /** The live-state cache the watch keeps, which comparisons read: image, and replicas (-1: deleted). */
  private readonly liveImage: string[];
  private readonly liveReplicas: Float64Array;
  /** The informer's next resync of every app (key 0). */
  private readonly resyncTick: Timers;
  /** Each app's resync after its jitter, at most jitter ahead; the earliest stands (the delaying queue's AddAfter). */
  private readonly resyncArrivals: TimerWheel;
  private readonly watchPending: Uint8Array;
  /** The last comparison said Synced, and no change to the live object was seen since. */
  private readonly synced: Uint8Array;
  /** The sync status the Application's status holds: what the last comparison said. */
  private readonly reportedSynced: Uint8Array;
  /** The strongest comparison level asked since the app's last refresh started. */
  private readonly requestedLevel: Uint8Array;
  /** status.reconciledAt: when the app's last full (Git-resolving) comparison began, in whole seconds. */
  private readonly reconciledAtMs: Float64Array;
  /** status.sync.revision: the repository revision of the last comparison, and the app's commit at it. */
  private readonly comparedRevision: Float64Array;
  private readonly comparedCommit: Commit[];
  /** What the running refresh compares against; a null commit when its Git fetch failed. */
  private readonly runCommit: (Commit | null)[];
  private readonly runRevision: Float64Array;
  private readonly runLevel: Uint8Array;
  private readonly runStartMs: Float64Array;
  /** evaluateRevisionChanges: the running refresh may see a new revision (auto-sync compares revisions). */
  private readonly runMayChange: Uint8Array;
  /**
   * The commit the live-state cache was last compared with, and what that found (MATCHED, DIFFERED); null once
   * the cache changed. A comparison is a pure function of the commit (immutable) and the cache, and an app's
   * commit changes about once a day while it is refreshed every few minutes: reading the commit's manifest and
   * the cached live state on every refresh, in objects and arrays spread over memory, missed the CPU's caches
   * (8% of a warm profile of the scale scenario's pull variant sat on that one read).
   */
  private readonly matchedCommit: (Commit | null)[];
  private readonly matchResult: Uint8Array;
  /** The manifest cache: the key the app's manifests were rendered for, and when. */
  private readonly renderedKey: Float64Array;
  private readonly renderedAtMs: Float64Array;
  private readonly lastRefreshMs: Float64Array;
  /** syncResult.revision: the repository revision of the last attempted sync; the one that failed for good. */
  private readonly attemptedRevision: Float64Array;
  private readonly failedRevision: Float64Array;
  /** A sync is queued, running or waiting for its retry. */
  private readonly opBusy: Uint8Array;
  private readonly opTarget: Commit[];
  private readonly opReason: SyncReason[];
  /** The operation syncs only the OutOfSync resources (a self-heal, and its retries). */
  private readonly opPartial: Uint8Array;
  private readonly opFails: Uint8Array;
  private readonly retries: Float64Array;
  private readonly lastOpEndMs: Float64Array;
  /**
   * operation.sync.selfHealAttemptsCount: carried from sync to sync of one revision, reset only by a sync to a new
   * one (Argo CD 3.3 on; its --self-heal-backoff-cooldown-seconds "has no effect").
   */
  private readonly healAttempts: Float64Array;
  /** Each app's requeue for when its self-heal back-off ends. */
  private readonly healTimers: Timers;
  /** A person turned auto-sync (and so self-heal) off for the app: rollback `pause`. */
  private readonly paused: Uint8Array;
  /** The history entry a person's rollback waits to sync while another operation runs; null when none. */
  private readonly rollbackTo: (Commit | null)[];

  private gitFetches = 0;
  private refreshes = 0;
  private renders = 0;
  private comparisonErrors = 0;
  private syncs = 0;
  private syncFailures = 0;
  private selfHealSyncs = 0;
  private syncRetries = 0;
  private destinationRequests = 0;
  private repoServerRequests = 0;
  /**
   * Sums and extremes of times in ms (by the *_MS indices), and the time the processors were blocked on each
   * resource (by the BLOCKED_* indices). Doubles from the start: they begin at 0 and take fractional times, and
   * a field that starts as a small integer and later holds a fraction changes the controller's hidden class,
   * which throws away the optimized code of every method that reads `this` (node --trace-deopt: "wrong map").
   */
  private readonly timesMs = new Float64Array(TIMES_MS);
  private readonly refreshBlockedMs = new Float64Array(BLOCKED_RESOURCES);
  private readonly operationBlockedMs = new Float64Array(BLOCKED_RESOURCES);
  private periods = 0;

  // Handlers made once: the hot path allocates no closures. Events, queues and timers carry slots.
  private readonly watched = (slot: number): void => this.onWatchEvent(slot);
  private readonly liveChanged = (app: number): void => this.onLiveChange(app);
  private readonly webhookArrived = (commit: Commit): void => this.onWebhook(commit);
  private readonly retryDue = (slot: number): void => this.onRetryDue(slot);
  private readonly applyLanded = (slot: number): void => this.onApplyLanded(slot);
  private readonly refreshWork = (slot: number): number => this.beginRefresh(slot);
  private readonly refreshDone = (slot: number): void => this.endRefresh(slot);
  private readonly syncWork = (slot: number): number => this.beginSync(slot);
  private readonly syncDone = (slot: number): void => this.endSync(slot);

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
    /** The repository layout and each app's objects; by default a shared repository and `resourcesPerApp`. */
    shape?: AppShape,
    /** The ref cache of this Argo CD's repo-server, shared by its shards; by default one of its own. */
    refCache?: GitRefCache,
  ) {
    checkOptions(options);
    const { engine, git, cluster } = world;
    this.engine = engine;
    this.git = git;
    this.cluster = cluster;
    this.shape = shape ?? { layout: 'shared', kindCounts: defaultKindCounts(options.resourcesPerApp) };
    this.objects = this.shape.kindCounts.reduce((sum, n) => sum + n, 0);
    this.refCache = refCache ?? new GitRefCache(refRepositories(this.shape.layout, git.appCount));
    if (this.objects < 1) throw new RangeError('an app must have at least one object');
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
    this.slotOf = new Int32Array(n).fill(-1);
    for (let slot = 0; slot < this.managed.length; slot++) this.slotOf[this.managed[slot]] = slot;
    const m = this.managed.length;
    this.refreshQueue = new WorkQueue(engine, options.statusProcessors, this.refreshWork, this.refreshDone);
    this.operationQueue = new WorkQueue(engine, options.operationProcessors, this.syncWork, this.syncDone);
    // ARGOCD_K8S_CLIENT_QPS/BURST go into every rest.Config the controller builds, each client its own bucket.
    this.applicationClient = new TokenBucket(options.qps, options.burst);
    this.eventClient = new TokenBucket(options.qps, options.burst);
    this.slotFreeAt = new Float64Array(options.kubectlParallelism);
    this.repoSlotFreeAt = new Float64Array(options.repoServerReplicas * options.repoServerParallelism);
    this.liveImage = new Array<string>(m).fill('');
    this.liveReplicas = new Float64Array(m);
    this.resyncTick = new Timers(engine, 1, () => this.onResyncTick());
    this.resyncArrivals = new TimerWheel(engine, m, options.jitterMs, (slot) => this.onResyncArrival(slot));
    this.watchPending = new Uint8Array(m);
    this.synced = new Uint8Array(m);
    this.reportedSynced = new Uint8Array(m);
    this.requestedLevel = new Uint8Array(m);
    this.reconciledAtMs = new Float64Array(m);
    this.comparedRevision = new Float64Array(m);
    this.comparedCommit = new Array<Commit>(m);
    this.runCommit = new Array<Commit | null>(m).fill(null);
    this.runRevision = new Float64Array(m);
    this.runLevel = new Uint8Array(m);
    this.runStartMs = new Float64Array(m);
    this.runMayChange = new Uint8Array(m);
    this.matchedCommit = new Array<Commit | null>(m).fill(null);
    this.matchResult = new Uint8Array(m);
    this.renderedKey = new Float64Array(m);
    this.renderedAtMs = new Float64Array(m);
    this.lastRefreshMs = new Float64Array(m).fill(-1);
    this.attemptedRevision = new Float64Array(m).fill(-1);
    this.failedRevision = new Float64Array(m).fill(-1);
    this.opBusy = new Uint8Array(m);
    this.opTarget = new Array<Commit>(m);
    this.opReason = new Array<SyncReason>(m).fill('auto');
    this.opPartial = new Uint8Array(m);
    this.opFails = new Uint8Array(m);
    this.retries = new Float64Array(m);
    this.lastOpEndMs = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
    this.healAttempts = new Float64Array(m);
    this.healTimers = new Timers(engine, m, (slot) => this.requestRefresh(slot, LATEST));
    this.paused = new Uint8Array(m);
    this.rollbackTo = new Array<Commit | null>(m).fill(null);
  }

  /**
   * The controller has been running for a while: each app was compared at the
   * repository's revision, that revision synced if it matched, and its manifests
   * rendered; the informer's resyncs come at a random phase of the interval, and
   * each app's reconciledAt is what the resyncs before now left (`steadyReconciledAtMs`).
   */
  start(): void {
    const { engine, git, cluster } = this;
    this.startedAtMs = engine.now;
    cluster.onSpecChange(this.liveChanged);
    if (this.options.webhook) git.onWebhook(this.webhookArrived);
    const nextTickMs = engine.now + Math.floor(this.random.schedule.next() * this.options.intervalMs);
    this.resyncTick.setAt(0, nextTickMs);
    for (let slot = 0; slot < this.managed.length; slot++) {
      this.cacheLive(slot);
      const commit = git.latest(this.managed[slot]);
      const revision = this.repoRevision(slot);
      this.comparedCommit[slot] = commit;
      this.comparedRevision[slot] = revision;
      this.reconciledAtMs[slot] = this.steadyReconciledAtMs(slot, nextTickMs - this.options.intervalMs);
      if (this.matchesLive(slot, commit.desired)) {
        this.synced[slot] = 1;
        this.reportedSynced[slot] = 1;
        this.attemptedRevision[slot] = revision;
      }
      this.renderedKey[slot] = this.cacheKey(revision, commit);
      this.renderedAtMs[slot] = engine.now;
    }
  }

  /**
   * The app's reconciledAt after the informer's last `STEADY_STATE_RESYNCS` resyncs up to `lastTickMs`, each
   * handled at once at its tick plus the app's jitter; a resync still ahead of now is set to arrive. The chain
   * of resyncs forgets where it started within a few intervals (a skipped resync makes the next one due).
   */
  private steadyReconciledAtMs(slot: number, lastTickMs: number): number {
    const { intervalMs } = this.options;
    let reconciledAtMs = Number.NEGATIVE_INFINITY;
    for (let k = STEADY_STATE_RESYNCS - 1; k >= 0; k--) {
      const arrivalMs = lastTickMs - k * intervalMs + this.jitterDrawMs();
      if (arrivalMs >= this.engine.now) this.resyncArrivals.setEarliest(slot, arrivalMs);
      else if (reconciledAtMs + intervalMs < arrivalMs) reconciledAtMs = wholeSecondMs(arrivalMs);
    }
    return reconciledAtMs;
  }

  reportsInSync(app: number): boolean {
    const slot = this.slotOf[app];
    return slot >= 0 && this.synced[slot] === 1;
  }

  /**
   * Down: nothing new is refreshed or synced (timers tick, their work is
   * dropped; queued work waits), and the informer is gone. Up: the controller
   * has restarted, so its new informer lists every app at once (AddFunc queues
   * each without jitter; the expired ones are refreshed) and resyncs from now on.
   */
  setAvailable(up: boolean): void {
    if (up === this.available) return;
    this.available = up;
    if (!up) {
      this.refreshQueue.pause();
      this.operationQueue.pause();
      this.resyncTick.cancelAll();
      this.resyncArrivals.cancelAll();
      return;
    }
    this.refreshQueue.resume();
    this.operationQueue.resume();
    this.resyncTick.setAfter(0, this.options.intervalMs + RESYNC_HANDOUT_MS);
    for (let slot = 0; slot < this.managed.length; slot++) this.refreshQueue.add(slot);
  }

  /**
   * Rollback `pause`: the person turns auto-sync off (the API server refuses a rollback while it is on:
   * server/application/application.go Rollback), then rolls back to the history entry of `knownGood`: an
   * operation that syncs that revision's manifests, a full sync like any other (Rollback: "just a convenience
   * around Sync"), with no retry strategy. While another operation runs the person waits for it to end
   * (SetAppOperation refuses a second one). With auto-sync off the controller still refreshes the app, which
   * shows OutOfSync, but neither auto-syncs nor self-heals it (appcontroller.go autoSync returns at once).
   */
  pause(app: number, knownGood: Commit): void {
    const slot = this.slotOf[app];
    if (slot < 0) throw new RangeError(`app ${app} is not managed by this controller`);
    this.paused[slot] = 1;
    if (this.opBusy[slot] === 1) this.rollbackTo[slot] = knownGood;
    else this.startOperation(slot, knownGood, knownGood.revision, 'rollback');
  }

  /**
   * The person turns auto-sync on again and refreshes the app: enabling it queues a CompareWithLatest refresh
   * (appcontroller.go automatedSyncEnabled), which reads the ref cache and could see the bad revision still;
   * **assumption**: the person also refreshes (`argocd app get --refresh`: the refresh annotation resolves Git,
   * CompareWithLatestForceResolve), so the fix is what auto-sync deploys.
   */
  resume(app: number): void {
    const slot = this.slotOf[app];
    if (slot < 0) throw new RangeError(`app ${app} is not managed by this controller`);
    this.paused[slot] = 0;
    this.rollbackTo[slot] = null;
    this.requestRefresh(slot, FORCE);
  }

  /** Calls `listener` at the end of every sync attempt. */
  onSync(listener: SyncListener): void {
    this.syncListeners.push(listener);
  }

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
    const { refreshQueue: rq, operationQueue: oq, applicationClient: ac, eventClient: ec } = this;
    const elapsedMs = Math.max(1, this.engine.now - this.startedAtMs);
    return {
      gitFetches: this.gitFetches,
      refreshes: this.refreshes,
      syncs: this.syncs,
      syncFailures: this.syncFailures,
      apiRequests: ac.requests + ec.requests + this.destinationRequests,
      apiThrottledMs: ac.throttledMs + ec.throttledMs,
      maxQueueDepth: Math.max(rq.maxDepth, oq.maxDepth),
      renders: this.renders,
      comparisonErrors: this.comparisonErrors,
      selfHealSyncs: this.selfHealSyncs,
      syncRetries: this.syncRetries,
      maxRefreshQueueDepth: rq.maxDepth,
      maxOperationQueueDepth: oq.maxDepth,
      meanRefreshWaitMs: rq.started > 0 ? rq.waitMs / rq.started : 0,
      meanOperationWaitMs: oq.started > 0 ? oq.waitMs / oq.started : 0,
      refreshWaitMs: rq.waitMs,
      operationWaitMs: oq.waitMs,
      meanRefreshPeriodMs: this.periods > 0 ? this.timesMs[PERIOD_SUM_MS] / this.periods : 0,
      maxRefreshPeriodMs: this.timesMs[MAX_PERIOD_MS],
      statusProcessorUtilization: rq.busyMs / (rq.workers * elapsedMs),
      operationProcessorUtilization: oq.busyMs / (oq.workers * elapsedMs),
      operationBusyMs: oq.busyMs,
      applicationRequests: ac.requests,
      eventRequests: ec.requests,
      destinationRequests: this.destinationRequests,
      applicationThrottledMs: ac.throttledMs,
      eventThrottledMs: ec.throttledMs,
      repoServerRequests: this.repoServerRequests,
      repoServerWaitMs: this.timesMs[REPO_SERVER_WAIT_MS],
      kubectlWaitMs: this.timesMs[KUBECTL_WAIT_MS],
      refreshBusyMs: rq.busyMs,
      refreshBlockedRepoServerMs: this.refreshBlockedMs[BLOCKED_REPO_SERVER],
      refreshBlockedApplicationMs: this.refreshBlockedMs[BLOCKED_APPLICATION],
      refreshBlockedEventMs: this.refreshBlockedMs[BLOCKED_EVENT],
      operationBlockedApplicationMs: this.operationBlockedMs[BLOCKED_APPLICATION],
      operationBlockedEventMs: this.operationBlockedMs[BLOCKED_EVENT],
      operationBlockedKubectlMs: this.operationBlockedMs[BLOCKED_KUBECTL],
    };
  }

  /** An app's delay after a resync: rand.Float64() x the jitter (none without jitter). */
  private jitterDrawMs(): number {
    const { jitterMs } = this.options;
    return jitterMs > 0 ? Math.floor(this.random.schedule.next() * jitterMs) : 0;
  }

  /** status.Expired: reconciledAt + interval is before now. */
  private expired(slot: number, nowMs: number): boolean {
    return this.reconciledAtMs[slot] + this.options.intervalMs < nowMs;
  }

  /** The revision of the app's repository: the shared repository's head, or the app's own. */
  private repoRevision(slot: number): number {
    return this.shape.layout === 'shared' ? this.git.head : this.git.latest(this.managed[slot]).revision;
  }

  /** The app's newest commit at or before a repository revision (usually its newest commit). */
  private commitAt(slot: number, revision: number): Commit {
    const app = this.managed[slot];
    const latest = this.git.latest(app);
    if (latest.revision <= revision) return latest;
    const history = this.git.historyOf(app);
    let i = history.length - 1;
    while (i > 0 && history[i].revision > revision) i--;
    return history[i];
  }

  /**
   * The manifest cache key (reposerver cache.NewManifestKey: the commit SHA and
   * the app): a commit anywhere in a shared repository invalidates every app of
   * it, unless manifest-generate-paths copies the entry to the new revision
   * when the app's own files did not change (updateCachedRevision).
   */
  private cacheKey(revision: number, commit: Commit): number {
    return this.shape.layout === 'shared' && !this.options.manifestGeneratePaths ? revision : commit.revision;
  }

  private requestRefresh(slot: number, level: number): void {
    if (!this.available) return;
    if (level > this.requestedLevel[slot]) this.requestedLevel[slot] = level;
    this.refreshQueue.add(slot);
  }

  /** The informer's resync: UpdateFunc hands every app to the refresh queue after its jitter (AddAfter). */
  private onResyncTick(): void {
    this.resyncTick.setAfter(0, this.options.intervalMs + RESYNC_HANDOUT_MS);
    const now = this.engine.now;
    for (let slot = 0; slot < this.managed.length; slot++) this.resyncArrivals.setEarliest(slot, now + this.jitterDrawMs());
  }

  /** A resync reaches the refresh queue; one that needs no refresh and would run at once is dropped here. */
  private onResyncArrival(slot: number): void {
    const queue = this.refreshQueue;
    if (this.requestedLevel[slot] === NONE && !this.expired(slot, this.engine.now) && queue.wouldRunAtOnce(slot)) return;
    queue.add(slot);
  }

  /** What the controller's watch on live objects sees: the cache follows at once, a refresh after the delay. */
  private onLiveChange(app: number): void {
    const slot = this.slotOf[app];
    if (slot < 0) return;
    this.cacheLive(slot);
    if (!this.available || this.watchPending[slot] === 1) return;
    this.watchPending[slot] = 1;
    this.engine.afterFixed(this.options.watchDelayMs, this.watched, slot);
  }

  /** handleObjectUpdated: a managed object changed, so the slot is compared again at its last revision. */
  private onWatchEvent(slot: number): void {
    this.watchPending[slot] = 0;
    if (!this.available) return;
    this.synced[slot] = 0;
    this.requestRefresh(slot, RECENT);
  }

  /**
   * The webhook refreshes the apps of the pushed repository (util/webhook/webhook.go
   * HandleEvent): in a shared repository every app, unless manifest-generate-paths
   * limits it to the apps whose files changed; commits pushed together refresh each app once.
   */
  private onWebhook(commit: Commit): void {
    const now = this.engine.now;
    if (!this.available) return;
    if (this.shape.layout === 'shared' && !this.options.manifestGeneratePaths) {
      if (now === this.lastWebhookMs) return;
      this.lastWebhookMs = now;
      for (let slot = 0; slot < this.managed.length; slot++) this.requestRefresh(slot, FORCE);
    } else if (this.slotOf[commit.app] >= 0) {
      this.requestRefresh(this.slotOf[commit.app], FORCE);
    }
  }

  private beginRefresh(slot: number): number {
    const now = this.engine.now;
    let level = this.requestedLevel[slot];
    this.requestedLevel[slot] = NONE;
    // needRefreshAppStatus: an expired comparison is a full one, whatever was asked; nothing asked and not
    // expired (a resync in time) is no refresh.
    if (level < LATEST && this.expired(slot, now)) level = LATEST;
    this.runLevel[slot] = level;
    if (level === NONE) return 0;
    this.runStartMs[slot] = now;
    let commit: Commit;
    let revision: number;
    if (level >= LATEST) {
      // A periodic (CompareWithLatest) refresh reads the repository's cached refs while they live; a forced one
      // (noRevisionCache) skips the read, and every ls-remote writes what it got (getRefs).
      const refs = this.refCache;
      const repo = this.shape.layout === 'shared' ? 0 : this.managed[slot];
      if (level === FORCE || now >= refs.expiresAtMs[repo]) {
        this.gitFetches++;
        if (!this.git.fetch()) {
          this.runCommit[slot] = null;
          return 0;
        }
        refs.revision[repo] = this.repoRevision(slot);
        refs.expiresAtMs[repo] = now + this.options.revisionCacheExpirationMs;
      }
      revision = refs.revision[repo];
      commit = this.commitAt(slot, revision);
      // A branch never equals a SHA, so revisions may have changed; with the annotation,
      // UpdateRevisionForPaths says whether the app's own files changed since the last comparison.
      this.runMayChange[slot] =
        this.options.manifestGeneratePaths && this.shape.layout === 'shared'
          ? commit.revision !== this.comparedCommit[slot].revision
            ? 1
            : 0
          : 1;
    } else {
      // CompareWithRecent: the revision of the previous comparison, no Git resolution.
      commit = this.comparedCommit[slot];
      revision = this.comparedRevision[slot];
      this.runMayChange[slot] = 0;
    }
    this.runCommit[slot] = commit;
    this.runRevision[slot] = revision;
    let ms = this.compareMs(this.random.work);
    this.repoServerRequests++;
    const key = this.cacheKey(revision, commit);
    if (this.renderedKey[slot] !== key || now - this.renderedAtMs[slot] >= ARGOCD_MANIFEST_CACHE_TTL_MS) {
      this.renderedKey[slot] = key;
      this.renderedAtMs[slot] = now;
      this.renders++;
      const renderMs = this.renderMs(this.random.work);
      const doneMs = this.repoServerSlot(now, renderMs);
      this.refreshBlockedMs[BLOCKED_REPO_SERVER] += doneMs - now - renderMs;
      ms += doneMs - now;
    }
    // persistAppStatus: a full comparison always patches (reconciledAt); any comparison whose sync status changes
    // patches and emits an Event. The webhook's refresh annotation is removed with one more patch.
    const matches = this.compare(slot, commit);
    const statusChanges = matches !== (this.reportedSynced[slot] === 1);
    let patches = level >= LATEST ? ARGOCD_REQUESTS.refreshLatestPatches : 0;
    if (statusChanges && patches === 0) patches = ARGOCD_REQUESTS.statusChangePatches;
    if (level === FORCE) patches += ARGOCD_REQUESTS.webhookAnnotationPatches;
    const events = statusChanges ? ARGOCD_REQUESTS.statusChangeEvents : 0;
    return ms + this.controlPlane(now, patches, events, this.refreshBlockedMs) - now;
  }

  /**
   * A generation holds a repo-server slot (replicas x --parallelismlimit) while it renders;
   * returns when it ends. Without a limit it starts at once.
   */
  private repoServerSlot(nowMs: number, renderMs: number): number {
    const slots = this.repoSlotFreeAt;
    if (slots.length === 0) return nowMs + renderMs;
    let slot = 0;
    for (let s = 1; s < slots.length; s++) if (slots[s] < slots[slot]) slot = s;
    const startMs = Math.max(nowMs, slots[slot]);
    this.timesMs[REPO_SERVER_WAIT_MS] += startMs - nowMs;
    slots[slot] = startMs + renderMs;
    return slots[slot];
  }

  /**
   * Sends `applications` requests on the Application client and `events` on the Event client;
   * returns when the last may go, and adds the time the processor is blocked to the client that held it longest.
   */
  private controlPlane(nowMs: number, applications: number, events: number, blocked: Float64Array): number {
    let applicationMs = nowMs;
    let eventMs = nowMs;
    for (let i = 0; i < applications; i++) applicationMs = Math.max(applicationMs, this.applicationClient.reserve(nowMs));
    for (let i = 0; i < events; i++) eventMs = Math.max(eventMs, this.eventClient.reserve(nowMs));
    if (applicationMs >= eventMs) blocked[BLOCKED_APPLICATION] += applicationMs - nowMs;
    else blocked[BLOCKED_EVENT] += eventMs - nowMs;
    return Math.max(applicationMs, eventMs);
  }

  private endRefresh(slot: number): void {
    if (this.runLevel[slot] === NONE) return;
    const now = this.engine.now;
    this.refreshes++;
    const lastMs = this.lastRefreshMs[slot];
    if (lastMs >= 0) {
      const periodMs = now - lastMs;
      this.timesMs[PERIOD_SUM_MS] += periodMs;
      this.periods++;
      if (periodMs > this.timesMs[MAX_PERIOD_MS]) this.timesMs[MAX_PERIOD_MS] = periodMs;
    }
    this.lastRefreshMs[slot] = now;
    const commit = this.runCommit[slot];
    if (commit === null) {
      this.comparisonErrors++;
      return;
    }
    this.comparedCommit[slot] = commit;
    this.comparedRevision[slot] = this.runRevision[slot];
    if (this.runLevel[slot] >= LATEST) this.reconciledAtMs[slot] = wholeSecondMs(this.runStartMs[slot]);
    if (this.compare(slot, commit)) {
      this.synced[slot] = 1;
      this.reportedSynced[slot] = 1;
      return;
    }
    this.synced[slot] = 0;
    this.reportedSynced[slot] = 0;
    if (this.options.autoSync && this.opBusy[slot] === 0 && this.paused[slot] === 0) this.autoSync(slot, commit);
  }

  /**
   * Argo CD's automated sync policy for an OutOfSync app with no operation in
   * progress (appcontroller.go autoSync): a revision is attempted once; whether
   * this comparison's revision was attempted is asked only when revisions may
   * have changed, otherwise the sources alone are compared, and they are equal.
   */
  private autoSync(slot: number, commit: Commit): void {
    const revision = this.comparedRevision[slot];
    const attempted = this.runMayChange[slot] === 0 || this.attemptedRevision[slot] === revision;
    if (!attempted) {
      this.healAttempts[slot] = 0;
      this.startOperation(slot, commit, revision, 'auto');
      return;
    }
    // Already attempted: only self-heal syncs it again, and never after it failed for good.
    if (!this.options.selfHeal || this.failedRevision[slot] === this.attemptedRevision[slot]) return;
    const dueMs =
      this.lastOpEndMs[slot] + selfHealDelayMs(this.healAttempts[slot], ARGOCD_SELF_HEAL_BACKOFF);
    if (dueMs <= this.engine.now) {
      this.healAttempts[slot]++;
      this.selfHealSyncs++;
      this.startOperation(slot, commit, revision, 'selfHeal');
    } else if (!this.healTimers.isSet(slot)) {
      // Argo CD requeues the app for when its back-off ends; a pending requeue is already at that time.
      this.healTimers.setAt(slot, dueMs);
    }
  }

  private cacheLive(slot: number): void {
    const app = this.managed[slot];
    this.matchedCommit[slot] = null;
    const live = this.cluster.spec(app);
    if (live === null) {
      this.liveImage[slot] = '';
      this.liveReplicas[slot] = -1;
      return;
    }
    // An image equal to the one Git declares is kept as Git's own string: every refresh compares the two, and
    // the same string compares by reference, where equal copies compare character by character.
    const declared = this.git.latest(app).desired.image;
    this.liveImage[slot] = live.image === declared ? declared : live.image;
    this.liveReplicas[slot] = live.replicas;
  }

  /**
   * The comparison of a refresh: the reconcile loop would take no action to
   * move the cached live state to `desired` (the same image and replicas):
   * Synced; otherwise OutOfSync, and an automated sync applies the desired
   * manifest, which takes every action at once. Compared field by field: it
   * runs on every refresh, and building the actions allocated on each.
   */
  private matchesLive(slot: number, desired: AppState): boolean {
    return desired.image === this.liveImage[slot] && desired.replicas === this.liveReplicas[slot];
  }

  /** `matchesLive` for a commit's manifest, compared again only when the commit or the live-state cache changed. */
  private compare(slot: number, commit: Commit): boolean {
    if (this.matchedCommit[slot] !== commit) {
      this.matchedCommit[slot] = commit;
      this.matchResult[slot] = this.matchesLive(slot, commit.desired) ? MATCHED : DIFFERED;
    }
    return this.matchResult[slot] === MATCHED;
  }

  private startOperation(slot: number, commit: Commit, revision: number, reason: SyncReason): void {
    this.opBusy[slot] = 1;
    this.attemptedRevision[slot] = revision;
    this.opTarget[slot] = commit;
    this.opReason[slot] = reason;
    this.opPartial[slot] = reason === 'selfHeal' ? 1 : 0;
    this.retries[slot] = 0;
    this.operationQueue.add(slot);
  }

  /** Runs one sync pass and returns how long it holds its operation processor. */
  private beginSync(slot: number): number {
    const now = this.engine.now;
    // A bad manifest fails every attempt (badManifest.ts); the transient draw is made anyway, so it moves no other.
    const fails = this.random.failures.next() < this.options.syncFailRate || manifestRefused(this.opTarget[slot]);
    this.opFails[slot] = fails ? 1 : 0;
    this.syncs++;
    const partial = this.opPartial[slot] === 1;
    // The operation is set on the Application (not again for a retry), read, and marked Running; the
    // history (a full sync's success only: sync.go skips it when syncOp.Resources is set) and the final state
    // come after the applies, but are asked of the bucket now.
    const applications =
      (this.opReason[slot] === 'retry' ? 0 : ARGOCD_REQUESTS.operationSetRequests) +
      ARGOCD_REQUESTS.operationRequests -
      (fails || partial ? 1 : 0);
    let t = this.controlPlane(now, applications, ARGOCD_REQUESTS.operationEvents, this.operationBlockedMs);
    // SyncAppState compares again at the operation's revision: one GenerateManifest, a cache hit.
    this.repoServerRequests++;
    if (partial) return this.partialSync(slot, t, fails) - now;
    const latency = this.apiLatencyMs;
    const work = this.random.work;
    const kinds = this.shape.kindCounts;
    // Discovery, one GET per kind in turn, on the sync's own fresh client (it never waits for tokens).
    for (let k = 0; k < kinds.length; k++) t += latency(work);
    this.destinationRequests += kinds.length;
    // The client-side dry run of every object, each a kubectl run holding a slot.
    // A phase of runs at once is blocked on the slots for the longest slot wait among its runs.
    let endMs = t;
    this.timesMs[PHASE_SLOT_WAIT_MS] = 0;
    for (let o = 0; o < this.objects; o++) {
      endMs = Math.max(endMs, this.kubectlRun(t, ARGOCD_REQUESTS.dryRunPerObject));
    }
    this.operationBlockedMs[BLOCKED_KUBECTL] += this.timesMs[PHASE_SLOT_WAIT_MS];
    // The applies, kind after kind, the objects of a kind at once; the changed object is the last.
    for (let k = 0; k < kinds.length; k++) {
      const groupStartMs = endMs;
      this.timesMs[PHASE_SLOT_WAIT_MS] = 0;
      for (let o = 0; o < kinds[k]; o++) {
        const changed = k === kinds.length - 1 && o === kinds[k] - 1;
        const landMs = this.kubectlRun(
          groupStartMs,
          ARGOCD_REQUESTS.applyPerObject + (changed ? ARGOCD_REQUESTS.applyPerChangedObject : 0),
        );
        if (landMs > endMs) endMs = landMs;
        // A failing sync is refused at the changed object.
        if (changed && !fails) this.engine.atFixed(landMs, this.applyLanded, slot);
      }
      this.operationBlockedMs[BLOCKED_KUBECTL] += this.timesMs[PHASE_SLOT_WAIT_MS];
    }
    return endMs - now + this.hookMs(this.random.work);
  }

  /**
   * A self-heal syncs only the resources that are not Synced (appcontroller.go autoSync sets
   * op.Sync.Resources; sync.go WithResourcesFilter): gitops-engine builds tasks, and discovers kinds, for those
   * alone (sync_context.go getSyncTasks), and skips hooks (WithOperationSettings skipHooks when Resources is set),
   * so no `hookTime`. Drift in this model is always on the changed object (the Deployment): one discovery GET, its
   * dry run, its apply. Returns when the apply lands.
   */
  private partialSync(slot: number, readyMs: number, fails: boolean): number {
    const discoveredMs = readyMs + this.apiLatencyMs(this.random.work);
    this.destinationRequests++;
    this.timesMs[PHASE_SLOT_WAIT_MS] = 0;
    const dryRunMs = this.kubectlRun(discoveredMs, ARGOCD_REQUESTS.dryRunPerObject);
    this.operationBlockedMs[BLOCKED_KUBECTL] += this.timesMs[PHASE_SLOT_WAIT_MS];
    this.timesMs[PHASE_SLOT_WAIT_MS] = 0;
    const landMs = this.kubectlRun(dryRunMs, ARGOCD_REQUESTS.applyPerObject + ARGOCD_REQUESTS.applyPerChangedObject);
    this.operationBlockedMs[BLOCKED_KUBECTL] += this.timesMs[PHASE_SLOT_WAIT_MS];
    // A failing sync is refused at the changed object.
    if (!fails) this.engine.atFixed(landMs, this.applyLanded, slot);
    return landMs;
  }

  /**
   * One kubectl run of `requests` round trips from `readyMs`: it holds the kubectl slot free
   * soonest (--kubectl-parallelism-limit) and returns when its last request lands. Its client
   * is new for each object (5 QPS, burst 10), so a run's few requests never wait for tokens.
   */
  private kubectlRun(readyMs: number, requests: number): number {
    const slotFreeAt = this.slotFreeAt;
    let slot = 0;
    for (let s = 1; s < slotFreeAt.length; s++) if (slotFreeAt[s] < slotFreeAt[slot]) slot = s;
    const startMs = Math.max(readyMs, slotFreeAt[slot]);
    this.timesMs[KUBECTL_WAIT_MS] += startMs - readyMs;
    if (startMs - readyMs > this.timesMs[PHASE_SLOT_WAIT_MS]) this.timesMs[PHASE_SLOT_WAIT_MS] = startMs - readyMs;
    let landMs = startMs;
    for (let r = 0; r < requests; r++) landMs += this.apiLatencyMs(this.random.work);
    this.destinationRequests += requests;
    slotFreeAt[slot] = landMs;
    return landMs;
  }

  private onApplyLanded(slot: number): void {
    this.cluster.apply(this.managed[slot], this.opTarget[slot].desired, 'delivery');
  }

  private endSync(slot: number): void {
    this.lastOpEndMs[slot] = this.engine.now;
    const reason = this.opReason[slot];
    const succeeded = this.opFails[slot] === 0;
    if (succeeded) {
      this.opBusy[slot] = 0;
    } else {
      this.syncFailures++;
      // A rollback has no retry strategy; an automated sync retries per upstream's default.
      const delayMs = reason === 'rollback' ? undefined : syncRetryDelayMs(this.retries[slot], ARGOCD_SYNC_RETRY);
      if (delayMs === undefined) {
        this.failedRevision[slot] = this.attemptedRevision[slot];
        this.opBusy[slot] = 0;
      } else {
        this.retries[slot]++;
        this.syncRetries++;
        this.engine.afterFixed(delayMs, this.retryDue, slot);
      }
    }
    const app = this.managed[slot];
    for (const listener of this.syncListeners) listener(app, reason, succeeded);
    const waiting = this.rollbackTo[slot];
    if (this.opBusy[slot] === 0 && waiting !== null) {
      this.rollbackTo[slot] = null;
      this.startOperation(slot, waiting, waiting.revision, 'rollback');
    }
    // Argo CD refreshes an app when its automated operation ends, at CompareWithLatest.
    this.requestRefresh(slot, LATEST);
  }

  /** The operation's state lives in the Application, so a retry waits out an outage in the queue. */
  private onRetryDue(slot: number): void {
    this.opReason[slot] = 'retry';
    this.operationQueue.add(slot);
  }
}

/** Repositories of the ref cache: one shared by every app, or one per app. */
export function refRepositories(layout: AppShape['layout'], apps: number): number {
  return layout === 'shared' ? 1 : apps;
}

function checkOptions(o: ArgoCdOptions): void {
  const integers: [string, number, number][] = [
    ['intervalMs', o.intervalMs, 1],
    ['jitterMs', o.jitterMs, 0],
    ['revisionCacheExpirationMs', o.revisionCacheExpirationMs, 1],
    ['watchDelayMs', o.watchDelayMs, 0],
    ['resourcesPerApp', o.resourcesPerApp, 1],
    ['kubectlParallelism', o.kubectlParallelism, 1],
    ['repoServerReplicas', o.repoServerReplicas, 1],
    ['repoServerParallelism', o.repoServerParallelism, 0],
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
