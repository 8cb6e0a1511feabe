/**
 * Progressive rollouts as the run sees them: how long promotions took, how
 * many rollouts were aborted, and how long an abort left Git naming a release
 * the cluster does not serve (a rollout controller never writes to Git, and
 * the GitOps controller sees the spec it applied: no difference, no alert).
 * That time runs from the abort to the app's next commit, or the horizon; an
 * abort after Git already moved on (a revert not yet applied) opens none.
 */
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import type { RolloutRecord, RunResult } from './results.ts';

export class RolloutRecorder {
  private readonly promotionMs: number[] = [];
  private started = 0;
  private aborted = 0;
  private gitAheadMs = 0;
  /** When the app's last rollout was aborted, while Git still names it; NaN otherwise. */
  private readonly abortedAtMs: Float64Array;

  constructor(
    cluster: Pick<ClusterApi, 'appCount' | 'onRollout' | 'spec'>,
    git: Pick<GitRepo, 'onCommit' | 'desiredAt'>,
    private readonly nowMs: () => number,
  ) {
    this.abortedAtMs = new Float64Array(cluster.appCount).fill(Number.NaN);
    cluster.onRollout((app, kind, atMs, startedMs) => {
      if (kind === 'started') this.started++;
      else if (kind === 'promoted') this.promotionMs.push(atMs - startedMs);
      else if (kind === 'aborted') {
        this.aborted++;
        if (cluster.spec(app)?.image === git.desiredAt(app).image) this.abortedAtMs[app] = atMs;
      }
    });
    git.onCommit((commit) => this.close(commit.app, commit.atMs));
  }

  /** This recorder's part of the run. */
  slice(): Pick<RunResult, 'rollouts'> {
    return { rollouts: this.finish() };
  }

  finish(): RolloutRecord {
    const now = this.nowMs();
    for (let app = 0; app < this.abortedAtMs.length; app++) this.close(app, now);
    return {
      started: this.started,
      promotionMs: this.promotionMs,
      aborted: this.aborted,
      gitAheadMs: this.gitAheadMs,
    };
  }

  private close(app: number, atMs: number): void {
    const since = this.abortedAtMs[app];
    if (Number.isNaN(since)) return;
    this.gitAheadMs += atMs - since;
    this.abortedAtMs[app] = Number.NaN;
  }
}
