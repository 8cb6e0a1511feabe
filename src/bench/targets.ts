/**
 * Targets: absolute figures the project aims for on a stated machine (a run
 * under 5 s of wall time, under 400 MB of memory, 2 workers at least 1.8x
 * one), checked against what a bench run measured and reported beside it.
 * Never gated: an absolute figure moves with the machine and its load, which
 * the gate's ratios leave out (gate.ts); a target says how far the simulator
 * is from a goal. Two places hold them: the suite's list (bench/suite.ts) for
 * the figures every case has (wall time, peak memory), and a figure a case
 * makes itself (a speed-up, a ratio of memories), which carries its own.
 */
import { maxOf, minOf } from '../engine/extremes.ts';
import { compact } from './formats.ts';
import { figureKey, type BenchResult, type SpeedFigure } from './results.ts';

export interface SpeedTarget {
  /** The timed task (a variant, with speedPerVariant), or null for the case as a whole. */
  readonly subject: string | null;
  readonly measure: 'wallMs' | 'peakRssBytes';
  /** Met when the measured median is below this. */
  readonly below: number;
  /** Where the target comes from and on what machine it holds. */
  readonly source: string;
}

const UNIT_OF: Readonly<Record<SpeedTarget['measure'], string>> = { wallMs: 'ms', peakRssBytes: 'bytes' };

export interface TargetCheck {
  readonly benchmark: string;
  /** The figure (figureKey). */
  readonly figure: string;
  readonly unit: string;
  /** Met below the target (time, memory) or at it and above (a speed-up). */
  readonly bound: 'below' | 'atLeast';
  readonly target: number;
  /** Where the target holds; null for a figure's own target, which says so in its case's docs. */
  readonly source: string | null;
  /** The measured median; null when the run did not measure this figure. */
  readonly value: number | null;
  readonly met: boolean | null;
}

/** Each target of each case, then each measured figure that carries one, against the figure's value. */
export function checkTargets(
  cases: readonly { readonly name: string; readonly targets?: readonly SpeedTarget[] }[],
  results: readonly BenchResult[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const c of cases) {
    const measured = (results.find((r) => r.name === c.name)?.figures ?? []).filter(
      (f): f is SpeedFigure => f.kind === 'speed',
    );
    for (const target of c.targets ?? []) {
      const value = measured.find((f) => figureKey(f) === figureKey(target))?.value ?? null;
      checks.push({
        benchmark: c.name,
        figure: figureKey(target),
        unit: UNIT_OF[target.measure],
        bound: 'below',
        target: target.below,
        source: target.source,
        value,
        met: value === null ? null : value < target.below,
      });
    }
    for (const figure of measured) {
      if (figure.target === undefined) continue;
      const bound = figure.better === 'higher' ? 'atLeast' : 'below';
      checks.push({
        benchmark: c.name,
        figure: figureKey(figure),
        unit: figure.unit,
        bound,
        target: figure.target,
        source: null,
        value: figure.value,
        met: bound === 'atLeast' ? figure.value >= figure.target : figure.value < figure.target,
      });
    }
  }
  return checks;
}

/**
 * How fast this machine ran the reference workload, over every case that timed it: the lowest and
 * highest median (events/s), or null when none did. Absolute targets hold on a stated machine; this
 * says how this one compares (one that runs the reference at two thirds the rate takes about half
 * as long again for the same work).
 */
export function referenceRate(results: readonly BenchResult[]): { low: number; high: number } | null {
  const rates = results.flatMap((r) =>
    r.figures.flatMap((f) => (f.kind === 'speed' && f.measure === 'referenceEventsPerSec' ? [f.value] : [])),
  );
  return rates.length === 0 ? null : { low: minOf(rates), high: maxOf(rates) };
}

/** "15.2M-15.7M events/s", as the results table writes each rate. */
export function rateText({ low, high }: { low: number; high: number }): string {
  const [from, to] = [compact(low), compact(high)];
  return `${from === to ? from : `${from}-${to}`} events/s`;
}

/** One line per target: "capacity-50k: wallMs 7.20 s, target < 5.00 s (...): missed". */
export function targetLines(checks: readonly TargetCheck[]): string[] {
  return checks.map((check) => {
    const { benchmark, figure, unit, bound, target, source, value, met } = check;
    const verdict = met === null ? 'not measured' : met ? 'met' : 'missed';
    const measured = value === null ? '' : ` ${amount(unit, value)},`;
    const where = source === null ? '' : ` (${source})`;
    return `${benchmark}: ${figure}${measured} target ${bound === 'below' ? '<' : '>='} ${amount(unit, target)}${where}: ${verdict}`;
  });
}

function amount(unit: string, value: number): string {
  if (unit === 'ms') return `${(value / 1000).toFixed(2)} s`;
  if (unit === 'bytes') return `${Math.round(value / 1e6)} MB`;
  if (unit === 'x') return `${value.toFixed(2)}x`;
  return `${value} ${unit}`;
}
