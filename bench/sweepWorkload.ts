/**
 * The sweeps the benchmarks time. `suite` is the suite's (bench/cases/sweep.ts)
 * and bench/sweep.bench.ts's default: a small capacity sweep, 12 points, each
 * 2 variants x 2 replications of 60 simulated days (48 runs, about 5 s of CPU
 * on the development machine). bench/sweep.bench.ts also times two larger
 * ones, to show how the speed-up of 2 workers depends on the size of a run
 * (docs/benchmarks.md, "Speed-up on several cores"): `fleet`, runs of 200 apps
 * (24 runs, about 20 s), and `capacity`, runs of bench/scenarios/capacity-50k.yaml
 * (4 runs, about 13 s). Each sweep's points run in a fresh process
 * (sweepPoints.ts) as `gitops-sim sweep` runs them.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** A sweep to time: a scenario's text, the file name its points name, and the `--set` values of its grid. */
export interface SweepWorkload {
  readonly scenario: string;
  readonly file: string;
  readonly sets: readonly string[];
}

/** Points of 200 apps on 2 clusters of 50 nodes over 14 days, push against pull: 6 points, 24 runs of about 0.8 s. */
const FLEET_SCENARIO = `name: sweep-bench-fleet
seed: 11
horizon: 14d
replications: 2
apps: { count: 200, replicas: 3 }
cluster: { count: 2, nodes: 50 }
ci: { commits: { every: exp(20m) } }
drift: [ { kind: podCrash, every: exp(1h) } ]
variants:
  - { name: push, delivery: push }
  - { name: pull, delivery: { type: pull, interval: 60s, jitter: 10s, selfHeal: true } }
`;

const CAPACITY_FILE = fileURLToPath(new URL('./scenarios/capacity-50k.yaml', import.meta.url));

/** The sweeps by name; `suite` is the suite's. */
export const SWEEP_WORKLOADS = {
  suite: { scenario: SWEEP_SCENARIO, file: 'sweep-bench.yaml', sets: SWEEP_SETS },
  fleet: {
    scenario: FLEET_SCENARIO,
    file: 'sweep-bench-fleet.yaml',
    sets: ['apps.replicas=2,3,4', 'variants.1.delivery.interval=30s,1m'],
  },
  capacity: {
    scenario: readFileSync(CAPACITY_FILE, 'utf8'),
    file: 'capacity-50k.yaml',
    sets: ['variants.0.delivery.shards=2,3,4,5'],
  },
} satisfies Record<string, SweepWorkload>;

export type SweepWorkloadName = keyof typeof SWEEP_WORKLOADS;

/** Whether `name` names a workload of SWEEP_WORKLOADS. */
export function isSweepWorkloadName(name: string): name is SweepWorkloadName {
  return Object.hasOwn(SWEEP_WORKLOADS, name);
}

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

/** A sweep's points on `workers` workers, in a fresh process started as `gitops-sim sweep` starts one (with its V8 flags). */
export function timeSweepPoints(workers: number, workload: SweepWorkloadName = 'suite'): Promise<SweepTiming> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...childExecArgv([SCRIPT]), ...sweepV8Flags(workers, availableParallelism()), SCRIPT, String(workers), workload],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${SCRIPT} ${workers} ${workload}: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as SweepTiming);
      },
    );
  });
}
