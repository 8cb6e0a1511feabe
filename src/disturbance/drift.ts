/**
 * Drift: everything that changes the world behind the delivery system's back.
 * People scale or re-image a Deployment, or delete it; an autoscaler owns the
 * replica count; pods crash and nodes die; a tag is re-pushed to new bytes;
 * the controller, Git or the registry go down. Each scenario entry happens at
 * random intervals (`every`) or at fixed times (`atMs`) and draws everything
 * from its own streams (`drift.<index>.<kind>.*`), so adding an entry changes
 * no other draws, and every variant of a replication sees the same drift.
 *
 * An event is emitted only when the drift changed something: scaling a
 * deleted Deployment, failing a node that is already down, or re-pushing a
 * tag while the registry is down does nothing, and nothing is recorded.
 */
import type { Sampler } from '../engine/distribution.ts';
import type { Engine } from '../engine/engine.ts';
import type { RandomStream, StreamSource } from '../engine/random.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import { builtImage } from '../model/image.ts';
import { effectiveTag, parseImageRef } from '../model/imageRef.ts';
import { Recurring } from '../engine/recurring.ts';
import type { Registry } from '../model/registry.ts';
import type { Delivery } from '../model/deliverySystem.ts';

/** kube-controller-manager --horizontal-pod-autoscaler-sync-period default. */
export const HPA_SYNC_PERIOD_MS = 15_000;
/** Assumption: a person scaling by hand adds or removes one to three replicas. */
export const DEFAULT_MANUAL_SCALE_DELTA = 3;
/**
 * Build numbers of re-pushed tags: entry i uses (i + 1) * TAG_MOVE_BUILD_BASE + n,
 * far above any CI build, so a rebuild never has the digest of a CI build or of
 * another entry's rebuild.
 */
const TAG_MOVE_BUILD_BASE = 1_000_000;

/** When an entry happens: at random intervals, or at fixed times since the start. */
export type DriftTiming =
  | { readonly every: Sampler; readonly atMs?: undefined }
  | { readonly atMs: readonly number[]; readonly every?: undefined };

export type DriftSpec = DriftTiming &
  (
    | {
        /** `kubectl scale`: live replicas +- a uniform 1..maxDelta (never below 0). */
        readonly kind: 'manualScale';
        readonly maxDelta?: number;
      }
    /** `kubectl set image` to the image of the newest earlier commit whose image differs from Git HEAD's. */
    | { readonly kind: 'manualImage' }
    /** `kubectl delete deployment`. */
    | { readonly kind: 'deleteResource' }
    /**
     * A HorizontalPodAutoscaler on one app (picked at the start) owns its
     * replicas: its count is a uniform integer in [min, max], drawn at the start
     * and again at each time of the entry. At its next sync after the live
     * replicas differ from its count, it sets them back.
     */
    | { readonly kind: 'hpa'; readonly min: number; readonly max: number }
    /** A container of a Running pod exits. */
    | { readonly kind: 'podCrash' }
    | { readonly kind: 'nodeFailure'; readonly downFor: Sampler }
    /** A rebuild (CVE patch) re-pushes the tag an app's Git manifest names to new bytes; Git does not change. */
    | { readonly kind: 'tagMoved' }
    | { readonly kind: 'controllerOutage' | 'gitOutage' | 'registryOutage'; readonly downFor: Sampler }
  );

export type DriftKind = DriftSpec['kind'];

export interface DriftEvent {
  /** 0, 1, 2, ... in the order the events happened. */
  readonly id: number;
  readonly kind: DriftKind;
  /** The app it changed; null for node failures and outages. */
  readonly app: number | null;
  /** The node that failed; null otherwise. */
  readonly node: number | null;
  readonly atMs: number;
  /** When a node failure or an outage ends (the node comes back, the service is up); null otherwise. */
  readonly untilMs: number | null;
}

export type DriftListener = (event: DriftEvent) => void;

export interface DriftWorld {
  readonly engine: Engine;
  readonly cluster: ClusterApi;
  readonly git: GitRepo;
  readonly registry: Registry;
  readonly delivery: Pick<Delivery, 'setAvailable' | 'independentParts'>;
  readonly streams: StreamSource;
  /**
   * The tag of the app's latest release, for tagMoved when Git names a digest
   * (the manifest then carries no tag). Without it such a tag never moves.
   */
  readonly releaseTag?: (app: number) => string | undefined;
}

/** The running drift sources of a run: subscribe with onDrift before the engine runs. */
export class DriftSources {
  private readonly listeners: DriftListener[] = [];
  private nextId = 0;
  /**
   * Controller outages in progress, per independent part of the delivery system (one when it fails as
   * one): a part is up again only when its last outage ends.
   */
  private readonly controllerDown: number[];
  /** End of the Git outages this module started (GitRepo keeps one window, so a shorter one must not cut it). */
  private gitDownUntilMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly world: DriftWorld) {
    this.controllerDown = new Array<number>(world.delivery.independentParts ?? 1).fill(0);
  }

  onDrift(listener: DriftListener): void {
    this.listeners.push(listener);
  }

  /** Schedules entry `index` of the scenario's drift list. */
  add(spec: DriftSpec, index: number): void {
    const name = `drift.${index}.${spec.kind}`;
    const action = this.action(spec, index, (suffix) => this.world.streams.stream(`${name}.${suffix}`));
    const { engine } = this.world;
    if (spec.every !== undefined) {
      new Recurring(engine, spec.every, this.world.streams.stream(`${name}.times`), action).start();
      return;
    }
    for (const atMs of spec.atMs) {
      if (!Number.isSafeInteger(atMs) || atMs < engine.now) {
        throw new RangeError(`drift ${index} (${spec.kind}): atMs must be integers >= ${engine.now}, got ${atMs}`);
      }
      engine.at(atMs, action);
    }
  }

  private action(spec: DriftSpec, index: number, stream: (suffix: string) => RandomStream): () => void {
    const { cluster, git, registry, engine, delivery } = this.world;
    // Read once: the closures below are made for every entry of a kind, and the entries' specs differ in
    // shape (every or atMs, optional fields), so reading spec.kind in them met a new map (--trace-deopt).
    const { kind } = spec;
    switch (spec.kind) {
      case 'manualScale': {
        const maxDelta = spec.maxDelta ?? DEFAULT_MANUAL_SCALE_DELTA;
        if (!Number.isSafeInteger(maxDelta) || maxDelta < 1) {
          throw new RangeError(`drift ${index} (manualScale): maxDelta must be an integer >= 1, got ${maxDelta}`);
        }
        const apps = stream('app');
        const replicas = stream('replicas');
        return () => {
          const app = this.pickApp(apps);
          // Both draws every time, whatever happens, so later events keep their draws.
          const down = replicas.next() < 0.5;
          const delta = 1 + Math.floor(replicas.next() * maxDelta);
          const live = cluster.spec(app);
          if (live === null) return;
          // Never below zero: from 0 a person can only scale up.
          const target = down && live.replicas > 0 ? Math.max(0, live.replicas - delta) : live.replicas + delta;
          cluster.scale(app, target, 'person');
          this.emit(kind, app);
        };
      }
      case 'manualImage': {
        const apps = stream('app');
        return () => {
          const app = this.pickApp(apps);
          const live = cluster.spec(app);
          const head = git.desiredAt(app);
          const previous = git.historyOf(app).findLast((c) => c.desired.image !== head.image);
          if (live === null || previous === undefined || live.image === previous.desired.image) return;
          // kubectl set image changes the image alone; the strategy is Git's, as the last apply left it.
          cluster.apply(app, { ...head, image: previous.desired.image, replicas: live.replicas }, 'person');
          this.emit(kind, app);
        };
      }
      case 'deleteResource': {
        const apps = stream('app');
        return () => {
          const app = this.pickApp(apps);
          if (cluster.spec(app) === null) return;
          cluster.deleteDeployment(app, 'person');
          this.emit(kind, app);
        };
      }
      case 'hpa':
        return this.startHpa(spec, index, stream);
      case 'podCrash': {
        const apps = stream('app');
        const pods = stream('pod');
        return () => {
          const app = this.pickApp(apps);
          const u = pods.next();
          const running = cluster.readyOnUpNodes(app);
          if (running > 0 && cluster.crashPod(app, Math.floor(u * running))) this.emit(kind, app);
        };
      }
      case 'nodeFailure': {
        const nodes = stream('node');
        const downFor = stream('downFor');
        return () => {
          const node = Math.floor(nodes.next() * cluster.nodeCount);
          const downForMs = spec.downFor(downFor);
          if (cluster.failNode(node, downForMs)) this.emit(kind, null, node, engine.now + downForMs);
        };
      }
      case 'tagMoved': {
        const apps = stream('app');
        let moves = 0;
        return () => {
          const app = this.pickApp(apps);
          const ref = parseImageRef(git.desiredAt(app).image);
          const tag = ref.digest === undefined ? effectiveTag(ref) : (ref.tag ?? this.world.releaseTag?.(app));
          const now = engine.now;
          if (tag === undefined || !registry.isAvailable(now)) return;
          const current = registry.resolve(`${ref.repository}:${tag}`, now);
          if (current === undefined) return;
          const { digest } = builtImage(ref.repository, (index + 1) * TAG_MOVE_BUILD_BASE + ++moves);
          registry.push(ref.repository, tag, digest, registry.sizeOf(current), now);
          this.emit(kind, app);
        };
      }
      case 'controllerOutage': {
        // Simplified: one part per outage (one cluster's Flux), any with the same chance. The pick has a
        // stream of its own, so it shifts no other draw.
        const parts = this.controllerDown.length;
        const picks = parts === 1 ? undefined : stream('part');
        return this.outage(stream('downFor'), spec, (downForMs) => {
          const part = picks === undefined ? undefined : Math.floor(picks.next() * parts);
          const down = this.controllerDown;
          if (down[part ?? 0]++ === 0) delivery.setAvailable(false, part);
          engine.after(downForMs, () => {
            if (--down[part ?? 0] === 0) delivery.setAvailable(true, part);
          });
        });
      }
      case 'gitOutage':
        return this.outage(stream('downFor'), spec, (downForMs) => {
          this.gitDownUntilMs = Math.max(this.gitDownUntilMs, engine.now + downForMs);
          git.startOutage(this.gitDownUntilMs - engine.now);
        });
      case 'registryOutage':
        return this.outage(stream('downFor'), spec, (downForMs) => {
          registry.setOutage(engine.now, engine.now + downForMs);
        });
    }
  }

  /**
   * The HPA's syncs fall on a fixed grid (a random phase, then every 15s); it
   * only acts when its count and the live replicas differ, so the next sync
   * is scheduled only then.
   */
  private startHpa(
    spec: { readonly kind: 'hpa'; readonly min: number; readonly max: number },
    index: number,
    stream: (suffix: string) => RandomStream,
  ): () => void {
    const { min, max } = spec;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) {
      throw new RangeError(`drift ${index} (hpa): need integers 0 <= min <= max, got min ${min}, max ${max}`);
    }
    const { cluster, engine } = this.world;
    const app = this.pickApp(stream('app'));
    const phaseMs = Math.floor(stream('phase').next() * HPA_SYNC_PERIOD_MS);
    const counts = stream('replicas');
    const draw = (): number => min + Math.floor(counts.next() * (max - min + 1));
    let desired = draw();
    let syncQueued = false;
    const sync = (): void => {
      syncQueued = false;
      const live = cluster.spec(app);
      if (live === null || live.replicas === desired) return;
      cluster.scale(app, desired, 'hpa');
      this.emit('hpa', app);
    };
    const queueSync = (): void => {
      if (syncQueued) return;
      syncQueued = true;
      const now = engine.now;
      const periods = Math.floor((now - phaseMs) / HPA_SYNC_PERIOD_MS) + 1;
      engine.at(phaseMs + periods * HPA_SYNC_PERIOD_MS, sync);
    };
    cluster.onSpecChange((changed, actor) => {
      if (changed === app && actor !== 'hpa') queueSync();
    });
    queueSync();
    return () => {
      desired = draw();
      queueSync();
    };
  }

  /** An outage of `downFor`; one of zero length is no outage (the registry even refuses empty windows). */
  private outage(
    random: RandomStream,
    spec: { readonly kind: DriftKind; readonly downFor: Sampler },
    begin: (downForMs: number) => void,
  ): () => void {
    return () => {
      const downForMs = spec.downFor(random);
      if (downForMs <= 0) return;
      begin(downForMs);
      this.emit(spec.kind, null, null, this.world.engine.now + downForMs);
    };
  }

  private pickApp(random: RandomStream): number {
    return Math.floor(random.next() * this.world.cluster.appCount);
  }

  private emit(kind: DriftKind, app: number | null, node: number | null = null, untilMs: number | null = null): void {
    const event: DriftEvent = { id: this.nextId++, kind, app, node, atMs: this.world.engine.now, untilMs };
    for (const listener of this.listeners) listener(event);
  }
}

/** Starts every drift entry of a scenario; entry i draws from the streams `drift.<i>.<kind>.*`. */
export function startDrift(specs: readonly DriftSpec[], world: DriftWorld): DriftSources {
  const sources = new DriftSources(world);
  for (const [index, spec] of specs.entries()) sources.add(spec, index);
  return sources;
}
