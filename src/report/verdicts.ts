/**
 * Threshold verdicts and warnings in words, the same in the CLI, summary.md,
 * index.html and junit.xml.
 */
import { metricNamed } from '../metrics/definitions.ts';
import type { ImpreciseFigure } from '../metrics/precision.ts';
import type { MeanWithInterval } from '../metrics/results.ts';
import type { ThresholdVerdict } from '../metrics/thresholds.ts';
import type { SummaryWarning } from '../metrics/warnings.ts';
import { formatMetric, formatMetricChange } from './format.ts';

/** "2m 44s [2m 36s, 2m 56s]", or "n/a"; in the metric's unit. */
export function valueText(value: MeanWithInterval, metric: string, change = false): string {
  const unit = metricNamed(metric)?.unit ?? 'count';
  const format = (x: number) => (change ? formatMetricChange(x, unit) : formatMetric(x, unit));
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
        `${w.minimum} are rough (with 1 there are none); run with --replications 10 or more`
      );
    case 'cannotRank':
      return (
        `cannot rank ${w.variant} against ${w.baseline} on ${w.metric}: the paired difference ` +
        `${valueText(w.difference, w.metric, true)} has a 95% interval that holds 0; ` +
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
