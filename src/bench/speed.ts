/**
 * What one speed process reports, and the speed figures of a case from the
 * reports of all its processes. Per timed task:
 * - `speedRatio`, the gated figure: the task's throughput over the reference
 *   workload's (reference.ts) in each process, by CPU time, from runs
 *   interleaved with reference blocks (interleave.ts); then the median over
 *   processes, with the spread between processes as its noise;
 * - its rate (`<unit>PerSec`) and wall time per run (`wallMs`), absolute.
 * Per case, absolute too: the reference's own rate (`referenceEventsPerSec`,
 * how fast this machine was while measuring) and the peak resident memory of
 * the process (`peakRssBytes`), when it timed tasks, and the figures of the
 * case's probe, if any, one sample per process.
 */
import type { CaseRef, ProbeFigure } from './cases.ts';
import type { SpeedTiming } from './interleave.ts';
import type { Better, SpeedFigure } from './results.ts';
import { summarizeSamples } from './samples.ts';
import { type ScalingReport, scalingFigures } from './scaling.ts';

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
  /** The case's scaling task, when it has one (scaling.ts). */
  readonly scaling?: ScalingReport;
  /** The case's probe figures, when it has a probe (cases.ts). */
  readonly probes?: readonly ProbeFigure[];
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
      reports.map((r, p) => [processRatio(runs[p], r.referenceEvents)]),
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
  // A case may time only a scaling task, which runs no reference.
  if (tasks.length > 0) {
    figure(
      null,
      'referenceEventsPerSec',
      'events/s',
      'higher',
      reports.map((r) => r.tasks.flatMap((t) => referenceRates(t, r.referenceEvents))),
    );
  }
  const scaling = reports.flatMap((r) => (r.scaling === undefined ? [] : [r.scaling]));
  if (scaling.length === reports.length) figures.push(...scalingFigures(scaling));
  for (const { measure, unit, better, target } of reports[0].probes ?? []) {
    const values = reports.map((r) => [probeIn(r, measure).value]);
    const own = target === undefined ? {} : { target };
    figures.push({
      kind: 'speed',
      subject: null,
      measure,
      unit,
      better,
      ...summarizeSamples(values),
      ...own,
    });
  }
  // Only where the timed work ran in the speed process: a sweep's or a probe's work runs in child
  // processes, whose memory the speed process's peak does not tell.
  if (tasks.length > 0) {
    figure(
      null,
      'peakRssBytes',
      'bytes',
      'lower',
      reports.map((r) => [r.maxRssBytes]),
    );
  }
  return figures;
}

/**
 * The task's throughput over the reference's in one process, by CPU time:
 * all its units over all its runs' time, against the reference's units over
 * the time of the blocks around each run, each run weighing the two blocks
 * either side of it equally (the first and last block count half). A sum
 * rather than a median of runs, so the garbage collections that land on some
 * runs and not others count at their average. Runs and blocks too quick for
 * the timer (0 ms) are an error: there is no throughput to tell.
 */
export function processRatio(task: WorkerTaskReport, referenceEvents: number): number {
  const runs = task.cpuMs.length;
  const taskMs = task.cpuMs.reduce((sum, ms) => sum + ms, 0);
  let referenceMs = 0;
  for (let i = 0; i < runs; i++) referenceMs += (task.referenceCpuMs[i] + task.referenceCpuMs[i + 1]) / 2;
  if (!(taskMs > 0 && referenceMs > 0)) {
    throw new Error(`task ${task.name}: its runs were too quick for the timer`);
  }
  return (runs * task.units) / taskMs / ((runs * task.referenceRuns * referenceEvents) / referenceMs);
}

function probeIn(report: WorkerReport, measure: string): ProbeFigure {
  const probe = report.probes?.find((p) => p.measure === measure);
  if (probe === undefined) throw new Error(`speed report has no probe figure ${JSON.stringify(measure)}`);
  return probe;
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
