/**
 * A thin cluster: per app, the Deployment spec that was applied (what the API
 * server holds) and the status that runs. A Deployment controller moves status
 * toward spec with the reconcile loop, each action taking simulated time.
 *
 * Simplified (the faithful ReplicaSet model replaces this): a rollout is a
 * number of waves, each replacing `surge + unavailable` pods in parallel and
 * lasting as long as its slowest pod takes to start; the new image counts as
 * running only once the last wave is Ready; scale-down is immediate; nodes,
 * image pulls and crashes are not modelled. A spec change during a rollout
 * restarts it from the status that runs, as a new ReplicaSet starts from zero.
 */
import type { Engine, EventId } from '../engine/engine.ts';
import type { Sampler } from '../engine/distribution.ts';
import type { RandomStream } from '../engine/random.ts';
import { type AppState, type ReconcileAction, reconcile, sameState } from './reconcile.ts';
import { type IntOrPercent, resolveFenceposts } from './rollout.ts';

export type RolloutStrategy =
  | { readonly type: 'RollingUpdate'; readonly maxSurge: IntOrPercent; readonly maxUnavailable: IntOrPercent }
  | { readonly type: 'Recreate' };

export interface ClusterOptions {
  readonly strategy: RolloutStrategy;
  /** Time from pod creation to Ready. */
  readonly podStartup: Sampler;
  readonly random: RandomStream;
}

/** Called when what an app runs changes. */
export type StatusListener = (app: number, status: AppState) => void;

const IDLE = -1;

export class Cluster {
  private readonly specs: AppState[];
  private readonly statuses: AppState[];
  /** The status an app reaches when its in-flight action completes. */
  private readonly nextStatus: AppState[];
  private readonly inFlight: Float64Array;
  private readonly listeners: StatusListener[] = [];
  private readonly complete = (app: number): void => this.completeAction(app);
  /** Applies that changed a spec. */
  applies = 0;

  constructor(
    private readonly engine: Engine,
    initial: readonly AppState[],
    private readonly options: ClusterOptions,
  ) {
    this.specs = initial.slice();
    this.statuses = initial.slice();
    this.nextStatus = initial.slice();
    this.inFlight = new Float64Array(initial.length).fill(IDLE);
  }

  spec(app: number): AppState {
    return this.specs[app];
  }

  status(app: number): AppState {
    return this.statuses[app];
  }

  onStatusChange(listener: StatusListener): void {
    this.listeners.push(listener);
  }

  /** `kubectl apply`: sets the spec. Returns false when the spec already equals `desired`. */
  apply(app: number, desired: AppState): boolean {
    if (sameState(this.specs[app], desired)) return false;
    this.specs[app] = desired;
    this.applies++;
    const inFlight = this.inFlight[app];
    if (inFlight !== IDLE) this.engine.cancel(inFlight);
    this.startNext(app);
    return true;
  }

  private startNext(app: number): void {
    const { actions } = reconcile(this.specs[app], this.statuses[app]);
    if (actions.length === 0) {
      this.inFlight[app] = IDLE;
      return;
    }
    const status = this.statuses[app];
    const first = actions[0];
    let durationMs: number;
    switch (first.kind) {
      case 'setImage':
        this.nextStatus[app] = { image: first.to, replicas: status.replicas };
        durationMs = this.rolloutMs(status.replicas);
        break;
      case 'scaleUp': {
        // Consecutive scale-ups start their pods together.
        const to = lastOfKind(actions, 'scaleUp');
        this.nextStatus[app] = { image: status.image, replicas: to };
        durationMs = this.slowestStartMs(to - status.replicas);
        break;
      }
      case 'scaleDown':
        this.nextStatus[app] = { image: status.image, replicas: lastOfKind(actions, 'scaleDown') };
        durationMs = 0;
        break;
    }
    this.inFlight[app] = this.engine.after(durationMs, this.complete, app) as EventId;
  }

  private completeAction(app: number): void {
    const status = this.nextStatus[app];
    this.statuses[app] = status;
    for (const listener of this.listeners) listener(app, status);
    this.startNext(app);
  }

  private rolloutMs(replicas: number): number {
    if (replicas === 0) return 0;
    const strategy = this.options.strategy;
    if (strategy.type === 'Recreate') return this.slowestStartMs(replicas);
    const { surge, unavailable } = resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas);
    const perWave = Math.min(replicas, surge + unavailable);
    let totalMs = 0;
    for (let left = replicas; left > 0; left -= perWave) totalMs += this.slowestStartMs(Math.min(perWave, left));
    return totalMs;
  }

  private slowestStartMs(pods: number): number {
    let slowest = 0;
    for (let i = 0; i < pods; i++) slowest = Math.max(slowest, this.options.podStartup(this.options.random));
    return slowest;
  }
}

function lastOfKind(actions: readonly ReconcileAction[], kind: 'scaleUp' | 'scaleDown'): number {
  let to = -1;
  for (const action of actions) if (action.kind === kind) to = action.to;
  return to;
}
