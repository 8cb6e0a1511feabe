/**
 * Runs sweep points on worker threads, a whole point per task. Each point's
 * result is a pure function of its scenario text, handed to `onPoint` with
 * the task it belongs to; callers place results by point, never by the order
 * they finish in, so any number of workers gives the same bytes. One worker
 * runs the points in this thread, in grid order, with no thread start-up.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerThreadEntry } from '../runtime.ts';
import type { WorkerMessage } from './pointWorker.ts';
import { type PointTask, runPoint } from './runPoint.ts';

const WORKER_ENTRY = workerThreadEntry('sweep/pointWorker');

export interface PoolOptions {
  /** Worker threads; at most one per task is started. */
  readonly workers: number;
  /** After each variant x replication of any point. */
  readonly onRun: () => void;
  /** After each point, with its file's text; awaited before that worker takes another point. */
  readonly onPoint: (task: PointTask, json: string) => Promise<void>;
}

/** The default number of workers: the CPUs this process may use. */
export function defaultWorkers(): number {
  return os.availableParallelism();
}

export async function runPoints(tasks: readonly PointTask[], options: PoolOptions): Promise<void> {
  if (options.workers <= 1) {
    for (const task of tasks) await options.onPoint(task, runPoint(task, options.onRun));
    return;
  }
  const workers = Array.from({ length: Math.min(options.workers, tasks.length) }, () => new PointWorker());
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let task = tasks[next++]; task !== undefined; task = tasks[next++]) {
          await options.onPoint(task, await worker.run(task, options.onRun));
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** One worker thread running one point at a time. */
class PointWorker {
  private readonly worker = new Worker(WORKER_ENTRY.url, { workerData: WORKER_ENTRY.workerData });
  private current?: {
    readonly task: PointTask;
    readonly onRun: () => void;
    readonly resolve: (json: string) => void;
    readonly reject: (error: Error) => void;
  };
  /** A failure while no point was running (the thread could not start): the next run reports it. */
  private failure?: Error;
  private stopping = false;

  constructor() {
    this.worker.on('message', (message: WorkerMessage) => {
      const current = this.current;
      if (current === undefined) return;
      if (message.kind === 'run') {
        current.onRun();
        return;
      }
      this.current = undefined;
      if (message.kind === 'point') current.resolve(message.json);
      else
        current.reject(
          new Error(`sweep point ${current.task.id} failed in a worker thread: ${message.message}`),
        );
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.stopping) this.fail(new Error(`a sweep worker thread stopped with exit code ${code}`));
    });
  }

  run(task: PointTask, onRun: () => void): Promise<string> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.current = { task, onRun, resolve, reject };
      this.worker.postMessage(task);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    const current = this.current;
    this.current = undefined;
    if (current === undefined) this.failure ??= error;
    else current.reject(error);
  }
}
