/**
 * Promotion of releases through an ordered list of environments (dev,
 * staging, production). CI commits each release to the first environment's
 * config; once the release is healthy there (the app converged on it: every
 * desired replica Ready on its digest and no other pod, as
 * metrics/changeRecorder.ts judges a change converged) it waits at the gate
 * to the next environment (model/promotionGate.ts). What the gate lets
 * through is committed to the next environment's config, newest build per
 * app: a promotion is a Git commit, so it reaches the clusters through the
 * same delivery as a release (pull: the controller; push: the deploy job
 * each commit runs).
 *
 * A bad release is found in each environment it runs in with that
 * environment's probability, after its delay: both drawn when CI releases
 * it, one of each per environment, so its fate does not depend on the gates.
 * The environment's rollbacks (disturbance/rollback.ts) act on it there; a
 * release found bad anywhere is never promoted further.
 */
import { compileSampler, type Distribution, type Sampler } from '../engine/distribution.ts';
import type { Engine } from '../engine/engine.ts';
import type { RandomStream, StreamSource } from '../engine/random.ts';
import type { Release } from './ciPipeline.ts';
import type { ClusterApi } from './cluster/clusterSet.ts';
import type { Commit, GitRepo } from './gitRepo.ts';
import { type GatePolicy, PromotionGate } from './promotionGate.ts';

/** One environment as promotion sees it. */
export interface EnvironmentStage {
  readonly name: string;
  readonly git: GitRepo;
  readonly cluster: ClusterApi;
  /** Probability in [0, 1] that a bad release running here is found here. */
  readonly detectProbability: number;
  /** Time from a bad release running here to it being found. */
  readonly detectAfter: Distribution;
}

/** Names of promotion's random streams; the environment's name follows the dot. */
export const PROMOTION_STREAMS = {
  found: 'environment.found',
  detection: 'environment.detection',
  approval: 'promotion.approval',
} as const;

export interface PromotionListeners {
  /** A release's commit to environment `env` (0-based). */
  committed?(env: number, release: Release): void;
  /** The app converged on the release in environment `env`. */
  reached?(env: number, release: Release): void;
  /** The gate into environment `env` let these releases through, after these waits. */
  passed?(env: number, releases: readonly Release[], waitedMs: readonly number[], manual: boolean): void;
}

export class Promotion {
  /** Every CI release, by key (its index here). */
  private readonly releases: Release[] = [];
  private readonly keyByDigest = new Map<string, number>();
  /** Per release, per environment: found there when it runs, and after how long. */
  private readonly found: boolean[][] = [];
  private readonly detectAfterMs: number[][] = [];
  /** Releases found bad somewhere: never promoted again. */
  private readonly knownBad = new Set<number>();
  /** Per environment and app: the release commit not converged yet. */
  private readonly open: ({ commit: Commit; key: number } | undefined)[][];
  /** Per environment and app: the newest build committed there. */
  private readonly newestBuild: Int32Array[];
  /** The gate into environment e + 1 is gates[e]. */
  private readonly gates: PromotionGate[];
  private readonly foundDraws: RandomStream[];
  private readonly detectionDraws: RandomStream[];
  private readonly detectAfter: Sampler[];
  private readonly releaseListeners: ((release: Release) => void)[][];
  private readonly observers: PromotionListeners[] = [];
  /** Set while this class commits, so its commit listener knows the key. */
  private committing: number | undefined;

  constructor(
    engine: Engine,
    private readonly stages: readonly EnvironmentStage[],
    /** The gate into each environment after the first (gates[0] leads into stages[1]). */
    gatePolicies: readonly GatePolicy[],
    streams: StreamSource,
    /** How the config names a release's image (digest or tag). */
    private readonly imageOf: (release: Release) => string,
  ) {
    if (stages.length < 1) throw new RangeError('promotion needs at least one environment');
    if (gatePolicies.length !== stages.length - 1) {
      throw new RangeError(
        `one gate per environment after the first: ${stages.length - 1}, got ${gatePolicies.length}`,
      );
    }
    const apps = stages[0].git.appCount;
    this.open = stages.map(() => new Array(apps));
    this.newestBuild = stages.map(() => new Int32Array(apps));
    this.releaseListeners = stages.map(() => []);
    this.foundDraws = stages.map((s) => streams.stream(`${PROMOTION_STREAMS.found}.${s.name}`));
    this.detectionDraws = stages.map((s) => streams.stream(`${PROMOTION_STREAMS.detection}.${s.name}`));
    this.detectAfter = stages.map((s) => compileSampler(s.detectAfter));
    this.gates = gatePolicies.map(
      (policy, e) =>
        new PromotionGate(
          engine,
          policy,
          streams.stream(`${PROMOTION_STREAMS.approval}.${stages[e + 1].name}`),
          (keys, waited) => this.promote(e + 1, keys, waited, policy.type === 'manual'),
        ),
    );
    stages.forEach((stage, env) => {
      stage.git.onCommit((commit) => this.committedTo(env, commit));
      stage.cluster.onAppChange((app) => this.check(env, app));
    });
  }

  /**
   * The releases committed to environment `env`, each as that environment
   * sees it: bad only when it will be found there, with its own delay. What
   * the environment's rollbacks watch.
   */
  releasesInto(env: number): { onRelease(listener: (release: Release) => void): void } {
    return { onRelease: (listener) => this.releaseListeners[env].push(listener) };
  }

  /** Called on every commit, convergence and gate passage, in the order observers were added. */
  observe(listeners: PromotionListeners): void {
    this.observers.push(listeners);
  }

  /** Releases waiting at the gate into environment `env` (1-based: there is no gate into the first). */
  waitingAt(env: number): number {
    return this.gates[env - 1].depth;
  }

  /** CI released: draw its fate in every environment and commit it to the first. */
  release(release: Release): void {
    const key = this.releases.length;
    this.releases.push(release);
    this.keyByDigest.set(release.digest, key);
    this.found.push(this.stages.map((s, e) => this.foundDraws[e].next() < s.detectProbability));
    this.detectAfterMs.push(this.stages.map((_, e) => this.detectAfter[e](this.detectionDraws[e])));
    this.commit(0, key);
  }

  /** A bad release was found in any environment (rolled back there or not): it goes no further. */
  foundBad(digest: string): void {
    const key = this.keyByDigest.get(digest);
    if (key === undefined) return;
    this.knownBad.add(key);
    for (const gate of this.gates) gate.withdraw(key);
  }

  private commit(env: number, key: number): void {
    const release = this.releases[key];
    const { git } = this.stages[env];
    this.newestBuild[env][release.app] = release.build;
    this.committing = key;
    git.commit(
      release.app,
      { ...git.desiredAt(release.app), image: this.imageOf(release) },
      release.digest,
      'release',
      {
        codeCommitMs: release.triggeredMs,
        bad: release.bad,
        badManifest: release.badManifest,
      },
    );
    this.committing = undefined;
    for (const o of this.observers) o.committed?.(env, release);
    const foundHere = release.bad && this.found[key][env];
    const seen: Release = {
      ...release,
      bad: foundHere,
      detectAfterMs: foundHere ? this.detectAfterMs[key][env] : undefined,
    };
    for (const listener of this.releaseListeners[env]) listener(seen);
  }

  private committedTo(env: number, commit: Commit): void {
    // Any other commit (a revert) replaces the release being followed.
    const key = this.committing;
    this.open[env][commit.app] = key === undefined ? undefined : { commit, key };
    this.check(env, commit.app);
  }

  private check(env: number, app: number): void {
    const open = this.open[env][app];
    if (open === undefined || !converged(this.stages[env].cluster, open.commit)) return;
    this.open[env][app] = undefined;
    const release = this.releases[open.key];
    for (const o of this.observers) o.reached?.(env, release);
    if (env + 1 < this.stages.length && !this.knownBad.has(open.key)) this.gates[env].arrive(open.key);
  }

  /** What the gate let through goes on: per app the newest build, unless it is known bad or not newer. */
  private promote(env: number, keys: readonly number[], waitedMs: readonly number[], manual: boolean): void {
    const passed = keys.map((k) => this.releases[k]);
    for (const o of this.observers) o.passed?.(env, passed, waitedMs, manual);
    const newest = new Map<number, number>();
    for (const key of keys) {
      if (this.knownBad.has(key)) continue;
      const { app, build } = this.releases[key];
      const best = newest.get(app);
      if (best === undefined || this.releases[best].build < build) newest.set(app, key);
    }
    for (const [app, key] of [...newest].sort((a, b) => a[0] - b[0])) {
      if (this.releases[key].build > this.newestBuild[env][app]) this.commit(env, key);
    }
  }
}

/** Every desired replica Ready on the commit's digest and no other pod (or, without pods, the spec applied). */
function converged(cluster: ClusterApi, commit: Commit): boolean {
  const replicas = commit.desired.replicas;
  if (replicas === 0) {
    const live = cluster.spec(commit.app);
    return live !== null && live.image === commit.desired.image && live.replicas === 0;
  }
  return (
    cluster.readyWith(commit.app, commit.intendedDigest) === replicas &&
    cluster.activePods(commit.app) === replicas
  );
}
