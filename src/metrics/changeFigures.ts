/**
 * What the summary, the metrics, samples.json and the charts read of a run's
 * changes, made in one pass and kept per run. A run's changes are packed
 * (recordTable.ts): each pass over them decodes every record into fresh
 * objects, and a 50,000-app run's report read them a dozen times over
 * (tallyChanges, each converged-release metric, runs.csv, samples.json, the
 * CDF chart and index.html), most of its collector's work.
 */
import type { RunResult } from './results.ts';
import { mean } from './statistics.ts';

export interface ChangeFigures {
  /** Changes by outcome, and all of them. */
  readonly total: number;
  readonly converged: number;
  readonly superseded: number;
  readonly open: number;
  /** Convergence times of the converged changes, ascending. */
  readonly convergenceMs: readonly number[];
  /** Their mean summed in the order of the changes (the summary's per-run mean); null without any. */
  readonly convergenceMeanMs: number | null;
  /** Releases that converged, and the bad ones among them. */
  readonly convergedReleases: number;
  readonly badConvergedReleases: number;
  /** Per converged release with a code commit, in the order of the changes: code commit to converged. */
  readonly leadTimesMs: readonly number[];
}

const figuresOf = new WeakMap<RunResult, ChangeFigures>();

export function changeFigures(run: RunResult): ChangeFigures {
  let figures = figuresOf.get(run);
  if (figures === undefined) {
    figures = tally(run);
    figuresOf.set(run, figures);
  }
  return figures;
}

function tally(run: RunResult): ChangeFigures {
  const counts = { converged: 0, superseded: 0, open: 0 };
  const times: number[] = [];
  const leadTimesMs: number[] = [];
  let convergedReleases = 0;
  let badConvergedReleases = 0;
  for (const change of run.changes) {
    const { outcome } = change;
    counts[outcome.state]++;
    if (outcome.state !== 'converged') continue;
    times.push(outcome.convergenceMs);
    if (change.kind !== 'release') continue;
    convergedReleases++;
    if (change.bad) badConvergedReleases++;
    if (change.codeCommitMs !== null) leadTimesMs.push(change.atMs + outcome.convergenceMs - change.codeCommitMs);
  }
  // The mean before sorting: a sum in another order can differ in its last bits.
  const convergenceMeanMs = times.length > 0 ? mean(times) : null;
  // Sorted natively as a Float64Array, many times faster than Array#sort calling a comparator; the
  // same order for durations (it differs only in putting -0 before 0 and NaN last).
  const sorted = Float64Array.from(times).sort();
  for (let i = 0; i < sorted.length; i++) times[i] = sorted[i];
  return {
    total: run.changes.length,
    ...counts,
    convergenceMs: times,
    convergenceMeanMs,
    convergedReleases,
    badConvergedReleases,
    leadTimesMs,
  };
}
