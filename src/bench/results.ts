/**
 * What a benchmark run yields, and what a baseline file holds: per benchmark,
 * a fingerprint of what produced it and its figures. Two kinds of figures,
 * gated differently (gate.ts): exact ones, equal for equal inputs on any
 * machine, and speed ones, medians of noisy samples.
 */
import type { SampleSummary } from './samples.ts';

/** What produced a result. Results compare only when these agree (see fingerprint.ts). */
export interface Fingerprint {
  /** sha256 of the resolved input (for a scenario, the inputHash of its summary.json). */
  readonly scenarioHash: string;
  /** null when the benchmark draws no random numbers. */
  readonly seed: number | string | null;
  /** "<name> <version>" of the simulator. */
  readonly tool: string;
  /** process.version */
  readonly node: string;
  readonly cpu: string;
}

export type Better = 'lower' | 'higher';

/** A figure that is exact for a seed: any change is a change in the simulator. */
export interface ExactFigure {
  readonly kind: 'exact';
  /** What within the benchmark it describes (a variant); null for the benchmark as a whole. */
  readonly subject: string | null;
  readonly measure: string;
  readonly unit: string;
  /** null when there was nothing to measure (no converged change); a string for a hash. */
  readonly value: number | string | null;
  /** Which way is better; absent when a change is neither (an event count, a hash). */
  readonly better?: Better;
}

/** A speed figure: the median of samples taken in several fresh processes, with their spread. */
export interface SpeedFigure extends SampleSummary {
  readonly kind: 'speed';
  readonly subject: string | null;
  readonly measure: string;
  readonly unit: string;
  readonly better: Better;
  /** The value to reach, for a figure that has one (on an idle machine of the benchmark's kind). */
  readonly target?: number;
}

export type Figure = ExactFigure | SpeedFigure;

export interface BenchResult {
  /** The benchmark: a suite entry ("engine") or a scenario file as given ("scenarios/webhook.yaml"). */
  readonly name: string;
  readonly fingerprint: Fingerprint;
  readonly figures: readonly Figure[];
}

/** Identifies a figure within its benchmark. */
export function figureKey(figure: Pick<Figure, 'subject' | 'measure'>): string {
  return figure.subject === null ? figure.measure : `${figure.subject}: ${figure.measure}`;
}
