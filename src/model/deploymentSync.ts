/**
 * One sync of the Kubernetes Deployment controller (pkg/controller/deployment:
 * deployment_controller.go syncDeployment, sync.go, rolling.go, recreate.go) as
 * a pure function: it reads the Deployment and its ReplicaSets and returns the
 * API writes that sync would make. The caller applies them and syncs again on
 * the next change (a pod becoming available, an RS scaling, a spec edit).
 *
 * Simplified: the status the controller reads (completion) is computed from
 * the ReplicaSets passed in rather than kept from the previous sync; paused
 * Deployments, minReadySeconds propagation, hash collisions and adoption are
 * not modelled.
 */
import {
  type DeploymentLike,
  maxSurge,
  newRSNewReplicas,
  planScale,
  type ReplicaSetLike,
  reconcileOldReplicaSets,
  type ScaleAction,
  scaleProportionally,
} from './rollout.ts';
import { emptyScratch } from './scratchArray.ts';

export type TemplatedDeployment = DeploymentLike & { templateHash: string };
export type TemplatedReplicaSet = ReplicaSetLike & { templateHash: string };

/**
 * An API write. The caller stores every field it carries.
 * - revision: raise an existing RS's revision (it became the new RS again, e.g. after a rollback);
 * - create: a new RS with its pod template, spec.replicas, revision and replicas annotations
 *   (the caller assigns its id and a createdSeq above all others);
 * - delete: remove an old RS (history cleanup);
 * - scale: set spec.replicas and the replicas annotations (possibly only the annotations).
 * Actions come in that order; at most one scale per RS (a second scale in the
 * same sync replaces the first) and no RS is both scaled and deleted, so
 * applying them in any order gives the same result.
 */
export type SyncAction =
  | {
      kind: 'create';
      templateHash: string;
      replicas: number;
      revision: number;
      desiredReplicas: number;
      maxReplicas: number;
    }
  | { kind: 'revision'; id: number; revision: number }
  | ScaleAction
  | { kind: 'delete'; id: number };

export interface SyncDecision {
  actions: SyncAction[];
  /** The existing new RS; null when there is none yet (or this sync's 'create' makes it). */
  newRSId: number | null;
  /** updated == replicas == available == desired when the sync started (DeploymentComplete). */
  complete: boolean;
}

/** The oldest RS whose template is the Deployment's (FindNewReplicaSet). */
export function findNewReplicaSet<R extends TemplatedReplicaSet>(
  d: TemplatedDeployment,
  replicaSets: readonly R[],
): R | undefined {
  let found: R | undefined;
  for (let i = 0; i < replicaSets.length; i++) {
    const rs = replicaSets[i];
    if (rs.templateHash !== d.templateHash) continue;
    if (found === undefined || rs.createdSeq < found.createdSeq) found = rs;
  }
  return found;
}

/**
 * The old ReplicaSets and the scales planned during one sync: arrays reused
 * from sync to sync (emptied when it ends), since a Deployment syncs on every
 * change of its pods and neither outlives its sync. No sync runs inside
 * another, so one pair serves them all.
 */
const scratchOldRSs: TemplatedReplicaSet[] = [];
const scratchPlanned: ScaleAction[] = [];

/** The controller's one sync: see the module comment. */
export function syncDeployment(
  d: TemplatedDeployment,
  replicaSets: readonly TemplatedReplicaSet[],
): SyncDecision {
  const actions: SyncAction[] = [];
  const complete = syncActions(d, replicaSets, actions);
  return { actions, newRSId: findNewReplicaSet(d, replicaSets)?.id ?? null, complete };
}

/**
 * syncDeployment for a caller that needs only the writes: appends them to
 * `actions` and returns `complete`. The Deployment controller syncs on every
 * change of a Deployment's pods, most syncs write nothing, and the decision
 * object with its array was the largest allocation of a 50,000-pod run.
 */
export function syncActions(
  d: TemplatedDeployment,
  replicaSets: readonly TemplatedReplicaSet[],
  actions: SyncAction[],
): boolean {
  try {
    return syncWith(d, replicaSets, scratchOldRSs, scratchPlanned, actions);
  } finally {
    emptyScratch(scratchOldRSs);
    emptyScratch(scratchPlanned);
  }
}

/** Indexed loops here and below: in this hot path for-of left an iterator object per loop (heap profile). */
function syncWith(
  d: TemplatedDeployment,
  replicaSets: readonly TemplatedReplicaSet[],
  oldScratch: TemplatedReplicaSet[],
  planned: ScaleAction[],
  actions: SyncAction[],
): boolean {
  const newRS = findNewReplicaSet(d, replicaSets);
  let oldRSs: readonly TemplatedReplicaSet[] = replicaSets;
  if (newRS !== undefined) {
    for (let i = 0; i < replicaSets.length; i++) {
      if (replicaSets[i] !== newRS) oldScratch.push(replicaSets[i]);
    }
    oldRSs = oldScratch;
  }
  let maxOldRevision = 0;
  for (let i = 0; i < oldRSs.length; i++) maxOldRevision = Math.max(maxOldRevision, oldRSs[i].revision);
  const newRevision = maxOldRevision + 1;
  // Revisions only grow: an RS that becomes new again (rollback) gets the next one.
  if (newRS !== undefined && newRS.revision < newRevision) {
    actions.push({ kind: 'revision', id: newRS.id, revision: newRevision });
  }
  const complete = deploymentComplete(d, newRS, replicaSets);
  // `planned`: the scale actions of this sync; they are also part of `actions`.
  if (isScalingEvent(d, replicaSets)) {
    scale(d, newRS, oldRSs, replicaSets, planned);
  } else if (d.strategy.type === 'Recreate') {
    rolloutRecreate(d, newRS, oldRSs, newRevision, complete, actions, planned);
  } else {
    rolloutRolling(d, newRS, oldRSs, replicaSets, newRevision, complete, actions, planned);
  }
  for (let i = 0; i < planned.length; i++) actions.push(planned[i]);
  return complete;
}

function deploymentComplete(
  d: DeploymentLike,
  newRS: ReplicaSetLike | undefined,
  replicaSets: readonly ReplicaSetLike[],
): boolean {
  let pods = 0;
  let available = 0;
  for (let i = 0; i < replicaSets.length; i++) {
    pods += replicaSets[i].pods;
    available += replicaSets[i].availableReplicas;
  }
  return (newRS?.pods ?? 0) === d.replicas && pods === d.replicas && available === d.replicas;
}

/**
 * The Deployment's replicas changed since the controller last scaled an
 * active RS (its desired-replicas annotation differs): scale, don't roll.
 */
function isScalingEvent(d: DeploymentLike, replicaSets: readonly ReplicaSetLike[]): boolean {
  for (let i = 0; i < replicaSets.length; i++) {
    const rs = replicaSets[i];
    if (rs.replicas > 0 && rs.desiredReplicas !== undefined && rs.desiredReplicas !== d.replicas) return true;
  }
  return false;
}

/** Kubernetes' scale(), for a scaling event. */
function scale(
  d: DeploymentLike,
  newRS: ReplicaSetLike | undefined,
  oldRSs: readonly ReplicaSetLike[],
  allRSs: readonly ReplicaSetLike[],
  planned: ScaleAction[],
): void {
  // One active RS (or none): it takes all the replicas.
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if (activeOrLatest.replicas !== d.replicas) planScale(planned, activeOrLatest, d.replicas, d);
    return;
  }
  // A saturated new RS (all replicas, available): the old ones go.
  if (newRS !== undefined && isSaturated(d, newRS)) {
    for (const rs of oldRSs) if (rs.replicas > 0) planScale(planned, rs, 0, d);
    return;
  }
  if (d.strategy.type === 'RollingUpdate') scaleProportionally(d, allRSs, planned);
}

/** The only active RS; with none active, the new RS or else the newest old one; undefined with several. */
function findActiveOrLatest(
  newRS: ReplicaSetLike | undefined,
  oldRSs: readonly ReplicaSetLike[],
): ReplicaSetLike | undefined {
  let active: ReplicaSetLike | undefined;
  let activeCount = 0;
  let newestOld: ReplicaSetLike | undefined;
  for (const rs of oldRSs) {
    if (rs.replicas > 0) {
      active = rs;
      activeCount++;
    }
    if (newestOld === undefined || rs.createdSeq > newestOld.createdSeq) newestOld = rs;
  }
  if (newRS !== undefined && newRS.replicas > 0) {
    active = newRS;
    activeCount++;
  }
  if (activeCount === 0) return newRS ?? newestOld;
  return activeCount === 1 ? active : undefined;
}

function isSaturated(d: DeploymentLike, rs: ReplicaSetLike): boolean {
  return (
    rs.replicas === d.replicas && rs.desiredReplicas === d.replicas && rs.availableReplicas === d.replicas
  );
}

/**
 * Creates the new RS at newRSNewReplicas. The returned stand-in lets the rest
 * of the sync treat it as existing, as Kubernetes goes on with the created object.
 */
function createNewRS(
  d: TemplatedDeployment,
  allRSs: readonly ReplicaSetLike[],
  revision: number,
  actions: SyncAction[],
): ReplicaSetLike {
  const created: ReplicaSetLike = {
    id: -1,
    revision,
    createdSeq: Number.POSITIVE_INFINITY,
    replicas: 0,
    pods: 0,
    readyReplicas: 0,
    availableReplicas: 0,
  };
  created.replicas = newRSNewReplicas(d, allRSs, created);
  actions.push({
    kind: 'create',
    templateHash: d.templateHash,
    replicas: created.replicas,
    revision,
    desiredReplicas: d.replicas,
    maxReplicas: d.replicas + maxSurge(d),
  });
  return created;
}

/** Scale up if allowed (and stop there), else scale old RSs down; once complete, clean up history. */
function rolloutRolling(
  d: TemplatedDeployment,
  existingNewRS: ReplicaSetLike | undefined,
  oldRSs: readonly ReplicaSetLike[],
  replicaSets: readonly ReplicaSetLike[],
  newRevision: number,
  complete: boolean,
  actions: SyncAction[],
  planned: ScaleAction[],
): void {
  let newRS = existingNewRS;
  let allRSs = replicaSets;
  if (newRS === undefined) {
    // Created at its scale-up target, so the scale-up step below has nothing to do for it.
    newRS = createNewRS(d, oldRSs, newRevision, actions);
    allRSs = [...oldRSs, newRS];
  } else if (reconcileNewReplicaSet(allRSs, newRS, d, planned)) {
    return;
  }
  // Old RSs at 0 replicas are skipped inside, as FilterActiveReplicaSets would.
  if (reconcileOldReplicaSets(allRSs, oldRSs, newRS, d, planned) > 0) return;
  if (complete) cleanupDeployment(oldRSs, d, actions);
}

/** The scale-up step: true when it scaled the new RS. */
function reconcileNewReplicaSet(
  allRSs: readonly ReplicaSetLike[],
  newRS: ReplicaSetLike,
  d: DeploymentLike,
  planned: ScaleAction[],
): boolean {
  if (newRS.replicas === d.replicas) return false;
  const target = newRS.replicas > d.replicas ? d.replicas : newRSNewReplicas(d, allRSs, newRS);
  if (target === newRS.replicas) return false;
  planScale(planned, newRS, target, d);
  return true;
}

/** Old RSs to 0; only once no old pod exists, the new RS (created now if needed) to replicas. */
function rolloutRecreate(
  d: TemplatedDeployment,
  newRS: ReplicaSetLike | undefined,
  oldRSs: readonly ReplicaSetLike[],
  newRevision: number,
  complete: boolean,
  actions: SyncAction[],
  planned: ScaleAction[],
): void {
  let scaledDown = false;
  for (const rs of oldRSs) {
    if (rs.replicas !== 0) {
      planScale(planned, rs, 0, d);
      scaledDown = true;
    }
  }
  if (scaledDown) return;
  let oldPods = 0;
  for (const rs of oldRSs) oldPods += rs.pods;
  if (oldPods > 0) return;
  if (newRS === undefined) createNewRS(d, oldRSs, newRevision, actions);
  else if (newRS.replicas !== d.replicas) planScale(planned, newRS, d.replicas, d);
  if (complete) cleanupDeployment(oldRSs, d, actions);
}

/**
 * Deletes old RSs beyond revisionHistoryLimit, lowest revision first, among
 * the first (count - limit) only: one still holding replicas or pods is
 * skipped, not replaced by a newer one.
 */
function cleanupDeployment(
  oldRSs: readonly ReplicaSetLike[],
  d: DeploymentLike,
  actions: SyncAction[],
): void {
  const excess = oldRSs.length - d.revisionHistoryLimit;
  if (excess <= 0) return;
  const byRevision = oldRSs.slice().sort((a, b) => a.revision - b.revision || a.createdSeq - b.createdSeq);
  for (let i = 0; i < excess; i++) {
    const rs = byRevision[i];
    if (rs.pods === 0 && rs.replicas === 0) actions.push({ kind: 'delete', id: rs.id });
  }
}

/** Thrown by rollbackTarget when kubectl would refuse the undo. */
export class RollbackError extends Error {
  readonly code = 'E_ROLLBACK';
  constructor(message: string) {
    super(message);
    this.name = 'RollbackError';
  }
}

/**
 * `kubectl rollout undo [--to-revision=N]`: the template hash to copy into the
 * Deployment. Without toRevision (or 0), the RS with the second-highest
 * revision, whatever the Deployment runs now. Throws RollbackError when that
 * revision does not exist, as kubectl fails. When the answer equals the
 * current template kubectl skips the rollback; applying it changes nothing.
 */
export function rollbackTarget(replicaSets: readonly TemplatedReplicaSet[], toRevision = 0): string {
  if (toRevision < 0) throw new RollbackError(`unable to find specified revision ${toRevision} in history`);
  if (toRevision > 0) {
    for (const rs of replicaSets) if (rs.revision === toRevision) return rs.templateHash;
    throw new RollbackError(`unable to find specified revision ${toRevision} in history`);
  }
  let latest: TemplatedReplicaSet | undefined;
  let previous: TemplatedReplicaSet | undefined;
  for (const rs of replicaSets) {
    if (latest === undefined || rs.revision > latest.revision) {
      previous = latest;
      latest = rs;
    } else if (previous === undefined || rs.revision > previous.revision) {
      previous = rs;
    }
  }
  if (previous === undefined) throw new RollbackError('no rollout history found');
  return previous.templateHash;
}
