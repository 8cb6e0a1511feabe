/**
 * What the cluster's controllers share: the engine, the nodes, the registry,
 * the API client, the objects, and the bookkeeping every pod change goes
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

/** Called when anything an app serves may have changed (a pod became ready, went away, ...). */
export type AppListener = (app: number) => void;

export interface CoreOptions {
  /** Container start to Ready, image already present. */
  readonly podStartup: Sampler;
  readonly startupRandom: RandomStream;
  readonly pullRandom: RandomStream;
}

export class ClusterCore {
  readonly deployments: Deployment[] = [];
  /** Every pod that exists, by id (kubelet events carry the id). */
  readonly pods = new Map<number, Pod>();
  readonly podsOnNode: Set<Pod>[];
  /** Pods waiting for a node with room, oldest first. */
  readonly unscheduled = new Set<Pod>();
  readonly appListeners: AppListener[] = [];
  /** Ready pods (not deleting) of every app, kept with each app's tally so a sample reads one number. */
  readyPods = 0;
  /** Called to queue a Deployment sync; set by the Deployment controller. */
  queueSync: (d: Deployment) => void = () => {};
  /** Called when a pod is bound to a node; set by the kubelet. */
  startPod: (pod: Pod) => void = () => {};
  private nextPodId = 0;

  constructor(
    readonly engine: Engine,
    readonly nodes: NodePool,
    readonly registry: Registry,
    readonly client: ApiClient,
    readonly options: CoreOptions,
  ) {
    this.podsOnNode = Array.from({ length: nodes.count }, () => new Set<Pod>());
  }

  newPodId(): number {
    return this.nextPodId++;
  }

  /** Pods created so far, the initial ones included. */
  get podsCreated(): number {
    return this.nextPodId;
  }

  /** Sets a pod's readiness and availability, keeping every count in step. */
  setPodState(pod: Pod, ready: boolean, available: boolean): void {
    const rs = pod.rs;
    const d = rs.deployment;
    const counted = !pod.deleting;
    if (pod.ready !== ready) {
      if (counted) {
        rs.readyReplicas += ready ? 1 : -1;
        this.tallyReady(d, pod.digest!, ready ? 1 : -1);
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
      this.tallyReady(rs.deployment, pod.digest!, -1);
    }
    if (pod.available) rs.availableReplicas--;
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
      if (pod.usesImage) this.nodes.cache(pod.node).markUnused(pod.digest!, this.engine.now);
      this.podsOnNode[pod.node].delete(pod);
      this.nodes.removePod(pod.node);
      this.scheduleWaiting();
    }
    this.pods.delete(pod.id);
    pod.rs.deletePod(pod);
    pod.rs.pods--;
    this.changed(pod.rs.deployment);
  }

  /** Binds a new pod to the least-loaded node, or queues it until one has room. */
  schedule(pod: Pod): void {
    const node = this.nodes.pick();
    if (node === NO_NODE) {
      this.unscheduled.add(pod);
      return;
    }
    this.bind(pod, node);
  }

  /** Room appeared (a pod left, a node came back): place waiting pods, oldest first. */
  scheduleWaiting(): void {
    for (const pod of this.unscheduled) {
      const node = this.nodes.pick();
      if (node === NO_NODE) return;
      this.unscheduled.delete(pod);
      this.bind(pod, node);
    }
  }

  private bind(pod: Pod, node: number): void {
    pod.node = node;
    pod.phase = 'Pulling';
    this.podsOnNode[node].add(pod);
    this.nodes.addPod(node);
    this.startPod(pod);
  }

  /** Counts `delta` more Ready pods of `d` running `digest`. */
  tallyReady(d: Deployment, digest: string, delta: number): void {
    d.readyPods += delta;
    this.readyPods += delta;
    const count = (d.readyByDigest.get(digest) ?? 0) + delta;
    if (count === 0) d.readyByDigest.delete(digest);
    else d.readyByDigest.set(digest, count);
  }

  private changed(d: Deployment): void {
    this.queueSync(d);
    for (const listener of this.appListeners) listener(d.app);
  }
}
