/**
 * The regression gate: current results against a baseline, figure by figure.
 *
 * - Exact figures are strict: any change is reported; one that is worse by
 *   the metric's direction, by any amount, is a regression. Figures without
 *   a direction (event counts, the outputs hash) can only be `changed`.
 * - Speed is gated as ratios (`speedRatio`: a benchmark's rate over the
 *   reference workload's, measured in the same processes; speed.ts), which
 *   travel between machines. A change within SPEED_FLOOR (10%) is
 *   `unchanged`; beyond it, the change must also exceed NOISE_FACTOR x the
 *   relative noise of the noisier of the two measurements (the spread of the
 *   per-process ratios) to count as a regression or an improvement; in
 *   between it is `inconclusive` (the noise is larger than the change:
 *   reported, never failing).
 * - Absolute speed (rates, wall time, memory) moves with the machine and its
 *   neighbours: `notCompared`, unless `sameMachine` says the baseline was
 *   recorded here; then it is gated as the ratios are.
 * - Fingerprints: a different scenario, seed or simulator version compares
 *   nothing (a mismatch). A different Node or CPU still compares the exact
 *   figures and the ratios (the notes say so), but is a mismatch with
 *   `sameMachine`, which claims otherwise.
 *
 * Exit codes (the issue's): 0 pass or better, 1 regression, 2 mismatch or a
 * figure without a baseline (a comparison that could not be made is never a
 * pass); 2 wins over 1, as the comparison is incomplete.
 */
import {
  describeDifference,
  type FingerprintDifference,
  fingerprintDifferences,
  type Machine,
  machineDifferences,
} from './fingerprint.ts';
import { type BenchResult, type ExactFigure, type Figure, figureKey, type SpeedFigure } from './results.ts';

/**
 * Changes this small are never a regression: two idle machines of one kind
 * measured 2.5% apart on the engine/floor ratio where their absolute rates
 * differed by 18-45%; 10% leaves room for that and for a lightly loaded
 * machine, and still catches a benchmark 25% slower (a ratio 20% lower).
 */
export const SPEED_FLOOR = 0.1;
/** Twice the spread: a shift of the median that large is rarely the noise of one run against another's. */
export const NOISE_FACTOR = 2;

/** `change` is relative, (current - baseline) / |baseline|; null when that has no meaning (a hash, a zero baseline). */
export type Verdict =
  | { readonly state: 'unchanged'; readonly change: number | null }
  | { readonly state: 'improved'; readonly change: number | null }
  /** An exact figure without a direction moved, or a value appeared or vanished. */
  | { readonly state: 'changed'; readonly change: number | null }
  /** threshold: null for an exact figure (any worsening fails). */
  | { readonly state: 'regressed'; readonly change: number | null; readonly threshold: number | null }
  | { readonly state: 'inconclusive'; readonly change: number; readonly threshold: number }
  | { readonly state: 'notCompared'; readonly reason: string }
  | { readonly state: 'noBaseline' };

export interface FigureComparison {
  readonly current: Figure;
  readonly baseline: Figure | null;
  readonly verdict: Verdict;
}

export type BenchmarkComparison =
  | {
      readonly state: 'compared';
      readonly name: string;
      /** Machine differences: the exact figures and the ratios compared across them. */
      readonly differences: readonly FingerprintDifference[];
      readonly figures: readonly FigureComparison[];
    }
  | {
      readonly state: 'mismatch';
      readonly name: string;
      readonly differences: readonly FingerprintDifference[];
      /** Compared figures when only the machine differs (with `sameMachine`); none when the results differ. */
      readonly figures: readonly FigureComparison[];
    }
  | { readonly state: 'noBaseline'; readonly name: string };

export interface GateOptions {
  /** The baseline was recorded on this machine: gate absolute speed too, and insist the fingerprints agree. */
  readonly sameMachine: boolean;
}

/** Compares every current result; baseline results that were not run are ignored. */
export function compareResults(
  baseline: readonly BenchResult[],
  current: readonly BenchResult[],
  options: GateOptions,
): BenchmarkComparison[] {
  return current.map((result) => {
    const base = baseline.find((b) => b.name === result.name);
    if (base === undefined) return { state: 'noBaseline', name: result.name };
    const differences = fingerprintDifferences(base.fingerprint, result.fingerprint);
    if (differences.some((d) => d.affects === 'results')) {
      return { state: 'mismatch', name: result.name, differences, figures: [] };
    }
    const sameMachine = differences.length === 0;
    const figures = result.figures.map((figure): FigureComparison => {
      const key = figureKey(figure);
      const before = base.figures.find((f) => f.kind === figure.kind && figureKey(f) === key) ?? null;
      if (figure.kind === 'speed' && !isRatio(figure) && !(options.sameMachine && sameMachine)) {
        const reason = options.sameMachine ? 'another machine' : 'absolute; --same-machine gates it';
        return { current: figure, baseline: before, verdict: { state: 'notCompared', reason } };
      }
      if (before === null) return { current: figure, baseline: null, verdict: { state: 'noBaseline' } };
      const verdict =
        figure.kind === 'exact'
          ? exactVerdict(before as ExactFigure, figure)
          : speedVerdict(before as SpeedFigure, figure);
      return { current: figure, baseline: before, verdict };
    });
    return options.sameMachine && !sameMachine
      ? { state: 'mismatch', name: result.name, differences, figures }
      : { state: 'compared', name: result.name, differences, figures };
  });
}

/**
 * Speed comparisons that cannot be made, known before a minute of measuring: with --same-machine, a
 * baseline from another machine; a baseline without speed figures (made with --results-only).
 * One message per benchmark; none when the measuring is worth doing.
 */
export function speedPreflight(
  baseline: readonly BenchResult[],
  names: readonly string[],
  machine: Machine,
  options: GateOptions,
): string[] {
  const problems: string[] = [];
  for (const name of names) {
    const base = baseline.find((b) => b.name === name);
    if (base === undefined) continue;
    const elsewhere = machineDifferences(base.fingerprint, machine);
    if (options.sameMachine && elsewhere.length > 0) {
      problems.push(
        `${name}: --same-machine, but the baseline was measured on another machine (${elsewhere.map(describeDifference).join(', ')}): ` +
          'nothing measured. Without --same-machine speed is gated as ratios to the reference, which compare across machines.',
      );
    } else if (!base.figures.some((f) => f.kind === 'speed')) {
      problems.push(
        `${name}: the baseline has no speed figures (made with --results-only?): nothing measured. ` +
          'Compare with --results-only, or re-run with --update-baseline.',
      );
    }
  }
  return problems;
}

/** A speed figure relative to the reference workload in the same process: comparable across machines. */
export function isRatio(figure: Figure): boolean {
  return figure.kind === 'speed' && figure.unit === 'ratio';
}

export function exactVerdict(baseline: ExactFigure, current: ExactFigure): Verdict {
  const [b, c] = [baseline.value, current.value];
  if (b === c) return { state: 'unchanged', change: typeof c === 'number' ? 0 : null };
  if (typeof b !== 'number' || typeof c !== 'number') return { state: 'changed', change: null };
  const change = b === 0 ? null : (c - b) / Math.abs(b);
  if (current.better === undefined) return { state: 'changed', change };
  const worse = current.better === 'lower' ? c > b : c < b;
  return worse ? { state: 'regressed', change, threshold: null } : { state: 'improved', change };
}

/** Both values are positive (rates, times, bytes): the bench file schema insists. */
export function speedVerdict(baseline: SpeedFigure, current: SpeedFigure): Verdict {
  const change = (current.value - baseline.value) / baseline.value;
  const worse = current.better === 'lower' ? change : -change;
  if (Math.abs(worse) <= SPEED_FLOOR) return { state: 'unchanged', change };
  const threshold = Math.max(SPEED_FLOOR, NOISE_FACTOR * Math.max(baseline.noise, current.noise));
  if (Math.abs(worse) <= threshold) return { state: 'inconclusive', change, threshold };
  return worse > 0 ? { state: 'regressed', change, threshold } : { state: 'improved', change };
}

export type GateOutcome = 'pass' | 'regression' | 'mismatch';

export function gateOutcome(comparisons: readonly BenchmarkComparison[]): GateOutcome {
  const incomplete = comparisons.some(
    (c) => c.state !== 'compared' || c.figures.some((f) => f.verdict.state === 'noBaseline'),
  );
  if (incomplete) return 'mismatch';
  const regressed = comparisons.some(
    (c) => c.state === 'compared' && c.figures.some((f) => f.verdict.state === 'regressed'),
  );
  return regressed ? 'regression' : 'pass';
}

export const GATE_EXIT: Readonly<Record<GateOutcome, number>> = { pass: 0, regression: 1, mismatch: 2 };
