/**
 * Threshold verdicts and warnings in words, the same in the CLI, summary.md,
 * index.html and junit.xml.
 */
import type { HeadlineAnswer } from '../metrics/answer.ts';
import { metricNamed } from '../metrics/definitions.ts';
import type { ImpreciseFigure } from '../metrics/precision.ts';
import type { MeanWithInterval } from '../metrics/results.ts';
import type { ThresholdVerdict } from '../metrics/thresholds.ts';
import type { SummaryWarning } from '../metrics/warnings.ts';
import { list } from './driftKinds.ts';
import { formatMetric, formatMetricChange, intervalChangeFormat, intervalDecimals } from './format.ts';

/** "2m 44s [2m 36s, 2m 56s]", or "n/a"; in the metric's unit. */
export function valueText(value: MeanWithInterval, metric: string, change = false): string {
  const unit = metricNamed(metric)?.unit ?? 'count';
  const ci = value.ci95;
  const format =
    change && ci !== null
      ? intervalChangeFormat(unit, ci.low, ci.high)
      : (x: number) => (change ? formatMetricChange(x, unit) : formatMetric(x, unit));
  if (value.mean === null) return 'n/a';
  return value.ci95 === null
    ? format(value.mean)
    : `${format(value.mean)} [${format(value.ci95.low)}, ${format(value.ci95.high)}]`;
}

/** PASS / FAIL / INCONCLUSIVE, as the CLI and summary.md show it. */
export function stateText(v: ThresholdVerdict): string {
  return v.state.toUpperCase();
}

/** Why a verdict is what it is, in a sentence fragment after the figure. */
export function verdictDetail(v: ThresholdVerdict): string {
  switch (v.state) {
    case 'pass':
      return 'the 95% interval lies wholly inside the limit';
    case 'fail':
      return 'the 95% interval lies wholly outside the limit';
    case 'inconclusive': {
      const more =
        v.suggestedReplications === null ? '' : `; about ${v.suggestedReplications} replications would decide it`;
      switch (v.reason) {
        case 'no value':
          return 'no run had anything to measure';
        case 'no interval':
          return `one replication gives no interval${more}`;
        default:
          return `the 95% interval holds the limit${more}`;
      }
    }
  }
}

/** "FAIL  pull/tag  convergenceP95Ms < 5m: 6m 10s [5m 40s, 6m 30s] (the 95% interval lies wholly outside the limit)" */
export function verdictLine(v: ThresholdVerdict): string {
  return `${stateText(v)} ${v.variant}: ${v.metric} ${v.expression}: ${valueText(v.value, v.metric)} (${verdictDetail(v)})`;
}

export function warningText(w: SummaryWarning): string {
  switch (w.kind) {
    case 'fewReplications':
      return (
        `only ${w.replications} replication${w.replications === 1 ? '' : 's'}: intervals from fewer than ` +
        `${w.minimum} are rough (with 1 only shares have one); run with --replications 10 or more`
      );
    case 'cannotRank':
      return (
        `cannot rank ${w.variant} against ${w.baseline} on ${w.metric}: the paired difference ` +
        `${valueText(w.difference, w.metric, true)} ` +
        (w.difference.ci95 === null
          ? 'has no interval (fewer than 2 replications where both have a value); '
          : 'has a 95% interval that holds 0; ') +
        'more replications (run --precision 5%) would tell'
      );
  }
}

/** What `run --precision` got to: every headline figure within ±target, or which were not, at the cap or not. */
export function precisionLine(
  target: number,
  replications: number,
  imprecise: readonly ImpreciseFigure[],
  cap: number,
): string {
  const percent = `±${+(target * 100).toFixed(4)}%`;
  if (imprecise.length === 0) return `precision ${percent}: every headline figure reached it with ${replications} replications`;
  const figures = imprecise.map(
    (f) =>
      `${f.variant} ${f.metric} ${f.relativeHalfWidth === null ? '(no interval)' : `±${(f.relativeHalfWidth * 100).toFixed(1)}%`}`,
  );
  const atCap = replications >= cap ? ` (the cap, ${cap})` : '';
  return `precision ${percent} not reached with ${replications} replications${atCap}: ${figures.join(', ')}`;
}

/** Whether a difference (leader minus another) is on the leader's better side, by the metric's direction. */
function towardBetter(d: MeanWithInterval, metric: string): boolean {
  const mean = d.mean ?? 0;
  return metricNamed(metric)?.better === 'lower' ? mean <= 0 : mean >= 0;
}

/** "2.90 points [2.10, 3.70] above push/tag": the leader's margin, signed so that positive is the better way. */
function marginText(d: MeanWithInterval, metric: string, runnerUp: string): string {
  const definition = metricNamed(metric);
  const lower = definition?.better === 'lower';
  const unit = definition?.unit ?? 'count';
  // Lower is better: a leader 3s below has a difference of -3s; shown as 3s below.
  const towardBetter = (x: number) => (lower ? -x : x);
  // Enough decimals that an interval leaving out 0 shows it: "0.0031 points [0.0012, 0.0050]", not "0.00 [0.00, 0.00]".
  const decimals = (d.ci95 === null ? undefined : intervalDecimals('ratio', d.ci95.low, d.ci95.high)) ?? 2;
  const amount = (x: number) => (unit === 'ratio' ? (x * 100).toFixed(decimals) : formatMetric(x, unit));
  const mean = towardBetter(d.mean ?? 0);
  const magnitude = unit === 'ratio' ? `${amount(Math.abs(mean))} points` : amount(Math.abs(mean));
  const ends = d.ci95 === null ? null : [towardBetter(d.ci95.low), towardBetter(d.ci95.high)].sort((x, y) => x - y);
  const interval = ends === null ? '' : ` [${amount(ends[0])}, ${amount(ends[1])}]`;
  const side = mean === 0 ? 'level with' : (mean > 0) === lower ? 'below' : 'above';
  return `${magnitude}${interval} ${side} ${runnerUp}`;
}

/**
 * One headline metric's answer in the manner of hyperfine:
 * "pull/digest: correctness 99.91% [99.85%, 99.95%], 2.90 points [2.10, 3.70] above push/tag; 30 replications",
 * or why there is no winner.
 */
export function answerLine(a: HeadlineAnswer, replications: number): string {
  const runs = `${replications} replication${replications === 1 ? '' : 's'}`;
  if (a.leader === null) return `${a.metric}: no variant had anything to measure; ${runs}`;
  // What the figure leaves out, beside it, when the leader left anything unfinished.
  const left = a.unfinished;
  const unfinished =
    left !== null && left.value.mean !== null && left.value.mean > 0
      ? ` (${left.metric} ${valueText(left.value, left.metric)})`
      : '';
  const figure = `${a.metric} ${valueText(a.value, a.metric)}${unfinished}`;
  // Variants that measured the same in every replication share the lead.
  const leaders = [a.leader, ...a.tiedWith].join(' = ');
  const tie = a.tiedWith.length > 0 ? ' (the same in every replication)' : '';
  if (a.runnerUp === null || a.difference === null) return `${leaders}: ${figure}${tie}; ${runs}`;
  const margin = marginText(a.difference, a.metric, a.runnerUp);
  if (a.clear) return `${leaders}: ${figure}${tie}, ${margin}; ${runs}`;
  const ci = a.difference.ci95;
  const { pairs } = a.difference;
  const both = `${pairs} replication${pairs === 1 ? '' : 's'} where both have a value`;
  const moreUnfinished = left?.worseThan ?? [];
  const why =
    moreUnfinished.length > 0
      ? `it leaves clearly more unfinished (${left!.metric}) than ${list(moreUnfinished)}`
      : ci === null
        ? `${pairs < replications ? `only ${both}` : runs} give${pairs === 1 ? 's' : ''} no interval`
        : ci.low <= 0 && ci.high >= 0
          ? 'the 95% interval of the paired difference holds 0'
          : 'it is not clearly ahead of every other variant';
  // The figures rank the leader first, but where runs lack a value the paired replications may not.
  const leads = towardBetter(a.difference, a.metric)
    ? `${leaders} ${valueText(a.value, a.metric)} leads by ${margin}, but ${why}`
    : `${leaders} ${valueText(a.value, a.metric)} has the best figure but is ${margin} in the ${both}, and ${why}`;
  if (a.groupMargin === null) return `no clear winner on ${a.metric}: ${leads}; ${runs}`;
  // No single winner, but a group that every other variant trails: say who leads together, and by how much at least.
  const group = list(a.leadingGroup);
  const { member, outsider, difference } = a.groupMargin;
  const each = a.leadingGroup.length === 2 ? 'both are' : 'each is';
  const ahead = `${each} clearly ahead of the rest, ${member} by ${marginText(difference, a.metric, outsider)}`;
  return `no single winner on ${a.metric}: ${group} lead together (${leads}); ${ahead}; ${runs}`;
}


/** The variants that clearly lead the first headline metric (several when tied), if any: what "the winner" means. */
export function winners(answers: readonly HeadlineAnswer[]): string[] {
  const first = answers[0];
  return first?.clear && first.leader !== null ? [first.leader, ...first.tiedWith] : [];
}
