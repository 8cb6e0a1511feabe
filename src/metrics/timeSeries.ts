/**
 * The state of a run sampled at evenly spaced instants, for charts over
 * time: the share of desired replicas that are correct, Ready replicas, open
 * drift, the delivery system's queue and the time API writes have waited.
 */
import type { Engine } from '../engine/engine.ts';
import type { RunResult, TimeSeries } from './results.ts';

/** Enough points for a smooth line at chart width; a week gives one every 25 minutes. */
export const SAMPLES_PER_RUN = 400;

export interface Probe {
  correctShare(): number;
  readyReplicas(): number;
  openDrift(): number;
  queueDepth(): number;
  /** Cumulative. */
  apiThrottledMs(): number;
}

export class TimeSeriesSampler {
  private readonly series: { -readonly [K in keyof TimeSeries]: number[] } = {
    tMs: [],
    correctShare: [],
    readyReplicas: [],
    openDrift: [],
    queueDepth: [],
    apiThrottledMs: [],
  };
  private readonly stepMs: number;
  private readonly sample = (): void => this.take();

  constructor(
    private readonly engine: Engine,
    private readonly horizonMs: number,
    private readonly probe: Probe,
  ) {
    this.stepMs = Math.max(1, Math.floor(horizonMs / SAMPLES_PER_RUN));
  }

  start(): void {
    this.engine.after(0, this.sample);
  }

  /** This recorder's part of the run. */
  slice(): Pick<RunResult, 'timeSeries'> {
    return { timeSeries: this.finish() };
  }

  finish(): TimeSeries {
    return this.series;
  }

  private take(): void {
    const { series, probe } = this;
    series.tMs.push(this.engine.now);
    series.correctShare.push(probe.correctShare());
    series.readyReplicas.push(probe.readyReplicas());
    series.openDrift.push(probe.openDrift());
    series.queueDepth.push(probe.queueDepth());
    series.apiThrottledMs.push(probe.apiThrottledMs());
    if (this.engine.now + this.stepMs <= this.horizonMs) this.engine.after(this.stepMs, this.sample);
  }
}
