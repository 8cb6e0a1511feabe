/**
 * A mass change (one commit to every app at once: a base image bump, a
 * platform-wide setting) and how long the delivery system takes to bring the
 * whole fleet along: until every app's live spec names the new image
 * (applied), and until every app runs it on all desired replicas (converged).
 * An app that gets a newer commit meanwhile no longer holds the fleet back.
 */
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Commit, GitRepo } from '../model/gitRepo.ts';
import { specApplied } from './changeRecorder.ts';
import type { MassChangeRecord, RunResult } from './results.ts';

interface Pending {
  readonly atMs: number;
  readonly commits: (Commit | undefined)[];
  appliedLeft: number;
  convergedLeft: number;
  readonly applied: Uint8Array;
  readonly converged: Uint8Array;
  appliedMs: number | null;
  convergedMs: number | null;
}

export class MassChangeRecorder {
  private readonly changes: Pending[] = [];

  constructor(
    private readonly git: GitRepo,
    private readonly cluster: ClusterApi,
    private readonly nowMs: () => number,
  ) {
    cluster.onAppChange((app) => this.check(app));
  }

  /** Call right after committing `commits` (one per app) at once. */
  started(commits: readonly Commit[]): void {
    const n = this.git.appCount;
    const pending: Pending = {
      atMs: this.nowMs(),
      commits: new Array(n),
      appliedLeft: commits.length,
      convergedLeft: commits.length,
      applied: new Uint8Array(n),
      converged: new Uint8Array(n),
      appliedMs: null,
      convergedMs: null,
    };
    for (const commit of commits) pending.commits[commit.app] = commit;
    this.changes.push(pending);
    for (const commit of commits) this.checkOne(pending, commit.app);
  }

  /** This recorder's part of the run. */
  slice(): Pick<RunResult, 'massChanges'> {
    return { massChanges: this.finish() };
  }

  finish(): MassChangeRecord[] {
    return this.changes.map((c) => ({ atMs: c.atMs, appliedMs: c.appliedMs, convergedMs: c.convergedMs }));
  }

  private check(app: number): void {
    for (const pending of this.changes) {
      if (pending.appliedLeft > 0 || pending.convergedLeft > 0) this.checkOne(pending, app);
    }
  }

  private checkOne(p: Pending, app: number): void {
    const commit = p.commits[app];
    if (commit === undefined) return;
    const moved = this.git.latest(app).revision !== commit.revision;
    const now = this.nowMs();
    if (p.applied[app] === 0) {
      if (moved || specApplied(this.cluster, commit)) {
        p.applied[app] = 1;
        if (--p.appliedLeft === 0) p.appliedMs = now - p.atMs;
      }
    }
    if (p.converged[app] === 0) {
      const replicas = commit.desired.replicas;
      // Without pods, converged is applied.
      if (
        moved ||
        (replicas === 0
          ? p.applied[app] === 1
          : this.cluster.readyWith(app, commit.intendedDigest) === replicas && this.cluster.activePods(app) === replicas)
      ) {
        p.converged[app] = 1;
        if (--p.convergedLeft === 0) p.convergedMs = now - p.atMs;
      }
    }
  }
}
