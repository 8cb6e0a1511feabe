/**
 * A worker thread of a sweep. It is sent the sweep's points once, then
 * claims runs from the shared list (runClaims.ts) until none is left,
 * posting each run's result; between runs it summarizes the points the pool
 * hands it. With no run left it takes no more points (handoffs.ts),
 * summarizes those still on their way to it, and says it is done: it is done
 * while the pool finishes the last points rather than after them. It then
 * waits for another sweep (the next round of `run --precision`, the next
 * scenario of `run`), its code compiled, until the pool that started it ends
 * it. Started by workerPool.ts (through workerEntry.js when running from the
 * TypeScript sources).
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { Handoffs } from './handoffs.ts';
import { RunClaims } from './runClaims.ts';
import { type PointTask, pointJson, runOne, type SweepRun } from './runPoint.ts';
import { type PackedRun, packRun, unpackRun } from './runTransfer.ts';

/** What the pool posts to a worker: the sweep once, then points to summarize. */
export type PoolMessage =
  | {
      readonly kind: 'start';
      /** This thread's number in the claims and hand-offs (1, 2, ...; the pool's own thread is 0). */
      readonly thread: number;
      readonly cells: Int32Array;
      readonly handoffs: Int32Array;
      readonly tasks: readonly PointTask[];
      /** The sweep's runs, each made once (runPoint.ts distinctRuns): the claims count through them. */
      readonly runs: readonly SweepRun[];
    }
  | { readonly kind: 'summarize'; readonly task: number; readonly runs: readonly PackedRun[] };

/** What a worker posts to the pool; `done` last, as it ends. */
export type WorkerMessage =
  | { readonly kind: 'run'; readonly run: number; readonly result: PackedRun }
  | { readonly kind: 'point'; readonly task: number; readonly json: string }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly task: number; readonly message: string };

if (parentPort === null) throw new Error('pointWorker.ts runs only as a worker thread (see workerPool.ts)');
const port = parentPort;

/** Runs one sweep's share, then waits for the next sweep. */
function serve(start: PoolMessage): void {
  if (start.kind !== 'start') throw new Error(`a sweep worker expected the sweep first, got ${start.kind}`);
  const { tasks, thread, runs } = start;
  const claims = new RunClaims(start.cells, runs.length);
  const post = (message: WorkerMessage) => port.postMessage(message);
  const failed = (task: number, error: unknown) =>
    post({
      kind: 'error',
      task,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });

  let summarized = 0;
  const summarize = (message: PoolMessage) => {
    if (message.kind !== 'summarize') return;
    summarized++;
    try {
      post({ kind: 'point', task: message.task, json: pointJson(tasks[message.task], message.runs.map(unpackRun)) });
    } catch (error) {
      failed(message.task, error);
    }
  };
  const run = (index: number, ref: SweepRun) => {
    try {
      post({ kind: 'run', run: index, result: packRun(runOne(tasks, ref)) });
      return true;
    } catch (error) {
      failed(ref.task, error);
      return false;
    }
  };

  // Points to summarize first: they finish points (their files are written sooner, their runs let go).
  for (;;) {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port))
      summarize(m.message);
    const index = claims.claim(thread);
    if (index === undefined || !run(index, runs[index])) break;
  }
  claims.release(thread);
  const handed = new Handoffs(start.handoffs).close(thread);
  // Done once every point handed here is summarized; what comes next is another sweep.
  const end = () => {
    if (summarized < handed) return false;
    port.off('message', last);
    post({ kind: 'done' });
    port.once('message', serve);
    return true;
  };
  const last = (message: PoolMessage) => {
    summarize(message);
    end();
  };
  if (!end()) port.on('message', last);
}

port.once('message', serve);
