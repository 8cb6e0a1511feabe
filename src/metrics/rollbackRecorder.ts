/**
 * rollbackCorrect: a rollback is correct when, after it, the app serves the
 * known-good bytes in full: every Ready replica runs the known-good digest
 * and there are as many Ready replicas as the Deployment's replicas (the live
 * count, so a scale drift does not hide whether the bytes came back). It must
 * happen before the next commit to the app or the horizon; the first such
 * moment is restoredMs (restoredMs - detectedMs is DORA's time to restore).
 *
 * A revert restores the manifest, not the bytes: when the known-good manifest
 * names a tag that has moved since (or `latest`), the pods it creates pull
 * other bytes and the rollback is incorrect; with a digest it is exact.
 * Detections with method `none` roll nothing back and are not recorded.
 */
import type { RollbackEvent, RollbackListener, RollbackMethod } from '../disturbance/rollback.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import type { RunResult } from './results.ts';

export interface RollbackResult {
  readonly app: number;
  readonly detectedMs: number;
  readonly method: RollbackMethod;
  readonly correct: boolean;
  /** When the app first served the known-good bytes in full; null when it never did in time. */
  readonly restoredMs: number | null;
}

export class RollbackRecorder {
  private readonly results: RollbackResult[] = [];
  /** Per app, the rollback being judged. */
  private readonly open: (RollbackEvent | undefined)[];

  constructor(
    rollbacks: { onRollback(listener: RollbackListener): void },
    git: GitRepo,
    private readonly cluster: ClusterApi,
    private readonly nowMs: () => number,
  ) {
    this.open = new Array(git.appCount);
    // The rollback's own commit (revert, rerun) lands before its event, so every commit seen here is a later change.
    git.onCommit((commit) => this.fail(commit.app));
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
        correct: r.correct,
        restoreMs: r.restoredMs === null ? null : r.restoredMs - r.detectedMs,
      })),
    };
  }

  /** Ends the run: rollbacks still being judged are incorrect. Returns every one, in detection order. */
  finish(): RollbackResult[] {
    for (let app = 0; app < this.open.length; app++) this.fail(app);
    return this.results.sort((a, b) => a.detectedMs - b.detectedMs || a.app - b.app);
  }

  private opened(event: RollbackEvent): void {
    if (event.method === 'none') return;
    this.fail(event.app);
    this.open[event.app] = event;
    this.check(event.app);
  }

  private check(app: number): void {
    const event = this.open[app];
    if (event === undefined) return;
    const replicas = this.cluster.spec(app)?.replicas;
    const ready = this.cluster.readyPods(app);
    if (replicas === undefined || ready !== replicas || this.cluster.readyWith(app, event.knownGoodDigest) !== ready) {
      return;
    }
    this.open[app] = undefined;
    this.results.push({ ...outcome(event), correct: true, restoredMs: this.nowMs() });
  }

  private fail(app: number): void {
    const event = this.open[app];
    if (event === undefined) return;
    this.open[app] = undefined;
    this.results.push({ ...outcome(event), correct: false, restoredMs: null });
  }
}

function outcome(event: RollbackEvent): Pick<RollbackResult, 'app' | 'detectedMs' | 'method'> {
  return { app: event.app, detectedMs: event.detectedMs, method: event.method };
}
