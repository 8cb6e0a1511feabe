/**
 * Sweep throughput: the points of a sweep of sweepWorkload.ts (by default the
 * suite's, 12 points of 48 runs) on 1 worker and on 2 (or the counts given), each in a fresh
 * process running the compiled code (`npm run build` first), in rounds that
 * visit every count once, so each round's ratios are measured within a
 * minute of each other. The clock runs from the first point handed out to
 * the last point's file: it includes each worker thread's start-up and cold
 * JIT, as a user's sweep pays them, not the plan or the report. Per round:
 * the load average when it started (a speed-up needs idle cores: at a load
 * of 2 on 2 cores there is none), wall and CPU time (user + system, every
 * thread), points per second, the speed-up over the first count, CPU per
 * point, and whether every count wrote the same bytes. The suite has the
 * same figures (bench/cases/sweep.ts); this prints each round.
 *
 * Where Linux tells, the CPU time is also split between the threads that
 * run JavaScript and V8's helper threads (optimizing compilers, garbage
 * collection), and each count gets the speed-up its CPU time allows on 2
 * idle cores: 1 worker takes at least its JavaScript thread's time (its
 * helpers have the other core), n workers at least their CPU time over 2.
 * That bound moves less with the neighbours' load than the wall times do.
 * The ceiling is the most n workers could give on n cores whatever they
 * did: n x the 1-worker wall time over its CPU time (scaling.ts).
 *
 *   npm run bench:sweep -- [rounds] [workers...] [workload]
 *
 * (default: 3 rounds of 1 2, the suite's sweep). The workload `fleet` (runs of
 * 200 apps) or `capacity` (runs of 50,000 apps) shows how the speed-up depends
 * on the size of a run.
 */
import os from 'node:os';
import { speedupCeiling } from '../src/bench/scaling.ts';
import {
  isSweepWorkloadName,
  SPEEDUP_TARGET,
  SWEEP_WORKLOADS,
  type SweepTiming,
  timeSweepPoints,
} from './sweepWorkload.ts';

/**
 * t's CPU time split between JavaScript and V8's helper threads, where the system tells, and the
 * speed-up over `base` (1 worker) that t's CPU time allows on 2 idle cores: base's wall is at least
 * its JavaScript thread's time, t's at least its CPU time shared by the 2 cores.
 */
function threadSplit(base: SweepTiming, t: SweepTiming): Record<string, number> {
  if (t.jsCpuMs === undefined) return {};
  const split = {
    'JS CPU s': Number((t.jsCpuMs / 1000).toFixed(2)),
    'helpers CPU s': Number(((t.cpuMs - t.jsCpuMs) / 1000).toFixed(2)),
  };
  if (base.workers !== 1 || base.jsCpuMs === undefined || t.workers === 1) return split;
  return { ...split, 'CPU bound': Number(((2 * base.jsCpuMs) / t.cpuMs).toFixed(2)) };
}

/** The middle value (the upper one of an even count). */
function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

async function main(argv: string[]): Promise<number> {
  const workload = argv.find((arg) => !/^\d+$/.test(arg)) ?? 'suite';
  if (!isSweepWorkloadName(workload)) {
    console.error(`no sweep workload named ${workload}: one of ${Object.keys(SWEEP_WORKLOADS).join(', ')}`);
    return 2;
  }
  const [rounds = 3, ...counts] = argv.filter((arg) => /^\d+$/.test(arg)).map(Number);
  if (counts.length === 0) counts.push(1, 2);
  console.log(
    `sweep bench: the ${workload} sweep, ${rounds} round(s) of ${counts.join(', ')} worker(s); ` +
      `${os.availableParallelism()} CPU(s) available; node ${process.version}; target: 2 workers at least ${SPEEDUP_TARGET}x 1 on 2 idle cores`,
  );
  const rows: Record<string, string | number>[] = [];
  const speedups: number[] = [];
  const bounds: number[] = [];
  const ceilings: number[] = [];
  let sameBytes = true;
  for (let round = 1; round <= rounds; round++) {
    const load = os.loadavg()[0];
    const timings: SweepTiming[] = [];
    for (const workers of counts) timings.push(await timeSweepPoints(workers, workload));
    const base = timings[0];
    for (const t of timings) {
      const speedup = base.wallMs / t.wallMs;
      const split = threadSplit(base, t);
      const ceiling = base.workers === 1 && t.workers > 1 ? speedupCeiling(t.workers, base.wallMs, base.cpuMs) : undefined;
      if (t.workers === 2 && base.workers === 1) {
        speedups.push(speedup);
        ceilings.push(ceiling!);
        if (split['CPU bound'] !== undefined) bounds.push(split['CPU bound']);
      }
      sameBytes &&= t.hash === base.hash;
      rows.push({
        round,
        'load 1m': Number(load.toFixed(2)),
        workers: t.workers,
        'wall s': Number((t.wallMs / 1000).toFixed(2)),
        'points / s': Number(((t.points * 1000) / t.wallMs).toFixed(2)),
        'speed-up': Number(speedup.toFixed(2)),
        'CPU s': Number((t.cpuMs / 1000).toFixed(2)),
        'CPU ms / point': Math.round(t.cpuMs / t.points),
        ...split,
        ...(ceiling === undefined ? {} : { ceiling: Number(ceiling.toFixed(2)) }),
        'same bytes': t.hash === base.hash ? 'yes' : 'NO',
      });
    }
  }
  console.table(rows);
  if (speedups.length > 0) {
    const sorted = [...speedups].sort((a, b) => a - b);
    console.log(
      `2 workers / 1: median ${median(speedups).toFixed(2)}x, best ${sorted[sorted.length - 1].toFixed(2)}x over ${speedups.length} round(s) (target ${SPEEDUP_TARGET}x on 2 idle cores)`,
    );
  }
  if (bounds.length > 0) console.log(`2 workers / 1 as their CPU time allows: median ${median(bounds).toFixed(2)}x`);
  if (ceilings.length > 0) {
    console.log(`2 workers / 1 at most, as the 1-worker run's CPU time allows: median ${median(ceilings).toFixed(2)}x`);
  }
  if (!sameBytes) console.log('The point files differ between worker counts: a bug.');
  return sameBytes ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
