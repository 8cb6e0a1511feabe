/**
 * Bad releases and their rollbacks. A bad release is found `detectAfterMs`
 * after it reached production: after the first moment a Ready pod of the app
 * runs its digest, since only traffic reveals the fault. A bad release that
 * never ran (a newer commit replaced it first) is never found. If, when it is
 * found, Git HEAD of the app is no longer the bad commit, the fix has already
 * shipped and nobody rolls back.
 *
 * The rollback goes to the known-good release: the newest earlier commit of
 * the app that is not a bad release and whose manifest the cluster took (one
 * with a bad manifest never ran). Methods:
 * - revert: `git revert` of the bad commit (a new commit restoring the known-good manifest);
 * - rerun: push's way: CI re-runs the known-good release's deploy job, which
 *   applies its manifest and commits it to Git. The commit is made at once
 *   and push's deploy job applies it (delivery/push.ts). Push only: a pull
 *   system has no deploy job to re-run, and the scenario schema refuses it;
 * - undo: `kubectl rollout undo` by a person; Git still says the bad release,
 *   so a self-healing controller puts it back;
 * - pause: pull's fast way: a person stops the controller deploying the app
 *   from Git and has it run the known-good manifests (Argo CD: auto-sync off,
 *   then `argocd app rollback`; Flux: `flux suspend kustomization`, then an
 *   apply; see the controllers' `pause`). Git still says the bad release. The
 *   person resumes at the first later release commit of the app not found
 *   bad (the fix shipped); until then nothing of the app's Git is deployed.
 *   Pull only: push has nothing to pause, and the scenario schema refuses it;
 * - none: the fault is found and nothing is done.
 *
 * Every commit of a known-bad release is watched, not only its first: image
 * automation commits its pick again after a revert (delivery/imageAutomation.ts),
 * and the bad bytes running again are found again, `detectAfterMs` later.
 *
 * Every person's step acts at the detection (or, for a resume, at the commit),
 * with no delay of its own: the time to act is in `detectAfterMs`.
 *
 * Every detection that leads to a rollback (or to nothing, for `none`) is
 * emitted as a RollbackEvent after the method has acted. Every detection,
 * that one too and one that comes after a newer commit, is announced to
 * `onFound` listeners first (promotion stops a release found bad).
 */
import type { Engine } from '../engine/engine.ts';
import type { Release } from '../model/ciPipeline.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import { RollbackError } from '../model/deploymentSync.ts';
import type { Delivery } from '../model/deliverySystem.ts';
import type { Commit, GitRepo } from '../model/gitRepo.ts';
import { manifestRefused } from '../delivery/badManifest.ts';

export type RollbackMethod = 'revert' | 'rerun' | 'undo' | 'pause' | 'none';

export interface RollbackEvent {
  readonly app: number;
  readonly badDigest: string;
  /** The intended digest of the known-good commit. */
  readonly knownGoodDigest: string;
  /** Its image reference in Git. */
  readonly knownGoodRef: string;
  readonly method: RollbackMethod;
  readonly detectedMs: number;
}

export type RollbackListener = (event: RollbackEvent) => void;

/** Where releases come from (a CiPipeline fits). */
export interface ReleaseSource {
  onRelease(listener: (release: Release) => void): void;
}

interface BadRelease {
  readonly commit: Commit;
  readonly detectAfterMs: number;
}

export class Rollbacks {
  private readonly listeners: RollbackListener[] = [];
  private readonly foundListeners: ((digest: string) => void)[] = [];
  /** Each bad release's time to detection, by digest. */
  private readonly badReleases = new Map<string, number>();
  /** Per app, the bad commit waiting to reach production. */
  private readonly waiting: (BadRelease | undefined)[];
  /** Bad releases in production, by a sequence number, until they are found. */
  private readonly running = new Map<number, BadRelease>();
  private nextSeq = 0;
  private readonly onDetect = (seq: number): void => this.detect(seq);
  /** Digests found bad so far: what a person knows (a bad release not found yet looks like any other). */
  private readonly found = new Set<string>();
  /** Per paused app, the known-good commit it runs; undefined when not paused. */
  private readonly pinnedGood: (Commit | undefined)[];
  private readonly pauseListeners: ((app: number) => void)[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly git: GitRepo,
    private readonly cluster: ClusterApi,
    releases: ReleaseSource,
    private readonly method: RollbackMethod,
    /** The delivery system of these apps: `pause` pauses and resumes it. */
    private readonly delivery?: Pick<Delivery, 'pause' | 'resume'>,
  ) {
    if (method === 'pause' && (delivery?.pause === undefined || delivery.resume === undefined)) {
      throw new RangeError('rollback pause needs a pull delivery system to pause');
    }
    this.waiting = new Array(git.appCount);
    this.pinnedGood = new Array(git.appCount);
    releases.onRelease((release) => this.released(release));
    git.onCommit((commit) => this.committed(commit));
    cluster.onAppChange((app) => this.checkRunning(app));
  }

  onRollback(listener: RollbackListener): void {
    this.listeners.push(listener);
  }

  /** Called with the digest of every bad release found, rolled back or not. */
  onFound(listener: (digest: string) => void): void {
    this.foundListeners.push(listener);
  }

  /** The known-good commit a paused app runs instead of Git HEAD; undefined when the app is not paused. */
  pinned(app: number): Commit | undefined {
    return this.pinnedGood[app];
  }

  /** Called with the app each time a pause begins or ends. */
  onPauseChange(listener: (app: number) => void): void {
    this.pauseListeners.push(listener);
  }

  private released(release: Release): void {
    if (!release.bad) return;
    this.badReleases.set(release.digest, release.detectAfterMs!);
    // CI committed it before this listener ran; otherwise its commit comes later (image automation).
    const head = this.git.latest(release.app);
    if (head.kind === 'release' && head.intendedDigest === release.digest) this.watch(head, release.detectAfterMs!);
  }

  private committed(commit: Commit): void {
    // Any newer commit replaces a bad one that has not run yet.
    this.waiting[commit.app] = undefined;
    // The fix shipped: a newer release nobody has found bad.
    if (this.pinnedGood[commit.app] !== undefined && commit.kind === 'release' && !this.found.has(commit.intendedDigest)) {
      this.setPinned(commit.app, undefined);
      this.delivery!.resume!(commit.app);
    }
    const detectAfterMs = this.badReleases.get(commit.intendedDigest);
    if (commit.kind === 'release' && detectAfterMs !== undefined) this.watch(commit, detectAfterMs);
  }

  private watch(commit: Commit, detectAfterMs: number): void {
    this.waiting[commit.app] = { commit, detectAfterMs };
    this.checkRunning(commit.app);
  }

  private checkRunning(app: number): void {
    const bad = this.waiting[app];
    if (bad === undefined || this.cluster.readyWith(app, bad.commit.intendedDigest) === 0) return;
    this.waiting[app] = undefined;
    const seq = this.nextSeq++;
    this.running.set(seq, bad);
    this.engine.after(bad.detectAfterMs, this.onDetect, seq);
  }

  private detect(seq: number): void {
    const { commit } = this.running.get(seq)!;
    this.running.delete(seq);
    this.found.add(commit.intendedDigest);
    for (const listener of this.foundListeners) listener(commit.intendedDigest);
    const app = commit.app;
    if (this.git.latest(app) !== commit) return;
    const good = this.git
      .historyOf(app)
      .findLast((c) => c.revision < commit.revision && !this.badReleases.has(c.intendedDigest) && !manifestRefused(c));
    // Revision 0 is never a bad release, so there always is one.
    if (good === undefined) return;
    switch (this.method) {
      // Both are a commit; what push runs for it (a build, or the deploy job alone) is push's.
      case 'revert':
      case 'rerun':
        this.git.revert(app, good.revision);
        break;
      case 'undo':
        try {
          this.cluster.rolloutUndo(app, 0, 'person');
        } catch (error) {
          // kubectl refuses (no earlier ReplicaSet left): the attempt is still made, and fails.
          if (!(error instanceof RollbackError)) throw error;
        }
        break;
      case 'pause':
        this.setPinned(app, good);
        this.delivery!.pause!(app, good);
        break;
      case 'none':
        break;
    }
    const event: RollbackEvent = {
      app,
      badDigest: commit.intendedDigest,
      knownGoodDigest: good.intendedDigest,
      knownGoodRef: good.desired.image,
      method: this.method,
      detectedMs: this.engine.now,
    };
    for (const listener of this.listeners) listener(event);
  }

  private setPinned(app: number, commit: Commit | undefined): void {
    this.pinnedGood[app] = commit;
    for (const listener of this.pauseListeners) listener(app);
  }
}
