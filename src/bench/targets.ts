/**
 * Targets: absolute figures the project aims for on a stated machine (a run
 * under 5 s of wall time, under 400 MB of memory), checked against what a
 * bench run measured and reported beside it. Never gated: an absolute figure
 * moves with the machine and its load, which the gate's ratios leave out
 * (gate.ts); a target says how far the simulator is from a goal.
 */
import { figureKey, type BenchResult } from './results.ts';

export interface SpeedTarget {
  /** The timed task (a variant, with speedPerVariant), or null for the case as a whole. */
  readonly subject: string | null;
  readonly measure: 'wallMs' | 'peakRssBytes';
  /** Met when the measured median is below this. */
  readonly below: number;
  /** Where the target comes from and on what machine it holds. */
  readonly source: string;
}

export interface TargetCheck {
  readonly benchmark: string;
  readonly target: SpeedTarget;
  /** The measured median; null when the run measured no speed (--results-only) or not this figure. */
  readonly value: number | null;
  readonly met: boolean | null;
}

/** Each target of each case against the figure measured for it. */
export function checkTargets(
  cases: readonly { readonly name: string; readonly targets?: readonly SpeedTarget[] }[],
  results: readonly BenchResult[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const c of cases) {
    const result = results.find((r) => r.name === c.name);
    for (const target of c.targets ?? []) {
      const figure = result?.figures.find(
        (f) => f.kind === 'speed' && figureKey(f) === figureKey({ subject: target.subject, measure: target.measure }),
      );
      const value = figure === undefined || typeof figure.value !== 'number' ? null : figure.value;
      checks.push({ benchmark: c.name, target, value, met: value === null ? null : value < target.below });
    }
  }
  return checks;
}

/** One line per target: "capacity-50k: wallMs 7.2 s, target < 5 s (...): missed". */
export function targetLines(checks: readonly TargetCheck[]): string[] {
  return checks.map(({ benchmark, target, value, met }) => {
    const name = `${benchmark}: ${figureKey(target)}`;
    const verdict = met === null ? 'not measured' : met ? 'met' : 'missed';
    const measured = value === null ? '' : ` ${amount(target.measure, value)},`;
    return `${name}${measured} target < ${amount(target.measure, target.below)} (${target.source}): ${verdict}`;
  });
}

function amount(measure: SpeedTarget['measure'], value: number): string {
  return measure === 'wallMs' ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value / 1e6)} MB`;
}
