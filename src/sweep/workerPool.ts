/**
 * Runs sweep points, on this thread alone or with worker threads. With n
 * workers, n - 1 threads are started once per sweep and sent the points once;
 * then they and this thread claim runs (variant x replication of a point,
 * made once for every point that has it alike: runPoint.ts distinctRuns)
 * from one shared list (runClaims.ts) until none is left, so the cores stay
 * busy to the last run whatever each point costs. A point is summarized by
 * this thread between its runs (a summary costs a fraction of a run), or,
 * when points already wait for it, by the worker thread that made the point's
 * last run, the other runs posted to it. A worker thread with no run left to
 * claim takes no more points (handoffs.ts), finishes those handed to it and
 * says it is done, while this one finishes the last points rather than after
 * them. Threads given in `threads` (SweepThreads) are taken first and, with
 * those the sweep started, handed back to it when the sweep went well, their
 * code compiled for the next sweep; otherwise the sweep ends its threads.
 * Each point's file is a pure
 * function of its scenario, handed to `onPoint` with its task; callers place
 * results by point, never by the order they finish in, so any number of
 * workers gives the same bytes. One worker runs the points in this thread, in
 * grid order, with no thread start-up. With `onRuns` instead of `onPoint`
 * (`run --workers`: parallelRun.ts), no point is summarized: each point's
 * runs are handed to `onRuns` in this thread, in any order.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { RunResult } from '../metrics/results.ts';
import { workerThreadEntry } from '../runtime.ts';
import { Handoffs } from './handoffs.ts';
import type { PoolMessage, WorkerMessage } from './pointWorker.ts';
import { RunClaims } from './runClaims.ts';
import { type DistinctRun, distinctRuns, type PointTask, pointJson, runOne } from './runPoint.ts';
import { packRun, unpackRun } from './runTransfer.ts';

const WORKER_ENTRY = workerThreadEntry('sweep/pointWorker');

/**
 * A worker thread's young generation, stated: V8's default on 64-bit (16 MB
 * semi-spaces, x 3 with the new large-object space: v8/src/heap/heap.cc,
 * which Node reports as the worker's `resourceLimits` when none is given).
 * Left unstated, a Node 20 worker thread scavenged about 9 times as often as
 * the main thread for the same runs (593 scavenges, 1.15 s, against 68 and
 * 0.55 s with the limit given: `--trace-gc`, docs/benchmarks.md).
 */
const WORKER_YOUNG_GENERATION_MB = 48;

interface PoolSettings {
  /** Threads that run points, this one included; at most one per run. */
  readonly workers: number;
  /**
   * Worker threads started ahead (`SweepThreads.start`), used before any new one is started. The
   * sweep hands the threads it used or started back to them, when it went well, and the caller
   * ends them all (`SweepThreads.end`); without them the sweep ends the threads it started.
   */
  readonly threads?: SweepThreads;
  /** After each variant x replication of any point. */
  readonly onRun: () => void;
}

/** What the pool hands back per point: its file, or its runs; calls are one at a time, in the order points finish. */
export type PoolOptions = PoolSettings &
  (
    | {
        /** The point's file's text (pointJson). */
        readonly onPoint: (task: PointTask, json: string) => Promise<void>;
        readonly onRuns?: never;
      }
    | {
        /** The results of the point's runs (from its `firstReplication` on), in no set order; no file is made. */
        readonly onRuns: (task: PointTask, runs: readonly RunResult[]) => Promise<void>;
        readonly onPoint?: never;
      }
  );

/**
 * Worker threads started before the sweep's points are known, so that each thread's start-up
 * (loading its code: about 0.1 s on an idle core, several times that on a busy one) overlaps the
 * work this thread does first (planning the points, preparing the folder) instead of delaying the
 * first runs. Until a sweep takes them they wait for its points. A sweep hands its threads back
 * when it went well, so that the next one (a `run --precision` round, the next scenario of `run`)
 * finds them with their code compiled rather than starting and warming up threads again. `end`
 * stops them all.
 */
export class SweepThreads {
  private readonly waiting: Worker[] = [];
  /** The first failure of a thread while no sweep had it. */
  private failure?: Error;
  private readonly watched = new WeakSet<Worker>();

  private constructor(count: number) {
    for (let i = 0; i < count; i++) this.giveBack(newWorker());
  }

  /** `count` threads, for a sweep on `count` + 1 workers. */
  static start(count: number): SweepThreads {
    return new SweepThreads(count);
  }

  /** A waiting thread for a sweep, or undefined when none is left; throws the failure of one that did not start. */
  take(): Worker | undefined {
    if (this.failure !== undefined) throw this.failure;
    return this.waiting.shift();
  }

  /** A thread for the next sweep: one that has said it is done with the last. */
  giveBack(worker: Worker): void {
    if (!this.watched.has(worker)) {
      this.watched.add(worker);
      // While no sweep listens: a thread that fails fails the sweep that takes it, and one that stopped
      // is never handed out.
      worker.on('error', (error) => {
        if (this.waiting.includes(worker)) {
          this.failure ??= new Error(`a sweep worker thread failed while waiting: ${error.message}`);
        }
      });
      worker.on('exit', () => {
        const at = this.waiting.indexOf(worker);
        if (at >= 0) this.waiting.splice(at, 1);
      });
    }
    this.waiting.push(worker);
  }

  /** Stops the threads waiting here. */
  async end(): Promise<void> {
    await Promise.all(this.waiting.splice(0).map((worker) => worker.terminate()));
  }
}

function newWorker(): Worker {
  const options = {
    workerData: WORKER_ENTRY.workerData,
    execArgv: WORKER_ENTRY.execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  };
  try {
    return new Worker(WORKER_ENTRY.url, options);
  } catch (error) {
    // This process's options less tsx held one a thread refuses: a V8 flag (--trace-gc,
    // --stack-trace-limit), which holds for every thread anyway. The thread inherits them all then,
    // tsx included (it loads tsx for nothing, about 0.1 s).
    if (WORKER_ENTRY.execArgv === undefined || (error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV')
      throw error;
    return new Worker(WORKER_ENTRY.url, { ...options, execArgv: undefined });
  }
}

export async function runPoints(tasks: readonly PointTask[], options: PoolOptions): Promise<void> {
  if (options.onRuns === undefined && tasks.some((t) => (t.firstReplication ?? 0) > 0)) {
    throw new RangeError('a point summarized into its file needs all its runs: firstReplication is for onRuns');
  }
  const runs = distinctRuns(tasks);
  const threads = Math.min(options.workers, runs.length) - 1;
  if (threads < 1) {
    await runHere(tasks, runs, options);
    return;
  }
  await new PooledSweep(tasks, runs, threads, options).run();
}

/**
 * One worker: the points in grid order in this thread. Before each point, the runs first listed
 * for it are made, each handed to every point that has it; a point's runs from earlier points are
 * already there.
 */
async function runHere(tasks: readonly PointTask[], runs: readonly DistinctRun[], options: PoolOptions): Promise<void> {
  const results: RunResult[][] = tasks.map(() => []);
  let next = 0;
  for (const [index, task] of tasks.entries()) {
    for (; next < runs.length && runs[next].task === index; next++) {
      const result = runOne(tasks, runs[next]);
      for (const taker of runs[next].tasks) {
        results[taker].push(result);
        options.onRun();
      }
      // A stop signal's handler (src/cli/stopSignals.ts) runs here, not after the whole point.
      await nextTurn();
    }
    const made = results[index];
    results[index] = [];
    if (options.onRuns !== undefined) await options.onRuns(task, made);
    else await options.onPoint(task, pointJson(task, made));
  }
}

/** This thread's number in the claims; worker threads are 1, 2, ... */
const HERE = 0;

class PooledSweep {
  private readonly claims: RunClaims;
  private readonly workers: Worker[] = [];
  /** Per task: the results of its runs made so far, until it is summarized. */
  private readonly results: RunResult[][];
  /** Per task: runs not yet made. */
  private readonly runsLeft: number[];
  /** Tasks whose runs are all made, to summarize here between this thread's runs. */
  private readonly summaries: number[] = [];
  private readonly handoffs: Handoffs;
  /** Per worker thread (1, 2, ...): it said it was done, as it should. */
  private readonly finished: boolean[] = [];
  /** Per worker, in `workers` order: settles once it said it was done, failed, or stopped. */
  private readonly settled: Promise<void>[] = [];
  /** Per worker, in `workers` order: takes this sweep's listeners off it. */
  private readonly detach: (() => void)[] = [];
  private pointsLeft: number;
  private writing: Promise<void> = Promise.resolve();
  private failure?: Error;
  private stopping = false;
  /** Set once this thread has no runs left to claim: it summarizes every point finished after that. */
  private idleHere = false;
  private readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  constructor(
    private readonly tasks: readonly PointTask[],
    private readonly runs: readonly DistinctRun[],
    private readonly threads: number,
    private readonly options: PoolOptions,
  ) {
    this.claims = RunClaims.create(runs.length, threads + 1);
    this.handoffs = Handoffs.create(threads);
    this.results = tasks.map(() => []);
    this.runsLeft = tasks.map(() => 0);
    for (const run of runs) for (const taker of run.tasks) this.runsLeft[taker]++;
    this.pointsLeft = tasks.length;
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Failures surface through run(); this keeps one that comes before it awaits `done` from being unhandled.
    this.done.catch(() => undefined);
  }

  async run(): Promise<void> {
    let completed = false;
    try {
      for (let thread = 1; thread <= this.threads; thread++) this.workers.push(this.startWorker(thread));
      await this.workHere();
      await this.done;
      completed = true;
    } finally {
      this.claims.stop();
      this.stopping = true;
      await this.release(completed);
      // A write under way ends before the caller cleans up; its failure, if any, is already the sweep's.
      await this.writing.catch(() => undefined);
    }
  }

  /**
   * The threads handed back to `options.threads` once each said it is done, when the sweep went
   * well and the caller keeps threads; ended otherwise.
   */
  private async release(completed: boolean): Promise<void> {
    const { threads } = this.options;
    const keep = completed && threads !== undefined;
    if (keep) await Promise.all(this.settled);
    await Promise.all(
      this.workers.map(async (worker, i) => {
        this.detach[i]();
        if (keep && this.failure === undefined && this.finished[i + 1]) threads.giveBack(worker);
        else await worker.terminate();
      }),
    );
  }

  /** This thread's share: runs, and the points it is to summarize, letting the workers' messages in between. */
  private async workHere(): Promise<void> {
    for (;;) {
      await nextTurn();
      if (this.failure !== undefined) return;
      if (this.summaries.length > 0) {
        this.summarizeHere();
        continue;
      }
      const index = this.claims.claim(HERE);
      if (index === undefined) break;
      this.attempt(this.runs[index].task, () => this.ran(HERE, index, runOne(this.tasks, this.runs[index])));
    }
    this.idleHere = true;
  }

  private summarizeHere(): void {
    for (let task = this.summaries.shift(); task !== undefined; task = this.summaries.shift()) {
      if (this.failure !== undefined) return;
      const point = task;
      this.attempt(point, () => this.point(point, pointJson(this.tasks[point], this.results[point])));
    }
  }

  private attempt(task: number, work: () => void): void {
    try {
      work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.fail(new Error(`${this.named(task)} failed: ${message}`, { cause: error }));
    }
  }

  private startWorker(thread: number): Worker {
    const worker = this.options.threads?.take() ?? newWorker();
    let settle!: () => void;
    this.settled.push(new Promise((resolve) => (settle = resolve)));
    const onMessage = (message: WorkerMessage) => {
      if (message.kind === 'done') {
        this.finished[thread] = true;
        settle();
      }
      if (this.failure !== undefined) return;
      if (message.kind === 'run') this.ran(thread, message.run, unpackRun(message.result));
      else if (message.kind === 'point') this.point(message.task, message.json);
      else if (message.kind === 'error') {
        this.fail(new Error(`${this.named(message.task)} failed in a worker thread: ${message.message}`));
      }
    };
    const onError = (error: Error) => {
      settle();
      this.fail(this.lost(thread, error.message));
    };
    const onExit = (code: number) => {
      settle();
      if (!this.stopping) this.fail(this.lost(thread, `it stopped with exit code ${code}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    this.detach.push(() => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    });
    const start: PoolMessage = {
      kind: 'start',
      thread,
      cells: this.claims.cells,
      handoffs: this.handoffs.cells,
      tasks: this.tasks,
      runs: this.runs,
    };
    worker.postMessage(start);
    return worker;
  }

  /** How messages name a task: a sweep's point, or with onRuns (`run --workers`) the scenario. */
  private named(task: number): string {
    return `${this.options.onRuns === undefined ? 'sweep point' : 'scenario'} ${this.tasks[task].id}`;
  }

  /** A thread that died: named by the point it was running, when it was running one. */
  private lost(thread: number, why: string): Error {
    const run = this.claims.current(thread);
    const point = run === undefined ? '' : ` running ${this.named(this.runs[run].task)}`;
    return new Error(`a sweep worker thread failed${point}: ${why}`);
  }

  /** A run made by `thread`, for every point that has it. */
  private ran(thread: number, index: number, result: RunResult): void {
    for (const task of this.runs[index].tasks) this.took(thread, task, result);
  }

  /**
   * A run of `task` made by `thread`. A point's last run queues its summary here, unless points
   * already wait here and the worker thread that made the run still takes points: that one
   * summarizes it between its runs then. Once this thread has no run left it summarizes each point
   * at once. With `onRuns`, the point's runs go to it at once instead.
   */
  private took(thread: number, task: number, result: RunResult): void {
    this.results[task].push(result);
    this.options.onRun();
    if (--this.runsLeft[task] > 0) return;
    const { onRuns } = this.options;
    if (onRuns !== undefined) {
      const runs = this.results[task];
      this.handOn(task, () => onRuns(this.tasks[task], runs));
      return;
    }
    if (thread === HERE || this.idleHere || this.summaries.length === 0 || !this.handoffs.hand(thread)) {
      this.summaries.push(task);
      if (this.idleHere) this.summarizeHere();
      return;
    }
    const summarize: PoolMessage = { kind: 'summarize', task, runs: this.results[task].map(packRun) };
    this.workers[thread - 1].postMessage(summarize);
    this.results[task] = [];
  }

  private point(task: number, json: string): void {
    const { onPoint } = this.options;
    // With onRuns no point is handed to a thread to summarize, so none comes back.
    if (onPoint === undefined) this.fail(new Error(`${this.named(task)}: a file came where its runs were due`));
    else this.handOn(task, () => onPoint(this.tasks[task], json));
  }

  /** A point done: handed on after those before it, its runs let go. */
  private handOn(task: number, handing: () => Promise<void>): void {
    this.results[task] = [];
    this.writing = this.writing.then(handing);
    this.writing.catch((error: Error) => this.fail(error));
    if (--this.pointsLeft === 0) this.writing.then(this.settle.resolve, () => undefined);
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.claims.stop();
    this.settle.reject(error);
  }
}
