/**
 * What the cluster's controllers share: the engine, the nodes, the registry,
 * their API clients, the objects, and the bookkeeping every pod change goes
 * through (so ReplicaSet counts, the app's ready-by-digest tally and the
 * listeners can never disagree).
 */
import type { Engine } from '../../engine/engine.ts';
import type { Sampler } from '../../engine/distribution.ts';
import type { RandomStream } from '../../engine/random.ts';
import type { ApiClient } from '../apiClient.ts';
import type { Registry } from '../registry.ts';
import type { NodePool } from './nodePool.ts';
import { type Deployment, NO_EVENT, NO_NODE, type Pod } from './objects.ts';

/**
 * The controller manager's clients. Each controller builds its own (kube-controller-manager's
 * clientbuilder, one client per controller name), and client-go gives each client its own token
 * bucket at --kube-api-qps / --kube-api-burst: the Deployment controller's writes never wait for
 * the ReplicaSet controller's tokens.
 */
export interface ControllerClients {
  readonly deployments: ApiClient;
  readonly replicaSets: ApiClient;
}

/** Called when anything an app serves may have changed (a pod became ready, went away, ...). */
export type AppListener = (app: number) => void;

/** Queues Deployment syncs (the Deployment controller). */
export interface SyncQueue {
  queue(d: Deployment): void;
}

/** Starts a pod bound to its node (the kubelet). */
export interface PodStarter {
  begin(pod: Pod): void;
}

/** Stands in until the controller registers: nothing is queued or started before that. */
const IDLE: SyncQueue & PodStarter = { queue() {}, begin() {} };

export interface CoreOptions {
  /** Container start to Ready, image already present. */
  readonly podStartup: Sampler;
  readonly startupRandom: RandomStream;
  readonly pullRandom: RandomStream;
}

/** Slots an event argument can name (more than an array can hold), and generations it tells apart: 2^32 x 2^20 < 2^53. */
const SLOTS = 2 ** 32;
const GENERATIONS = 2 ** 20;

export class ClusterCore {
  readonly deployments: Deployment[] = [];
  /** Pods waiting for a node with room, oldest first. */
  readonly unscheduled = new Set<Pod>();
  readonly appListeners: AppListener[] = [];
  /** Ready pods (not deleting) of every app, kept with each app's tally so a sample reads one number. */
  readyPods = 0;
  /**
   * Set by the Deployment controller and the kubelet. Objects of one class
   * rather than closures made per run: a call site then sees the same method
   * in every run of a process, and optimized code stays valid.
   */
  syncQueue: SyncQueue = IDLE;
  podStarter: PodStarter = IDLE;
  private nextPodId = 0;
  /** Every pod that exists, by slot (kubelet events carry the slot); a gone pod's slot is reused. */
  private readonly podSlots: (Pod | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Each slot's generation, counted up (modulo GENERATIONS) when its pod goes: an event for a gone pod is caught. */
  private readonly slotGenerations: number[] = [];
  /** The first and last pod bound to each node, in binding order (walk on with Pod.nextOnNode). */
  private readonly firstOnNode: (Pod | null)[];
  private readonly lastOnNode: (Pod | null)[];

  constructor(
    readonly engine: Engine,
    readonly nodes: NodePool,
    readonly registry: Registry,
    readonly clients: ControllerClients,
    readonly options: CoreOptions,
  ) {
    this.firstOnNode = new Array<Pod | null>(nodes.count).fill(null);
    this.lastOnNode = new Array<Pod | null>(nodes.count).fill(null);
  }

  /** Queues a Deployment sync. */
  queueSync(d: Deployment): void {
    this.syncQueue.queue(d);
  }

  newPodId(): number {
    return this.nextPodId++;
  }

  /** Pods created so far, the initial ones included. */
  get podsCreated(): number {
    return this.nextPodId;
  }

  /** A new pod exists: it gets a slot in the table. */
  register(pod: Pod): void {
    let slot: number;
    if (this.freeSlots.length > 0) slot = this.freeSlots.pop()!;
    else {
      slot = this.podSlots.length;
      this.slotGenerations.push(0);
    }
    this.podSlots[slot] = pod;
    pod.slot = slot;
  }

  /** The number an event about `pod` carries: its slot and the slot's generation. */
  eventArg(pod: Pod): number {
    return this.slotGenerations[pod.slot] * SLOTS + pod.slot;
  }

  /**
   * The pod an event carrying `arg` is about. Removing a pod cancels its
   * event, so it still exists; should one outlive it, this throws rather than
   * hand over the pod now in its slot.
   */
  podOfEvent(arg: number): Pod {
    const slot = arg % SLOTS;
    const pod = this.podSlots[slot];
    if (pod === undefined || (arg - slot) / SLOTS !== this.slotGenerations[slot]) {
      throw new Error(`an event for pod slot ${slot} outlived its pod`);
    }
    return pod;
  }

  /** The first pod bound to the node (walk on with Pod.nextOnNode); null when none. */
  firstPodOn(node: number): Pod | null {
    return this.firstOnNode[node];
  }

  /** The pods bound to the node in binding order: a copy, for callers that remove pods. */
  podsOn(node: number): Pod[] {
    const pods: Pod[] = [];
    for (let pod = this.firstOnNode[node]; pod !== null; pod = pod.nextOnNode) pods.push(pod);
    return pods;
  }

  /**
   * The node's kubelet stops or starts again: its Ready pods stop or start counting as serving, and the
   * listeners of their apps hear of it (what the app serves changed, though the API shows nothing yet).
   */
  setNodeUp(node: number, up: boolean): void {
    if (this.nodes.isUp(node) === up) return;
    this.nodes.setUp(node, up);
    for (let pod = this.firstOnNode[node]; pod !== null; pod = pod.nextOnNode) {
      if (pod.ready && !pod.deleting) pod.rs.deployment.readyOnDownNodes += up ? -1 : 1;
    }
    // Once every count is in step (an app may have several pods there).
    for (let pod = this.firstOnNode[node]; pod !== null; pod = pod.nextOnNode) {
      if (pod.ready && !pod.deleting) for (const listener of this.appListeners) listener(pod.rs.deployment.app);
    }
  }

  /** Sets a pod's readiness and availability, keeping every count in step. */
  setPodState(pod: Pod, ready: boolean, available: boolean): void {
    const rs = pod.rs;
    const d = rs.deployment;
    const counted = !pod.deleting;
    if (pod.ready !== ready) {
      if (counted) {
        rs.readyReplicas += ready ? 1 : -1;
        this.tallyReadyPod(pod, ready ? 1 : -1);
      }
      pod.ready = ready;
    }
    if (pod.available !== available) {
      if (counted) rs.availableReplicas += available ? 1 : -1;
      pod.available = available;
    }
    this.changed(d);
  }

  /** A pod starts being deleted: its ReplicaSet stops counting it at once. */
  markDeleting(pod: Pod): void {
    if (pod.deleting) return;
    const rs = pod.rs;
    if (pod.ready) {
      rs.readyReplicas--;
      this.tallyReadyPod(pod, -1);
    }
    if (pod.available) rs.availableReplicas--;
    if (pod.node !== NO_NODE) rs.countActiveOn(pod.node, -1);
    pod.deleting = true;
    rs.activePods--;
    rs.deployment.activePods--;
    this.changed(rs.deployment);
  }

  /** The pod is gone: off its node and out of its ReplicaSet. */
  removePod(pod: Pod): void {
    this.markDeleting(pod);
    if (pod.event !== NO_EVENT) this.engine.cancel(pod.event);
    pod.event = NO_EVENT;
    if (pod.node === NO_NODE) this.unscheduled.delete(pod);
    else {
      if (pod.image !== null) this.nodes.cache(pod.node).release(pod.image, this.engine.now);
      this.unbind(pod);
      this.nodes.removePod(pod.node);
      this.scheduleWaiting();
    }
    this.podSlots[pod.slot] = undefined;
    this.slotGenerations[pod.slot] = (this.slotGenerations[pod.slot] + 1) % GENERATIONS;
    this.freeSlots.push(pod.slot);
    pod.gone = true;
    pod.rs.deletePod(pod);
    pod.rs.pods--;
    this.changed(pod.rs.deployment);
  }

  /** Binds a new pod to a node (NodePool.pick: away from its ReplicaSet's pods, then the least loaded), or queues it until one has room. */
  schedule(pod: Pod): void {
    const node = this.nodes.pick(pod.rs);
    if (node === NO_NODE) {
      this.unscheduled.add(pod);
      return;
    }
    this.bind(pod, node);
  }

  /** Room appeared (a pod left, a node came back): place waiting pods, oldest first. */
  scheduleWaiting(): void {
    if (this.unscheduled.size === 0) return;
    for (const pod of this.unscheduled) {
      const node = this.nodes.pick(pod.rs);
      if (node === NO_NODE) return;
      this.unscheduled.delete(pod);
      this.bind(pod, node);
    }
  }

  /** Puts a pod on a node's list and count (the kubelet is not told: see bind). */
  place(pod: Pod, node: number): void {
    pod.node = node;
    pod.prevOnNode = this.lastOnNode[node];
    pod.nextOnNode = null;
    if (pod.prevOnNode === null) this.firstOnNode[node] = pod;
    else pod.prevOnNode.nextOnNode = pod;
    this.lastOnNode[node] = pod;
    this.nodes.addPod(node);
    if (!pod.deleting) pod.rs.countActiveOn(node, 1);
  }

  private bind(pod: Pod, node: number): void {
    pod.phase = 'Pulling';
    this.place(pod, node);
    this.podStarter.begin(pod);
  }

  private unbind(pod: Pod): void {
    const prev = pod.prevOnNode;
    const next = pod.nextOnNode;
    if (prev === null) this.firstOnNode[pod.node] = next;
    else prev.nextOnNode = next;
    if (next === null) this.lastOnNode[pod.node] = prev;
    else next.prevOnNode = prev;
    pod.prevOnNode = null;
    pod.nextOnNode = null;
  }

  /** Counts `delta` more Ready pods of `d` running `digest`. */
  tallyReady(d: Deployment, digest: string, delta: number): void {
    d.readyPods += delta;
    this.readyPods += delta;
    d.tallyDigest(digest, delta);
  }

  /** tallyReady for one pod, which on a node that is down also counts as not serving. */
  private tallyReadyPod(pod: Pod, delta: number): void {
    const d = pod.rs.deployment;
    this.tallyReady(d, pod.digest!, delta);
    if (!this.nodes.isUp(pod.node)) d.readyOnDownNodes += delta;
  }

  private changed(d: Deployment): void {
    this.syncQueue.queue(d);
    for (const listener of this.appListeners) listener(d.app);
  }
}
