/**
 * Flux's health check with `.spec.wait`: after the apply, kustomize-controller
 * polls the applied objects' status until all are Current (kstatus), one is
 * Failed, or `.spec.timeout` passes, and its worker waits meanwhile. The
 * poller reads at once, then every `FLUX_HEALTH_POLL_MS`; the Deployment is
 * the one object whose status can lag (the others are Current once applied).
 *
 * One event per poll: at most one wait per held worker, so `concurrent`
 * pending polls per controller whatever the number of apps; the poll period
 * is also the granularity at which a finished rollout is seen.
 */
import type { Engine } from '../engine/engine.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';

/** kustomize-controller `checkHealth`: `ssa.WaitOptions{Interval: 5 * time.Second}`. */
export const FLUX_HEALTH_POLL_MS = 5_000;

/** Called once per wait: healthy, or failed (a Failed object, or the timeout); `changed` as `start` was told. */
export type HealthDone = (app: number, healthy: boolean, changed: boolean) => void;

export class FluxHealthWait {
  /** When each app's wait times out (`.spec.timeout` after it began). */
  private readonly deadlineMs: Float64Array;
  /** Whether the apply before each app's wait changed something. */
  private readonly changed: Uint8Array;
  private readonly onPoll = (app: number): void => this.poll(app);

  constructor(
    private readonly engine: Engine,
    private readonly cluster: Pick<ClusterApi, 'readiness'>,
    appCount: number,
    private readonly timeoutMs: number,
    /** Without a Deployment the app's objects (ConfigMaps, Services) are Current once applied. */
    private readonly hasDeployment: boolean,
    private readonly done: HealthDone,
  ) {
    this.deadlineMs = new Float64Array(appCount);
    this.changed = new Uint8Array(appCount);
  }

  /**
   * Waits for the app's objects. The first read is at once; after an apply that changed the Deployment, it
   * comes after the Deployment controller's sync of the new spec at this instant: upstream, the poller
   * starts after a status PATCH and a LIST per kind, by when the controller, which watches the
   * Deployment, has usually observed the new generation. An app without a Deployment passes at once.
   */
  start(app: number, changed: boolean): void {
    this.deadlineMs[app] = this.engine.now + this.timeoutMs;
    this.changed[app] = changed ? 1 : 0;
    if (!this.hasDeployment) this.done(app, true, changed);
    else if (changed) this.engine.afterFixed(0, this.onPoll, app);
    else this.poll(app);
  }

  private poll(app: number): void {
    const now = this.engine.now;
    const deadline = this.deadlineMs[app];
    // The context's deadline: the last read was not Current, so the check fails ("timeout waiting for").
    if (now >= deadline) {
      this.done(app, false, this.changed[app] === 1);
      return;
    }
    const status = this.cluster.readiness(app);
    // FailFast (on unless the DisableFailFastBehavior gate): a Failed object ends the wait at once.
    if (status !== 'InProgress') {
      this.done(app, status === 'Current', this.changed[app] === 1);
      return;
    }
    this.engine.afterFixed(Math.min(FLUX_HEALTH_POLL_MS, deadline - now), this.onPoll, app);
  }
}
