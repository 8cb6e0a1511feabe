/**
 * What one speed process reports, and the speed figures of a case from the
 * reports of all its processes. Per timed task:
 * - `speedRatio`, the gated figure: the task's rate over the reference
 *   workload's (reference.ts), by CPU time (interleave.ts), run by run against
 *   the reference blocks either side of it, the median of those in each
 *   process, then the median over processes, with the spread between
 *   processes as its noise;
 * - its rate (`<unit>PerSec`) and wall time per run (`wallMs`), absolute.
 * Per case, absolute too: the reference's own rate (`referenceEventsPerSec`,
 * how fast this machine was while measuring) and the peak resident memory of
 * the process (`peakRssBytes`).
 */
import { percentile } from '../metrics/statistics.ts';
import type { CaseRef } from './cases.ts';
import type { SpeedTiming } from './interleave.ts';
import type { Better, SpeedFigure } from './results.ts';
import { summarizeSamples } from './samples.ts';

/** What the parent tells a speed process (worker.ts), as JSON in its argv. */
export interface WorkerRequest {
  readonly ref: CaseRef;
  readonly timing: SpeedTiming;
}

export interface WorkerTaskReport {
  readonly name: string;
  readonly unit: string;
  /** Units of work in one run of the task. */
  readonly units: number;
  /** Each timed run, in ms of wall time (after the warm-up). */
  readonly latencyMs: readonly number[];
  /** The same runs in ms of the process's CPU time. */
  readonly cpuMs: readonly number[];
  /** The reference blocks around them, in ms of wall time and of CPU time: one more than the runs. */
  readonly referenceMs: readonly number[];
  readonly referenceCpuMs: readonly number[];
  /** Reference runs in a block. */
  readonly referenceRuns: number;
}

export interface WorkerReport {
  readonly tasks: readonly WorkerTaskReport[];
  /** Events in one run of the reference (reference.ts). */
  readonly referenceEvents: number;
  /** The process's peak resident set: everything the runs held at once, the runtime included. */
  readonly maxRssBytes: number;
}

export const RATIO_MEASURE = 'speedRatio';

export function speedFigures(reports: readonly WorkerReport[]): SpeedFigure[] {
  if (reports.length === 0) return [];
  const figures: SpeedFigure[] = [];
  const figure = (
    subject: string | null,
    measure: string,
    unit: string,
    better: Better,
    perProcess: readonly (readonly number[])[],
  ) => figures.push({ kind: 'speed', subject, measure, unit, better, ...summarizeSamples(perProcess) });

  const tasks = reports[0].tasks;
  for (const task of tasks) {
    // One timed task needs no name of its own; several are told apart by subject.
    const subject = tasks.length === 1 ? null : task.name;
    const runs = reports.map((r) => taskIn(r, task.name));
    figure(
      subject,
      RATIO_MEASURE,
      'ratio',
      'higher',
      reports.map((r, p) => [medianOf(pairedRatios(runs[p], r.referenceEvents))]),
    );
    figure(subject, `${task.unit}PerSec`, `${task.unit}/s`, 'higher', runs.map(rates));
    figure(
      subject,
      'wallMs',
      'ms',
      'lower',
      runs.map((t) => t.latencyMs),
    );
  }
  figure(
    null,
    'referenceEventsPerSec',
    'events/s',
    'higher',
    reports.map((r) => r.tasks.flatMap((t) => referenceRates(t, r.referenceEvents))),
  );
  figure(
    null,
    'peakRssBytes',
    'bytes',
    'lower',
    reports.map((r) => [r.maxRssBytes]),
  );
  return figures;
}

/**
 * Run i of the task against blocks i and i + 1 together: its rate over theirs,
 * by CPU time. A run or blocks too quick for the timer (0 ms) say nothing and
 * are left out.
 */
export function pairedRatios(task: WorkerTaskReport, referenceEvents: number): number[] {
  const ratios: number[] = [];
  for (const [i, ms] of task.cpuMs.entries()) {
    const aroundMs = task.referenceCpuMs[i] + task.referenceCpuMs[i + 1];
    if (!(ms > 0 && aroundMs > 0)) continue;
    const rate = task.units / ms;
    const referenceRate = (2 * task.referenceRuns * referenceEvents) / aroundMs;
    ratios.push(rate / referenceRate);
  }
  if (ratios.length === 0) throw new Error(`task ${task.name}: every run was too quick for the timer`);
  return ratios;
}

function taskIn(report: WorkerReport, name: string): WorkerTaskReport {
  const task = report.tasks.find((t) => t.name === name);
  if (task === undefined) throw new Error(`speed report has no task ${JSON.stringify(name)}`);
  return task;
}

/** Units per second of each run; a run too quick for the timer (0 ms) says nothing and is left out. */
function rates(task: WorkerTaskReport): number[] {
  return task.latencyMs.filter((ms) => ms > 0).map((ms) => task.units / (ms / 1000));
}

function referenceRates(task: WorkerTaskReport, referenceEvents: number): number[] {
  const units = task.referenceRuns * referenceEvents;
  return task.referenceMs.filter((ms) => ms > 0).map((ms) => units / (ms / 1000));
}

function medianOf(xs: readonly number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}
