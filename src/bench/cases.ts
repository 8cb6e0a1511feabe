/**
 * A benchmark case: what it computes exactly, and what work is timed for
 * speed. Speed is timed in fresh child processes, which rebuild the case from
 * a plain reference (a scenario file, or a module exporting `benchCase`), so
 * both ends load the same code from the same description.
 */
import { loadScenarioFile } from '../scenario/load.ts';
import type { SpeedTiming } from './interleave.ts';
import type { Better, ExactFigure } from './results.ts';
import type { SpeedTarget } from './targets.ts';
import { scenarioCase } from './scenarioCase.ts';

export interface BenchCase {
  /** sha256 of everything that fixes the exact figures. */
  readonly scenarioHash: string;
  /** null when the case draws no random numbers. */
  readonly seed: number | string | null;
  /** Figures that come out the same for the same input on any machine. */
  exact(): Promise<readonly ExactFigure[]>;
  readonly speed: SpeedPlan;
}

export interface SpeedPlan {
  /** Each is timed interleaved with the reference workload (reference.ts). */
  readonly tasks: readonly SpeedTask[];
  /** Work that can use more than one thread, timed with 1 and with `threads` (scaling.ts). */
  readonly scaling?: ScalingTask;
  /**
   * Figures the case measures itself, once in each speed process: what neither the timing nor
   * the scaling takes, such as the peak memory of whole commands run in child processes.
   */
  readonly probe?: () => Promise<readonly ProbeFigure[]>;
}

/** One figure of a probe: its value in this process. */
export interface ProbeFigure {
  readonly measure: string;
  readonly unit: string;
  readonly better: Better;
  readonly value: number;
  /** The value to reach, on the machine the case's docs name: below it, or at least it when higher is better. */
  readonly target?: number;
}

export interface ScalingTask {
  readonly name: string;
  /** What `run` counts ("points"). */
  readonly unit: string;
  /** Threads of the parallel runs. */
  readonly threads: number;
  /** The speed-up (parallel over 1 thread, by wall time) to reach on an idle machine with `threads` cores. */
  readonly target: number;
  /**
   * Does the work on `threads` threads and times it itself, so it can leave
   * out what is not the work (a child process's start-up, its planning).
   */
  readonly run: (threads: number) => Promise<ScalingRun>;
}

export interface ScalingRun {
  /** Units of work done (the same on every call). */
  readonly units: number;
  readonly wallMs: number;
  /** CPU time of every thread of the work (a child process's user + system time). */
  readonly cpuMs: number;
}

export interface SpeedTask {
  readonly name: string;
  /** What `run` counts ("events", "calls"): the rate figure is `<unit>PerSec`. */
  readonly unit: string;
  /** Does the work once; returns how many units it did (the same on every call). */
  readonly run: () => number;
}

/** What every case may add to its description: its own timing and the targets its figures are held to. */
interface CaseExtras {
  /** Replaces parts of the speed timing for this case (a run of many seconds needs fewer samples). */
  readonly timing?: Partial<SpeedTiming>;
  /** Absolute figures the project aims for (targets.ts), reported beside the results; never gated. */
  readonly targets?: readonly SpeedTarget[];
  /**
   * Speed processes for this case when fewer than the run's: a case whose figures come from child
   * processes of its own, steady from one process to the next, and take many seconds.
   */
  readonly processes?: number;
}

/** A case as a child process can be told about it. */
export type CaseRef = CaseExtras &
  (
    | {
        readonly kind: 'scenario';
        readonly name: string;
        readonly file: string;
        /** Variants whose replication 0 is timed; all when absent (a long scenario may time one). */
        readonly speedVariants?: readonly string[];
        /** Each timed variant is a task of its own, its figures under its name; by default one task times them all. */
        readonly speedPerVariant?: boolean;
      }
    | {
        readonly kind: 'module';
        readonly name: string;
        /** A file URL of a module exporting `benchCase: BenchCase`. */
        readonly module: string;
      }
  );

export interface CaseOptions {
  /** Metric names (metrics/definitions.ts) gated per variant of a scenario. */
  readonly metrics: readonly string[];
}

export async function loadCase(ref: CaseRef, options: CaseOptions): Promise<BenchCase> {
  if (ref.kind === 'scenario') {
    const scenario = loadScenarioFile(ref.file);
    return scenarioCase(scenario, {
      metrics: options.metrics,
      speedVariants: ref.speedVariants,
      speedPerVariant: ref.speedPerVariant,
    });
  }
  const loaded = ((await import(ref.module)) as { benchCase?: BenchCase }).benchCase;
  if (loaded === undefined || typeof loaded.exact !== 'function' || !Array.isArray(loaded.speed?.tasks)) {
    throw new Error(`${ref.module}: exports no benchCase (an object with exact() and speed.tasks)`);
  }
  return loaded;
}
