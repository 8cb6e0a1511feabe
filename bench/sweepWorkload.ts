/**
 * The sweep the benchmarks time (bench/cases/sweep.ts in the suite, and
 * bench/sweep.bench.ts): a small capacity sweep, 12 points, each 2 variants
 * x 2 replications of 60 simulated days (48 runs, about 5 s of CPU on the
 * development machine), its points run in a fresh process (sweepPoints.ts)
 * as `gitops-sim sweep` runs them.
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { childExecArgv } from '../src/runtime.ts';
import { sweepV8Flags } from '../src/sweep/v8Flags.ts';

export const SWEEP_SCENARIO = `name: sweep-bench
seed: 11
horizon: 60d
replications: 2
apps: { count: 8, replicas: 3 }
ci: { commits: { every: exp(2h) } }
drift: [ { kind: podCrash, every: exp(6h) } ]
variants:
  - { name: push, delivery: push }
  - { name: pull, delivery: { type: pull, interval: 60s, jitter: 10s, selfHeal: true } }
`;
export const SWEEP_SETS = ['apps.replicas=2,3,4', 'variants.1.delivery.interval=30s,1m,2m,5m'];

/** Issue 17's goal: 2 workers give at least 1.8 times the points per second of 1, on 2 idle cores. */
export const SPEEDUP_TARGET = 1.8;

/** What sweepPoints.ts prints. */
export interface SweepTiming {
  readonly workers: number;
  readonly points: number;
  /** From the first point handed out to the last point's file, in this process's wall time. */
  readonly wallMs: number;
  /** The process's user + system time over the same span: every thread's. */
  readonly cpuMs: number;
  /**
   * Of cpuMs, the threads that run JavaScript (the main thread and the sweep's worker threads),
   * where the system tells (Linux); the rest is V8's helper threads (optimizing compilers, garbage
   * collection), which on 1 worker have the second core to themselves.
   */
  readonly jsCpuMs?: number;
  /** sha256 of the point files in grid order. */
  readonly hash: string;
}

const SCRIPT = fileURLToPath(new URL('./sweepPoints.ts', import.meta.url));

/** The sweep's points on `workers` workers, in a fresh process started as `gitops-sim sweep` starts one (with its V8 flags). */
export function timeSweepPoints(workers: number): Promise<SweepTiming> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...childExecArgv([SCRIPT]), ...sweepV8Flags(workers, availableParallelism()), SCRIPT, String(workers)],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${SCRIPT} ${workers}: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as SweepTiming);
      },
    );
  });
}
