/**
 * How work that can use several threads scales: pairs of runs, one on 1
 * thread and one on n, so both sides of each ratio see the machine as it was
 * within seconds of each other. The task times each run itself (a sweep runs
 * in a fresh child process each time, so every thread starts cold, as for a
 * user). Figures, with the task's name as subject:
 * - `speedup<n>Threads`: wall(1 thread) / wall(n) per pair, against the
 *   task's target. It needs n idle cores: another process on one of them
 *   takes it toward 1, so it is absolute (not unit `ratio`), gated only with
 *   --same-machine;
 * - `cpuEfficiency<n>Threads`: CPU(1 thread) / CPU(n) per pair, 1 when the
 *   parallel run spends no CPU beyond the work itself (thread start-up,
 *   copying between threads, work done again in each thread). Other
 *   processes change it little, so it is gated like the speed ratios;
 * - `speedupCeiling<n>Threads`: n x wall(1 thread) / CPU(1 thread) per pair,
 *   the most n threads could give over that run: the 1-thread run already
 *   keeps more than one core busy (V8 compiles and collects garbage on helper
 *   threads beside it), and n threads doing the same work spend no less CPU
 *   time (each thread compiles the code again), on n cores. A target above it
 *   is out of reach of any way of sharing the work out; absolute, like the
 *   speed-up;
 * - `<unit>PerSec` of each side, absolute.
 */
import type { ScalingTask } from './cases.ts';
import type { SpeedFigure } from './results.ts';
import { summarizeSamples } from './samples.ts';

/** Pairs per speed process: each side is a whole piece of work (seconds); the processes give the spread. */
export const SCALING_PAIRS = 1;

/** One process's pairs. */
export interface ScalingReport {
  readonly name: string;
  readonly unit: string;
  readonly threads: number;
  readonly target: number;
  /** Units of work in one run. */
  readonly units: number;
  /** Per pair, in ms: the run on 1 thread and the run on `threads`. */
  readonly oneMs: readonly number[];
  readonly oneCpuMs: readonly number[];
  readonly manyMs: readonly number[];
  readonly manyCpuMs: readonly number[];
}

export async function measureScaling(task: ScalingTask, pairs: number): Promise<ScalingReport> {
  const report = {
    oneMs: [] as number[],
    oneCpuMs: [] as number[],
    manyMs: [] as number[],
    manyCpuMs: [] as number[],
  };
  let units = 0;
  for (let i = 0; i < pairs; i++) {
    const one = await task.run(1);
    const many = await task.run(task.threads);
    units = one.units;
    report.oneMs.push(one.wallMs);
    report.oneCpuMs.push(one.cpuMs);
    report.manyMs.push(many.wallMs);
    report.manyCpuMs.push(many.cpuMs);
  }
  return { name: task.name, unit: task.unit, threads: task.threads, target: task.target, units, ...report };
}

/** The most `threads` threads could give over a 1-thread run of `oneWallMs` that spent `oneCpuMs` (see above). */
export function speedupCeiling(threads: number, oneWallMs: number, oneCpuMs: number): number {
  return (threads * oneWallMs) / oneCpuMs;
}

export function scalingFigures(reports: readonly ScalingReport[]): SpeedFigure[] {
  if (reports.length === 0) return [];
  const { name, unit, threads, target } = reports[0];
  const ratios = (a: (r: ScalingReport) => readonly number[], b: (r: ScalingReport) => readonly number[]) =>
    reports.map((r) => a(r).map((x, i) => x / b(r)[i]));
  const rates = (ms: (r: ScalingReport) => readonly number[]) =>
    reports.map((r) => ms(r).map((x) => r.units / (x / 1000)));
  const figure = (
    measure: string,
    figureUnit: string,
    perProcess: readonly (readonly number[])[],
    extra: { readonly target?: number } = {},
  ): SpeedFigure => ({
    kind: 'speed',
    subject: name,
    measure,
    unit: figureUnit,
    better: 'higher',
    ...summarizeSamples(perProcess),
    ...extra,
  });
  return [
    figure(
      `speedup${threads}Threads`,
      'x',
      ratios(
        (r) => r.oneMs,
        (r) => r.manyMs,
      ),
      { target },
    ),
    figure(
      `speedupCeiling${threads}Threads`,
      'x',
      reports.map((r) => r.oneMs.map((ms, i) => speedupCeiling(threads, ms, r.oneCpuMs[i]))),
    ),
    figure(
      `cpuEfficiency${threads}Threads`,
      'ratio',
      ratios(
        (r) => r.oneCpuMs,
        (r) => r.manyCpuMs,
      ),
    ),
    figure(
      `${unit}PerSec1Thread`,
      `${unit}/s`,
      rates((r) => r.oneMs),
    ),
    figure(
      `${unit}PerSec${threads}Threads`,
      `${unit}/s`,
      rates((r) => r.manyMs),
    ),
  ];
}
