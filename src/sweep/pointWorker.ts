/**
 * A worker thread's loop: run each point the pool sends and post its file
 * back, with a message per finished run for progress. Started by workerPool.ts
 * (through workerEntry.js when running from the TypeScript sources).
 */
import { parentPort } from 'node:worker_threads';
import { type PointTask, runPoint } from './runPoint.ts';

/** What a worker posts to the pool. */
export type WorkerMessage =
  | { readonly kind: 'run' }
  | { readonly kind: 'point'; readonly json: string }
  | { readonly kind: 'error'; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('pointWorker.ts runs only as a worker thread (see workerPool.ts)');

port.on('message', (task: PointTask) => {
  const post = (message: WorkerMessage) => port.postMessage(message);
  try {
    post({ kind: 'point', json: runPoint(task, () => post({ kind: 'run' })) });
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
