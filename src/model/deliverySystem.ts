/**
 * What every delivery system (push, Argo CD, Flux) offers the rest of the
 * world: start, the in-sync status it shows people, outages, and its load.
 */
import type { Engine } from '../engine/engine.ts';
import type { ClusterApi } from './cluster/clusterSet.ts';
import type { Commit, GitRepo } from './gitRepo.ts';

/**
 * Assumption: Deployment, Service, ConfigMap, ServiceAccount, Ingress: the objects of an app that push,
 * Argo CD and Flux apply when a scenario does not say (push's and Argo CD's resourcesPerApp default, apps.resources absent).
 */
export const DEFAULT_RESOURCES_PER_APP = 5;

/** What a delivery system works on: the clock, the config repo, and the clusters it deploys to. */
export interface DeliveryWorld {
  readonly engine: Engine;
  readonly git: GitRepo;
  readonly cluster: ClusterApi;
}

export interface DeliveryStats {
  /** Git fetches made (failed ones included). */
  readonly gitFetches: number;
  /** Refreshes (compare of Git with the live state) done. */
  readonly refreshes: number;
  /** Sync operations (or applies) started, and how many failed. */
  readonly syncs: number;
  readonly syncFailures: number;
  /** Requests of the delivery system's own Kubernetes client, and time they waited for its rate limiter. */
  readonly apiRequests: number;
  readonly apiThrottledMs: number;
  /** The deepest the controller's work queues got. */
  readonly maxQueueDepth: number;
}

/** Time a controller's processors spent blocked, per resource they waited for. */
export interface BlockedMs {
  repoServer: number;
  application: number;
  event: number;
  kubectl: number;
}

/**
 * What a pull controller shard reports of its capacity: busy, blocked and waiting time per
 * resource. Argo CD's stats have them; the capacity record (metrics/capacity.ts) reads them.
 */
export interface ControllerCapacityStats {
  /** Time status / operation processors were busy, in all. */
  readonly refreshBusyMs: number;
  readonly operationBusyMs: number;
  /**
   * Of the processors' busy time, what they spent blocked on another resource: refreshes on the
   * repo-server and the control plane's clients, syncs on those clients and on kubectl slots.
   */
  readonly refreshBlockedRepoServerMs: number;
  readonly refreshBlockedApplicationMs: number;
  readonly refreshBlockedEventMs: number;
  readonly operationBlockedApplicationMs: number;
  readonly operationBlockedEventMs: number;
  readonly operationBlockedKubectlMs: number;
  /** Total waits for a status / operation processor. */
  readonly refreshWaitMs: number;
  readonly operationWaitMs: number;
  /** Time cache misses waited for a repo-server slot, and kubectl runs for a kubectl slot. */
  readonly repoServerWaitMs: number;
  readonly kubectlWaitMs: number;
  /** Time requests waited for a token of the Application client and of the Event client. */
  readonly applicationThrottledMs: number;
  readonly eventThrottledMs: number;
  /** Mean time between two refreshes of one app: the configured period as the load makes it. */
  readonly meanRefreshPeriodMs: number;
  /** Share of processor time busy since start. */
  readonly statusProcessorUtilization: number;
  readonly operationProcessorUtilization: number;
}

export interface Delivery {
  readonly kind: 'push' | 'poll' | 'argocd' | 'flux';
  /** True when a system outside the cluster holds credentials that can write to it (push does). */
  readonly credentialsOutsideCluster: boolean;
  start(): void;
  /** Whether the tool shows the app as in sync with Git (Argo CD Synced, Flux Ready, push: last deploy succeeded). */
  reportsInSync(app: number): boolean;
  /**
   * A controller outage begins (false) or ends (true), of one independent part (0 to independentParts - 1)
   * or, without `part`, of all. Push has no controller: a no-op.
   */
  setAvailable(up: boolean, part?: number): void;
  /**
   * Parts that fail one at a time: Flux runs one instance in each cluster, so an outage takes one down.
   * Absent: the system fails as one (Argo CD's shards are replicas of one deployment).
   */
  readonly independentParts?: number;
  /** Work waiting in the controller's queues now (0 for push). */
  queueDepth(): number;
  /** Time, up to now, during which a system outside the cluster held its write credentials (push: its deploy jobs). */
  credentialsHeldMs(): number;
  stats(): DeliveryStats;
  /**
   * Rollback `pause`, pull only: a person stops the controller deploying the app from Git and has it run
   * `knownGood`'s manifests instead (Argo CD: auto-sync off, `argocd app rollback`; Flux: the Kustomization
   * suspended, the manifest applied). Push has nothing to pause.
   */
  pause?(app: number, knownGood: Commit): void;
  /** The person lets the controller follow Git again (auto-sync on, `flux resume`). */
  resume?(app: number): void;
}
