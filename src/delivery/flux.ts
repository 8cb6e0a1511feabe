/**
 * A Flux-like pull controller: source-controller fetches one GitRepository
 * every `sourceIntervalMs`; kustomize-controller runs one Kustomization per
 * app, on `concurrent` workers. A Kustomization reconciles when the source
 * has a new revision (it watches the source), when its own interval expires,
 * and when a failed attempt is retried. Each reconcile builds and
 * server-side-applies the app's manifests at the source's revision, so live
 * drift is corrected at every reconcile, whatever triggered it, and only
 * then: Flux does not watch live objects. A Kustomization a person suspended
 * (rollback `pause`) is not reconciled until resumed.
 *
 * Queue semantics follow controller-runtime (WorkQueue): an app waits in the
 * queue at most once; one re-triggered while it runs is run again after; a
 * requeue timer is kept when an earlier one is already waiting, so a
 * reconcile triggered by the source does not push the periodic one back.
 *
 * API requests are counted as upstream makes them (`FLUX_REQUESTS`), per
 * object of the app, through the controller's two clients (client-go token
 * buckets at `FLUX_CLIENT_QPS`/`FLUX_CLIENT_BURST`): the manager's client, and
 * the Event recorder's own. A reconcile asks for its fixed requests when it
 * starts and holds its worker at least until the last may go.
 *
 * Simplified: fetching Git and rendering are instantaneous (the whole
 * reconcile costs `applyMs`, drawn per reconcile, or the client's wait if
 * longer); each app is one Kustomization whose Deployment is the one object
 * that changes; no dependencies; health checks only as `wait` (fluxHealth.ts);
 * the apply lands at the end of its work, and the requests that depend on its
 * outcome (the apply PATCH, the Events) are sent then and hold no worker; a
 * failed reconcile makes the same fixed requests (it may fail before its dry
 * run upstream). After a controller outage, reconciles that were in flight
 * when it began still hold their worker until their planned end, or their
 * health check's (their result is dropped).
 */
import { compileSampler, type Distribution, type Sampler } from '../engine/distribution.ts';
import type { Engine } from '../engine/engine.ts';
import type { RandomStream, StreamSource } from '../engine/random.ts';
import { type BackoffPolicy, backoffDelayMs } from '../model/backoff.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Commit, GitRepo } from '../model/gitRepo.ts';
import type { Delivery, DeliveryStats, DeliveryWorld } from '../model/deliverySystem.ts';
import { TimerWheel } from '../engine/timerWheel.ts';
import { Timers } from '../engine/timers.ts';
import { TokenBucket } from '../engine/tokenBucket.ts';
import { HELD, WorkQueue } from '../engine/workQueue.ts';
import { FluxHealthWait } from './fluxHealth.ts';
import { manifestRefused } from './badManifest.ts';

/**
 * What a scenario sets of a Flux controller, exactly as the scenario schema
 * resolves it (the schema holds every default, with its source).
 */
export interface FluxOptions {
  /** GitRepository `.spec.interval`. */
  readonly sourceIntervalMs: number;
  /** Kustomization `.spec.interval`: a reconcile (and drift correction) at least this often. */
  readonly intervalMs: number;
  /** Each source fetch, Kustomization interval and retry waits its period x (1 +- jitterFraction), uniformly. */
  readonly jitterFraction: number;
  /** Wait after a failed reconcile (`.spec.retryInterval`). */
  readonly retryIntervalMs: number;
  /** A reconcile still working after this fails (`.spec.timeout`). */
  readonly timeoutMs: number;
  /** kustomize-controller `--concurrent`: workers shared by every Kustomization. */
  readonly concurrent: number;
  /** Time of one reconcile: build, dry-run diff and apply. */
  readonly applyTime: Distribution;
  /** Probability in [0, 1] that a reconcile fails (a bad manifest, an API error). */
  readonly failRate: number;
  /** A webhook Receiver: each Git push notification triggers an immediate source fetch. */
  readonly webhook: boolean;
  /** `.spec.wait`: after each apply the worker waits for the Deployment's rollout (at most `timeoutMs`). */
  readonly wait: boolean;
}

/**
 * A failed Git fetch is retried after min x 2^(failures - 1), capped at max
 * (reset by a success): Flux runtime --min-retry-delay 750ms and
 * --max-retry-delay 15m (source-controller PR #664).
 */
export const FLUX_SOURCE_RETRY_MIN_MS = 750;
export const FLUX_SOURCE_RETRY_MAX_MS = 900_000;

/**
 * API requests of one Kustomization reconcile, counted in kustomize-controller
 * @ 186fb3b and fluxcd/pkg @ e2cfd1a. Per object, pkg `ssa/manager_apply.go`
 * `ApplyAll`: a GET of the live object (unstructured, so not from the cache:
 * kustomize-controller `main.go` leaves `client.CacheOptions.Unstructured`
 * off) and a server-side-apply dry-run PATCH (`dryRunApply`); then an apply
 * PATCH of each object that drifted (`apply`). Status PATCHes of the
 * Kustomization, `internal/controller/kustomization_controller.go`
 * `reconcile()`: "Reconciliation in progress", "Building manifests",
 * "Detecting drift", and `finalizeStatus` at the end. Events: one when the
 * apply changed something (`apply`, "emit event only if the server-side apply
 * resulted in changes"), and "Reconciliation finished" on success or the
 * error on failure (`Reconcile`).
 */
export const FLUX_REQUESTS = {
  perObject: 2,
  statusPatches: 4,
  perChangedObject: 1,
  changeEvents: 1,
  resultEvents: 1,
} as const;

/**
 * The controllers' client limits: pkg `runtime/client/client.go` (`--kube-api-qps`
 * 50, `--kube-api-burst` 300). The Event recorder (pkg `runtime/events/recorder.go`,
 * `mgr.GetEventRecorderFor`) builds its own client from the same config, so its own bucket.
 */
export const FLUX_CLIENT_QPS = 50;
export const FLUX_CLIENT_BURST = 300;

/** Names of the random streams the controller draws from. */
export const FLUX_STREAMS = {
  schedule: 'flux.schedule',
  apply: 'flux.apply',
  failures: 'flux.failures',
} as const;

/** `intervalMs` scaled by a uniform factor in [1 - fraction, 1 + fraction], `u` in [0, 1). */
export function jitteredMs(intervalMs: number, fraction: number, u: number): number {
  return Math.round(intervalMs * (1 + fraction * (2 * u - 1)));
}

/** Checks every option (a scenario file is checked by its schema; this guards direct use). */
function checkFluxOptions(options: FluxOptions): void {
  for (const key of ['sourceIntervalMs', 'intervalMs', 'retryIntervalMs', 'timeoutMs'] as const) {
    const v = options[key];
    if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`${key} must be an integer > 0, got ${v}`);
  }
  if (!(options.jitterFraction >= 0 && options.jitterFraction < 1)) {
    throw new RangeError(`jitterFraction must be in [0, 1), got ${options.jitterFraction}`);
  }
  if (!Number.isSafeInteger(options.concurrent) || options.concurrent < 1) {
    throw new RangeError(`concurrent must be an integer >= 1, got ${options.concurrent}`);
  }
  if (!(options.failRate >= 0 && options.failRate <= 1)) {
    throw new RangeError(`failRate must be in [0, 1], got ${options.failRate}`);
  }
}

export class FluxController implements Delivery {
  readonly kind = 'flux';
  readonly credentialsOutsideCluster = false;

  private readonly engine: Engine;
  private readonly git: GitRepo;
  private readonly cluster: ClusterApi;
  private readonly applyMs: Sampler;
  private readonly sourceBackoff: BackoffPolicy;
  private readonly schedule: RandomStream;
  private readonly applyDraws: RandomStream;
  private readonly failureDraws: RandomStream;
  /** The manager's client (objects, Kustomization status) and the Event recorder's. */
  private readonly kubeClient = new TokenBucket(FLUX_CLIENT_QPS, FLUX_CLIENT_BURST);
  private readonly eventClient = new TokenBucket(FLUX_CLIENT_QPS, FLUX_CLIENT_BURST);
  /** Requests every reconcile makes whatever its outcome. */
  private readonly fixedRequests: number;
  private readonly managed: Int32Array;
  private readonly queue: WorkQueue;
  /** Kustomization Ready condition: 1 when its last reconcile succeeded and none is running. */
  private readonly ready: Uint8Array;
  /** `.spec.suspend`, set by a person (rollback `pause`): the Kustomization is not reconciled. */
  private readonly suspended: Uint8Array;
  /** Whether the running reconcile will fail. */
  private readonly failing: Uint8Array;
  /** Source revision the running reconcile applies. */
  private readonly revision: Float64Array;
  /** The controller life (see `epoch`) in which the running reconcile started. */
  private readonly startedIn: Float64Array;
  /** Each Kustomization's requeue: its interval or its retry interval ahead, jittered. */
  private readonly appTimers: TimerWheel;
  /** The GitRepository's next fetch (key 0). */
  private readonly sourceTimer: Timers;
  /** The health checks of `wait`; null without it. */
  private readonly health: FluxHealthWait | null;
  private up = true;
  /** Counts controller restarts: a reconcile begun before one has lost its result. */
  private epoch = 0;
  private sourceRevision: number;
  private sourceFailures = 0;

  private gitFetches = 0;
  private reconciles = 0;
  private syncs = 0;
  private syncFailures = 0;

  private readonly work = (app: number): number => this.begin(app);
  private readonly onDone = (app: number): void => this.finish(app);
  private readonly onWorked = (app: number): void => this.worked(app);

  constructor(
    world: DeliveryWorld,
    private readonly options: FluxOptions,
    streams: StreamSource,
    /** Kubernetes objects of each app's Kustomization. */
    objectsPerApp: number,
    /** The apps of this Flux's cluster (Flux runs in each cluster); all when absent. */
    apps?: readonly number[],
    /** Whether an app's objects include its Deployment (apps.resources): without one, a health check passes at once. */
    hasDeployment = true,
  ) {
    checkFluxOptions(options);
    if (!Number.isSafeInteger(objectsPerApp) || objectsPerApp < 1) {
      throw new RangeError(`objectsPerApp must be an integer >= 1, got ${objectsPerApp}`);
    }
    this.fixedRequests = FLUX_REQUESTS.perObject * objectsPerApp + FLUX_REQUESTS.statusPatches;
    const { engine, git, cluster } = world;
    this.engine = engine;
    this.git = git;
    this.cluster = cluster;
    this.applyMs = compileSampler(options.applyTime);
    this.sourceBackoff = {
      initialMs: FLUX_SOURCE_RETRY_MIN_MS,
      factor: 2,
      maxMs: FLUX_SOURCE_RETRY_MAX_MS,
      resetAfterMs: Number.POSITIVE_INFINITY,
    };
    this.schedule = streams.stream(FLUX_STREAMS.schedule);
    this.applyDraws = streams.stream(FLUX_STREAMS.apply);
    this.failureDraws = streams.stream(FLUX_STREAMS.failures);
    const n = git.appCount;
    this.managed = Int32Array.from(apps ?? Array.from({ length: n }, (_, app) => app));
    this.queue = new WorkQueue(engine, this.options.concurrent, this.work, this.onDone);
    this.ready = new Uint8Array(n).fill(1);
    this.suspended = new Uint8Array(n);
    this.failing = new Uint8Array(n);
    this.revision = new Float64Array(n);
    this.startedIn = new Float64Array(n);
    // A jittered period is rounded, and at most period x (1 + jitterFraction): 1 ms covers the rounding.
    const requeueMaxDelayMs =
      Math.ceil(Math.max(options.intervalMs, options.retryIntervalMs) * (1 + options.jitterFraction)) + 1;
    this.appTimers = new TimerWheel(engine, n, requeueMaxDelayMs, (app) => this.enqueue(app));
    this.sourceTimer = new Timers(engine, 1, () => this.reconcileSource());
    this.health = options.wait
      ? new FluxHealthWait(engine, cluster, n, options.timeoutMs, hasDeployment, (app, healthy, changed) =>
          this.checked(app, healthy, changed),
        )
      : null;
    this.sourceRevision = git.head;
  }

  /**
   * Flux has been running for a while: the source holds HEAD, every
   * Kustomization applied it, and each timer comes at a random phase of its period.
   */
  start(): void {
    this.setSourceTimer(Math.floor(this.schedule.next() * this.options.sourceIntervalMs));
    for (const app of this.managed) {
      this.setAppTimer(app, Math.floor(this.schedule.next() * this.options.intervalMs));
    }
    if (this.options.webhook) {
      // The Receiver annotates the GitRepository: source-controller fetches at once.
      this.git.onWebhook(() => {
        if (this.up) this.reconcileSource();
      });
    }
  }

  /**
   * Kustomization Ready: its last reconcile applied the source revision it had; live drift is not looked at.
   * A suspended one keeps its last Ready condition, but `flux get kustomizations` shows it suspended, which
   * nobody reads as in sync: not in sync while suspended.
   */
  reportsInSync(app: number): boolean {
    return this.ready[app] === 1 && this.suspended[app] === 0;
  }

  /**
   * Rollback `pause`: the person runs `flux suspend kustomization` (`.spec.suspend: true`; kustomize-controller
   * `Reconcile` then returns at once, with no requeue, so the interval, new source revisions and a restart
   * reconcile nothing), then applies `knownGood`'s manifest at once (`kubectl apply`, as `rollout undo` would,
   * but exactly the known-good release). Simplified: a reconcile of the app running at that moment applies
   * nothing (its apply would have landed before the person's).
   */
  pause(app: number, knownGood: Commit): void {
    this.suspended[app] = 1;
    this.appTimers.cancel(app);
    this.cluster.apply(app, knownGood.desired, 'person');
  }

  /**
   * The person resumes: `flux reconcile source git` (so the source has the fix; a Kustomization resumed on an
   * older artifact would apply the bad release again), then `flux resume kustomization`, whose spec change
   * reconciles it at once.
   */
  resume(app: number): void {
    this.suspended[app] = 0;
    if (this.up) this.reconcileSource();
    this.enqueue(app);
  }

  /**
   * Down: the controllers stop; their timers and the results of reconciles
   * in flight are lost (statuses stay as last written). Up: they start as
   * after a restart: the source is fetched and every Kustomization is queued.
   */
  setAvailable(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (!up) {
      this.epoch++;
      this.queue.pause();
      this.sourceTimer.cancelAll();
      this.appTimers.cancelAll();
      return;
    }
    this.queue.resume();
    this.reconcileSource();
    for (const app of this.managed) this.enqueue(app);
  }

  stats(): DeliveryStats {
    return {
      gitFetches: this.gitFetches,
      refreshes: this.reconciles,
      syncs: this.syncs,
      syncFailures: this.syncFailures,
      apiRequests: this.kubeClient.requests + this.eventClient.requests,
      apiThrottledMs: this.kubeClient.throttledMs + this.eventClient.throttledMs,
      maxQueueDepth: this.queue.maxDepth,
    };
  }

  /** Reconciles waiting for a worker. */
  /** The controller runs in the cluster: nothing outside holds credentials. */
  credentialsHeldMs(): number {
    return 0;
  }

  queueDepth(): number {
    return this.queue.depth;
  }

  /** Reconciles currently running (at most `concurrent`). */
  get inFlight(): number {
    return this.queue.busy;
  }

  private reconcileSource(): void {
    this.gitFetches++;
    if (!this.git.fetch()) {
      this.sourceFailures++;
      this.setSourceTimer(backoffDelayMs(this.sourceFailures, this.sourceBackoff));
      return;
    }
    this.sourceFailures = 0;
    const head = this.git.head;
    if (head !== this.sourceRevision) {
      this.sourceRevision = head;
      // Every Kustomization of this source sees the new artifact revision.
      for (const app of this.managed) this.enqueue(app);
    }
    this.setSourceTimer(this.jittered(this.options.sourceIntervalMs));
  }

  private enqueue(app: number): void {
    if (this.suspended[app] === 0) this.queue.add(app);
  }

  /**
   * A worker takes the app: the reconcile takes its draws up front (one
   * each, whatever the outcome), sends its fixed requests, and returns how
   * long it holds the worker: its work, or until the client lets the last
   * request go. One whose work would outlast the timeout is cancelled at the
   * timeout, before its apply lands: it fails and the worker is freed then.
   * With `wait`, the worker is held past its work for the health check.
   */
  private begin(app: number): number {
    this.reconciles++;
    this.ready[app] = 0;
    this.revision[app] = this.sourceRevision;
    this.startedIn[app] = this.epoch;
    const now = this.engine.now;
    let lastRequestMs = now;
    // A bucket's turns never go backwards: the last reservation is the latest.
    for (let i = 0; i < this.fixedRequests; i++) lastRequestMs = this.kubeClient.reserve(now);
    const workMs = Math.max(this.applyMs(this.applyDraws), lastRequestMs - now);
    // A bad manifest fails every reconcile (badManifest.ts); the transient draw is made anyway, so it moves no other.
    const failed =
      this.failureDraws.next() < this.options.failRate || manifestRefused(this.commitAt(app, this.revision[app]));
    const timedOut = workMs > this.options.timeoutMs;
    this.failing[app] = failed || timedOut ? 1 : 0;
    const heldMs = timedOut ? this.options.timeoutMs : workMs;
    if (this.health === null) return heldMs;
    this.engine.afterFixed(heldMs, this.onWorked, app);
    return HELD;
  }

  /** `wait`: the work is done; the apply lands and the health check holds the worker (fluxHealth.ts). */
  private worked(app: number): void {
    if (this.failing[app] === 1 || this.startedIn[app] !== this.epoch) {
      this.queue.release(app);
      return;
    }
    const changed = this.land(app);
    // checkHealth: "Running health checks" status PATCH before it waits.
    this.kubeClient.reserve(this.engine.now);
    this.health!.start(app, changed);
  }

  /** The health check ended: a failure is a failed reconcile (HealthCheckFailed), retried as any other. */
  private checked(app: number, healthy: boolean, changed: boolean): void {
    if (healthy) {
      // checkHealth: the Healthy condition's PATCH.
      this.kubeClient.reserve(this.engine.now);
    } else {
      this.failing[app] = 1;
      // finish counts the failed sync; the apply that changed something already counted it (unless its result is lost).
      if (changed && this.startedIn[app] === this.epoch) this.syncs--;
    }
    this.queue.release(app);
  }

  private finish(app: number): void {
    if (this.startedIn[app] !== this.epoch) return;
    const now = this.engine.now;
    // "Reconciliation finished", or the error.
    for (let i = 0; i < FLUX_REQUESTS.resultEvents; i++) this.eventClient.reserve(now);
    if (this.suspended[app] === 1) return;
    if (this.failing[app] === 1) {
      this.syncs++;
      this.syncFailures++;
      // kustomization_controller.go: a failure requeues after the retry interval as is; only success is jittered.
      this.setAppTimer(app, this.options.retryIntervalMs);
    } else {
      if (this.health === null) this.land(app);
      this.ready[app] = 1;
      this.setAppTimer(app, this.jittered(this.options.intervalMs));
    }
  }

  /** Server-side apply: a no-op when live already matches, so only a change is a sync. Returns whether it changed. */
  private land(app: number): boolean {
    if (!this.cluster.apply(app, this.commitAt(app, this.revision[app]).desired, 'delivery')) return false;
    const now = this.engine.now;
    this.syncs++;
    for (let i = 0; i < FLUX_REQUESTS.perChangedObject; i++) this.kubeClient.reserve(now);
    for (let i = 0; i < FLUX_REQUESTS.changeEvents; i++) this.eventClient.reserve(now);
    return true;
  }

  /** The app's commit in the source artifact of `revision` (usually its latest). */
  private commitAt(app: number, revision: number): Commit {
    const latest = this.git.latest(app);
    if (latest.revision <= revision) return latest;
    const history = this.git.historyOf(app);
    let i = history.length - 2;
    while (history[i].revision > revision) i--;
    return history[i];
  }

  private jittered(intervalMs: number): number {
    return jitteredMs(intervalMs, this.options.jitterFraction, this.schedule.next());
  }

  /** Requeue after `delayMs`, unless an earlier requeue is already waiting. */
  private setAppTimer(app: number, delayMs: number): void {
    this.appTimers.setEarliest(app, this.engine.now + delayMs);
  }

  private setSourceTimer(delayMs: number): void {
    this.sourceTimer.setEarliest(0, this.engine.now + delayMs);
  }
}
