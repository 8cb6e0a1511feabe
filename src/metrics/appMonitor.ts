/**
 * Time-weighted health of every app, integrated between the events that can
 * change it (a pod's state, a spec edit, a commit):
 *
 * - correct replica-time: Ready replicas running the intended digest of Git
 *   HEAD, counted up to the desired replicas; over desired replica-time it is
 *   `correctness` (1.0 = always right).
 * - availability: share of time with at least `replicas - maxUnavailable`
 *   Ready replicas (of any bytes); `zeroReadyMs`: time with none while some
 *   are desired.
 * - silentDivergenceMs: time where the live Deployment names the image Git
 *   names, the delivery system shows the app in sync and the rollout is
 *   Complete, yet some Ready replica runs other bytes than Git intends (the
 *   mutable-tag failure). A controller that has not yet seen a new commit is
 *   late, not silently wrong: the live image differs from Git's then.
 *
 * An app paused by a rollback (`pause`) is meant to run its known-good
 * release while Git still names the bad one: until the resume, correct
 * replicas, availability and silent divergence are judged against that
 * release (`followPauses`), as under a revert, whose commit names it.
 *
 * Simplified: the delivery system's in-sync flag is read at those events, not
 * when the controller changes its mind between them.
 */
import type { Delivery } from '../model/deliverySystem.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Commit, GitRepo } from '../model/gitRepo.ts';
import { maxUnavailableOf } from '../model/rollout.ts';
import type { RunResult } from './results.ts';

/** Indexes of AppMonitor's totals. */
const CORRECT = 0;
const DESIRED = 1;
const AVAILABLE = 2;

export interface AppHealth {
  readonly correctReplicaMs: number;
  readonly desiredReplicaMs: number;
  readonly availableMs: number;
  readonly zeroReadyMs: number;
  readonly silentDivergenceMs: number;
  /** Time observed (the horizon). */
  readonly observedMs: number;
}

export class AppMonitor {
  private readonly lastMs: Float64Array;
  private readonly correct: Float64Array;
  private readonly desired: Float64Array;
  private readonly available: Uint8Array;
  private readonly zeroReady: Uint8Array;
  private readonly silent: Uint8Array;
  /** minReady of each app, and the HEAD commit it was resolved for. */
  private readonly minReadyOf: Float64Array;
  private readonly minReadyHead: (Commit | undefined)[];
  /**
   * The sums of correct, desired and available over all apps, kept as each app changes: a sample of the
   * time series asked for them by adding up every app (400 times a run, 20 million additions a run of
   * 50,000 apps). The values are whole numbers, so the running sums are exact and equal to the loop's.
   */
  private readonly totals = new Float64Array(3);
  /** The known-good commit of each paused app; null unless the variant rolls back by pausing. */
  private pauses: { pinned(app: number): Commit | undefined } | null = null;
  private readonly sums: {
    correct: Float64Array;
    desired: Float64Array;
    available: Float64Array;
    zero: Float64Array;
    silent: Float64Array;
  };

  constructor(
    private readonly git: GitRepo,
    private readonly cluster: ClusterApi,
    private readonly delivery: Delivery,
    private readonly nowMs: () => number,
  ) {
    const n = git.appCount;
    this.lastMs = new Float64Array(n);
    this.correct = new Float64Array(n);
    this.desired = new Float64Array(n);
    this.available = new Uint8Array(n);
    this.zeroReady = new Uint8Array(n);
    this.silent = new Uint8Array(n);
    this.minReadyOf = new Float64Array(n);
    this.minReadyHead = new Array<Commit | undefined>(n).fill(undefined);
    this.sums = {
      correct: new Float64Array(n),
      desired: new Float64Array(n),
      available: new Float64Array(n),
      zero: new Float64Array(n),
      silent: new Float64Array(n),
    };
    for (let app = 0; app < n; app++) this.observe(app);
    cluster.onAppChange((app) => this.update(app));
    git.onCommit((commit) => this.update(commit.app));
  }

  /** Judges each paused app by the known-good commit it runs (rollback `pause`), from now on. */
  followPauses(pauses: { pinned(app: number): Commit | undefined; onPauseChange(listener: (app: number) => void): void }): void {
    this.pauses = pauses;
    pauses.onPauseChange((app) => this.update(app));
  }

  /** Now, over all apps: correct replicas (up to desired), desired replicas, and apps available. */
  snapshot(): { correct: number; desired: number; availableApps: number } {
    const totals = this.totals;
    return { correct: totals[CORRECT], desired: totals[DESIRED], availableApps: totals[AVAILABLE] };
  }

  /** Ends the observation at now: this recorder's part of the run, summed over apps. */
  slice(): Pick<RunResult, 'health'> {
    const health = this.finish();
    const sum = (pick: (h: AppHealth) => number) => health.reduce((total, h) => total + pick(h), 0);
    return {
      health: {
        correctReplicaMs: sum((h) => h.correctReplicaMs),
        desiredReplicaMs: sum((h) => h.desiredReplicaMs),
        availableMs: sum((h) => h.availableMs),
        zeroReadyMs: sum((h) => h.zeroReadyMs),
        silentDivergenceMs: sum((h) => h.silentDivergenceMs),
        appMs: sum((h) => h.observedMs),
      },
    };
  }

  /** Ends the observation at now; the health of each app, in app order. */
  finish(): AppHealth[] {
    const now = this.nowMs();
    const result: AppHealth[] = [];
    for (let app = 0; app < this.git.appCount; app++) {
      this.accumulate(app, now);
      result.push({
        correctReplicaMs: this.sums.correct[app],
        desiredReplicaMs: this.sums.desired[app],
        availableMs: this.sums.available[app],
        zeroReadyMs: this.sums.zero[app],
        silentDivergenceMs: this.sums.silent[app],
        observedMs: now,
      });
    }
    return result;
  }

  private update(app: number): void {
    this.accumulate(app, this.nowMs());
    this.observe(app);
  }

  private accumulate(app: number, now: number): void {
    const dt = now - this.lastMs[app];
    if (dt <= 0) return;
    const { sums } = this;
    sums.correct[app] += this.correct[app] * dt;
    sums.desired[app] += this.desired[app] * dt;
    if (this.available[app] === 1) sums.available[app] += dt;
    if (this.zeroReady[app] === 1) sums.zero[app] += dt;
    if (this.silent[app] === 1) sums.silent[app] += dt;
    this.lastMs[app] = now;
  }

  /** replicas - maxUnavailable of the app's HEAD, resolved once per commit (commits are immutable). */
  private minReady(app: number, head: Commit): number {
    if (this.minReadyHead[app] !== head) {
      const { replicas, strategy } = head.desired;
      this.minReadyOf[app] = replicas - maxUnavailableOf(replicas, strategy);
      this.minReadyHead[app] = head;
    }
    return this.minReadyOf[app];
  }

  private observe(app: number): void {
    const head = this.pauses?.pinned(app) ?? this.git.latest(app);
    const replicas = head.desired.replicas;
    const ready = this.cluster.readyPods(app);
    const correct = this.cluster.readyWith(app, head.intendedDigest);
    const totals = this.totals;
    const correctNow = Math.min(correct, replicas);
    totals[CORRECT] += correctNow - this.correct[app];
    this.correct[app] = correctNow;
    totals[DESIRED] += replicas - this.desired[app];
    this.desired[app] = replicas;
    // Called on every change of an app's pods: nothing below allocates unless some replica runs other bytes.
    const availableNow = ready >= this.minReady(app, head) ? 1 : 0;
    totals[AVAILABLE] += availableNow - this.available[app];
    this.available[app] = availableNow;
    this.zeroReady[app] = replicas > 0 && ready === 0 ? 1 : 0;
    this.silent[app] = ready > correct && this.silentlyDivergent(app, head.desired.image) ? 1 : 0;
  }

  /** The live Deployment names Git's image, its rollout is Complete and the delivery system shows it in sync. */
  private silentlyDivergent(app: number, image: string): boolean {
    // The condition first: during a rollout it is not Complete, and the live spec (an object) need not be read.
    if (this.cluster.condition(app) !== 'Complete') return false;
    const live = this.cluster.spec(app);
    return live !== null && live.image === image && this.delivery.reportsInSync(app);
  }
}
