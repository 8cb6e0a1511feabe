// A worker thread's entry point. Loader hooks registered by the parent thread
// (bin/gitops-sim.js calls tsx's register()) do not reach worker threads on
// Node 20, so each worker registers tsx itself before importing
// TypeScript; under `node --import tsx` (tests) the worker gets tsx twice, which is harmless.
import { register } from 'tsx/esm/api';

register();
await import('./pointWorker.ts');
