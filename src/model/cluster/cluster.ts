/**
 * The cluster: nodes with capacity and image caches, a scheduler, kubelets,
 * the ReplicaSet and Deployment controllers with the Kubernetes rollout
 * arithmetic, node failure and eviction, all on the engine. This class is the
 * face the rest of the model uses: apply a manifest, scale, undo a rollout,
 * fail a node, crash a pod, and read what each app serves.
 */
import type { Engine } from '../../engine/engine.ts';
import { compileSampler, type Distribution } from '../../engine/distribution.ts';
import type { RandomStream } from '../../engine/random.ts';
import { ApiClient } from '../apiClient.ts';
import { rollbackTarget } from '../deploymentSync.ts';
import { type ReadinessStatus, readinessStatus } from '../progressingCondition.ts';
import { IMAGE_GC_PERIOD_MS, type ImageGcPolicy } from '../imageCache.ts';
import { defaultPullPolicy, parseImageRef } from '../imageRef.ts';
import type { AppState } from '../reconcile.ts';
import type { Registry } from '../registry.ts';
import type { DeploymentStrategy } from '../rollout.ts';
import { type AppListener, ClusterCore } from './core.ts';
import { DeploymentController } from './deploymentController.ts';
import { Kubelet } from './kubelet.ts';
import { NodeLifecycle } from './nodeLifecycle.ts';
import { NodePool } from './nodePool.ts';
import { Deployment, newPod, type PodTemplate } from './objects.ts';
import { ReplicaSetController } from './replicaSetController.ts';
import { RolloutController, type RolloutListener } from './rolloutController.ts';

/** What a manifest declares for an app's Deployment. */
export interface Manifest extends AppState {
  readonly strategy: DeploymentStrategy;
}

/**
 * What a scenario sets of a cluster, exactly as the scenario schema resolves
 * `cluster` (the schema holds every default, with its source).
 */
export interface ClusterOptions {
  readonly nodes: number;
  readonly podsPerNode: number;
  readonly nodeDiskBytes: number;
  /** Container start to Ready, the image already on the node. */
  readonly podStartup: Distribution;
  /** The QPS and burst of each controller manager client (the ReplicaSet and the Deployment controller have one each). */
  readonly controllerManager: { readonly qps: number; readonly burst: number };
  /** The kubelet's image garbage collection on every node. */
  readonly imageGc: ImageGcPolicy;
}

/** The Deployment fields every app shares, as the scenario schema resolves them under `apps`. */
export interface DeploymentOptions {
  readonly minReadySeconds: number;
  readonly progressDeadlineSeconds: number;
  readonly revisionHistoryLimit: number;
}

/** What the world gives a cluster besides its options. */
export interface ClusterWorld {
  readonly random: { readonly startup: RandomStream; readonly pull: RandomStream };
  /** Which digests are bad releases, for the rollout controller's analysis; without it every measurement passes. */
  readonly releaseQuality?: { isBad(digest: string): boolean };
}

export type ClusterSetup = ClusterOptions & DeploymentOptions & ClusterWorld;

export class Cluster {
  private readonly core: ClusterCore;
  private readonly kubelet: Kubelet;
  private readonly replicaSets: ReplicaSetController;
  private readonly deployments: DeploymentController;
  private readonly rollouts: RolloutController;
  private readonly lifecycle: NodeLifecycle;
  private readonly gc = (): void => this.collectImages();
  private readonly specListeners: SpecListener[] = [];
  /** Applies by the delivery system that changed a Deployment spec. */
  applies = 0;

  constructor(
    private readonly engine: Engine,
    private readonly registry: Registry,
    manifests: readonly Manifest[],
    private readonly options: ClusterSetup,
  ) {
    const nodes = new NodePool(options.nodes, options.podsPerNode, options.nodeDiskBytes, options.imageGc);
    const { qps, burst } = options.controllerManager;
    const clients = { deployments: new ApiClient(engine, qps, burst), replicaSets: new ApiClient(engine, qps, burst) };
    this.core = new ClusterCore(engine, nodes, registry, clients, {
      podStartup: compileSampler(options.podStartup),
      startupRandom: options.random.startup,
      pullRandom: options.random.pull,
    });
    this.kubelet = new Kubelet(this.core);
    this.replicaSets = new ReplicaSetController(this.core);
    const quality = options.releaseQuality;
    this.rollouts = new RolloutController(this.core, manifests.length, (digest) => quality?.isBad(digest) ?? false);
    this.deployments = new DeploymentController(
      this.core,
      this.replicaSets,
      (d, hash) => this.template(hash, d),
      this.rollouts,
    );
    this.lifecycle = new NodeLifecycle(this.core, this.kubelet, this.replicaSets);
    // Indexed: an entries() iterator made a [app, manifest] pair per app, 5 MB of garbage at 50,000 apps.
    for (let app = 0; app < manifests.length; app++) this.createRunning(app, manifests[app]);
    engine.after(IMAGE_GC_PERIOD_MS, this.gc);
  }

  get appCount(): number {
    return this.core.deployments.length;
  }

  /**
   * `kubectl apply`: sets image, replicas and strategy (creating the
   * Deployment again if it was deleted). Returns false when nothing changed.
   */
  apply(app: number, manifest: Manifest, actor: Actor = 'delivery'): boolean {
    const d = this.core.deployments[app];
    if (
      !d.deleted &&
      d.template.image === manifest.image &&
      d.replicas === manifest.replicas &&
      sameStrategy(d.strategy, manifest.strategy)
    ) {
      return false;
    }
    if (actor === 'delivery') this.applies++;
    d.deleted = false;
    d.template = this.template(manifest.image, d);
    d.replicas = manifest.replicas;
    d.strategy = manifest.strategy;
    this.specChanged(d, actor);
    return true;
  }

  /** The Deployment spec as the API server holds it; null while the Deployment is deleted. */
  spec(app: number): AppState | null {
    const d = this.core.deployments[app];
    if (d.deleted) return null;
    // One object per spec rather than per read: the recorders read it on every change of an app's pods.
    // Checked against the live fields, so no write can leave it stale; callers never change it (readonly).
    const view = d.specView;
    if (view !== null && view.image === d.template.image && view.replicas === d.replicas) return view;
    d.specView = { image: d.template.image, replicas: d.replicas };
    return d.specView;
  }

  /** `kubectl scale` (or an HPA). No effect on a deleted Deployment. */
  scale(app: number, replicas: number, actor: Actor = 'person'): void {
    const d = this.core.deployments[app];
    if (d.deleted || d.replicas === replicas) return;
    d.replicas = replicas;
    this.specChanged(d, actor);
  }

  /** `kubectl rollout undo [--to-revision]`: copies an older ReplicaSet's template into the Deployment. */
  rolloutUndo(app: number, toRevision = 0, actor: Actor = 'person'): void {
    const d = this.core.deployments[app];
    if (d.deleted) return;
    d.template = this.template(rollbackTarget(d.replicaSets, toRevision), d);
    this.specChanged(d, actor);
  }

  /** `kubectl delete deployment`: its ReplicaSets and pods go too. */
  deleteDeployment(app: number, actor: Actor = 'person'): void {
    const d = this.core.deployments[app];
    if (d.deleted) return;
    this.deployments.deleteAll(d);
    this.specChanged(d, actor);
  }

  /** Called after every change to a Deployment's spec (what a watch on the live object sees). */
  onSpecChange(listener: SpecListener): void {
    this.specListeners.push(listener);
  }

  /** Ready pods of the app running exactly `digest`. */
  readyWith(app: number, digest: string): number {
    return this.core.deployments[app].readyWith(digest);
  }

  /** Ready pods of the app, whatever they run. */
  readyPods(app: number): number {
    return this.core.deployments[app].readyPods;
  }

  /** Ready pods of every app. */
  readyPodsTotal(): number {
    return this.core.readyPods;
  }

  /** Pods of the app that exist and are not being deleted. */
  activePods(app: number): number {
    return this.core.deployments[app].activePods;
  }

  /** The digests the app's ready pods run, with counts, as they are now (a snapshot: read it at once). */
  readyDigests(app: number): ReadonlyMap<string, number> {
    return this.core.deployments[app].readyByDigest;
  }

  /**
   * Who serves the app's requests: a weight per Ready digest (only ratios
   * count). Ready pods under a Deployment; under a progressive strategy the
   * router's weights or the blue-green active ReplicaSet.
   */
  trafficWeights(app: number): ReadonlyMap<string, number> {
    const d = this.core.deployments[app];
    return this.rollouts.traffic(d) ?? d.readyByDigest;
  }

  /** Rollouts of progressive strategies starting, promoted, aborted. */
  onRollout(listener: RolloutListener): void {
    this.rollouts.listeners.push(listener);
  }

  /** Progressing, Complete or ProgressDeadlineExceeded. */
  condition(app: number): Deployment['progress']['condition'] {
    return this.core.deployments[app].progress.condition;
  }

  /**
   * The Deployment as a health check (Flux's `wait`, kstatus) reads its status. The status is taken as
   * not yet observing the spec while a sync is due (queued, or waiting for its own writes): the
   * observedGeneration check. A deleted Deployment is NotFound: never Current, not Failed either.
   */
  readiness(app: number): ReadinessStatus {
    const d = this.core.deployments[app];
    if (d.deleted) return 'InProgress';
    return readinessStatus(d.progress, d.replicas, !d.syncQueued && !d.dirty);
  }

  /** (revision, spec replicas, pods) of each ReplicaSet of the app, oldest first. */
  replicaSetsOf(app: number): { revision: number; image: string; replicas: number; pods: number; available: number }[] {
    return this.core.deployments[app].replicaSets.map((rs) => ({
      revision: rs.revision,
      image: rs.template.image,
      replicas: rs.replicas,
      pods: rs.pods,
      available: rs.availableReplicas,
    }));
  }

  /** The node each pod of the app runs on, with its digest (null while not resolved). */
  podsOf(app: number): { node: number; digest: string | null; ready: boolean }[] {
    const pods: { node: number; digest: string | null; ready: boolean }[] = [];
    for (const rs of this.core.deployments[app].replicaSets) {
      const own = rs.podsInOrder;
      for (let k = 0; k < own.length; k++) {
        const pod = own[k];
        if (!pod.deleting) pods.push({ node: pod.node, digest: pod.digest, ready: pod.ready });
      }
    }
    return pods;
  }

  /** Ready pods of the app (not being deleted) on running nodes: what serves once a dead node's pods stop counting. */
  readyOnUpNodes(app: number): number {
    const d = this.core.deployments[app];
    return d.readyPods - d.readyOnDownNodes;
  }

  /** The apps with a pod (not being deleted) bound to the node, ascending. */
  appsOnNode(node: number): number[] {
    const apps = new Set<number>();
    for (let pod = this.core.firstPodOn(node); pod !== null; pod = pod.nextOnNode) {
      if (!pod.deleting) apps.add(pod.rs.deployment.app);
    }
    return [...apps].sort((a, b) => a - b);
  }

  onAppChange(listener: AppListener): void {
    this.core.appListeners.push(listener);
  }

  /** The node dies now and comes back after `downForMs`. */
  failNode(node: number, downForMs: number): boolean {
    return this.lifecycle.fail(node, downForMs);
  }

  get nodeCount(): number {
    return this.core.nodes.count;
  }

  isNodeUp(node: number): boolean {
    return this.core.nodes.isUp(node);
  }

  /** Crashes the container of the app's `index`-th running pod (in creation order); false if there is none. */
  crashPod(app: number, index: number): boolean {
    let i = 0;
    for (const rs of this.core.deployments[app].replicaSets) {
      const pods = rs.podsInOrder;
      for (let k = 0; k < pods.length; k++) {
        const pod = pods[k];
        if (pod.phase !== 'Running' || !this.core.nodes.isUp(pod.node)) continue;
        if (i++ === index) {
          this.kubelet.crash(pod);
          return true;
        }
      }
    }
    return false;
  }

  /** Deletes one pod of the app (as a person or an eviction would); its ReplicaSet replaces it. */
  deletePod(app: number, index: number): boolean {
    let i = 0;
    for (const rs of this.core.deployments[app].replicaSets) {
      const pods = rs.podsInOrder;
      for (let k = 0; k < pods.length; k++) {
        const pod = pods[k];
        if (pod.deleting) continue;
        if (i++ === index) {
          this.replicaSets.evict(pod);
          return true;
        }
      }
    }
    return false;
  }

  /** Counters for reports and benchmarks. */
  stats(): ClusterStats {
    return {
      apiRequests: this.core.clients.deployments.requests + this.core.clients.replicaSets.requests,
      apiThrottledMs: this.core.clients.deployments.throttledMs + this.core.clients.replicaSets.throttledMs,
      deploymentSyncs: this.deployments.syncs,
      podsCreated: this.core.podsCreated,
      failedPulls: this.kubelet.failedPulls,
      crashes: this.kubelet.crashes,
      nodeFailures: this.lifecycle.failures,
      evictions: this.lifecycle.evictions,
    };
  }

  private specChanged(d: Deployment, actor: Actor): void {
    this.core.queueSync(d);
    for (const listener of this.specListeners) listener(d.app, actor);
    for (const listener of this.core.appListeners) listener(d.app);
  }

  /**
   * The Deployment's template for `image`: its own, or one of its ReplicaSets'
   * when the image comes back (an undo, a revert), else a new one. Looked up
   * per app rather than in a map keyed by image text: at 50,000 apps such a
   * map hashed every new image string and grew by one entry per release, never
   * shrinking. Templates of different apps are never shared; `resolved` only
   * saves a lookup whose answer cannot change, so sharing never changed an outcome.
   */
  private template(image: string, d: Deployment | null): PodTemplate {
    if (d !== null) {
      if (d.template.image === image) return d.template;
      const replicaSets = d.replicaSets;
      for (let i = 0; i < replicaSets.length; i++) {
        if (replicaSets[i].template.image === image) return replicaSets[i].template;
      }
    }
    const ref = parseImageRef(image);
    return { image, ref, pullPolicy: defaultPullPolicy(ref), resolved: null };
  }

  /** An app as it runs before the simulation starts: one ReplicaSet, every pod Ready, images on their nodes. */
  private createRunning(app: number, m: Manifest): void {
    const now = this.engine.now;
    const template = this.template(m.image, null);
    const d = new Deployment(
      app,
      `app-${app + 1}`,
      m.replicas,
      m.strategy,
      template,
      this.options.revisionHistoryLimit,
      this.options.progressDeadlineSeconds,
      this.options.minReadySeconds * 1000,
      now,
    );
    this.core.deployments.push(d);
    const rs = this.deployments.adoptInitial(d);
    const found = this.registry.resolveSized(template.ref, now);
    if (found === undefined) throw new RangeError(`app ${d.name}: image ${m.image} is not in the registry`);
    const { digest, sizeBytes } = found;
    for (let i = 0; i < m.replicas; i++) {
      const node = this.core.nodes.pick(rs);
      if (node < 0) throw new RangeError(`the cluster has no room for the initial pods of ${d.name}`);
      const pod = newPod(this.core.newPodId(), rs);
      this.core.register(pod);
      rs.addPod(pod);
      pod.phase = 'Running';
      pod.digest = digest;
      this.core.place(pod, node);
      const cache = this.core.nodes.cache(node);
      // The record found or added is held directly: one lookup of the digest.
      const image = cache.find(digest) ?? cache.add(template.ref, digest, sizeBytes, now);
      cache.hold(image, now);
      pod.image = image;
      pod.ready = true;
      pod.available = true;
    }
    // Every pod counted at once: each is Ready and Available, on a running node.
    rs.pods = rs.activePods = d.activePods = m.replicas;
    rs.readyReplicas = rs.availableReplicas = m.replicas;
    if (m.replicas > 0) this.core.tallyReady(d, digest, m.replicas);
  }

  private collectImages(): void {
    this.core.nodes.collectGarbage(this.engine.now);
    this.engine.after(IMAGE_GC_PERIOD_MS, this.gc);
  }
}

/** Who changed a spec: the delivery system, a person (drift), or an autoscaler. */
export type Actor = 'delivery' | 'person' | 'hpa';

export type SpecListener = (app: number, actor: Actor) => void;

export interface ClusterStats {
  readonly apiRequests: number;
  readonly apiThrottledMs: number;
  readonly deploymentSyncs: number;
  readonly podsCreated: number;
  readonly failedPulls: number;
  readonly crashes: number;
  readonly nodeFailures: number;
  readonly evictions: number;
}

function sameStrategy(a: DeploymentStrategy, b: DeploymentStrategy): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  if (a.type === 'Recreate') return true;
  if (a.type === 'RollingUpdate' && b.type === 'RollingUpdate') {
    return a.maxSurge === b.maxSurge && a.maxUnavailable === b.maxUnavailable;
  }
  // Progressive strategies are plain data.
  return JSON.stringify(a) === JSON.stringify(b);
}
