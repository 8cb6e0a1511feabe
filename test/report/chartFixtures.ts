/** Runs for the chart tests: time series, drift, rollbacks and changes as each test needs them. */
import type { ChangeRecord, DriftRecord, RollbackRecord, RunResult } from '../../src/metrics/results.ts';
import { QUIET_RUN, ZERO_LOAD } from '../metrics/fixtures.ts';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk (length, type, then both as big-endian 32-bit integers). */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const HOUR = 3_600_000;

export interface RunSpec {
  readonly horizonMs?: number;
  /** One value per sample; samples are evenly spaced over the horizon. */
  readonly correctShare?: readonly number[];
  readonly queueDepth?: readonly number[];
  readonly apiThrottledMs?: readonly number[];
  readonly drifts?: readonly Pick<DriftRecord, 'kind' | 'atMs' | 'openMs'>[];
  readonly rollbacks?: readonly Pick<RollbackRecord, 'detectedMs' | 'restoreMs'>[];
  readonly changes?: readonly ChangeRecord[];
}

export function chartRun(variant: string, replication: number, spec: RunSpec = {}): RunResult {
  const horizonMs = spec.horizonMs ?? 7 * 24 * HOUR;
  const samples = spec.correctShare?.length ?? spec.queueDepth?.length ?? spec.apiThrottledMs?.length ?? 0;
  const step = samples > 1 ? horizonMs / (samples - 1) : 0;
  const series = (values: readonly number[] | undefined, fill: number) =>
    values ?? Array.from({ length: samples }, () => fill);
  return {
    ...QUIET_RUN,
    variant,
    replication,
    horizonMs,
    changes: spec.changes ?? [],
    applies: 0,
    gitFetches: 0,
    eventsProcessed: 0,
    load: ZERO_LOAD,
    drifts: (spec.drifts ?? []).map((d) => ({ ...d, app: 0, closed: true })),
    rollbacks: (spec.rollbacks ?? []).map((r) => ({
      ...r,
      app: 0,
      method: 'revert',
      finished: r.restoreMs !== null,
      correct: r.restoreMs !== null,
    })),
    timeSeries: {
      tMs: Array.from({ length: samples }, (_, i) => i * step),
      correctShare: series(spec.correctShare, 1),
      readyReplicas: series(undefined, 0),
      openDrift: series(undefined, 0),
      queueDepth: series(spec.queueDepth, 0),
      apiThrottledMs: series(spec.apiThrottledMs, 0),
    },
  };
}

/** A release committed at `atMs` (its code a minute earlier) that converged after `convergenceMs`. */
export function release(atMs: number, convergenceMs: number, bad = false): ChangeRecord {
  return {
    app: 0,
    revision: 1,
    kind: 'release',
    codeCommitMs: atMs - 60_000,
    bad,
    atMs,
    outcome: { state: 'converged', convergenceMs },
  };
}
