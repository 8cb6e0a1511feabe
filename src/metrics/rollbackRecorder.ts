/**
 * How each rollback ended, judged until the app's next commit or the horizon:
 * - correct: the app serves the known-good bytes in full: every Ready replica
 *   runs the known-good digest and there are as many Ready replicas as the
 *   Deployment's replicas (the live count, so a scale drift does not hide
 *   whether the bytes came back). The first such moment is restoredMs
 *   (restoredMs - detectedMs is DORA's time to restore);
 * - wrong: it finished on other bytes: once the Deployment has named the
 *   known-good image reference, a rollout is over (every pod Ready and in the
 *   current ReplicaSet) on another digest. A revert restores the manifest,
 *   not the bytes: when the known-good manifest names a tag that has moved
 *   since (or `latest`), the pods pull other bytes; an undo that a
 *   controller puts back ends on the bad bytes, and so does a revert that a
 *   commit of the bad release undoes first (image automation committing its
 *   pick again): that commit ends the rollback as wrong;
 * - unfinished: neither happened in time (a slow deploy job, a rollout still
 *   going, a deploy given up). A slow rollback is not a wrong one, so
 *   rollbackCorrect counts finished rollbacks only and these are reported
 *   on their own (rollbackUnfinished).
 * Detections with method `none` roll nothing back and are not recorded.
 */
import type { RollbackEvent, RollbackListener, RollbackMethod } from '../disturbance/rollback.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Commit, GitRepo } from '../model/gitRepo.ts';
import type { RunResult } from './results.ts';

export interface RollbackResult {
  readonly app: number;
  readonly detectedMs: number;
  readonly method: RollbackMethod;
  /** Finished (correct or wrong) before the app's next commit or the horizon. */
  readonly finished: boolean;
  readonly correct: boolean;
  /** When the app first served the known-good bytes in full; null when it never did in time. */
  readonly restoredMs: number | null;
}

export class RollbackRecorder {
  private readonly results: RollbackResult[] = [];
  /** Per app, the rollback being judged. */
  private readonly open: (RollbackEvent | undefined)[];
  /** Per app, whether the Deployment has named the known-good reference since that rollback. */
  private readonly applied: boolean[];

  constructor(
    rollbacks: { onRollback(listener: RollbackListener): void },
    git: GitRepo,
    private readonly cluster: ClusterApi,
    private readonly nowMs: () => number,
  ) {
    this.open = new Array(git.appCount);
    this.applied = new Array(git.appCount).fill(false);
    // The rollback's own commit (revert, rerun) lands before its event, so every commit seen here is a later change.
    git.onCommit((commit) => this.committed(commit));
    rollbacks.onRollback((event) => this.opened(event));
    cluster.onAppChange((app) => this.check(app));
  }

  /** Ends the run: this recorder's part of it. */
  slice(): Pick<RunResult, 'rollbacks'> {
    return {
      rollbacks: this.finish().map((r) => ({
        app: r.app,
        method: r.method,
        detectedMs: r.detectedMs,
        finished: r.finished,
        correct: r.correct,
        restoreMs: r.restoredMs === null ? null : r.restoredMs - r.detectedMs,
      })),
    };
  }

  /** Ends the run: rollbacks still being judged are unfinished. Returns every one, in detection order. */
  finish(): RollbackResult[] {
    for (let app = 0; app < this.open.length; app++) this.unfinished(app);
    return this.results.sort((a, b) => a.detectedMs - b.detectedMs || a.app - b.app);
  }

  private opened(event: RollbackEvent): void {
    if (event.method === 'none') return;
    this.unfinished(event.app);
    this.open[event.app] = event;
    this.applied[event.app] = false;
    this.check(event.app);
  }

  private check(app: number): void {
    const event = this.open[app];
    if (event === undefined) return;
    const spec = this.cluster.spec(app);
    if (spec === null) return;
    if (spec.image === event.knownGoodRef) this.applied[app] = true;
    const ready = this.cluster.readyPods(app);
    if (ready !== spec.replicas) return;
    if (this.cluster.readyWith(app, event.knownGoodDigest) === ready) {
      this.open[app] = undefined;
      this.results.push({ ...outcome(event), finished: true, correct: true, restoredMs: this.nowMs() });
      return;
    }
    if (this.applied[app] && this.rolloutOver(app, spec.image, ready)) {
      this.open[app] = undefined;
      this.results.push({ ...outcome(event), finished: true, correct: false, restoredMs: null });
    }
  }

  /** Every pod of the app Ready and in the ReplicaSet of the current template. */
  private rolloutOver(app: number, image: string, ready: number): boolean {
    if (this.cluster.activePods(app) !== ready) return false;
    const current = this.cluster.replicaSetsOf(app).findLast((rs) => rs.image === image);
    return current !== undefined && current.pods === ready;
  }

  private committed(commit: Commit): void {
    const event = this.open[commit.app];
    if (event === undefined || commit.intendedDigest !== event.badDigest) {
      this.unfinished(commit.app);
      return;
    }
    this.open[commit.app] = undefined;
    this.results.push({ ...outcome(event), finished: true, correct: false, restoredMs: null });
  }

  private unfinished(app: number): void {
    const event = this.open[app];
    if (event === undefined) return;
    this.open[app] = undefined;
    this.results.push({ ...outcome(event), finished: false, correct: false, restoredMs: null });
  }
}

function outcome(event: RollbackEvent): Pick<RollbackResult, 'app' | 'detectedMs' | 'method'> {
  return { app: event.app, detectedMs: event.detectedMs, method: event.method };
}
