/**
 * The Git config repo: a linear history of commits, each setting the desired
 * state of one app. Revision 0 is the initial state of every app.
 */
import type { AppState } from './reconcile.ts';

export interface Commit {
  /** 1-based commit number; 0 is the initial state. */
  readonly revision: number;
  readonly atMs: number;
  readonly app: number;
  readonly desired: AppState;
}

export type CommitListener = (commit: Commit) => void;

export class GitRepo {
  private readonly desired: AppState[];
  private readonly appRevision: Int32Array;
  private readonly listeners: CommitListener[] = [];
  private headRevision = 0;

  constructor(initial: readonly AppState[]) {
    this.desired = initial.slice();
    this.appRevision = new Int32Array(initial.length);
  }

  get appCount(): number {
    return this.desired.length;
  }

  /** The newest revision of the whole repo. */
  get head(): number {
    return this.headRevision;
  }

  /** What HEAD declares for an app. */
  desiredAt(app: number): AppState {
    return this.desired[app];
  }

  /** The revision that last changed an app. */
  revisionOf(app: number): number {
    return this.appRevision[app];
  }

  /** Called after every commit, in the order listeners were added. */
  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  commit(atMs: number, app: number, desired: AppState): Commit {
    const commit: Commit = { revision: ++this.headRevision, atMs, app, desired };
    this.desired[app] = desired;
    this.appRevision[app] = commit.revision;
    for (const listener of this.listeners) listener(commit);
    return commit;
  }
}
