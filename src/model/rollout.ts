/**
 * Kubernetes rolling-update arithmetic, named after its originals in
 * k8s.io/kubernetes pkg/controller/deployment/util (deployment_util.go).
 * Pure functions: no state, no time.
 */
import type { ProgressiveStrategy } from './rolloutPlan.ts';

/** Kubernetes IntOrString as a Deployment strategy holds it: 3 or "25%". */
export type IntOrPercent = number | string;

/** Thrown for an IntOrString that Kubernetes would reject. */
export class IntOrPercentError extends Error {
  readonly code = 'E_INT_OR_PERCENT';
  constructor(readonly value: unknown) {
    super(`invalid value for IntOrString: ${JSON.stringify(value)}: expected an integer or a string ending in "%"`);
    this.name = 'IntOrPercentError';
  }
}

/**
 * An int passes through; "N%" is N% of total, rounded up or down. A string
 * without "%" is an error, as in Kubernetes ("90" is not 90%).
 */
export function getScaledValueFromIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new IntOrPercentError(value);
    return value;
  }
  const percent = parsePercent(value);
  if (percent === undefined) throw new IntOrPercentError(value);
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

const PERCENT_SIGN = 0x25;
const MINUS_SIGN = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** Decimal digits that always sum exactly in a double (below 2^53). */
const MAX_EXACT_DIGITS = 15;

/**
 * N of "N%" (N an optional "-" and ASCII digits), else undefined. Read on every
 * Deployment sync; scanned by hand, digits summed as they are read, because a
 * regular expression's match array, then the sliced string, were 1-2% of a
 * 50,000-app run's profile and allocation.
 */
function parsePercent(text: string): number | undefined {
  const end = text.length - 1;
  if (end < 1 || text.charCodeAt(end) !== PERCENT_SIGN) return undefined;
  const first = text.charCodeAt(0) === MINUS_SIGN ? 1 : 0;
  if (first === end) return undefined;
  let value = 0;
  for (let i = first; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return undefined;
    value = value * 10 + (c - DIGIT_0);
  }
  // Up to 15 digits the sum is exact; longer ones are read as Number reads them.
  if (end - first > MAX_EXACT_DIGITS) return Number(text.slice(0, end));
  return first === 1 ? -value : value;
}

export interface Fenceposts {
  readonly surge: number;
  readonly unavailable: number;
}

/**
 * Surge rounds up, unavailable rounds down; when both come out 0,
 * unavailable becomes 1 so the rollout can make progress.
 */
export function resolveFenceposts(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  desired: number,
): Fenceposts {
  return {
    surge: getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true),
    unavailable: resolvedUnavailable(maxSurge, maxUnavailable, desired),
  };
}

/**
 * The unavailable fencepost of resolveFenceposts alone, without the object: it
 * is read on every Deployment sync. Resolves surge too, so an invalid surge
 * throws as it does there.
 */
function resolvedUnavailable(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  desired: number,
): number {
  resolveLast(maxSurge, maxUnavailable, desired);
  return last.unavailable;
}

/**
 * The fenceposts resolved last, with what they were resolved from. A sync
 * resolves them several times (min available, the surge of each scale it
 * plans) and the AppMonitor on every change of an app's pods, and a run's
 * Deployments mostly share one strategy and size: one entry answers nearly
 * every call without parsing "25%" again (2-3% of a 50,000-pod run's
 * profile). Keyed by the values, not the strategy object, so a strategy
 * changed in place is resolved anew.
 */
const last = {
  maxSurge: undefined as IntOrPercent | undefined,
  maxUnavailable: undefined as IntOrPercent | undefined,
  /** NaN until the first resolution: equal to no count. */
  desired: Number.NaN,
  surge: 0,
  unavailable: 0,
};

/** Fills `last` for these inputs: surge rounded up, unavailable down (1 when both are 0); throws as they do. */
function resolveLast(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  desired: number,
): void {
  const same = last.desired === desired && last.maxSurge === maxSurge && last.maxUnavailable === maxUnavailable;
  if (same) return;
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  const unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  // Stored only once both resolved: an input that throws is never remembered.
  last.maxSurge = maxSurge;
  last.maxUnavailable = maxUnavailable;
  last.desired = desired;
  last.surge = surge;
  last.unavailable = surge === 0 && unavailable === 0 ? 1 : unavailable;
}

/** Canary, BlueGreen and Flagger are run by the rollout controller (rolloutPlan.ts), not this arithmetic. */
export type DeploymentStrategy =
  | { type: 'RollingUpdate'; maxSurge: IntOrPercent; maxUnavailable: IntOrPercent }
  | { type: 'Recreate' }
  | ProgressiveStrategy;

/** The parts of a Deployment spec the controller's arithmetic reads. */
export interface DeploymentLike {
  replicas: number;
  strategy: DeploymentStrategy;
  revisionHistoryLimit: number;
}

/**
 * A ReplicaSet as the Deployment controller sees it. `pods` is status.replicas:
 * here every pod that still exists, terminating ones included (Kubernetes drops
 * terminating pods from status.replicas, but Recreate waits on the pod list; one
 * number serves both); ready and available count no terminating pod. The two optional fields are the controller's
 * deployment.kubernetes.io/desired-replicas and max-replicas annotations: absent
 * until the controller first writes them with a 'create' or 'scale' action, and
 * the caller must store what those actions carry, or scaling events go unseen.
 */
export interface ReplicaSetLike {
  id: number;
  revision: number;
  /** Creation order, lower = older (stands for creationTimestamp, then name). */
  createdSeq: number;
  /** spec.replicas */
  replicas: number;
  pods: number;
  readyReplicas: number;
  availableReplicas: number;
  /** desired-replicas annotation: the Deployment's replicas when the controller last scaled this RS. */
  desiredReplicas?: number;
  /** max-replicas annotation: replicas + maxSurge at that time; the base of proportional scaling. */
  maxReplicas?: number;
}

/**
 * Set spec.replicas and the replicas annotations of one ReplicaSet. The
 * functions below that take `planned` read it as the scales already decided in
 * this sync (Kubernetes goes on with the objects its updates return) and append
 * theirs to it; that array is their only side effect.
 */
export interface ScaleAction {
  kind: 'scale';
  id: number;
  replicas: number;
  desiredReplicas: number;
  maxReplicas: number;
}

/** 0 unless RollingUpdate with replicas > 0; the resolved value, clamped to replicas. */
export function maxUnavailable(d: DeploymentLike): number {
  return maxUnavailableOf(d.replicas, d.strategy);
}

/** maxUnavailable of a Deployment with these replicas and strategy, for a caller without one at hand. */
export function maxUnavailableOf(replicas: number, strategy: DeploymentStrategy): number {
  if (strategy.type !== 'RollingUpdate' || replicas === 0) return 0;
  return Math.min(resolvedUnavailable(strategy.maxSurge, strategy.maxUnavailable, replicas), replicas);
}

/**
 * replicas - maxUnavailable. Kubernetes' MinAvailable helper answers 0 for
 * Recreate, but the places that matter (old-RS scale-down, the Available
 * condition) compute replicas - MaxUnavailable inline, which is this value.
 */
export function minAvailable(d: DeploymentLike): number {
  return d.replicas - maxUnavailable(d);
}

/** Resolved surge; 0 unless RollingUpdate. */
export function maxSurge(d: DeploymentLike): number {
  if (d.strategy.type !== 'RollingUpdate') return 0;
  // maxUnavailable is resolved too, so that an invalid one throws here as in resolveFenceposts.
  resolveLast(d.strategy.maxSurge, d.strategy.maxUnavailable, d.replicas);
  return last.surge;
}

const NONE_PLANNED: readonly ScaleAction[] = [];

/** Sum of spec.replicas (GetReplicaCountForReplicaSets). */
function replicaCount(rss: readonly ReplicaSetLike[], planned: readonly ScaleAction[]): number {
  let total = 0;
  for (let i = 0; i < rss.length; i++) total += plannedReplicas(rss[i], planned);
  return total;
}

/** Sum of status.availableReplicas (GetAvailableReplicaCountForReplicaSets). */
function availableCount(rss: readonly ReplicaSetLike[]): number {
  let total = 0;
  for (let i = 0; i < rss.length; i++) total += rss[i].availableReplicas;
  return total;
}

/**
 * The replicas an RS has after the scale actions already planned in this sync
 * (Kubernetes carries on with the updated objects its API calls return).
 */
function plannedReplicas(rs: ReplicaSetLike, planned: readonly ScaleAction[]): number {
  // Indexed loops in this file's sync path: for-of left an iterator object per loop (heap profile).
  for (let i = 0; i < planned.length; i++) if (planned[i].id === rs.id) return planned[i].replicas;
  return rs.replicas;
}

/**
 * Plans spec.replicas = replicas for rs, with the annotations Kubernetes writes
 * on every scale; a second scale of the same RS in one sync replaces the first.
 */
export function planScale(
  planned: ScaleAction[],
  rs: ReplicaSetLike,
  replicas: number,
  d: DeploymentLike,
): void {
  for (let i = 0; i < planned.length; i++) {
    if (planned[i].id === rs.id) {
      planned[i].replicas = replicas;
      return;
    }
  }
  planned.push({
    kind: 'scale',
    id: rs.id,
    replicas,
    desiredReplicas: d.replicas,
    maxReplicas: d.replicas + maxSurge(d),
  });
}

/** rss itself when already oldest first (the usual case), else a sorted copy. */
function oldestFirst<R extends ReplicaSetLike>(rss: readonly R[]): readonly R[] {
  for (let i = 1; i < rss.length; i++) {
    if (rss[i - 1].createdSeq > rss[i].createdSeq)
      return rss.slice().sort((a, b) => a.createdSeq - b.createdSeq);
  }
  return rss;
}

/**
 * The new RS's target in the scale-up step. allRSs includes newRS. Surge comes
 * straight from maxSurge (no both-zero rule); Recreate goes to replicas at once.
 */
export function newRSNewReplicas(
  d: DeploymentLike,
  allRSs: readonly ReplicaSetLike[],
  newRS: ReplicaSetLike,
): number {
  if (d.strategy.type !== 'RollingUpdate') return d.replicas;
  const surge = getScaledValueFromIntOrPercent(d.strategy.maxSurge, d.replicas, true);
  const current = replicaCount(allRSs, NONE_PLANNED);
  const maxTotal = d.replicas + surge;
  if (current >= maxTotal) return newRS.replicas;
  return newRS.replicas + Math.min(maxTotal - current, d.replicas - newRS.replicas);
}

/**
 * Scales down old RSs' unavailable pods, oldest RS first, at most
 * maxCleanupCount in all: removing pods that serve nothing costs no
 * availability and unblocks a rollout stuck behind them. Returns the count.
 */
export function cleanupUnhealthyReplicas(
  oldRSs: readonly ReplicaSetLike[],
  d: DeploymentLike,
  maxCleanupCount: number,
  planned: ScaleAction[] = [],
): number {
  let total = 0;
  const ordered = oldestFirst(oldRSs);
  for (let i = 0; i < ordered.length; i++) {
    const rs = ordered[i];
    if (total >= maxCleanupCount) break;
    const replicas = plannedReplicas(rs, planned);
    if (replicas === 0 || replicas === rs.availableReplicas) continue;
    const count = Math.min(maxCleanupCount - total, replicas - rs.availableReplicas);
    // More available than spec: a scale-down whose pods are not gone yet.
    // Kubernetes aborts the sync's scale-down there and retries; skipping the RS is the simplification.
    if (count <= 0) continue;
    planScale(planned, rs, replicas - count, d);
    total += count;
  }
  return total;
}

/**
 * Scales old RSs down by available - minAvailable, oldest first, so that the
 * Deployment never drops below minAvailable available pods. Returns the count.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  allRSs: readonly ReplicaSetLike[],
  oldRSs: readonly ReplicaSetLike[],
  d: DeploymentLike,
  planned: ScaleAction[] = [],
): number {
  const min = minAvailable(d);
  const available = availableCount(allRSs);
  if (available <= min) return 0;
  const toScaleDown = available - min;
  let total = 0;
  const ordered = oldestFirst(oldRSs);
  for (let i = 0; i < ordered.length; i++) {
    const rs = ordered[i];
    if (total >= toScaleDown) break;
    const replicas = plannedReplicas(rs, planned);
    if (replicas === 0) continue;
    const count = Math.min(replicas, toScaleDown - total);
    planScale(planned, rs, replicas - count, d);
    total += count;
  }
  return total;
}

/**
 * The scale-down step of a rolling update. maxScaledDown counts the new RS's
 * unavailable pods against the budget, so a crash-looping new RS cannot drain
 * the old ones. Returns how many pods were scaled down (0: nothing to do).
 */
export function reconcileOldReplicaSets(
  allRSs: readonly ReplicaSetLike[],
  oldRSs: readonly ReplicaSetLike[],
  newRS: ReplicaSetLike,
  d: DeploymentLike,
  planned: ScaleAction[] = [],
): number {
  if (replicaCount(oldRSs, planned) === 0) return 0;
  const allPods = replicaCount(allRSs, planned);
  const newRSUnavailable = plannedReplicas(newRS, planned) - newRS.availableReplicas;
  const maxScaledDown = allPods - minAvailable(d) - newRSUnavailable;
  if (maxScaledDown <= 0) return 0;
  const cleaned = cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown, planned);
  return cleaned + scaleDownOldReplicaSetsForRollingUpdate(allRSs, oldRSs, d, planned);
}

/**
 * How far rs would move if every RS kept its share of the Deployment's size:
 * rs.replicas * (replicas + maxSurge) / max-replicas annotation, rounded half
 * away from zero, minus rs.replicas. Without the annotation the Deployment's
 * status.replicas (statusReplicas) stands in, as in Kubernetes.
 */
export function getReplicaSetFraction(rs: ReplicaSetLike, d: DeploymentLike, statusReplicas: number): number {
  if (d.replicas === 0) return -rs.replicas;
  const base = rs.maxReplicas ?? statusReplicas;
  // Kubernetes divides by zero here (an RS annotated after a scale to 0); no share is the safe answer.
  if (base <= 0) return 0;
  return Math.round((rs.replicas * (d.replicas + maxSurge(d))) / base) - rs.replicas;
}

/**
 * rs's share of toAdd (negative when scaling down), capped by what is still
 * left to hand out after `added` went to the RSs before it.
 */
export function getProportion(
  rs: ReplicaSetLike,
  d: DeploymentLike,
  toAdd: number,
  added: number,
  statusReplicas: number,
): number {
  if (rs.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d, statusReplicas);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * The RollingUpdate branch of Kubernetes' scale(): when replicas change while
 * several RSs are active, bring their total to replicas + maxSurge, sharing the
 * difference in proportion to size, largest first (ties: newer first when
 * scaling up, older first when scaling down), the rounding leftover to the
 * first. Every active RS also gets the new replicas annotations. Note that the
 * total goes to replicas + maxSurge, not replicas: with 25% surge, 2 new / 3
 * old at 5 -> 10 gives 4 / 9. Runs on unscaled RSs (first scale of its sync);
 * the actions are appended to `actions` and returned.
 */
export function scaleProportionally(
  d: DeploymentLike,
  allRSs: readonly ReplicaSetLike[],
  actions: ScaleAction[] = [],
): ScaleAction[] {
  let statusReplicas = 0;
  for (const rs of allRSs) statusReplicas += rs.pods;
  // Scaling events are rare, so sorting a copy is fine.
  const active = allRSs.filter((rs) => rs.replicas > 0);
  const allowedSize = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(active, NONE_PLANNED);
  if (toAdd > 0) active.sort((a, b) => b.replicas - a.replicas || b.createdSeq - a.createdSeq);
  else if (toAdd < 0) active.sort((a, b) => b.replicas - a.replicas || a.createdSeq - b.createdSeq);
  const sizes = new Array<number>(active.length);
  let added = 0;
  for (let i = 0; i < active.length; i++) {
    const proportion = getProportion(active[i], d, toAdd, added, statusReplicas);
    sizes[i] = active[i].replicas + proportion;
    added += proportion;
  }
  if (active.length > 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  const maxReplicas = d.replicas + maxSurge(d);
  for (let i = 0; i < active.length; i++) {
    const rs = active[i];
    if (sizes[i] !== rs.replicas || rs.desiredReplicas !== d.replicas || rs.maxReplicas !== maxReplicas) {
      planScale(actions, rs, sizes[i], d);
    }
  }
  return actions;
}
