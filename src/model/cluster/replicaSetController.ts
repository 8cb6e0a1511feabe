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
import { emptyScratch } from '../scratchArray.ts';
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
 * The pods deletePods may delete (not being deleted) and, at the same index, their deletionRank and
 * colocated count, computed once per call before any pod is marked deleting (which lowers the
 * co-location counts), as upstream ranks them. Not once per scan: deleting k pods scanned k times, each
 * scan counting every pod's co-location again over the Deployment's ReplicaSets (a third of the
 * lookups of a 5,000-node push run). Scratch arrays reused by every call and emptied with
 * emptyScratch: ranking allocates nothing.
 */
const candidates: Pod[] = [];
const candidateRanks: number[] = [];
const candidateColocated: number[] = [];
/** Indexes into candidates, in the order their pods are deleted. */
const deletionOrder: number[] = [];

/**
 * Least useful first (negative: candidate i goes first): by deletionRank; then the pod with more of its
 * Deployment's pods on its node (doubled up first); then not yet available (Ready more recently); then
 * the newest (Kubernetes prefers deleting pods Ready for less time, then younger ones). Ids are unique:
 * no ties.
 */
function byDeletion(i: number, j: number): number {
  return (
    candidateRanks[i] - candidateRanks[j] ||
    candidateColocated[j] - candidateColocated[i] ||
    Number(candidates[i].available) - Number(candidates[j].available) ||
    candidates[j].id - candidates[i].id
  );
}

/** Fills the candidates of `rs` and their keys. */
function rankCandidates(rs: ReplicaSet): void {
  const pods = rs.podsInOrder;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (pod.deleting) continue;
    candidates.push(pod);
    candidateRanks.push(deletionRank(pod));
    candidateColocated.push(colocated(pod));
  }
}

/**
 * Up to this many deletions at once, deletePods scans the candidates for each rather than sorting them
 * (a scan per pod: count x pods comparisons; a sort pays n log n comparisons whatever the count).
 */
const SCAN_DELETIONS_MAX = 8;

/** Puts the first `count` candidates in deletion order into deletionOrder. */
function orderDeletions(count: number): void {
  const n = candidates.length;
  if (count <= SCAN_DELETIONS_MAX) {
    // A few pods, the usual scale-down step of a rolling update: the first of the ranking, again for each.
    for (let k = 0; k < count && k < n; k++) {
      let first = -1;
      for (let i = 0; i < n; i++) {
        if (deletionOrder.includes(i)) continue;
        if (first < 0 || byDeletion(i, first) < 0) first = i;
      }
      deletionOrder.push(first);
    }
    return;
  }
  for (let i = 0; i < n; i++) deletionOrder.push(i);
  deletionOrder.sort(byDeletion);
  while (deletionOrder.length > count) deletionOrder.pop();
}

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
    rankCandidates(rs);
    orderDeletions(count);
    for (let k = 0; k < deletionOrder.length; k++) {
      const pod = candidates[deletionOrder[k]];
      this.core.markDeleting(pod);
      this.core.clients.replicaSets.submit(this.onDelete, this.deleting.hold(pod));
    }
    emptyScratch(candidates);
    emptyScratch(candidateRanks);
    emptyScratch(candidateColocated);
    emptyScratch(deletionOrder);
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
