/**
 * The Git config repo: a linear history of commits, each setting the desired
 * manifest of one app. Revision 0 is the initial state of every app. A revert
 * is a new commit that restores an app's manifest at an earlier revision.
 * Webhooks reach their listeners after a delay; during an outage fetches fail,
 * and a push that waits for the server (`whenUp`: CI's commit of a release)
 * lands when the outage ends.
 *
 * Environments kept as folders (or branches) of one repository are one
 * GitRepo each over a shared server: one revision counter and one outage
 * state, so a commit to one environment is a new revision of the repository
 * for every other.
 */
import { DOUBLE_FIRST } from '../engine/doubleFirst.ts';
import type { Engine } from '../engine/engine.ts';
import type { Manifest } from './cluster/cluster.ts';

export interface Commit {
  /** 1-based commit number; 0 is the initial state. */
  readonly revision: number;
  readonly atMs: number;
  readonly app: number;
  readonly desired: Manifest;
  /** The bytes the author meant to run: the digest CI built for this manifest. */
  readonly intendedDigest: string;
  /** A new release, or a revert to an earlier revision. */
  readonly kind: 'release' | 'revert';
  /**
   * For a release from CI: when its code commit was made, whether the build is (secretly) bad, and whether the
   * cluster refuses its manifest.
   */
  readonly origin?: ReleaseOrigin;
}

export interface ReleaseOrigin {
  readonly codeCommitMs: number;
  readonly bad: boolean;
  /** Every apply of this commit's manifest is refused (ci.badManifest; delivery/badManifest.ts). */
  readonly badManifest: boolean;
}

export type CommitListener = (commit: Commit) => void;

/** What folders of one repository share: its newest revision and its outages. */
interface RepositoryServer {
  head: number;
  downUntilMs: number;
  downFromMs: number;
}

/** An app's history up to this many commits is kept in an array of its exact length. */
const SHORT_HISTORY_COMMITS = 4;

export class GitRepo {
  private readonly history: Commit[][];
  /** The last commit of each app's history, kept apart: every refresh of every app reads it. */
  private readonly heads: Commit[];
  private readonly listeners: CommitListener[] = [];
  private readonly webhookListeners: CommitListener[] = [];
  private readonly webhookQueue = new Map<number, Commit>();
  private readonly deliver = (revision: number): void => this.deliverWebhook(revision);
  private readonly server: RepositoryServer;
  /** Pushes waiting for the outage to end, oldest first. */
  private readonly waitingPushes: (() => void)[] = [];
  private readonly retryPushes = (): void => this.landWaitingPushes();
  /** Fetches answered, and refused during outages. */
  fetches = 0;
  failedFetches = 0;

  constructor(
    private readonly engine: Engine,
    initial: readonly { desired: Manifest; intendedDigest: string }[],
    private readonly webhookDelayMs: number,
    /** Another folder of the same repository; without it, a repository of its own. */
    sameRepository?: GitRepo,
  ) {
    this.server = sameRepository?.server ?? { head: 0, downUntilMs: Number.NEGATIVE_INFINITY, downFromMs: Number.POSITIVE_INFINITY };
    // Every field a later commit has, in its order (origin too), so every commit has one object shape.
    this.history = initial.map((s, app) => [
      newCommit(0, 0, app, s.desired, s.intendedDigest, 'release', undefined),
    ]);
    this.heads = this.history.map((commits) => commits[0]);
  }

  get appCount(): number {
    return this.history.length;
  }

  /** The newest revision of the whole repo. */
  get head(): number {
    return this.server.head;
  }

  /** The newest commit for an app (revision 0 before any). */
  latest(app: number): Commit {
    return this.heads[app];
  }

  /** What HEAD declares for an app. */
  desiredAt(app: number): Manifest {
    return this.latest(app).desired;
  }

  /** Every commit of an app, oldest first. */
  historyOf(app: number): readonly Commit[] {
    return this.history[app];
  }

  /** Called at once after every commit, in the order listeners were added. */
  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** Called `webhookDelay` after every commit. */
  onWebhook(listener: CommitListener): void {
    this.webhookListeners.push(listener);
  }

  commit(
    app: number,
    desired: Manifest,
    intendedDigest: string,
    kind: Commit['kind'] = 'release',
    origin?: ReleaseOrigin,
  ): Commit {
    const commit = newCommit(++this.server.head, this.engine.now, app, desired, intendedDigest, kind, origin);
    const commits = this.history[app];
    // Copied while short: a push gives the array room for 16 more commits (about 130 bytes an app),
    // which most apps, one release in a run, never use.
    if (commits.length < SHORT_HISTORY_COMMITS) this.history[app] = [...commits, commit];
    else commits.push(commit);
    this.heads[app] = commit;
    for (const listener of this.listeners) listener(commit);
    if (this.webhookListeners.length > 0) {
      this.webhookQueue.set(commit.revision, commit);
      this.engine.after(this.webhookDelayMs, this.deliver, commit.revision);
    }
    return commit;
  }

  /** `git revert`: a new commit restoring the app's manifest (and intended bytes) as of `revision`. */
  revert(app: number, revision: number): Commit {
    const target = this.history[app].findLast((c) => c.revision <= revision);
    if (target === undefined) throw new RangeError(`app ${app} has no commit at or before revision ${revision}`);
    return this.commit(app, target.desired, target.intendedDigest, 'revert');
  }

  /** Git is down from now for `downForMs`. */
  startOutage(downForMs: number): void {
    const now = this.engine.now;
    // An outage that starts during another extends it rather than cutting it short.
    const server = this.server;
    if (!this.isAvailable()) {
      server.downUntilMs = Math.max(server.downUntilMs, now + downForMs);
      return;
    }
    server.downFromMs = now;
    server.downUntilMs = now + downForMs;
  }

  isAvailable(): boolean {
    const now = this.engine.now;
    return now < this.server.downFromMs || now >= this.server.downUntilMs;
  }

  /**
   * A push by a client that retries until it lands (CI's `git push`): `push`
   * makes its commit now if the server is up, else when the outage ends (after
   * any outage that extends it), in the order the pushes were made.
   * Simplified: it lands at the outage's end, not at the client's first retry
   * after it.
   */
  whenUp(push: () => void): void {
    if (this.isAvailable()) {
      push();
      return;
    }
    if (this.waitingPushes.push(push) === 1) this.engine.atFixed(this.server.downUntilMs, this.retryPushes);
  }

  private landWaitingPushes(): void {
    // An outage that started meanwhile (one window per server) holds them until its end.
    if (!this.isAvailable()) {
      this.engine.atFixed(this.server.downUntilMs, this.retryPushes);
      return;
    }
    const pushes = this.waitingPushes.splice(0);
    for (const push of pushes) push();
  }

  /** A fetch by a controller: true when it succeeds. */
  fetch(): boolean {
    if (this.isAvailable()) {
      this.fetches++;
      return true;
    }
    this.failedFetches++;
    return false;
  }

  private deliverWebhook(revision: number): void {
    const commit = this.webhookQueue.get(revision)!;
    this.webhookQueue.delete(revision);
    for (const listener of this.webhookListeners) listener(commit);
  }
}

/** A commit, every one with the same fields in the same order, its time a double from the first (see DOUBLE_FIRST). */
function newCommit(
  revision: number,
  atMs: number,
  app: number,
  desired: Manifest,
  intendedDigest: string,
  kind: Commit['kind'],
  origin: ReleaseOrigin | undefined,
): Commit {
  const commit = { revision, atMs: DOUBLE_FIRST, app, desired, intendedDigest, kind, origin };
  commit.atMs = atMs;
  return commit;
}
