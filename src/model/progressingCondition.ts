/**
 * The Deployment's Progressing condition (pkg/controller/deployment/progress.go
 * syncRolloutStatus, util DeploymentProgressing / DeploymentTimedOut) as a pure
 * step: previous state + what the controller observes now -> next state.
 * Nothing here rolls back: Kubernetes only reports ProgressDeadlineExceeded and
 * keeps trying.
 *
 * Simplified: times are milliseconds (Kubernetes stores whole seconds); a
 * paused Deployment and a Deployment without a deadline are not modelled (pass
 * Infinity as the deadline to never time out).
 */

/** Reasons of the Progressing condition: ReplicaSetUpdated/NewReplicaSetCreated, NewReplicaSetAvailable, ProgressDeadlineExceeded. */
export type ProgressCondition = 'Progressing' | 'Complete' | 'ProgressDeadlineExceeded';

/** The status counters the controller compares between syncs. */
export interface RolloutCounters {
  /** Pods of the new ReplicaSet (status.updatedReplicas). */
  updated: number;
  /** Pods of the old ReplicaSets (status.replicas - status.updatedReplicas). */
  oldPods: number;
  ready: number;
  available: number;
}

export interface ProgressState {
  condition: ProgressCondition;
  /** The condition's lastUpdateTime: the last progress (or rollout start, or change of condition). */
  lastUpdateMs: number;
  /** What the previous sync observed. */
  counters: RolloutCounters;
}

/** A new ReplicaSet was created (NewReplicaSetCreated): the deadline runs from now. */
export function startProgress(counters: RolloutCounters, nowMs: number): ProgressState {
  return { condition: 'Progressing', lastUpdateMs: nowMs, counters };
}

/**
 * The condition after a sync that observes `current`. Complete when updated ==
 * all pods == available == desired; Progressing (deadline restarted) when
 * updated or ready or available rose or old pods fell; otherwise
 * ProgressDeadlineExceeded once more than the deadline has passed since the
 * last update (strictly after it). A Complete condition stays until progress
 * shows again: a rollback to an existing ReplicaSet does not restart the clock.
 */
export function nextProgress(
  prev: ProgressState,
  current: RolloutCounters,
  desired: number,
  nowMs: number,
  progressDeadlineSeconds: number,
): ProgressState {
  // A finished rollout with nothing old left: no estimate at all.
  if (prev.condition === 'Complete' && current.oldPods === 0) return withCounters(prev, current);
  if (
    current.updated === desired &&
    current.updated + current.oldPods === desired &&
    current.available === desired
  ) {
    return setCondition(prev, 'Complete', nowMs, current);
  }
  const before = prev.counters;
  if (
    current.updated > before.updated ||
    current.oldPods < before.oldPods ||
    current.ready > before.ready ||
    current.available > before.available
  ) {
    return { condition: 'Progressing', lastUpdateMs: nowMs, counters: current };
  }
  const timedOut =
    prev.condition === 'ProgressDeadlineExceeded' ||
    (prev.condition === 'Progressing' && prev.lastUpdateMs + progressDeadlineSeconds * 1000 < nowMs);
  if (timedOut) return setCondition(prev, 'ProgressDeadlineExceeded', nowMs, current);
  return withCounters(prev, current);
}

/** SetDeploymentCondition: the time moves only when the condition changes. */
function setCondition(
  prev: ProgressState,
  condition: ProgressCondition,
  nowMs: number,
  counters: RolloutCounters,
): ProgressState {
  if (prev.condition === condition) return withCounters(prev, counters);
  return { condition, lastUpdateMs: nowMs, counters };
}

/**
 * The state with only its counters replaced: prev itself when they are the
 * same object (states are never changed in place, so sharing is safe, and a
 * sync that saw nothing new allocates nothing).
 */
function withCounters(prev: ProgressState, counters: RolloutCounters): ProgressState {
  return prev.counters === counters ? prev : { ...prev, counters };
}

/**
 * When Kubernetes resyncs a stuck Deployment to check the deadline
 * (requeueStuckDeployment: lastUpdate + deadline + 1s); null when there is
 * nothing to wait for (Complete, or already exceeded).
 */
export function progressRecheckAtMs(state: ProgressState, progressDeadlineSeconds: number): number | null {
  if (state.condition !== 'Progressing') return null;
  return state.lastUpdateMs + progressDeadlineSeconds * 1000 + 1000;
}
