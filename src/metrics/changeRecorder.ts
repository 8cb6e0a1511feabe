/**
 * Follows every change to the config repo until the cluster runs it.
 * convergenceMs is the time from a commit to the first moment the app is
 * converged: as many Ready pods running the commit's intended digest as Git
 * declares replicas, and no other pods. A change that a newer commit to the
 * same app replaces first is counted as superseded, never dropped.
 */
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Commit, GitRepo } from '../model/gitRepo.ts';
import type { ChangeRecord, RunResult } from './results.ts';

export class ChangeRecorder {
  private readonly closed: ChangeRecord[] = [];
  private readonly open: (Commit | undefined)[];

  constructor(
    git: GitRepo,
    private readonly cluster: ClusterApi,
    private readonly nowMs: () => number,
  ) {
    this.open = new Array(git.appCount);
    git.onCommit((commit) => this.opened(commit));
    cluster.onAppChange((app) => {
      const change = this.open[app];
      if (change !== undefined && this.converged(change)) {
        this.close(change, { state: 'converged', convergenceMs: this.nowMs() - change.atMs });
      }
    });
  }

  /** Ends the run: changes still open are counted as open. Returns every change, oldest first. */
  /** This recorder's part of the run. */
  slice(): Pick<RunResult, 'changes'> {
    return { changes: this.finish() };
  }

  finish(): ChangeRecord[] {
    for (const change of this.open) {
      if (change !== undefined) this.close(change, { state: 'open', openMs: this.nowMs() - change.atMs });
    }
    return this.closed.sort((a, b) => a.revision - b.revision);
  }

  private converged(change: Commit): boolean {
    const replicas = change.desired.replicas;
    // An app without pods (ConfigMaps only, or scaled to 0) has converged once its spec is applied.
    if (replicas === 0) return specApplied(this.cluster, change);
    return (
      this.cluster.readyWith(change.app, change.intendedDigest) === replicas &&
      this.cluster.activePods(change.app) === replicas
    );
  }

  private opened(commit: Commit): void {
    const previous = this.open[commit.app];
    if (previous !== undefined) {
      this.close(previous, { state: 'superseded', supersededAfterMs: commit.atMs - previous.atMs });
    }
    this.open[commit.app] = commit;
    if (this.converged(commit)) this.close(commit, { state: 'converged', convergenceMs: 0 });
  }

  private close(change: Commit, outcome: ChangeRecord['outcome']): void {
    this.open[change.app] = undefined;
    this.closed.push({
      app: change.app,
      revision: change.revision,
      kind: change.kind,
      codeCommitMs: change.origin?.codeCommitMs ?? null,
      bad: change.origin?.bad ?? false,
      atMs: change.atMs,
      outcome,
    });
  }
}

/** The live spec names what `commit` declares. */
export function specApplied(cluster: ClusterApi, commit: Commit): boolean {
  const live = cluster.spec(commit.app);
  return live !== null && live.image === commit.desired.image && live.replicas === commit.desired.replicas;
}
