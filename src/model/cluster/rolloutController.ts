/**
 * The rollout controller (Argo Rollouts, Flagger) for Deployments whose
 * strategy is progressive: the Deployment controller hands it their syncs. It
 * owns the stable and canary ReplicaSets, moves through the steps
 * (rolloutPlan.ts) on pod changes and on pause timers, measures the canary
 * every analysis interval, aborts (canary to 0, traffic back to stable,
 * Degraded) or promotes, and tells the traffic split. It never writes to Git
 * or to the Deployment spec: after an abort the spec still names the new
 * release while the stable one runs.
 */
import {
  advance,
  canaryTrafficShare,
  HEALTHY,
  isProgressive,
  measure,
  type ProgressiveStrategy,
  type RolloutPlan,
  replicaTargets,
  rolloutPlan,
  startRollout,
} from '../rolloutPlan.ts';
import type { SyncAction } from '../deploymentSync.ts';
import type { ClusterCore } from './core.ts';
import type { Deployment, ReplicaSet, Rollout } from './objects.ts';
import { Timers } from '../../engine/timers.ts';

export type RolloutEventKind = 'started' | 'promoted' | 'aborted';

/** A rollout started, was promoted or was aborted at atMs; startedMs is when it started. */
export type RolloutListener = (app: number, kind: RolloutEventKind, atMs: number, startedMs: number) => void;

export class RolloutController {
  readonly listeners: RolloutListener[] = [];
  private readonly plans = new WeakMap<ProgressiveStrategy, RolloutPlan>();
  /** Per app: the end of a pause step, the next analysis measurement, the end of blue-green's scale-down delay. */
  private readonly pauseTimers: Timers;
  private readonly analysisTimers: Timers;
  private readonly keepTimers: Timers;

  constructor(
    private readonly core: ClusterCore,
    appCount: number,
    /** Whether a digest is a bad release: what an analysis query of its error rate finds. */
    private readonly isBad: (digest: string) => boolean,
  ) {
    const sync = (app: number): void => core.queueSync(core.deployments[app]);
    this.pauseTimers = new Timers(core.engine, appCount, sync);
    this.analysisTimers = new Timers(core.engine, appCount, (app) => this.analyse(core.deployments[app]));
    this.keepTimers = new Timers(core.engine, appCount, sync);
  }

  /** One sync: follow the spec, move through the steps, and the writes that bring the ReplicaSets to their targets. */
  sync(d: Deployment): SyncAction[] {
    d.rollout ??= this.adopt(d);
    const r = d.rollout;
    const plan = this.plan(d);
    this.follow(d, r, plan);
    if (r.canaryHash !== null) this.step(d, r, plan);
    return this.actions(d, r, plan);
  }

  /** The Deployment is gone: so is its rollout. */
  forget(d: Deployment): void {
    if (d.rollout === null) return;
    this.cancelTimers(d.app, d.rollout);
    this.keepTimers.cancel(d.app);
    d.rollout = null;
  }

  /**
   * Weights of the Ready digests of a Deployment under a progressive strategy
   * when a router or a blue-green Service decides who serves; null when
   * traffic follows Ready pods. A side with no Ready pod passes its share to
   * the other (simplified: a router would fail those requests).
   */
  traffic(d: Deployment): ReadonlyMap<string, number> | null {
    const r = d.rollout;
    if (r === null || !isProgressive(d.strategy)) return null;
    const share = r.canaryHash === null ? 0 : canaryTrafficShare(this.plan(d), r.state);
    if (share === null) return null;
    const stable = readyDigests(this.replicaSet(d, r.stableHash));
    const canary = r.canaryHash === null ? EMPTY : readyDigests(this.replicaSet(d, r.canaryHash));
    const weights = new Map<string, number>();
    const stableShare = canary.ready === 0 ? 1 : stable.ready === 0 ? 0 : 1 - share;
    addShare(weights, stable, stableShare);
    addShare(weights, canary, 1 - stableShare);
    return weights;
  }

  private plan(d: Deployment): RolloutPlan {
    const strategy = d.strategy as ProgressiveStrategy;
    let plan = this.plans.get(strategy);
    if (plan === undefined) {
      plan = rolloutPlan(strategy);
      this.plans.set(strategy, plan);
    }
    return plan;
  }

  /** The ReplicaSet that serves now: the newest with replicas, or the spec's template. */
  private adopt(d: Deployment): Rollout {
    let stable: ReplicaSet | undefined;
    for (const rs of d.replicaSets)
      if (rs.replicas > 0 && (stable === undefined || rs.createdSeq > stable.createdSeq)) stable = rs;
    return {
      state: { ...HEALTHY },
      stableHash: stable?.templateHash ?? d.templateHash,
      canaryHash: null,
      abortedHash: null,
      startedMs: this.core.engine.now,
      keepHash: null,
      keepUntilMs: 0,
      pauseTimedMs: null,
    };
  }

  /** A new template starts a rollout (replacing one in flight); the stable one back in the spec ends it. */
  private follow(d: Deployment, r: Rollout, plan: RolloutPlan): void {
    const hash = d.templateHash;
    if (hash === r.stableHash) {
      if (r.canaryHash !== null) {
        this.cancelTimers(d.app, r);
        r.canaryHash = null;
        r.state = { ...HEALTHY };
      }
      r.abortedHash = null;
      if (r.state.phase === 'Degraded') r.state = { ...HEALTHY };
      return;
    }
    if (hash === r.canaryHash || hash === r.abortedHash) return;
    this.cancelTimers(d.app, r);
    r.canaryHash = hash;
    r.abortedHash = null;
    r.state = startRollout();
    r.startedMs = this.core.engine.now;
    if (plan.analysis !== null) this.analysisTimers.setAfter(d.app, plan.analysis.intervalMs);
    this.emit(d.app, 'started', r.startedMs);
  }

  private step(d: Deployment, r: Rollout, plan: RolloutPlan): void {
    const now = this.core.engine.now;
    const canary = this.replicaSet(d, r.canaryHash!);
    const { canaryTarget } = replicaTargets(plan, r.state, d.replicas);
    const shareBefore = canaryTrafficShare(plan, r.state);
    const { state, promoted } = advance(plan, r.state, d.replicas, {
      nowMs: now,
      canaryAvailable: canary?.availableReplicas ?? 0,
      canaryTarget,
    });
    r.state = state;
    if (promoted) {
      this.cancelTimers(d.app, r);
      if (plan.scaleDownDelayMs > 0) {
        r.keepHash = r.stableHash;
        r.keepUntilMs = now + plan.scaleDownDelayMs;
        this.keepTimers.setAt(d.app, r.keepUntilMs);
      }
      r.stableHash = r.canaryHash!;
      r.canaryHash = null;
      this.emit(d.app, 'promoted', r.startedMs);
      this.servingChanged(d.app);
      return;
    }
    // A weight served on pods that are already Ready (a Flagger canary is full size before its first weight)
    // changes who serves with no pod changing: the app's listeners (traffic) are told.
    if (canaryTrafficShare(plan, state) !== shareBefore) this.servingChanged(d.app);
    if (state.pauseUntilMs !== null && state.pauseUntilMs !== r.pauseTimedMs) {
      r.pauseTimedMs = state.pauseUntilMs;
      this.pauseTimers.setAt(d.app, state.pauseUntilMs);
    }
  }

  /** One analysis measurement of the canary's Ready pods (none Ready: nothing to measure yet). */
  private analyse(d: Deployment): void {
    const r = d.rollout;
    // A spec that moved to a Deployment strategy leaves the rollout behind: nothing to measure.
    if (r === null || d.deleted || !isProgressive(d.strategy)) return;
    if (r.canaryHash === null) return;
    const plan = this.plan(d);
    const canary = this.replicaSet(d, r.canaryHash);
    let ready = false;
    let bad = false;
    if (canary !== undefined) {
      const pods = canary.podsInOrder;
      for (let i = 0; i < pods.length; i++) {
        const pod = pods[i];
        if (!pod.ready || pod.deleting) continue;
        ready = true;
        if (this.isBad(pod.digest!)) bad = true;
      }
    }
    if (ready) r.state = measure(plan, r.state, bad);
    if (r.state.phase === 'Degraded') {
      this.cancelTimers(d.app, r);
      r.abortedHash = r.canaryHash;
      r.canaryHash = null;
      this.emit(d.app, 'aborted', r.startedMs);
      this.core.queueSync(d);
      // Traffic moved back to stable before any pod changed.
      this.servingChanged(d.app);
      return;
    }
    this.analysisTimers.setAfter(d.app, plan.analysis!.intervalMs);
  }

  /** Scale, create and clean up ReplicaSets towards the targets of the state. */
  private actions(d: Deployment, r: Rollout, plan: RolloutPlan): SyncAction[] {
    const actions: SyncAction[] = [];
    const { stableTarget, canaryTarget } =
      r.canaryHash === null
        ? { stableTarget: d.replicas, canaryTarget: 0 }
        : replicaTargets(plan, r.state, d.replicas);
    const keep = r.keepHash !== null && this.core.engine.now < r.keepUntilMs ? r.keepHash : null;
    if (keep === null) r.keepHash = null;
    let stable: ReplicaSet | undefined;
    let canary: ReplicaSet | undefined;
    let maxRevision = 0;
    const idle: ReplicaSet[] = [];
    for (const rs of d.replicaSets) {
      maxRevision = Math.max(maxRevision, rs.revision);
      let target = 0;
      if (rs.templateHash === r.stableHash && stable === undefined) {
        stable = rs;
        target = stableTarget;
      } else if (rs.templateHash === r.canaryHash && canary === undefined) {
        canary = rs;
        target = canaryTarget;
      } else if (rs.templateHash === keep) {
        continue;
      } else if (rs.replicas === 0 && rs.pods === 0) {
        idle.push(rs);
        continue;
      }
      if (rs.replicas !== target) actions.push(scaleTo(rs.id, target, d.replicas));
    }
    if (stable === undefined && stableTarget > 0)
      actions.push(create(r.stableHash, stableTarget, ++maxRevision, d.replicas));
    if (canary === undefined && canaryTarget > 0)
      actions.push(create(r.canaryHash!, canaryTarget, ++maxRevision, d.replicas));
    // History cleanup: idle ReplicaSets beyond revisionHistoryLimit, oldest first.
    for (let i = 0; i < idle.length - d.revisionHistoryLimit; i++)
      actions.push({ kind: 'delete', id: idle[i].id });
    return actions;
  }

  /** Who serves the app changed with no pod changing: its listeners (the traffic metric) look again. */
  private servingChanged(app: number): void {
    for (const listener of this.core.appListeners) listener(app);
  }

  private replicaSet(d: Deployment, hash: string): ReplicaSet | undefined {
    for (const rs of d.replicaSets) if (rs.templateHash === hash) return rs;
    return undefined;
  }

  private emit(app: number, kind: RolloutEventKind, startedMs: number): void {
    for (const listener of this.listeners) listener(app, kind, this.core.engine.now, startedMs);
  }

  private cancelTimers(app: number, r: Rollout): void {
    this.pauseTimers.cancel(app);
    this.analysisTimers.cancel(app);
    r.pauseTimedMs = null;
  }
}

interface ReadyTally {
  readonly ready: number;
  readonly byDigest: ReadonlyMap<string, number>;
}

const EMPTY: ReadyTally = { ready: 0, byDigest: new Map() };

function readyDigests(rs: ReplicaSet | undefined): ReadyTally {
  if (rs === undefined) return EMPTY;
  const byDigest = new Map<string, number>();
  let ready = 0;
  const pods = rs.podsInOrder;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (!pod.ready || pod.deleting) continue;
    ready++;
    byDigest.set(pod.digest!, (byDigest.get(pod.digest!) ?? 0) + 1);
  }
  return { ready, byDigest };
}

/** Spreads `share` over the tally's digests by their Ready pods. */
function addShare(weights: Map<string, number>, tally: ReadyTally, share: number): void {
  if (share === 0 || tally.ready === 0) return;
  for (const [digest, count] of tally.byDigest) {
    weights.set(digest, (weights.get(digest) ?? 0) + (share * count) / tally.ready);
  }
}

function scaleTo(id: number, replicas: number, desired: number): SyncAction {
  return { kind: 'scale', id, replicas, desiredReplicas: desired, maxReplicas: desired };
}

function create(templateHash: string, replicas: number, revision: number, desired: number): SyncAction {
  return { kind: 'create', templateHash, replicas, revision, desiredReplicas: desired, maxReplicas: desired };
}
