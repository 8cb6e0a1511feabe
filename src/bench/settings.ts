/**
 * The bench command's settings that its usage shows (defaults and choices), apart from the code that
 * measures, so `gitops-sim --help` loads none of it.
 */
import type { SpeedTiming } from './interleave.ts';

/** The output formats of `bench --format`. */
export const BENCH_FORMATS = ['table', 'markdown', 'json', 'bmf', 'github-action-benchmark'] as const;
export type BenchFormat = (typeof BENCH_FORMATS)[number];

/** Metrics gated per variant of a scenario when `--metrics` names none: the headline figures. */
export const DEFAULT_METRICS: readonly string[] = ['convergenceP95Ms', 'correctness'];

export interface SpeedSettings extends SpeedTiming {
  /** Fresh processes per case; at least 2, so the spread between processes is measured. */
  readonly processes: number;
}

/**
 * About 2 s of CPU time per task per process after start-up: 1 s of warm-up
 * (a scenario's runs were still getting quicker after 0.25 s), then 1 s of
 * samples, half of it the reference workload; a task that takes longer still
 * gets 3 runs, each beside a reference block as long.
 */
export const DEFAULT_SPEED: SpeedSettings = {
  processes: 3,
  sampleTimeMs: 1000,
  minSamples: 3,
  warmupTimeMs: 1000,
  warmupRuns: 1,
};

