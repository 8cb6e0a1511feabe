/**
 * The ReplicaSet controller: keeps each ReplicaSet's pod count at its spec.
 * Creations and deletions are API requests through the controller manager's
 * rate-limited client; what is in flight counts as done (the controller's
 * "expectations"), so it never creates twice.
 *
 * Simplified: Kubernetes creates in slow-start batches (1, 2, 4, ...); here
 * every request is sent at once and the client's QPS spaces them. Deleted
 * pods go at once (no termination grace period).
 */
import { InFlight } from '../../engine/inFlight.ts';
import type { ClusterCore } from './core.ts';
import { NO_NODE, newPod, type Pod, type ReplicaSet } from './objects.ts';

/** Which pods go first when scaling down, before co-location (controller.ActivePodsWithRanks: unassigned, phase, not Ready). */
function deletionRank(pod: Pod): number {
  if (pod.phase === 'Unscheduled') return 0;
  if (pod.phase === 'Pulling') return 1;
  if (!pod.ready) return 2;
  return 3;
}

/**
 * Active pods of the pod's Deployment (all its ReplicaSets) on the pod's node, itself included: the
 * ReplicaSet controller's rank for doubled-up pods (getPodsRankedByRelatedPodsOnSameNode).
 */
function colocated(pod: Pod): number {
  if (pod.node === NO_NODE) return 0;
  const replicaSets = pod.rs.deployment.replicaSets;
  let count = 0;
  for (let i = 0; i < replicaSets.length; i++) count += replicaSets[i].activeOn(pod.node);
  return count;
}

/**
 * Least useful first: by deletionRank; then the pod with more of its Deployment's pods on its node
 * (doubled up first); then not yet available (Ready more recently); then the newest (Kubernetes
 * prefers deleting pods Ready for less time, then younger ones). Ids are unique: no ties.
 */
function deletionOrder(a: Pod, b: Pod): number {
  return (
    deletionRank(a) - deletionRank(b) ||
    colocated(b) - colocated(a) ||
    Number(a.available) - Number(b.available) ||
    b.id - a.id
  );
}

/** Pods chosen by one deletePods scan (at most SCAN_DELETIONS_MAX), reused: choosing allocates nothing. */
const chosen: Pod[] = [];

/**
 * The pod deletePods deletes next: first by deletionOrder, not being deleted, not chosen already. The
 * best so far keeps its rank and co-location count, so each pod's count is looked up once, not at
 * every comparison (a scan of the Deployment's ReplicaSets each: a tenth of a 5,000-node run's time).
 */
function firstToDelete(rs: ReplicaSet): Pod | undefined {
  let first: Pod | undefined;
  let firstRank = 0;
  let firstColocated = 0;
  const pods = rs.podsInOrder;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (pod.deleting || chosen.includes(pod)) continue;
    const rank = deletionRank(pod);
    if (first !== undefined && rank > firstRank) continue;
    const together = colocated(pod);
    if (
      first === undefined ||
      rank < firstRank ||
      together > firstColocated ||
      (together === firstColocated && (Number(pod.available) - Number(first.available) || first.id - pod.id) < 0)
    ) {
      first = pod;
      firstRank = rank;
      firstColocated = together;
    }
  }
  return first;
}

/**
 * Up to this many deletions at once, deletePods scans for each rather than
 * sorting a copy (a scan per pod: count x pods comparisons; a sort pays its
 * copy and n log n comparisons whatever the count).
 */
const SCAN_DELETIONS_MAX = 8;

export class ReplicaSetController {
  /** ReplicaSets whose pod creations are in flight, by request handle. */
  private readonly creating = new InFlight<ReplicaSet>();
  private readonly onCreate = (request: number): void => this.created(request);
  /** Pods whose deletions are in flight, by request handle. */
  private readonly deleting = new InFlight<Pod>();
  private readonly onDelete = (request: number): void => this.deleted(request);

  constructor(private readonly core: ClusterCore) {}

  /** Brings the ReplicaSet's pods toward spec.replicas. */
  sync(rs: ReplicaSet): void {
    const diff = rs.replicas - (rs.activePods + rs.pendingCreates);
    if (diff > 0) {
      for (let i = 0; i < diff; i++) {
        rs.pendingCreates++;
        this.core.clients.replicaSets.submit(this.onCreate, this.creating.hold(rs));
      }
    } else if (diff < 0) {
      this.deletePods(rs, -diff);
    }
  }

  /** Deletes one pod (eviction, or a person deleting it); its ReplicaSet replaces it. */
  evict(pod: Pod): void {
    if (pod.deleting) return;
    this.core.markDeleting(pod);
    this.core.clients.replicaSets.submit(this.onDelete, this.deleting.hold(pod));
    this.sync(pod.rs);
  }

  private deletePods(rs: ReplicaSet, count: number): void {
    if (count <= SCAN_DELETIONS_MAX) {
      // A few pods, the usual scale-down step of a rolling update: the first of the ranking, found without
      // sorting, again for each. All are chosen before any is marked deleting (which lowers the co-location
      // counts), so this picks the pods, in the order, that sorting a copy once would (and allocates nothing).
      for (let i = 0; i < count; i++) {
        const pod = firstToDelete(rs);
        if (pod === undefined) break;
        chosen.push(pod);
      }
      for (let i = 0; i < chosen.length; i++) {
        this.core.markDeleting(chosen[i]);
        this.core.clients.replicaSets.submit(this.onDelete, this.deleting.hold(chosen[i]));
      }
      chosen.length = 0;
      return;
    }
    const candidates: Pod[] = [];
    const pods = rs.podsInOrder;
    for (let i = 0; i < pods.length; i++) if (!pods[i].deleting) candidates.push(pods[i]);
    // Sorted before any is marked deleting: the co-location counts stay those of the ranking, as upstream.
    candidates.sort(deletionOrder);
    for (let i = 0; i < count && i < candidates.length; i++) {
      this.core.markDeleting(candidates[i]);
      this.core.clients.replicaSets.submit(this.onDelete, this.deleting.hold(candidates[i]));
    }
  }

  private created(request: number): void {
    const rs = this.creating.release(request);
    rs.pendingCreates--;
    // The ReplicaSet may have shrunk, or been deleted, while the request waited.
    if (rs.activePods >= rs.replicas || !rs.deployment.replicaSets.includes(rs)) return;
    const pod = newPod(this.core.newPodId(), rs);
    this.core.register(pod);
    rs.addPod(pod);
    rs.pods++;
    rs.activePods++;
    rs.deployment.activePods++;
    this.core.schedule(pod);
    this.core.queueSync(rs.deployment);
  }

  private deleted(request: number): void {
    const pod = this.deleting.release(request);
    // Gone already when its Deployment or ReplicaSet was deleted meanwhile.
    if (!pod.gone) this.core.removePod(pod);
  }
}
