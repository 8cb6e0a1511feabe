/**
 * Pass/fail criteria on metrics, written as k6 users write them
 * (`convergenceP95Ms: "< 5m"`, `correctness: "> 0.999"`), and their verdict
 * on a variant's figure and 95% interval:
 * - pass: the whole interval lies on the right side of the limit;
 * - fail: the whole interval lies on the wrong side (missed with 95% confidence);
 * - inconclusive: the interval holds the limit (or there is no interval), so
 *   more replications are needed; the verdict suggests how many.
 * See https://grafana.com/docs/k6/latest/using-k6/thresholds/ for the form.
 */
import { DURATION_EXAMPLES, DurationError, parseDuration } from '../engine/duration.ts';
import type { MetricDefinition } from './definitions.ts';
import type { Interval, MeanWithInterval } from './results.ts';

export type ThresholdOperator = '<' | '<=' | '>' | '>=';

export interface Threshold {
  readonly metric: string;
  /** As written, trimmed: "< 5m". */
  readonly expression: string;
  readonly operator: ThresholdOperator;
  /** The limit in the metric's unit (ms for durations, 0-1 for shares). */
  readonly limit: number;
}

/** Longest expression accepted: "<= 1h30m" is 8 characters; this leaves room and keeps messages short. */
export const MAX_EXPRESSION_LENGTH = 64;
/** Most expressions per metric (k6 allows a list). */
export const MAX_EXPRESSIONS_PER_METRIC = 10;
/** Replications a suggestion never exceeds: the schema's limit of `replications`. */
export const MAX_SUGGESTED_REPLICATIONS = 10_000;

/** A threshold expression that cannot be read; `expected` says what would be. */
export class ThresholdError extends Error {
  readonly code = 'E_THRESHOLD';
  constructor(readonly expected: string) {
    super(expected);
    this.name = 'ThresholdError';
  }
}

/** What a limit of this metric looks like, for messages. */
function limitForm(metric: MetricDefinition): string {
  switch (metric.unit) {
    case 'ms':
      return `a duration like ${DURATION_EXAMPLES}`;
    case 'ratio':
      return metric.range === 'share' ? 'a share from 0 to 1, or a percentage like 99.9%' : 'a number >= 0';
    default:
      return 'a number >= 0';
  }
}

function parseLimit(metric: MetricDefinition, text: string): number | undefined {
  if (metric.unit === 'ms') {
    try {
      return parseDuration(text);
    } catch (error) {
      if (error instanceof DurationError) return undefined;
      throw error;
    }
  }
  const percent = metric.range === 'share' && text.endsWith('%');
  const body = percent ? text.slice(0, -1).trim() : text;
  if (!/^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(body)) return undefined;
  // "99.9%" as 99.9e-2: dividing by 100 would give 0.9990000000000001.
  const value = Number(percent ? `${body}e-2` : body);
  if (!Number.isFinite(value) || (metric.range === 'share' && value > 1)) return undefined;
  return value;
}

/** Reads "< 5m" for `metric`; throws ThresholdError naming what was expected. */
export function parseThreshold(metric: MetricDefinition, expression: string): Threshold {
  const form = `an expression like "< 5m" or ">= 0.999": <, <=, > or >= and ${limitForm(metric)}`;
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new ThresholdError(`${form}, at most ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const match = /^\s*(<=|>=|<|>)\s*(\S(?:.*\S)?)\s*$/.exec(expression);
  if (match === null) throw new ThresholdError(form);
  const limit = parseLimit(metric, match[2]);
  if (limit === undefined) throw new ThresholdError(form);
  return {
    metric: metric.name,
    expression: `${match[1]} ${match[2]}`,
    operator: match[1] as ThresholdOperator,
    limit,
  };
}

export type ThresholdState = 'pass' | 'fail' | 'inconclusive';

export interface ThresholdVerdict {
  readonly variant: string;
  readonly metric: string;
  readonly expression: string;
  readonly state: ThresholdState;
  /** The figure and its interval the verdict rests on. */
  readonly value: MeanWithInterval;
  /** When inconclusive: about how many replications would decide it; null when none can tell. */
  readonly suggestedReplications: number | null;
  /** Why it is inconclusive (no value, no interval, the interval holds the limit); null otherwise. */
  readonly reason: 'no value' | 'no interval' | 'interval holds the limit' | null;
}

/** Whether x is on the right side of the limit. */
function holds(operator: ThresholdOperator, x: number, limit: number): boolean {
  switch (operator) {
    case '<':
      return x < limit;
    case '<=':
      return x <= limit;
    case '>':
      return x > limit;
    case '>=':
      return x >= limit;
  }
}

/**
 * Replications for an interval of half-width h (now from n) to leave out a
 * limit at distance d from the figure: a half-width shrinks as 1/√n, so about
 * n (h / d)². Null when the figure sits on the limit (no number of
 * replications moves it off).
 */
export function replicationsToDecide(ci: Interval, mean: number, limit: number, n: number): number | null {
  const distance = Math.abs(mean - limit);
  if (distance === 0) return null;
  const halfWidth = (ci.high - ci.low) / 2;
  const needed = Math.ceil(n * (halfWidth / distance) ** 2);
  return Math.min(MAX_SUGGESTED_REPLICATIONS, Math.max(n + 1, needed));
}

/** The verdict of `threshold` on a variant's figure from `replications` runs. */
export function judgeThreshold(
  threshold: Threshold,
  variant: string,
  value: MeanWithInterval,
  replications: number,
): ThresholdVerdict {
  const base = { variant, metric: threshold.metric, expression: threshold.expression, value };
  const { operator, limit } = threshold;
  if (value.mean === null)
    return { ...base, state: 'inconclusive', suggestedReplications: null, reason: 'no value' };
  if (value.ci95 === null) {
    return {
      ...base,
      state: 'inconclusive',
      suggestedReplications: Math.max(5, replications + 1),
      reason: 'no interval',
    };
  }
  const { low, high } = value.ci95;
  if (holds(operator, low, limit) && holds(operator, high, limit)) {
    return { ...base, state: 'pass', suggestedReplications: null, reason: null };
  }
  if (!holds(operator, low, limit) && !holds(operator, high, limit)) {
    return { ...base, state: 'fail', suggestedReplications: null, reason: null };
  }
  return {
    ...base,
    state: 'inconclusive',
    suggestedReplications: replicationsToDecide(value.ci95, value.mean, limit, replications),
    reason: 'interval holds the limit',
  };
}

/**
 * The thresholds each variant is held to: the scenario's, with a variant's
 * own list replacing the scenario's for the same metric.
 */
export function thresholdsOf(global: readonly Threshold[], own: readonly Threshold[]): readonly Threshold[] {
  const ownMetrics = new Set(own.map((t) => t.metric));
  return [...global.filter((t) => !ownMetrics.has(t.metric)), ...own];
}

/** Every variant's verdicts, in variant order, each variant's thresholds in thresholdsOf order. */
export function judgeThresholds(
  global: readonly Threshold[],
  variants: readonly {
    readonly name: string;
    readonly replications: number;
    readonly thresholds: readonly Threshold[];
    readonly metrics: Readonly<Record<string, MeanWithInterval>>;
  }[],
): ThresholdVerdict[] {
  return variants.flatMap((v) =>
    thresholdsOf(global, v.thresholds).map((t) =>
      judgeThreshold(t, v.name, v.metrics[t.metric] ?? { mean: null, ci95: null }, v.replications),
    ),
  );
}
