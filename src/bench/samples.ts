/**
 * Speed samples reduced to one figure: the median over every sample of every
 * process, the quartiles, and the relative noise. Samples within one process
 * share its JIT decisions and heap layout, so the spread between processes
 * is measured too: noise is the larger of half the interquartile range and
 * half the range of the per-process medians, over the median.
 */
import { percentile } from '../metrics/statistics.ts';
import { maxOf, minOf } from '../engine/extremes.ts';

/** Samples of one speed measure, from several fresh processes. */
export interface SampleSummary {
  /** Median of all samples. */
  readonly value: number;
  /** First and third quartiles of all samples. */
  readonly lower: number;
  readonly upper: number;
  /** Relative spread: how far apart measurements of the same code fall. */
  readonly noise: number;
  readonly samples: number;
  readonly processes: number;
}

/** `perProcess[p]` holds process p's samples; every process has at least one. */
export function summarizeSamples(perProcess: readonly (readonly number[])[]): SampleSummary {
  if (perProcess.length === 0 || perProcess.some((s) => s.length === 0)) {
    throw new RangeError('summarizeSamples: every process needs at least one sample');
  }
  const all = perProcess.flat().sort((a, b) => a - b);
  const value = percentile(all, 50);
  const lower = percentile(all, 25);
  const upper = percentile(all, 75);
  const medians = perProcess.map((s) =>
    percentile(
      [...s].sort((a, b) => a - b),
      50,
    ),
  );
  const spread = Math.max((upper - lower) / 2, (maxOf(medians) - minOf(medians)) / 2);
  return {
    value,
    lower,
    upper,
    noise: value === 0 ? 0 : spread / Math.abs(value),
    samples: all.length,
    processes: perProcess.length,
  };
}
