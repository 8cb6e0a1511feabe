/**
 * The API objects the cluster simulates: Deployments own ReplicaSets, which
 * own Pods. Plain mutable records; the controllers change them.
 */
import { DOUBLE_FIRST } from '../../engine/doubleFirst.ts';
import type { EventId } from '../../engine/engine.ts';
import type { BackoffState } from '../backoff.ts';
import type { CachedImage } from '../imageCache.ts';
import type { TemplatedReplicaSet } from '../deploymentSync.ts';
import type { ImageRef, PullPolicy } from '../imageRef.ts';
import type { ProgressState } from '../progressingCondition.ts';
import type { AppState } from '../reconcile.ts';
import type { SizedDigest } from '../registry.ts';
import type { RolloutState } from '../rolloutPlan.ts';
import type { DeploymentStrategy } from '../rollout.ts';

/**
 * No event scheduled, where a field holds an event's handle. Not an integer, so never a handle; and not a
 * small integer, so V8 gives such a field a double's representation from its first value. Handles outgrow
 * small integers within a run, and a field whose representation changes mid-run makes V8 migrate every
 * object that has it (a day of the scale scenario migrated some 14,000 pods, capacity-50k 51,500 pods and
 * 50,000 Deployments: `node --trace-migration`) and drop the code compiled for them.
 */
export const NO_EVENT = -0.5;
export const NO_NODE = -1;

/** The pod template: only the container image matters here. */
export interface PodTemplate {
  /** The reference as the manifest writes it; it is also the template hash. */
  readonly image: string;
  readonly ref: ImageRef;
  /** Defaulted when the object is made: Always for `:latest` or no tag, else IfNotPresent (Kubernetes docs, Images). */
  readonly pullPolicy: PullPolicy;
  /**
   * For a digest reference, the digest and size a pull first resolved it to:
   * a digest once pushed stays pushed, so later pulls need not ask again.
   * Null until then, and always for a tag.
   */
  resolved: SizedDigest | null;
}

export type PodPhase =
  /** Not bound to a node yet. */
  | 'Unscheduled'
  /** Bound; pulling the image (or backing off after a failed pull). */
  | 'Pulling'
  /** Image present; the container is starting (or backing off after a crash). */
  | 'Starting'
  | 'Running';

/**
 * A pod: a plain record made by newPod. A record from an object literal, not a
 * class: V8 tracks a literal's allocation site and, as nearly every pod
 * outlives several scavenges, allocates them straight in the old generation
 * after the first run, instead of copying 50,000 pods through the young one
 * (GC pauses of a warm 50,000-pod run about 40% shorter, --trace-gc).
 */
export interface Pod {
  readonly id: number;
  readonly rs: ReplicaSet;
  node: number;
  phase: PodPhase;
  ready: boolean;
  available: boolean;
  /** Being deleted: no longer counted by its ReplicaSet, gone when the request lands. */
  deleting: boolean;
  /** Deleted from the API server: a request about it that lands later finds nothing. */
  gone: boolean;
  /** The bytes it runs (or will run), once the image is resolved on its node. */
  digest: string | null;
  /** The node's record of the image its container holds in use (image GC must keep it); null when none. */
  image: CachedImage | null;
  /** The size of the digest its last successful pull resolved to. */
  pulledBytes: number;
  /** The kubelet's next step for this pod, cancelled when the pod goes. */
  event: EventId;
  /** The kubelet's image pull back-off for it (keyed pod + image upstream). */
  pullBackoff: BackoffState | undefined;
  /** Its slot in the cluster's table of pods: the number its kubelet events carry, reused once it is gone. */
  slot: number;
  /**
   * Its neighbours among its node's pods (binding order): a list threaded
   * through the pods, so that binding or removing one allocates nothing and
   * hashes nothing.
   */
  prevOnNode: Pod | null;
  nextOnNode: Pod | null;
}

/** A new pod of `rs`: unscheduled, nothing pulled, no event. */
export function newPod(id: number, rs: ReplicaSet): Pod {
  return {
    id,
    rs,
    node: NO_NODE,
    phase: 'Unscheduled',
    ready: false,
    available: false,
    deleting: false,
    gone: false,
    digest: null,
    image: null,
    pulledBytes: 0,
    event: NO_EVENT,
    pullBackoff: undefined,
    slot: -1,
    prevOnNode: null,
    nextOnNode: null,
  };
}

export class ReplicaSet implements TemplatedReplicaSet {
  replicas: number;
  /** Every pod that exists, deleting ones included (status.replicas as the Deployment controller reads it). */
  pods = 0;
  readyReplicas = 0;
  availableReplicas = 0;
  desiredReplicas?: number;
  maxReplicas?: number;
  /**
   * Its pods, deleting ones included, in creation order; an array only while
   * it has some (the old ReplicaSets a Deployment keeps at zero hold none). An
   * array, not a Set or a list threaded through the pods: a walk reads the
   * pods' addresses up front, and taking one out of a few dozen is a short scan.
   */
  private ownPods: Pod[] | null = null;
  /** Creations sent to the API server that have not landed (the controller's expectations). */
  pendingCreates = 0;
  /** Pods not being deleted. */
  activePods = 0;
  /**
   * Its pods bound to each node and not being deleted: one node's count in
   * fields (most ReplicaSets occupy one node: one replica), the others' in a
   * Map made only when a second node is occupied. Kept as pods bind and start
   * being deleted, so that the scheduler and the deletion ranking read a
   * count rather than walk pods.
   */
  private firstNode = NO_NODE;
  private firstNodeCount = 0;
  private otherNodes: Map<number, number> | null = null;

  constructor(
    readonly id: number,
    readonly deployment: Deployment,
    public revision: number,
    readonly createdSeq: number,
    readonly template: PodTemplate,
    replicas: number,
  ) {
    this.replicas = replicas;
  }

  get templateHash(): string {
    return this.template.image;
  }

  /** Every pod that exists, deleting ones included, in creation order (not to be changed while read). */
  get podsInOrder(): readonly Pod[] {
    return this.ownPods ?? NO_PODS;
  }

  /** podsInOrder as a copy, for callers that remove pods. */
  podList(): Pod[] {
    return this.ownPods === null ? [] : this.ownPods.slice();
  }

  /** Its pods bound to `node` and not being deleted. */
  activeOn(node: number): number {
    if (node === this.firstNode) return this.firstNodeCount;
    return this.otherNodes === null ? 0 : (this.otherNodes.get(node) ?? 0);
  }

  /** One more (1) or one fewer (-1) of its pods bound to `node` and not being deleted. */
  countActiveOn(node: number, delta: 1 | -1): void {
    const others = this.otherNodes;
    if (node === this.firstNode) {
      this.firstNodeCount += delta;
      if (this.firstNodeCount === 0) this.firstNode = NO_NODE;
    } else if (others?.has(node)) {
      const count = others.get(node)! + delta;
      if (count > 0) others.set(node, count);
      else if (others.size === 1) this.otherNodes = null;
      else others.delete(node);
    } else if (this.firstNode === NO_NODE) {
      this.firstNode = node;
      this.firstNodeCount = delta;
    } else if (others === null) this.otherNodes = new Map([[node, delta]]);
    else others.set(node, delta);
  }

  /** Appends one of its pods (the newest). */
  addPod(pod: Pod): void {
    if (this.ownPods === null) this.ownPods = [pod];
    else this.ownPods.push(pod);
  }

  /** Takes a pod out, the others keeping their order; a pod it does not hold changes nothing. */
  deletePod(pod: Pod): void {
    const pods = this.ownPods;
    if (pods === null) return;
    const i = pods.indexOf(pod);
    if (i < 0) return;
    if (pods.length === 1) {
      this.ownPods = null;
      return;
    }
    // Shifted by hand: splice returns the removed pod in a new array, one per pod deleted.
    for (let k = i + 1; k < pods.length; k++) pods[k - 1] = pods[k];
    pods.pop();
  }
}

/** The pods of every ReplicaSet without any (typed read-only; not frozen, so that walks see one kind of array). */
const NO_PODS: readonly Pod[] = [];

export class Deployment {
  replicas: number;
  strategy: DeploymentStrategy;
  template: PodTemplate;
  /** Its ReplicaSets, oldest first; add one with addReplicaSet. */
  replicaSets: ReplicaSet[] = [];
  /** Deleted (`kubectl delete deployment`): no ReplicaSets, no pods, until applied again. */
  deleted = false;
  /** A sync is scheduled. */
  syncQueued = false;
  /** API writes of the last sync not landed yet; the next sync waits for them. */
  writesInFlight = 0;
  /** Something changed while writes were in flight. */
  dirty = false;
  progress: ProgressState;
  progressCheck: EventId = NO_EVENT;
  /** The spec as Cluster.spec last answered it (see there); null before the first read. */
  specView: AppState | null = null;
  /**
   * Ready pods (not deleting) by the digest they run, what the app serves, in
   * the order the digests came (as a Map iterates): the first digest inline,
   * any others in two arrays (digests, counts) made only when needed. An app
   * runs one digest, two during a rollout: a Map per app cost a hash lookup on
   * every readiness change and every query, and some 200 bytes.
   */
  private readyFirstDigest: string | null = null;
  private readyFirstCount = 0;
  private readyMoreDigests: string[] | null = null;
  private readyMoreCounts: number[] | null = null;
  /** readyByDigest as last built; null once the tally changed. */
  private readyMap: Map<string, number> | null = null;
  /** The sum of the ready tally, kept with it: read on every sample and every drift check. */
  readyPods = 0;
  /** Of readyPods, those on a node that is down (dead, its pods not yet marked NotReady). */
  readyOnDownNodes = 0;
  /** Pods not being deleted, over all its ReplicaSets. */
  activePods = 0;
  /** The rollout controller's state under a progressive strategy; null until it first syncs. */
  rollout: Rollout | null = null;

  constructor(
    readonly app: number,
    readonly name: string,
    replicas: number,
    strategy: DeploymentStrategy,
    template: PodTemplate,
    readonly revisionHistoryLimit: number,
    readonly progressDeadlineSeconds: number,
    readonly minReadyMs: number,
    nowMs: number,
  ) {
    this.replicas = replicas;
    this.strategy = strategy;
    this.template = template;
    this.progress = {
      condition: 'Complete',
      lastUpdateMs: DOUBLE_FIRST,
      counters: { updated: replicas, oldPods: 0, ready: replicas, available: replicas },
    };
    this.progress.lastUpdateMs = nowMs;
  }

  get templateHash(): string {
    return this.template.image;
  }

  /**
   * Appends a new ReplicaSet. The array is made again at its exact size: one
   * pushed to grows room for 17, some 150 bytes an app that a fleet of one
   * ReplicaSet or two per app never uses (ReplicaSets are made rarely).
   */
  addReplicaSet(rs: ReplicaSet): void {
    const replicaSets = this.replicaSets;
    this.replicaSets = replicaSets.length === 0 ? [rs] : replicaSets.concat([rs]);
  }

  /** The first digest left the tally: the next one, if any, takes its place. */
  private dropFirstDigest(): void {
    const more = this.readyMoreDigests;
    if (more === null) {
      this.readyFirstDigest = null;
      this.readyFirstCount = 0;
      return;
    }
    this.readyFirstDigest = more[0];
    this.readyFirstCount = this.readyMoreCounts![0];
    if (more.length === 1) this.readyMoreDigests = this.readyMoreCounts = null;
    else {
      more.shift();
      this.readyMoreCounts!.shift();
    }
  }

  /** Ready pods (not deleting) running `digest`. */
  readyWith(digest: string): number {
    if (this.readyFirstDigest === digest) return this.readyFirstCount;
    const i = this.readyMoreDigests === null ? -1 : this.readyMoreDigests.indexOf(digest);
    return i < 0 ? 0 : this.readyMoreCounts![i];
  }

  /** Counts `delta` more Ready pods running `digest` (only the tally: readyPods is the caller's). */
  tallyDigest(digest: string, delta: number): void {
    this.readyMap = null;
    if (this.readyFirstDigest === digest) {
      const count = this.readyFirstCount + delta;
      if (count !== 0) this.readyFirstCount = count;
      else this.dropFirstDigest();
      return;
    }
    const more = this.readyMoreDigests;
    const i = more === null ? -1 : more.indexOf(digest);
    if (i >= 0) {
      const counts = this.readyMoreCounts!;
      const count = counts[i] + delta;
      if (count !== 0) counts[i] = count;
      else if (more!.length === 1) this.readyMoreDigests = this.readyMoreCounts = null;
      else {
        more!.splice(i, 1);
        counts.splice(i, 1);
      }
      return;
    }
    if (delta === 0) return;
    // New, so last in order (a digest that left the tally and comes back comes last, as in a Map).
    if (this.readyFirstDigest === null) {
      this.readyFirstDigest = digest;
      this.readyFirstCount = delta;
    } else if (more === null) {
      this.readyMoreDigests = [digest];
      this.readyMoreCounts = [delta];
    } else {
      more.push(digest);
      this.readyMoreCounts!.push(delta);
    }
  }

  /** The ready tally as a Map (digest -> Ready pods), in the order digests came; built again only after a change. */
  get readyByDigest(): ReadonlyMap<string, number> {
    if (this.readyMap === null) {
      const map = new Map<string, number>();
      if (this.readyFirstDigest !== null) map.set(this.readyFirstDigest, this.readyFirstCount);
      const more = this.readyMoreDigests;
      if (more !== null) for (let i = 0; i < more.length; i++) map.set(more[i], this.readyMoreCounts![i]);
      this.readyMap = map;
    }
    return this.readyMap;
  }
}

/** What the rollout controller keeps of a Deployment under a progressive strategy (its Rollout status). */
export interface Rollout {
  state: RolloutState;
  /** Template hash of the ReplicaSet that serves (the stable, or blue-green active). */
  stableHash: string;
  /** Template hash being rolled out; null when none. */
  canaryHash: string | null;
  /** A template whose rollout was aborted: not tried again until the spec names another. */
  abortedHash: string | null;
  startedMs: number;
  /** Blue-green: the previous active ReplicaSet, kept up until keepUntilMs after the switch. */
  keepHash: string | null;
  keepUntilMs: number;
  /**
   * The end of the pause the pause timer was last set for: a pause that has
   * ended but waits for canary pods does not set its timer again.
   */
  pauseTimedMs: number | null;
}
