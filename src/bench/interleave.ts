/**
 * Timing a benchmark task interleaved with the reference workload
 * (reference.ts): reference block, task run, reference block, task run, ...,
 * reference block. Each task run is compared with the blocks either side of
 * it, so a neighbour that starts or stops mid-measurement slows both sides of
 * the comparison. A block repeats the reference until it takes about as long
 * as one task run (judged from the warm-up), so both sample the machine over
 * windows of the same length.
 *
 * Every run and block is timed twice: wall time, which is what a user waits
 * (and what the absolute figures report), and the process's CPU time, which
 * leaves out the time the scheduler gave to other processes. On a shared
 * machine the two differ by whole multiples: measured on the 2-core
 * development machine at a load average of 12, the engine's runs took 95-131
 * ms of wall time and 30-34 ms of CPU time, and engine/reference came out
 * 0.69-1.04 by wall time, 0.82-0.97 by CPU time. Ratios are taken of CPU
 * times, and the warm-up and the sample time count CPU time too, so a loaded
 * machine takes longer to measure but measures as much work.
 */

/** How long a process times each task; minimums, sampling stops when both are met. */
export interface SpeedTiming {
  /** ms of CPU time of timed task runs and reference blocks together, after the warm-up. */
  readonly sampleTimeMs: number;
  /** Task runs, at the least. */
  readonly minSamples: number;
  /** ms of CPU time. */
  readonly warmupTimeMs: number;
  /** Runs of each, at the least, before anything counts (the JIT settles). */
  readonly warmupRuns: number;
}

/** Monotonic clocks in ms: wall time (performance.now) and CPU time of the process (process.cpuUsage). */
export interface Clocks {
  readonly wallMs: () => number;
  readonly cpuMs: () => number;
}

export interface InterleavedSamples {
  /** Each timed task run, in ms of wall time and of CPU time. */
  readonly taskMs: readonly number[];
  readonly taskCpuMs: readonly number[];
  /** Each reference block, likewise: one before each task run and one after the last. */
  readonly referenceMs: readonly number[];
  readonly referenceCpuMs: readonly number[];
  /** Runs of the reference in one block. */
  readonly referenceRuns: number;
}

/** A block of more runs than this is a task too slow to benchmark with this reference. */
export const MAX_REFERENCE_RUNS = 10_000;

export function sampleInterleaved(
  task: () => void,
  reference: () => void,
  timing: SpeedTiming,
  clocks: Clocks,
): InterleavedSamples {
  const timed = (run: () => void): [wallMs: number, cpuMs: number] => {
    const wallMs = clocks.wallMs();
    const cpuMs = clocks.cpuMs();
    run();
    return [clocks.wallMs() - wallMs, clocks.cpuMs() - cpuMs];
  };
  const warmTaskMs: number[] = [];
  const warmReferenceMs: number[] = [];
  const warmStartMs = clocks.cpuMs();
  while (warmTaskMs.length < timing.warmupRuns || clocks.cpuMs() - warmStartMs < timing.warmupTimeMs) {
    warmTaskMs.push(timed(task)[1]);
    warmReferenceMs.push(timed(reference)[1]);
  }
  // The quickest runs are the warmest and least disturbed: the best guess of what a run costs.
  const referenceRuns = blockRuns(Math.min(...warmTaskMs), Math.min(...warmReferenceMs));
  const block = () =>
    timed(() => {
      for (let i = 0; i < referenceRuns; i++) reference();
    });
  // One block untimed: its loop compiled, the warm-up's garbage collected, before anything counts.
  block();

  const samples = {
    taskMs: [] as number[],
    taskCpuMs: [] as number[],
    referenceMs: [] as number[],
    referenceCpuMs: [] as number[],
    referenceRuns,
  };
  const addBlock = () => {
    const [wallMs, cpuMs] = block();
    samples.referenceMs.push(wallMs);
    samples.referenceCpuMs.push(cpuMs);
  };
  addBlock();
  const startMs = clocks.cpuMs();
  while (samples.taskMs.length < timing.minSamples || clocks.cpuMs() - startMs < timing.sampleTimeMs) {
    const [wallMs, cpuMs] = timed(task);
    samples.taskMs.push(wallMs);
    samples.taskCpuMs.push(cpuMs);
    addBlock();
  }
  return samples;
}

/** Reference runs that take about as long as one task run: at least one. */
export function blockRuns(taskMs: number, referenceMs: number): number {
  // A reference too quick for the timer: one run a block, nothing to scale by.
  if (!(referenceMs > 0)) return 1;
  return Math.min(MAX_REFERENCE_RUNS, Math.max(1, Math.round(taskMs / referenceMs)));
}
