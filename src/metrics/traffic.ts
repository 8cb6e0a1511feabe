/**
 * Requests to every app and the ones that fail, as expected values. Requests
 * are not simulated one by one (a week at 100 requests per second is 60
 * million per app): between two events that change an app's pods its failing share
 * is constant, so the failed requests of that interval are the share times
 * the integral of the rate over it, in closed form. Deterministic, no random
 * draws; counts are fractional.
 *
 * - The rate of each app is `ratePerSecond`, or with a daily pattern
 *   `ratePerSecond x (1 + amplitude x cos(2 pi (t - peakHour) / 24h))`: the
 *   run starts at midnight, the peak is at `peakHour`, the trough 12 hours
 *   later, and the mean over a day is `ratePerSecond`.
 * - Requests are spread evenly over the app's Ready pods, as a Service does,
 *   or by the weights of a progressive rollout (a router's canary weight, the
 *   blue-green active ReplicaSet): the cluster's trafficWeights. With no
 *   Ready pod all of them fail (`noReadyFailed`); otherwise the share routed
 *   to Ready pods on a node that has died fails (`deadNodeFailed`: the
 *   endpoints keep them until the node lifecycle controller marks them
 *   NotReady, and connections to them time out), and of the rest the share on
 *   pods running a bad release's digest (`badReleaseFailed`).
 *
 * Simplified: every request routed to a dead node fails, an upper bound
 * (clients or an ingress that retry on another endpoint lose less); the dead
 * node's pods take their share of every digest and of both sides of a
 * traffic split alike.
 */
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { RunResult } from './results.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const OMEGA = (2 * Math.PI) / DAY_MS;

export interface DailyPattern {
  /** From 0 to 1: 0.5 gives 1.5 times the mean rate at the peak and half of it at the trough. */
  readonly amplitude: number;
  /** Hour of the day in [0, 24) when the rate peaks; the run starts at midnight. */
  readonly peakHour: number;
}

export interface TrafficOptions {
  /** Mean requests per second to each app. */
  readonly ratePerSecond: number;
  readonly dailyPattern?: DailyPattern;
}

/** Expected requests over the run, summed over apps. */
export interface TrafficTotals {
  readonly requests: number;
  /** noReadyFailed + deadNodeFailed + badReleaseFailed. */
  readonly failedRequests: number;
  /** Failed because the app had no Ready pod. */
  readonly noReadyFailed: number;
  /** Routed to a Ready pod on a node that has died (not yet marked NotReady). */
  readonly deadNodeFailed: number;
  /** Served by a Ready pod running a bad release. */
  readonly badReleaseFailed: number;
}

/** What the monitor reads of the cluster. */
export type TrafficCluster = Pick<
  ClusterApi,
  'appCount' | 'onAppChange' | 'readyDigests' | 'trafficWeights' | 'readyPods' | 'readyOnUpNodes'
>;

/** Expected requests to one app in [fromMs, toMs]: the exact integral of its rate. */
export function expectedRequests(options: TrafficOptions, fromMs: number, toMs: number): number {
  const seconds = (toMs - fromMs) / 1000;
  const pattern = options.dailyPattern;
  if (pattern === undefined) return options.ratePerSecond * seconds;
  // The integral of cos(w (t - p)) from a to b, (sin(w (b - p)) - sin(w (a - p))) / w, written as a
  // product so that a short interval far into the run keeps its precision.
  const midMs = (fromMs + toMs) / 2 - pattern.peakHour * HOUR_MS;
  const swingMs = (2 / OMEGA) * Math.cos(OMEGA * midMs) * Math.sin((OMEGA * (toMs - fromMs)) / 2);
  return options.ratePerSecond * (seconds + (pattern.amplitude * swingMs) / 1000);
}

export class TrafficMonitor {
  private readonly bad = new Set<string>();
  private readonly lastMs: Float64Array;
  /** Share of the app's requests failing now on a bad release (while it has a Ready pod). */
  private readonly failShare: Float64Array;
  /** Share of the app's requests routed now to Ready pods on dead nodes. */
  private readonly deadShare: Float64Array;
  /** 1 while the app has no Ready pod. */
  private readonly noReady: Uint8Array;
  private requests = 0;
  private noReadyFailed = 0;
  private deadNodeFailed = 0;
  private badReleaseFailed = 0;

  constructor(
    private readonly cluster: TrafficCluster,
    private readonly options: TrafficOptions,
    private readonly nowMs: () => number,
  ) {
    checkOptions(options);
    const n = cluster.appCount;
    this.lastMs = new Float64Array(n).fill(nowMs());
    this.failShare = new Float64Array(n);
    this.deadShare = new Float64Array(n);
    this.noReady = new Uint8Array(n);
    for (let app = 0; app < n; app++) this.observe(app);
    cluster.onAppChange((app) => this.update(app));
  }

  /** From now on, requests served by `digest` fail. */
  markBad(digest: string): void {
    if (this.bad.has(digest)) return;
    this.bad.add(digest);
    // Pods already running it served well until now (update integrates at the share observed before).
    for (let app = 0; app < this.cluster.appCount; app++) {
      if (this.cluster.readyDigests(app).has(digest)) this.update(app);
    }
  }

  /** Ends the observation at now: this recorder's part of the run, with the objective `slo` it is judged by. */
  slice(slo: number): Pick<RunResult, 'traffic'> {
    return { traffic: { ...this.finish(), slo } };
  }

  /** Ends the observation at now. */
  finish(): TrafficTotals {
    const now = this.nowMs();
    for (let app = 0; app < this.cluster.appCount; app++) this.accumulate(app, now);
    return {
      requests: this.requests,
      failedRequests: this.noReadyFailed + this.deadNodeFailed + this.badReleaseFailed,
      noReadyFailed: this.noReadyFailed,
      deadNodeFailed: this.deadNodeFailed,
      badReleaseFailed: this.badReleaseFailed,
    };
  }

  private update(app: number): void {
    this.accumulate(app, this.nowMs());
    this.observe(app);
  }

  private accumulate(app: number, now: number): void {
    const from = this.lastMs[app];
    if (now <= from) return;
    const requests = expectedRequests(this.options, from, now);
    this.requests += requests;
    if (this.noReady[app] === 1) this.noReadyFailed += requests;
    else {
      this.deadNodeFailed += this.deadShare[app] * requests;
      this.badReleaseFailed += this.failShare[app] * requests;
    }
    this.lastMs[app] = now;
  }

  private observe(app: number): void {
    let ready = 0;
    let bad = 0;
    for (const [digest, count] of this.cluster.trafficWeights(app)) {
      ready += count;
      if (this.bad.has(digest)) bad += count;
    }
    this.noReady[app] = ready === 0 ? 1 : 0;
    const pods = this.cluster.readyPods(app);
    const dead = ready === 0 || pods === 0 ? 0 : (pods - this.cluster.readyOnUpNodes(app)) / pods;
    this.deadShare[app] = dead;
    this.failShare[app] = ready === 0 ? 1 : ((1 - dead) * bad) / ready;
  }
}

function checkOptions({ ratePerSecond, dailyPattern }: TrafficOptions): void {
  if (!(ratePerSecond > 0 && Number.isFinite(ratePerSecond))) {
    throw new RangeError(`ratePerSecond must be a finite number above 0, got ${ratePerSecond}`);
  }
  if (dailyPattern === undefined) return;
  const { amplitude, peakHour } = dailyPattern;
  if (!(amplitude >= 0 && amplitude <= 1))
    throw new RangeError(`amplitude must be in [0, 1], got ${amplitude}`);
  if (!(peakHour >= 0 && peakHour < 24)) throw new RangeError(`peakHour must be in [0, 24), got ${peakHour}`);
}
