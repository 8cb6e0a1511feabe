/**
 * What one speed process reports, and the speed figures of a case from the
 * reports of all its processes: per timed task its rate (`<unit>PerSec`) and
 * wall time per run (`wallMs`), the case's ratio if it has one, and the peak
 * resident memory of the process (`peakRssBytes`).
 */
import type { CaseRef, SpeedPlan } from './cases.ts';
import type { Better, SpeedFigure } from './results.ts';
import { summarizeSamples } from './samples.ts';

/** How long each process times each task; tinybench's minimums (it stops when both are met). */
export interface SpeedTiming {
  readonly sampleTimeMs: number;
  readonly minSamples: number;
  readonly warmupTimeMs: number;
  readonly warmupRuns: number;
}

/** What the parent tells a speed process (worker.ts), as JSON in its argv. */
export interface WorkerRequest {
  readonly ref: CaseRef;
  readonly timing: SpeedTiming;
}

export interface WorkerTaskReport {
  readonly name: string;
  readonly unit: string;
  readonly reference: boolean;
  /** Units of work in one run of the task. */
  readonly units: number;
  /** Each timed run, in ms (after the warm-up). */
  readonly latencyMs: readonly number[];
}

export interface WorkerReport {
  readonly tasks: readonly WorkerTaskReport[];
  readonly ratio?: SpeedPlan['ratio'];
  /** The process's peak resident set: everything the runs held at once, the runtime included. */
  readonly maxRssBytes: number;
}

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

  const reported = reports[0].tasks.filter((t) => !t.reference);
  for (const task of reported) {
    // One timed task needs no name of its own; several are told apart by subject.
    const subject = reported.length === 1 ? null : task.name;
    const runs = reports.map((r) => taskIn(r, task.name));
    figure(subject, `${task.unit}PerSec`, `${task.unit}/s`, 'higher', runs.map(rates));
    figure(
      subject,
      'wallMs',
      'ms',
      'lower',
      runs.map((t) => t.latencyMs),
    );
  }
  const ratio = reports[0].ratio;
  if (ratio !== undefined) {
    const perProcess = reports.map((r) => [
      medianOf(rates(taskIn(r, ratio.numerator))) / medianOf(rates(taskIn(r, ratio.denominator))),
    ]);
    figure(null, ratio.measure, 'ratio', 'higher', perProcess);
  }
  figure(
    null,
    'peakRssBytes',
    'bytes',
    'lower',
    reports.map((r) => [r.maxRssBytes]),
  );
  return figures;
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

function medianOf(xs: readonly number[]): number {
  return summarizeSamples([xs]).value;
}
