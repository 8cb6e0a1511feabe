/**
 * Push delivery: every commit to the config repo is deployed by a deploy job
 * of the CI pipeline. The job waits for a runner of the same pool as the
 * builds (FIFO), starts (a fresh machine, checkout, tools, cluster
 * credentials), then runs `kubectl apply` of the app's objects one after
 * another against the API server, and ends. It holds cluster write
 * credentials from the moment a runner takes it until it ends. A job can
 * fail; a failed job is re-run (back in the runner queue) up to `retries`
 * times, then the deploy is given up and the cluster keeps what it had.
 * Nothing compares the cluster with Git afterwards, and the pipeline shows
 * the last deploy as green whatever happens to the cluster later.
 *
 * Requests of one job (kubectl `pkg/cmd/apply/apply.go` `Run` applies the
 * objects in turn, `applyOneObject`; `patcher.go` `patchSimple` sends no
 * PATCH for an empty patch):
 * - discovery for the RESTMapper: DISCOVERY_REQUESTS;
 * - client-side apply (kubectl's default): a GET per object, plus a PATCH of
 *   each changed object (a POST for a missing one). Only the Deployment ever
 *   changes in this model; the other objects of the app are GET only;
 * - server-side apply (`--server-side`): one PATCH per object.
 * Each object's requests go through a fresh client (cli-runtime
 * `resource/builder.go` `getClient` makes a RESTClient, and so a token bucket,
 * per object), so the client limits are applied per object: with client-go's
 * 5/10 defaults two requests never wait.
 *
 * Deploys of one app never go backwards: a job (or a retry) whose commit is
 * older than the newest one already applied to the app is dropped when a
 * runner takes it, and one that finishes after a newer commit's job applies
 * nothing (GitLab's "prevent outdated deployment jobs" with a `resource_group`,
 * GitHub Actions' `concurrency`). Simplified: the jobs of an app still run side
 * by side, where a resource group would run them one at a time; the newest
 * commit wins either way.
 *
 * Rollbacks under push are commits too (kind `revert`). A revert commit goes
 * through the whole pipeline: a build of every stage, then the deploy job. A
 * re-run of the known-good release runs what `rerun` says: its deploy job
 * alone, or its whole pipeline again.
 *
 * A commit with a bad manifest (badManifest.ts) fails every attempt, and
 * its re-runs too: the job runs all its requests (kubectl applies every
 * object and reports the errors at the end), the Deployment's PATCH is
 * refused, and the job ends failed.
 *
 * Draws: the start-up and the failure of an attempt are drawn when the
 * attempt is queued; request latencies when it runs (their count depends on
 * the live state then). All from push's own streams.
 */
import { compileSampler, type Distribution, type Sampler } from '../engine/distribution.ts';
import type { RandomStream, StreamSource } from '../engine/random.ts';
import { TokenBucket } from '../engine/tokenBucket.ts';
import type { CiPipeline } from '../model/ciPipeline.ts';
import type { Manifest } from '../model/cluster/cluster.ts';
import type { Delivery, DeliveryStats, DeliveryWorld } from '../model/deliverySystem.ts';
import type { Commit } from '../model/gitRepo.ts';
import { manifestRefused } from './badManifest.ts';

/**
 * Discovery requests of a `kubectl apply` in a CI job: the job starts with a
 * cold ~/.kube/cache, so kubectl reads the aggregated discovery documents
 * (GET /api and GET /apis, cli-runtime `genericclioptions/config_flags.go`
 * `toDiscoveryClient`). Assumption: a server with aggregated discovery
 * (Kubernetes 1.30+ has it on by default); older servers need one request per
 * group-version. They go through the discovery client (QPS 50, burst 300:
 * kubectl `pkg/cmd/cmd.go`), which two requests never make wait.
 */
export const DISCOVERY_REQUESTS = 2;

/** What a rollback commit runs before it is deployed. */
export type RollbackPipeline = 'deploy' | 'buildAndDeploy';

export interface PushOptions {
  /** From a runner taking the job to its first request to the API server. */
  readonly startupTime: Distribution;
  /** One request's round trip from the runner to the API server. */
  readonly apiLatency: Distribution;
  /** Kubernetes objects the job applies (the Deployment among them). */
  readonly resourcesPerApp: number;
  /** `kubectl apply --server-side`: one PATCH per object instead of GET (+ PATCH). */
  readonly serverSide: boolean;
  /** kubectl's client limits for ordinary requests (a fresh bucket per object). */
  readonly qps: number;
  readonly burst: number;
  /** Probability in [0, 1] that an attempt of the job fails. */
  readonly failRate: number;
  /** Re-runs of a failed job before the deploy is given up. */
  readonly retries: number;
  /** What a re-run of the known-good release runs: its deploy job, or its whole pipeline. */
  readonly rerun: RollbackPipeline;
}

/** The CI runners the jobs run on: the pipeline's own. */
export type RunnerPool = Pick<CiPipeline, 'runJob' | 'buildDurationMs'>;

/** Names of push's random streams. */
export const PUSH_STREAMS = {
  startup: 'push.startup',
  failures: 'push.failures',
  latency: 'push.apiLatency',
  rebuild: 'push.rebuild',
} as const;

export class PushDelivery implements Delivery {
  readonly kind = 'push' as const;
  readonly credentialsOutsideCluster = true;
  /** Deploy attempts started, and those that failed. */
  private attempts = 0;
  private failedAttempts = 0;
  /** Deploys given up after every retry failed. */
  private givenUp = 0;
  private requests = 0;
  private throttledMs = 0;
  /** Jobs holding credentials now, since when some have, and the time held before that. */
  private holding = 0;
  private holdingSinceMs = 0;
  private heldMs = 0;
  private readonly startupMs: Sampler;
  private readonly latencyMs: Sampler;
  private readonly startupDraws: RandomStream;
  private readonly failureDraws: RandomStream;
  private readonly latencyDraws: RandomStream;
  private readonly rebuildDraws: RandomStream;
  /** What a rollback commit runs before it is deployed. */
  private readonly rollbackPipeline: RollbackPipeline;
  /** Per app, the revision of the newest commit a job applied (0: the initial state). */
  private readonly appliedRevision: Int32Array;

  /** `rollbackReruns`: rollbacks re-run the known-good release (method rerun) rather than commit a revert. */
  constructor(
    private readonly world: DeliveryWorld,
    private readonly runners: RunnerPool,
    private readonly options: PushOptions,
    streams: StreamSource,
    rollbackReruns = true,
  ) {
    this.rollbackPipeline = rollbackReruns ? options.rerun : 'buildAndDeploy';
    const { resourcesPerApp, qps, burst, failRate, retries } = options;
    if (!Number.isSafeInteger(resourcesPerApp) || resourcesPerApp < 1) {
      throw new RangeError(`resourcesPerApp must be an integer >= 1, got ${resourcesPerApp}`);
    }
    if (!(qps > 0 && Number.isFinite(qps))) throw new RangeError(`qps must be a finite number > 0, got ${qps}`);
    if (!Number.isSafeInteger(burst) || burst < 1) throw new RangeError(`burst must be an integer >= 1, got ${burst}`);
    if (!(failRate >= 0 && failRate <= 1)) throw new RangeError(`failRate must be in [0, 1], got ${failRate}`);
    if (!Number.isSafeInteger(retries) || retries < 0) {
      throw new RangeError(`retries must be an integer >= 0, got ${retries}`);
    }
    this.startupMs = compileSampler(options.startupTime);
    this.latencyMs = compileSampler(options.apiLatency);
    this.startupDraws = streams.stream(PUSH_STREAMS.startup);
    this.failureDraws = streams.stream(PUSH_STREAMS.failures);
    this.latencyDraws = streams.stream(PUSH_STREAMS.latency);
    this.rebuildDraws = streams.stream(PUSH_STREAMS.rebuild);
    this.appliedRevision = new Int32Array(world.git.appCount);
    world.git.onCommit((commit) => this.committed(commit));
  }

  start(): void {}

  /** The last deploy job succeeded: push never looks again. */
  reportsInSync(): boolean {
    return true;
  }

  /** Push has no controller to go down. */
  setAvailable(): void {}

  /** Jobs wait in the CI runner queue, not in a controller's. */
  queueDepth(): number {
    return 0;
  }

  /** Time some deploy job held cluster write credentials, up to now. */
  credentialsHeldMs(): number {
    return this.heldMs + (this.holding > 0 ? this.world.engine.now - this.holdingSinceMs : 0);
  }

  stats(): DeliveryStats {
    return {
      gitFetches: 0,
      refreshes: 0,
      syncs: this.attempts,
      syncFailures: this.failedAttempts,
      apiRequests: this.requests,
      apiThrottledMs: this.throttledMs,
      maxQueueDepth: 0,
    };
  }

  /** Deploys given up after their last retry failed. */
  get deploysGivenUp(): number {
    return this.givenUp;
  }

  private committed(commit: Commit): void {
    if (commit.kind === 'revert' && this.rollbackPipeline === 'buildAndDeploy') {
      const buildMs = this.runners.buildDurationMs(this.rebuildDraws);
      this.runners.runJob(
        () => buildMs,
        () => this.queueAttempt(commit, 0),
      );
      return;
    }
    this.queueAttempt(commit, 0);
  }

  private queueAttempt(commit: Commit, attempt: number): void {
    const startupMs = this.startupMs(this.startupDraws);
    const fails = this.failureDraws.next() < this.options.failRate;
    const refused = manifestRefused(commit);
    let outdated = false;
    this.runners.runJob(
      () => {
        // GitLab drops an outdated deployment job when it is picked up, before it runs.
        outdated = this.isOutdated(commit);
        if (outdated) return 0;
        this.hold();
        return this.jobMs(commit.app, commit.desired, startupMs, fails);
      },
      () => {
        if (!outdated) this.jobDone(commit, attempt, fails || refused);
      },
    );
  }

  /** Whether a newer commit of the app has already been applied. */
  private isOutdated(commit: Commit): boolean {
    return commit.revision < this.appliedRevision[commit.app];
  }

  /** The job's duration; counts its requests and their waits. */
  private jobMs(app: number, manifest: Manifest, startupMs: number, fails: boolean): number {
    this.attempts++;
    const nowMs = this.world.engine.now;
    let t = nowMs + startupMs;
    // A failed attempt fails at its first request (an unreachable API server, a rejected credential).
    const discovery = fails ? 1 : DISCOVERY_REQUESTS;
    for (let i = 0; i < discovery; i++) t = this.request(t);
    if (fails) return t - nowMs;
    // Judged when the runner takes the job (its length is decided then), not at the GET itself.
    const changed = this.deploymentChanges(app, manifest);
    for (let object = 0; object < this.options.resourcesPerApp; object++) {
      const bucket = new TokenBucket(this.options.qps, this.options.burst);
      const requests = this.options.serverSide ? 1 : object === 0 && changed ? 2 : 1;
      for (let r = 0; r < requests; r++) {
        const goMs = bucket.reserve(t);
        this.throttledMs += goMs - t;
        t = this.request(goMs);
      }
    }
    return t - nowMs;
  }

  /** One request sent at `atMs`: returns when its answer is back. */
  private request(atMs: number): number {
    this.requests++;
    return atMs + this.latencyMs(this.latencyDraws);
  }

  /** Whether the live Deployment differs from the manifest (or is missing): the apply writes it. */
  private deploymentChanges(app: number, manifest: Manifest): boolean {
    const live = this.world.cluster.spec(app);
    return live === null || live.image !== manifest.image || live.replicas !== manifest.replicas;
  }

  private jobDone(commit: Commit, attempt: number, fails: boolean): void {
    this.release();
    if (!fails) {
      // A newer commit's job finished first: this one's apply would take the app back.
      if (this.isOutdated(commit)) return;
      this.appliedRevision[commit.app] = commit.revision;
      this.world.cluster.apply(commit.app, commit.desired, 'delivery');
      return;
    }
    this.failedAttempts++;
    if (attempt < this.options.retries) this.queueAttempt(commit, attempt + 1);
    else this.givenUp++;
  }

  private hold(): void {
    if (this.holding++ === 0) this.holdingSinceMs = this.world.engine.now;
  }

  private release(): void {
    if (--this.holding === 0) this.heldMs += this.world.engine.now - this.holdingSinceMs;
  }
}
