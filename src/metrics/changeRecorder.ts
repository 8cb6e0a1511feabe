/**
 * Follows every change to the config repo until the cluster runs it.
 * convergenceMs is the time from a commit to the first moment the app is
 * converged: as many Ready pods running the commit's intended digest as Git
 * declares replicas, and no other pods. A change that a newer commit to the
 * same app replaces first is counted as superseded, never dropped.
 *
 * A release committed again (image automation writes its pick back over a
 * revert) is a release again, bad or not, but has no lead time of its own:
 * its code commit reached production at its first convergence.
 */
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Commit, GitRepo, ReleaseOrigin } from '../model/gitRepo.ts';
import { fromNullableField, nullableField, type RecordCodec, RecordTable } from './recordTable.ts';
import type { ChangeOutcome, ChangeRecord, RunResult } from './results.ts';

export class ChangeRecorder {
  private readonly closed: ChangeRecord[] = [];
  private readonly open: (Commit | undefined)[];
  /** Per app, the origin whose lead time was last counted (a commit again of its release shares the object). */
  private readonly leadTimeOf: (ReleaseOrigin | undefined)[];

  constructor(
    git: GitRepo,
    private readonly cluster: ClusterApi,
    private readonly nowMs: () => number,
  ) {
    this.open = new Array(git.appCount);
    this.leadTimeOf = new Array(git.appCount);
    git.onCommit((commit) => this.opened(commit));
    cluster.onAppChange((app) => {
      const change = this.open[app];
      if (change !== undefined && this.converged(change)) {
        this.close(change, { state: 'converged', convergenceMs: this.nowMs() - change.atMs });
      }
    });
  }

  /** This recorder's part of the run: its changes packed, as the run's result keeps them until the report. */
  slice(): Pick<RunResult, 'changes'> {
    return { changes: new RecordTable(CHANGE_CODEC, this.finish()) };
  }

  /** Ends the run: changes still open are counted as open. Returns every change, oldest first. */
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
    const origin = change.origin;
    let codeCommitMs = origin?.codeCommitMs ?? null;
    if (origin !== undefined && outcome.state === 'converged') {
      if (this.leadTimeOf[change.app] === origin) codeCommitMs = null;
      else this.leadTimeOf[change.app] = origin;
    }
    this.closed.push({
      app: change.app,
      revision: change.revision,
      kind: change.kind,
      codeCommitMs,
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

/** The duration each outcome state carries, by state. */
function outcome(state: ChangeOutcome['state'], durationMs: number): ChangeOutcome {
  if (state === 'converged') return { state, convergenceMs: durationMs };
  if (state === 'superseded') return { state, supersededAfterMs: durationMs };
  return { state, openMs: durationMs };
}

function outcomeDurationMs(o: ChangeOutcome): number {
  return o.state === 'converged' ? o.convergenceMs : o.state === 'superseded' ? o.supersededAfterMs : o.openMs;
}

/** A change as 8 numbers: app, revision, kind, code commit time, bad, time, outcome state and its duration. */
export const CHANGE_CODEC: RecordCodec<ChangeRecord> = {
  width: 8,
  encode(c, row, at, strings) {
    row[at] = c.app;
    row[at + 1] = c.revision;
    row[at + 2] = strings.index(c.kind);
    row[at + 3] = nullableField(c.codeCommitMs);
    row[at + 4] = c.bad ? 1 : 0;
    row[at + 5] = c.atMs;
    row[at + 6] = strings.index(c.outcome.state);
    row[at + 7] = outcomeDurationMs(c.outcome);
  },
  decode(row, at, strings) {
    return {
      app: row[at],
      revision: row[at + 1],
      kind: strings.text(row[at + 2]) as ChangeRecord['kind'],
      codeCommitMs: fromNullableField(row[at + 3]),
      bad: row[at + 4] === 1,
      atMs: row[at + 5],
      outcome: outcome(strings.text(row[at + 6]) as ChangeOutcome['state'], row[at + 7]),
    };
  },
};
