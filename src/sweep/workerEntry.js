// A worker thread's entry point when the tool runs from its TypeScript sources (tests): loader hooks
// registered by the parent thread do not reach worker threads on Node 20, so the thread registers tsx
// itself, then imports the module named in workerData. Compiled code (dist/) starts the module directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData);
