/**
 * Progressive delivery (Argo Rollouts canary and blue-green, Flagger) as pure
 * policy: a strategy becomes a list of steps; a rollout state moves through
 * them given what the cluster shows and what analysis measured; the state
 * gives the replica counts of the stable and canary ReplicaSets and the share
 * of traffic the canary gets (Argo Rollouts and Flagger documentation). No
 * time, no objects.
 *
 * Simplified, for every strategy: analysis runs in the background, one
 * measurement every interval while the new ReplicaSet has Ready pods, and a
 * measurement fails when those pods run a bad release (the error rate a
 * metrics query would see); failures are cumulative, as in Argo Rollouts'
 * AnalysisRun. Flagger is modelled as a canary with a router whose steps are
 * stepWeight, 2 x stepWeight, ... maxWeight, each held one interval; at
 * promotion its primary takes the canary's pods at once (Flagger rolls the
 * primary Deployment). A pause without a duration ("until promoted") is
 * promoted by a person after DEFAULT_MANUAL_PROMOTION_MS.
 */

/** One canary step: send a share of traffic, or wait (null: until promoted). */
export type CanaryStep = { setWeight: number } | { pauseMs: number | null };

export interface AnalysisSpec {
  readonly intervalMs: number;
  /** Failed measurements tolerated; one more aborts. */
  readonly failureLimit: number;
}

export type ProgressiveStrategy =
  | {
      type: 'Canary';
      steps: CanaryStep[];
      /** A mesh or ingress splits traffic by weight; without one, weights are replica counts. */
      trafficRouting: boolean;
      analysis: AnalysisSpec;
    }
  | {
      type: 'BlueGreen';
      /** The old ReplicaSet stays up this long after the switch, for a fast rollback. */
      scaleDownDelayMs: number;
      /** Time from the preview being fully available to the switch. */
      autoPromotionMs: number;
      /** Analysis of the preview before the switch; null: none. */
      prePromotionAnalysis: AnalysisSpec | null;
    }
  | {
      type: 'Flagger';
      intervalMs: number;
      stepWeight: number;
      maxWeight: number;
      /** Failed checks that roll back. */
      threshold: number;
    };

/** Assumption: someone promotes a rollout paused "until promoted" within ten minutes. */
export const DEFAULT_MANUAL_PROMOTION_MS = 600_000;

/** What the steps of any strategy come down to: a weight to set, or a time to wait. */
export type PlanStep = { kind: 'weight'; weight: number } | { kind: 'pause'; ms: number };

export interface RolloutPlan {
  readonly steps: readonly PlanStep[];
  readonly analysis: AnalysisSpec | null;
  /** Weights are split by a router (the stable ReplicaSet stays at full size). */
  readonly trafficRouting: boolean;
  /** Blue-green: the new ReplicaSet comes up in full as a preview and serves nothing until the switch. */
  readonly preview: boolean;
  /**
   * Flagger: the canary Deployment is scaled to the full replica count before any traffic (ScaleFromZero in
   * pkg/canary/deployment_controller.go), and a failed check holds the weight where it is for another interval
   * (pkg/controller/scheduler.go returns before stepping the weight). Argo Rollouts steps on regardless.
   */
  readonly flagger: boolean;
  /** How long the old ReplicaSet is kept after promotion. */
  readonly scaleDownDelayMs: number;
}

export function rolloutPlan(s: ProgressiveStrategy): RolloutPlan {
  switch (s.type) {
    case 'Canary':
      return {
        steps: s.steps.map((step) =>
          'setWeight' in step
            ? { kind: 'weight', weight: step.setWeight }
            : { kind: 'pause', ms: step.pauseMs ?? DEFAULT_MANUAL_PROMOTION_MS },
        ),
        analysis: s.analysis,
        trafficRouting: s.trafficRouting,
        preview: false,
        flagger: false,
        scaleDownDelayMs: 0,
      };
    case 'Flagger': {
      // Simplified: the steps follow the canary's pods and an interval each, where Flagger acts on its ticker
      // (a tick to scale up, one per step, one more analysis at maxWeight, ticks to promote and route back):
      // a rollout here ends about 2-3 intervals sooner than upstream's (docs/modelled.md).
      const steps: PlanStep[] = [];
      for (let w = s.stepWeight; w < s.maxWeight + s.stepWeight; w += s.stepWeight) {
        steps.push({ kind: 'weight', weight: Math.min(w, s.maxWeight) }, { kind: 'pause', ms: s.intervalMs });
      }
      return {
        steps,
        analysis: { intervalMs: s.intervalMs, failureLimit: s.threshold - 1 },
        trafficRouting: true,
        preview: false,
        flagger: true,
        scaleDownDelayMs: 0,
      };
    }
    case 'BlueGreen': {
      const analysis = s.prePromotionAnalysis;
      // With analysis the switch waits for enough measurements to abort on (failureLimit + 1).
      const waitMs = Math.max(
        s.autoPromotionMs,
        analysis === null ? 0 : (analysis.failureLimit + 1) * analysis.intervalMs,
      );
      return {
        steps: [{ kind: 'pause', ms: waitMs }],
        analysis,
        trafficRouting: true,
        preview: true,
        flagger: false,
        scaleDownDelayMs: s.scaleDownDelayMs,
      };
    }
  }
}

export type RolloutPhase = 'Progressing' | 'Promoting' | 'Healthy' | 'Degraded';

export interface RolloutState {
  phase: RolloutPhase;
  /** Index of the current step; steps.length once they are done. */
  step: number;
  /** The canary's weight of the current step, in percent: what its pods are sized for. */
  weight: number;
  /**
   * The weight the router serves: the previous step's until the canary's pods for `weight` are available (Argo
   * Rollouts keeps it until AtDesiredReplicaCountsForCanary, rollout/trafficrouting.go).
   */
  servedWeight: number;
  /** The end of the current pause; null when not paused. */
  pauseUntilMs: number | null;
  failures: number;
}

export const HEALTHY: RolloutState = {
  phase: 'Healthy',
  step: 0,
  weight: 0,
  servedWeight: 0,
  pauseUntilMs: null,
  failures: 0,
};

export function startRollout(): RolloutState {
  return { phase: 'Progressing', step: 0, weight: 0, servedWeight: 0, pauseUntilMs: null, failures: 0 };
}

/** What the cluster shows of the new ReplicaSet when the rollout is looked at. */
export interface Observed {
  readonly nowMs: number;
  /** Available pods of the new ReplicaSet. */
  readonly canaryAvailable: number;
  /** Its target from replicaTargets for the current state. */
  readonly canaryTarget: number;
}

/**
 * Moves through every step that is done now: a weight is done once the
 * canary's pods at that weight are available, a pause once its time is over.
 * After the last step the rollout promotes: the new ReplicaSet goes to full
 * size, and once it is all available `promoted` is true (it becomes stable).
 */
export function advance(
  plan: RolloutPlan,
  state: RolloutState,
  replicas: number,
  observed: Observed,
): { state: RolloutState; promoted: boolean } {
  if (state.phase === 'Healthy' || state.phase === 'Degraded') return { state, promoted: false };
  const next = { ...state };
  for (;;) {
    const { canaryTarget } = replicaTargets(plan, next, replicas);
    if (observed.canaryAvailable < canaryTarget) return { state: next, promoted: false };
    if (next.phase === 'Promoting') return { state: { ...HEALTHY }, promoted: true };
    if (next.step >= plan.steps.length) {
      next.phase = 'Promoting';
      continue;
    }
    const step = plan.steps[next.step];
    if (step.kind === 'weight') {
      next.weight = step.weight;
      // Its pods come first: only once they are available is the step done, and the router serves its weight.
      if (observed.canaryAvailable < replicaTargets(plan, next, replicas).canaryTarget) {
        return { state: next, promoted: false };
      }
      next.servedWeight = step.weight;
      next.step++;
      continue;
    }
    if (next.pauseUntilMs === null) next.pauseUntilMs = observed.nowMs + step.ms;
    if (observed.nowMs < next.pauseUntilMs) return { state: next, promoted: false };
    next.pauseUntilMs = null;
    next.step++;
  }
}

/**
 * One analysis measurement: failed or not; past failureLimit the rollout is aborted (Degraded). Under Flagger a
 * failed check also holds the weight: the pause it falls in lasts one interval longer.
 */
export function measure(plan: RolloutPlan, state: RolloutState, failed: boolean): RolloutState {
  if (!failed || plan.analysis === null || state.phase === 'Healthy' || state.phase === 'Degraded')
    return state;
  const failures = state.failures + 1;
  if (failures > plan.analysis.failureLimit) return { ...HEALTHY, phase: 'Degraded', failures };
  if (plan.flagger && state.pauseUntilMs !== null) {
    return { ...state, failures, pauseUntilMs: state.pauseUntilMs + plan.analysis.intervalMs };
  }
  return { ...state, failures };
}

/**
 * The canary and stable counts of a canary without a traffic router at `weight` percent, as Argo Rollouts
 * approximates them (utils/replicaset/canary.go, approximateWeightedCanaryStableReplicaCounts, at its default
 * maxSurge of 25%, which is at least one pod): of the splits of `replicas` or `replicas + 1` pods with the canary at
 * the floor or the ceiling of its share, the one nearest the weight; the earlier on a tie, the ceiling when floor
 * and ceiling are equally near; never 0 on either side for a weight of 1 to 99.
 */
export function basicCanarySplit(replicas: number, weight: number): { canary: number; stable: number } {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const share = (replicas * weight) / 100;
  const [ceil, floor] = [Math.ceil(share), Math.floor(share)];
  const tied = (total: number) => ((total * weight) / 100) % 1 === 0.5;
  const zeroAllowed = weight === 100 || weight === 0;
  const options: [number, number][] = [];
  if (ceil < replicas || zeroAllowed) options.push([ceil, replicas]);
  if (!tied(replicas) && (floor !== 0 || zeroAllowed)) options.push([floor, replicas]);
  options.push([ceil, replicas + 1]);
  if (!tied(replicas + 1) && (floor !== 0 || zeroAllowed)) options.push([floor, replicas + 1]);
  const delta = ([canary, total]: [number, number]) => Math.abs((canary * 100) / total - weight);
  let best = options[0];
  for (const option of options.slice(1)) if (delta(option) < delta(best)) best = option;
  return { canary: best[0], stable: best[1] - best[0] };
}

/**
 * Replica counts for the state. With a router (and blue-green) the stable
 * ReplicaSet stays at full size and the canary gets ceil(weight% x replicas)
 * (utils/replicaset/canary.go, dynamicStableScale off); without one, weights
 * are replica counts as `basicCanarySplit` approximates them. A blue-green
 * preview and a Flagger canary are full size from the start. Promoting: the
 * new ReplicaSet at full size, the stable where its weight left it.
 */
export function replicaTargets(
  plan: RolloutPlan,
  state: RolloutState,
  replicas: number,
): { stableTarget: number; canaryTarget: number } {
  if (state.phase === 'Healthy' || state.phase === 'Degraded')
    return { stableTarget: replicas, canaryTarget: 0 };
  const split = plan.trafficRouting
    ? { canary: Math.ceil((state.weight * replicas) / 100), stable: replicas }
    : basicCanarySplit(replicas, state.weight);
  if (plan.preview || plan.flagger || state.phase === 'Promoting') {
    return { stableTarget: split.stable, canaryTarget: replicas };
  }
  return { stableTarget: split.stable, canaryTarget: split.canary };
}

/**
 * The canary's share of the traffic: null when it goes by Ready pods (no
 * router); with a router the weight as set, and a blue-green preview gets none.
 */
export function canaryTrafficShare(plan: RolloutPlan, state: RolloutState): number | null {
  if (state.phase === 'Healthy' || state.phase === 'Degraded') return 0;
  if (plan.preview) return 0;
  if (!plan.trafficRouting) return null;
  return state.servedWeight / 100;
}

export function isProgressive(s: { type: string }): s is ProgressiveStrategy {
  return s.type === 'Canary' || s.type === 'BlueGreen' || s.type === 'Flagger';
}
