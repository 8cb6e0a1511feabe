/**
 * The CI pipeline of every app's code repository, on the engine. Each trigger
 * (a code commit) is a build: its stages run in order on a runner, and the
 * first failing stage stops the line. Builds wait for a free runner in FIFO
 * order. A build that passes every stage pushes a new digest to the registry
 * under a version tag or `latest`; a share of those releases are bad, found
 * out after a detection delay that the delivery layer acts on, and a share
 * (`badManifest`) carry a manifest the cluster refuses at every apply.
 *
 * Every draw of a build is made when it is triggered, a fixed number per
 * build whatever its outcome, so the fate of the n-th build does not depend
 * on queueing, runner count or earlier outcomes (common random numbers across
 * variants). Stages run back to back on their runner; a push while the
 * registry is down fails the build.
 */
import { compileSampler, type Distribution, type Sampler } from '../engine/distribution.ts';
import type { Engine } from '../engine/engine.ts';
import { WorkQueue } from '../engine/workQueue.ts';
import type { RandomStream, StreamSource } from '../engine/random.ts';
import { builtImage } from './image.ts';
import { parseImageRef } from './imageRef.ts';
import type { Registry } from './registry.ts';

export interface CiStage {
  readonly name: string;
  readonly duration: Distribution;
  /** Probability in [0, 1] that the stage fails. */
  readonly failRate: number;
}

/** Names of the random streams the pipeline draws from. */
export const CI_STREAMS = {
  durations: 'ci.durations',
  failures: 'ci.failures',
  badness: 'ci.badness',
  detection: 'ci.detection',
  // A stream of its own: drawing it from `badness` would move every later bad release.
  badManifest: 'ci.badManifest',
} as const;

/** `version`: a new tag per build (`1.0.<build>`); `latest`: one tag moved by every build. */
export type TagPolicy = 'version' | 'latest';

/**
 * What a scenario sets of the pipeline, exactly as the scenario schema
 * resolves `ci` (the schema holds every default, with its source).
 */
export interface CiOptions {
  readonly stages: readonly CiStage[];
  readonly runners: number;
  readonly tagPolicy: TagPolicy;
  /** Probability in [0, 1] that a release is bad. */
  readonly badReleaseRate: number;
  /** Probability in [0, 1] that a release's manifest is refused at every apply (delivery/badManifest.ts). */
  readonly badManifest: number;
  /** Time from a bad release to its detection. */
  readonly detectAfter: Distribution;
}

/** The pipeline's options and what it builds: each app's image repository (all distinct) and image size. */
export interface CiPipelineOptions extends CiOptions {
  readonly repositories: readonly string[];
  readonly imageSizeBytes: number;
}

/** The options with their distributions compiled. */
interface CompiledOptions extends Omit<CiPipelineOptions, 'stages' | 'detectAfter'> {
  readonly stages: readonly { readonly name: string; readonly duration: Sampler; readonly failRate: number }[];
  readonly detectAfter: Sampler;
}

export interface Release {
  readonly app: number;
  /** Per app, from 1; failed builds use numbers too. */
  readonly build: number;
  readonly repository: string;
  readonly tag: string;
  /** `sha256:<64 hex>`. */
  readonly digest: string;
  /** By tag: `repository:tag`. */
  readonly imageRef: string;
  /** By digest: `repository@sha256:<64 hex>`. */
  readonly digestRef: string;
  readonly sizeBytes: number;
  readonly bad: boolean;
  /** The cluster refuses its manifest at every apply: it never runs. */
  readonly badManifest: boolean;
  /** Time from the release to the detection of its fault; undefined for a good release. */
  readonly detectAfterMs: number | undefined;
  /** When the code commit triggered the build. */
  readonly triggeredMs: number;
  /** When a runner took the build. */
  readonly startedMs: number;
  readonly finishedMs: number;
}

export interface CiFailure {
  readonly app: number;
  readonly build: number;
  readonly repository: string;
  /** The stage that failed (the last one when the push found the registry down). */
  readonly stage: string;
  readonly reason: 'stageFailed' | 'registryUnavailable';
  readonly triggeredMs: number;
  readonly startedMs: number;
  readonly finishedMs: number;
}

interface Build {
  readonly kind: 'build';
  readonly app: number;
  readonly build: number;
  readonly triggeredMs: number;
  startedMs: number;
  /** Until the end of the last stage, or of the failing one. */
  readonly durationMs: number;
  /** Index of the failing stage, or -1. */
  readonly failedStage: number;
  readonly bad: boolean;
  readonly badManifest: boolean;
  readonly detectAfterMs: number;
}

/** Another job on the same runners (a deploy job): its duration is decided when a runner takes it. */
interface RunnerJob {
  readonly kind: 'job';
  readonly work: () => number;
  readonly done: () => void;
}

export class CiPipeline {
  /** Builds that released an image. */
  releases = 0;
  /** Builds that failed. */
  failures = 0;

  private readonly options: CompiledOptions;
  private readonly durationDraws: RandomStream;
  private readonly failureDraws: RandomStream;
  private readonly badnessDraws: RandomStream;
  private readonly detectionDraws: RandomStream;
  private readonly badManifestDraws: RandomStream;
  private readonly builds: Int32Array;
  /** The runners: a key per build or job waiting or running (slots are reused once it ends). */
  private readonly runners: WorkQueue;
  private readonly slots: (Build | RunnerJob)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly releaseListeners: ((release: Release) => void)[] = [];
  private readonly failureListeners: ((failure: CiFailure) => void)[] = [];
  private readonly start = (slot: number): number => {
    const job = this.slots[slot];
    if (job.kind === 'job') return job.work();
    job.startedMs = this.engine.now;
    return job.durationMs;
  };
  private readonly finish = (slot: number): void => {
    const job = this.slots[slot];
    this.freeSlots.push(slot);
    if (job.kind === 'job') job.done();
    else this.complete(job);
  };

  constructor(
    private readonly engine: Engine,
    private readonly registry: Registry,
    options: CiPipelineOptions,
    streams: StreamSource,
  ) {
    this.options = compileOptions(options);
    this.durationDraws = streams.stream(CI_STREAMS.durations);
    this.failureDraws = streams.stream(CI_STREAMS.failures);
    this.badnessDraws = streams.stream(CI_STREAMS.badness);
    this.detectionDraws = streams.stream(CI_STREAMS.detection);
    this.badManifestDraws = streams.stream(CI_STREAMS.badManifest);
    this.builds = new Int32Array(this.options.repositories.length);
    // The freed runner goes to the queue first, so builds triggered by listeners wait their turn.
    this.runners = new WorkQueue(engine, this.options.runners, this.start, this.finish, { nextBeforeDone: true });
  }

  /** Builds and jobs on a runner now. */
  get running(): number {
    return this.runners.busy;
  }

  /** Builds and jobs waiting for a runner. */
  get queued(): number {
    return this.runners.depth;
  }

  /** Time builds and jobs have waited for a runner so far. */
  get runnerWaitMs(): number {
    return this.runners.waitMs;
  }

  /**
   * Queues another job (a deploy job) behind the builds, FIFO on the same
   * runners: `work` is called when a runner takes it and returns how long it
   * holds the runner; `done` runs when it ends.
   */
  runJob(work: () => number, done: () => void): void {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[slot] = { kind: 'job', work, done };
    this.runners.add(slot);
  }

  /** Called for every release, after its push, in the order listeners were added. */
  onRelease(listener: (release: Release) => void): void {
    this.releaseListeners.push(listener);
  }

  /** Called for every failed build. */
  onFailure(listener: (failure: CiFailure) => void): void {
    this.failureListeners.push(listener);
  }

  /**
   * How long every stage of one build takes, drawn from `random` (a stream of
   * the caller's, so the pipeline's own draws stay as they are): the rebuild
   * of a commit that passed them before, so no stage fails.
   */
  buildDurationMs(random: RandomStream): number {
    let durationMs = 0;
    for (const stage of this.options.stages) durationMs += stage.duration(random);
    return durationMs;
  }

  /** A code commit to `app` at the engine's current time: queues a build and returns its number. */
  trigger(app: number): number {
    const { repositories, stages } = this.options;
    if (!Number.isInteger(app) || app < 0 || app >= repositories.length) {
      throw new RangeError(`app must be an index in [0, ${repositories.length}), got ${app}`);
    }
    const build = ++this.builds[app];
    let durationMs = 0;
    let failedStage = -1;
    for (let i = 0; i < stages.length; i++) {
      const stage = stages[i];
      const stageMs = stage.duration(this.durationDraws);
      const fails = this.failureDraws.next() < stage.failRate;
      if (failedStage >= 0) continue;
      durationMs += stageMs;
      if (fails) failedStage = i;
    }
    const bad = this.badnessDraws.next() < this.options.badReleaseRate;
    const detectAfterMs = this.options.detectAfter(this.detectionDraws);
    const badManifest = this.badManifestDraws.next() < this.options.badManifest;
    const slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[slot] = {
      kind: 'build',
      app,
      build,
      triggeredMs: this.engine.now,
      startedMs: -1,
      durationMs,
      failedStage,
      bad,
      badManifest,
      detectAfterMs,
    };
    this.runners.add(slot);
    return build;
  }

  private complete(build: Build): void {
    const { stages, imageSizeBytes } = this.options;
    if (build.failedStage >= 0) {
      this.fail(build, stages[build.failedStage].name, 'stageFailed');
      return;
    }
    const now = this.engine.now;
    if (!this.registry.isAvailable(now)) {
      this.fail(build, stages[stages.length - 1].name, 'registryUnavailable');
      return;
    }
    const repository = this.options.repositories[build.app];
    const tag = this.options.tagPolicy === 'latest' ? 'latest' : `1.0.${build.build}`;
    const { reference: digestRef, digest } = builtImage(repository, build.build);
    this.registry.push(repository, tag, digest, imageSizeBytes, now);
    this.releases++;
    const release: Release = {
      app: build.app,
      build: build.build,
      repository,
      tag,
      digest,
      imageRef: `${repository}:${tag}`,
      digestRef,
      sizeBytes: imageSizeBytes,
      bad: build.bad,
      badManifest: build.badManifest,
      detectAfterMs: build.bad ? build.detectAfterMs : undefined,
      triggeredMs: build.triggeredMs,
      startedMs: build.startedMs,
      finishedMs: now,
    };
    for (const listener of this.releaseListeners) listener(release);
  }

  private fail(build: Build, stage: string, reason: CiFailure['reason']): void {
    this.failures++;
    const failure: CiFailure = {
      app: build.app,
      build: build.build,
      repository: this.options.repositories[build.app],
      stage,
      reason,
      triggeredMs: build.triggeredMs,
      startedMs: build.startedMs,
      finishedMs: this.engine.now,
    };
    for (const listener of this.failureListeners) listener(failure);
  }
}

/** Compiles the distributions; checks the repositories (the schema checks the rest). */
function compileOptions(given: CiPipelineOptions): CompiledOptions {
  const seen = new Set<string>();
  for (const repository of given.repositories) {
    const ref = parseImageRef(repository);
    if (ref.tag !== undefined || ref.digest !== undefined) {
      throw new RangeError(`repository ${JSON.stringify(repository)} must not carry a tag or digest`);
    }
    if (seen.has(repository)) {
      throw new RangeError(`repository ${repository} is used by two apps; builds would collide`);
    }
    seen.add(repository);
  }
  // Field by field, not spread: a spread object takes the shape of what it copies, which differs
  // between variants and points of a sweep, and every pipeline's code would meet each shape.
  return {
    runners: given.runners,
    tagPolicy: given.tagPolicy,
    badReleaseRate: given.badReleaseRate,
    badManifest: given.badManifest,
    repositories: given.repositories.slice(),
    imageSizeBytes: given.imageSizeBytes,
    stages: given.stages.map((stage) => ({
      name: stage.name,
      duration: compileSampler(stage.duration),
      failRate: stage.failRate,
    })),
    detectAfter: compileSampler(given.detectAfter),
  };
}
