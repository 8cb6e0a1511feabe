/**
 * The sweep's answer, as a run's answer (metrics/answer.ts) is for variants: along each swept parameter
 * (the others at their first value, as the charts take them), for each headline metric and each variant
 * whose figure changes with it, the value with the best figure and how each other value compares with
 * it. A comparison is the paired difference of the two points' runs, replication i against replication i
 * (the same seed, so the same random numbers), with the bootstrap interval of estimate.ts (its Student t
 * floor and clipping to what the metric can take). A value is called worse only when that interval leaves
 * out 0, and not when the best leaves clearly more changes unfinished than it does. Then, for ordered
 * numbers, the value from which more stops helping, and the bottleneck at each point. Made from point
 * files only, like the rest of the report.
 */
import { clearlyBetter } from '../metrics/answer.ts';
import { type MetricDefinition, metricNamed, UNFINISHED_OF } from '../metrics/definitions.ts';
import { pairedMetric, type RunSample, unpairedMetric } from '../metrics/estimate.ts';
import type { MeanWithInterval } from '../metrics/results.ts';
import { parseDuration } from '../engine/duration.ts';
import { list } from '../report/driftKinds.ts';
import { valueText } from '../report/verdicts.ts';
import { formatValue, type ParamValue } from './grid.ts';
import type { PointFile, SweepDefinition } from './resultsFolder.ts';

/** Up to this many headline metrics the answer takes them all; past it only the first, the one the scenario asks about most. */
const ALL_HEADLINE_UP_TO = 3;

/**
 * How a value compares with the best: the best itself; clearly worse; not told apart (the interval holds 0,
 * there is none, or the same in every replication); behind on the metric but the best leaves clearly more
 * unfinished; ahead in the replications where both have a value though the figures rank the best first; or
 * no figure at all (no run had anything to measure).
 */
export type ValueVerdict =
  | 'best'
  | 'worse'
  | 'notToldApart'
  | 'noInterval'
  | 'same'
  | 'moreUnfinished'
  | 'aheadInPairs'
  | 'noValue';

/** A difference of two points' figures; `pairs` is null when their seeds differ, so nothing could be paired. */
export interface SweepDifference extends MeanWithInterval {
  readonly pairs: number | null;
}

export interface ValueComparison {
  readonly value: ParamValue;
  readonly figure: MeanWithInterval;
  /** The share the metric leaves out (UNFINISHED_OF) at this value; null for a metric that leaves nothing out. */
  readonly unfinished: MeanWithInterval | null;
  /** This value's figure minus the best's; null for the best and for a value without a figure. */
  readonly difference: SweepDifference | null;
  readonly verdict: ValueVerdict;
}

export interface VariantAlong {
  readonly variant: string;
  /** The value with the best figure (on a tie the earlier). */
  readonly best: ParamValue;
  /** Every value, in the parameter's order. */
  readonly values: readonly ValueComparison[];
  /**
   * For values that are ordered numbers (or durations): the first, in their order, not told apart from the
   * best (or the best itself), past which more does not clearly help; null otherwise, or when no value could
   * be told apart from another (no intervals).
   */
  readonly stopsHelping: ParamValue | null;
}

export interface MetricAlong {
  readonly metric: string;
  readonly better: 'lower' | 'higher';
  /** The variants whose figure changes along the parameter. */
  readonly variants: readonly VariantAlong[];
  /** The variants whose figure is the same at every value. */
  readonly unchanged: readonly string[];
}

export interface ParamAnswer {
  readonly path: string;
  readonly values: readonly ParamValue[];
  /** The other parameters, each at its first value: "b=30s". */
  readonly fixed: readonly string[];
  /** Replications per variant at each of the values (the fewest, if they differ). */
  readonly replications: number;
  /** 'ascending' or 'descending' for ordered numbers or durations; null otherwise. */
  readonly order: 'ascending' | 'descending' | null;
  readonly metrics: readonly MetricAlong[];
}

export interface VariantBottlenecks {
  readonly variant: string;
  /** At each point where the variant reports one: what made the controller's work wait longest in most runs. */
  readonly points: readonly { readonly point: string; readonly bottleneck: string }[];
}

export interface SweepAnswers {
  /** How many points the sweep has. */
  readonly points: number;
  readonly params: readonly ParamAnswer[];
  readonly bottlenecks: readonly VariantBottlenecks[];
}

const NO_VALUE: MeanWithInterval = { mean: null, ci95: null };

/** The answer of a whole sweep; `points` in grid order, one per point of the definition (as sweepReport.ts takes them). */
export function sweepAnswers(sweep: SweepDefinition, points: readonly PointFile[]): SweepAnswers {
  const headline = points[0]?.summary.headline ?? [];
  const asked = (headline.length <= ALL_HEADLINE_UP_TO ? headline : headline.slice(0, 1)).flatMap(
    (name) => metricNamed(name) ?? [],
  );
  return {
    points: points.length,
    params: sweep.params.map((param, j) => {
      const stride = sweep.params.slice(j + 1).reduce((n, p) => n * p.values.length, 1);
      const slice = param.values.map((_, k) => points[k * stride]);
      return {
        path: param.path,
        values: param.values,
        fixed: sweep.params.filter((_, k) => k !== j).map((p) => `${p.path}=${formatValue(p.values[0])}`),
        replications: Math.min(...slice.map((p) => p.summary.scenario.replications)),
        order: orderOf(param.values),
        metrics: asked.map((metric) => metricAlong(metric, slice, param.values, sweep.scenario.seed)),
      };
    }),
    bottlenecks: bottlenecks(sweep, points),
  };
}

/** Whether the values are numbers (or durations) in ascending or descending order. */
export function orderOf(values: readonly ParamValue[]): 'ascending' | 'descending' | null {
  const numbers = values.map(numberOf);
  if (numbers.length < 2 || numbers.some((x) => x === null)) return null;
  const x = numbers as number[];
  if (x.every((v, i) => i === 0 || v > x[i - 1])) return 'ascending';
  if (x.every((v, i) => i === 0 || v < x[i - 1])) return 'descending';
  return null;
}

function numberOf(value: ParamValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  try {
    return parseDuration(value);
  } catch {
    return null;
  }
}

function metricAlong(
  metric: MetricDefinition,
  slice: readonly PointFile[],
  values: readonly ParamValue[],
  seed: number | string,
): MetricAlong {
  const companionName = UNFINISHED_OF[metric.name];
  const companion = companionName === undefined ? undefined : metricNamed(companionName);
  const along: VariantAlong[] = [];
  const unchanged: string[] = [];
  // Variants by position, as the charts match them: a sweep may rename them.
  for (const [i, variant] of slice[0].summary.variants.entries()) {
    const figures = slice.map((p) => p.summary.variants[i]?.metrics[metric.name] ?? NO_VALUE);
    if (new Set(figures.map((f) => f.mean)).size < 2) unchanged.push(variant.name);
    else along.push(variantAlong(metric, companion, slice, values, i, seed));
  }
  return { metric: metric.name, better: metric.better, variants: along, unchanged };
}

function variantAlong(
  metric: MetricDefinition,
  companion: MetricDefinition | undefined,
  slice: readonly PointFile[],
  values: readonly ParamValue[],
  i: number,
  seed: number | string,
): VariantAlong {
  const figureAt = (k: number) => slice[k].summary.variants[i]?.metrics[metric.name] ?? NO_VALUE;
  // The variant's figure changes along the parameter, so some value has one.
  let best = slice.findIndex((_, k) => figureAt(k).mean !== null);
  for (let k = best + 1; k < slice.length; k++) {
    const mean = figureAt(k).mean;
    const leading = figureAt(best).mean!;
    if (mean !== null && (metric.better === 'lower' ? mean < leading : mean > leading)) best = k;
  }
  const comparisons = values.map((value, k): ValueComparison => {
    const figure = figureAt(k);
    const unfinished =
      companion === undefined ? null : (slice[k].summary.variants[i]?.metrics[companion.name] ?? NO_VALUE);
    if (k === best) return { value, figure, unfinished, difference: null, verdict: 'best' };
    if (figure.mean === null) return { value, figure, unfinished, difference: null, verdict: 'noValue' };
    const difference = between(metric, slice[k], slice[best], i, seed);
    const leavesMore = () =>
      companion !== undefined && clearlyBetter(between(companion, slice[best], slice[k], i, seed), 'higher');
    return { value, figure, unfinished, difference, verdict: verdictOf(difference, metric, leavesMore) };
  });
  const told = comparisons.some((c) => c.difference?.ci95 != null);
  const stop =
    orderOf(values) !== null && told
      ? comparisons.find((c) => c.verdict !== 'worse' && c.verdict !== 'noValue')
      : undefined;
  return {
    variant: slice[0].summary.variants[i].name,
    best: values[best],
    values: comparisons,
    stopsHelping: stop?.value ?? null,
  };
}

/** How a value whose figure minus the best's is `d` compares; `leavesMore`: the best leaves clearly more unfinished. */
function verdictOf(d: SweepDifference, metric: MetricDefinition, leavesMore: () => boolean): ValueVerdict {
  const ci = d.ci95;
  if (ci === null) return 'noInterval';
  if (d.mean === 0 && ci.low === 0 && ci.high === 0) return 'same';
  const worse = metric.better === 'lower' ? ci.low > 0 : ci.high < 0;
  if (worse) return leavesMore() ? 'moreUnfinished' : 'worse';
  return clearlyBetter(d, metric.better) ? 'aheadInPairs' : 'notToldApart';
}

/**
 * Variant i's metric at point a minus that at point b: paired over the replications both ran when the
 * two points share their seed (a swept seed does not), each side resampled on its own otherwise.
 */
function between(metric: MetricDefinition, a: PointFile, b: PointFile, i: number, seed: number | string): SweepDifference {
  const sa = a.samples.variants[i];
  const sb = b.samples.variants[i];
  const of = (s: typeof sa): readonly RunSample[] => s?.metrics[metric.name] ?? [];
  if (a.samples.seed !== b.samples.seed) return { ...unpairedMetric(metric, of(sa), of(sb), seed), pairs: null };
  const inB = new Map(sb.replications.map((r, k) => [r, k]));
  const shared = sa.replications.flatMap((r, k) => (inB.has(r) ? [[k, inB.get(r)!] as const] : []));
  return pairedMetric(
    metric,
    shared.map(([k]) => of(sa)[k]),
    shared.map(([, k]) => of(sb)[k]),
    seed,
  );
}

/** Each variant (by position) with a bottleneck at some point, and what it is at each point that has one. */
function bottlenecks(sweep: SweepDefinition, points: readonly PointFile[]): VariantBottlenecks[] {
  const label = (p: PointFile) =>
    sweep.params.length === 1
      ? formatValue(p.point.params[sweep.params[0].path])
      : sweep.params.map((q) => `${q.path}=${formatValue(p.point.params[q.path])}`).join(' ');
  return (points[0]?.summary.variants ?? []).flatMap((variant, i) => {
    const at = points.flatMap((p) => {
      const b = p.summary.variants[i]?.bottleneck ?? null;
      return b === null ? [] : [{ point: label(p), bottleneck: b === 'none' ? 'nothing waited' : b }];
    });
    return at.some((x) => x.bottleneck !== 'nothing waited') ? [{ variant: variant.name, points: at }] : [];
  });
}

/** The answer in sentences, plain text: per parameter an introduction, per metric a heading and its lines; then the bottlenecks. */
export interface AnswerText {
  readonly params: readonly {
    readonly intro: string;
    readonly metrics: readonly { readonly heading: string; readonly lines: readonly string[] }[];
  }[];
  readonly bottleneck: { readonly intro: string; readonly lines: readonly string[] } | null;
}

/**
 * The answer in words (sweep.md escapes them, the terminal cleans them): a sentence per variant that
 * changes, and one naming those that do not. `brief` leaves out the figures of the comparisons, for the terminal.
 */
export function answerText(answers: SweepAnswers, brief = false): AnswerText {
  return {
    params: answers.params.map((p) => ({
      intro: paramIntro(p),
      metrics: p.metrics.map((m) => ({
        heading: `${m.metric} (${m.better} is better)`,
        lines: [
          ...m.variants.map((v) => variantSentence(v, m, p, brief)),
          m.variants.length === 0
            ? `No variant's ${m.metric} changes with ${p.path}.`
            : m.unchanged.length > 0
              ? `Not changed by ${p.path}: ${list(m.unchanged)}.`
              : '',
        ].filter((line) => line !== ''),
      })),
    })),
    bottleneck:
      answers.bottlenecks.length === 0
        ? null
        : {
            intro: "What made the controller's work wait longest (in most runs), at each point:",
            lines: answers.bottlenecks.map((b) => bottleneckSentence(b, answers.points)),
          },
  };
}

function paramIntro(p: ParamAnswer): string {
  const runs = `${p.replications} replication${p.replications === 1 ? '' : 's'} per variant at each value`;
  const others = p.fixed.length === 0 ? '' : `, the other parameters at their first value (${p.fixed.join(', ')})`;
  return `Along ${p.path} (${p.values.map(formatValue).join(', ')})${others}; ${runs}.`;
}

function variantSentence(v: VariantAlong, m: MetricAlong, p: ParamAnswer, brief: boolean): string {
  const best = formatValue(v.best);
  const top = v.values.find((c) => c.verdict === 'best')!;
  const others = v.values.filter((c) => c.verdict !== 'best');
  const clear = others.every((c) => c.verdict === 'worse' || c.verdict === 'noValue');
  const head = `${v.variant}: ${clear ? 'best' : 'best figure'} at ${best}, ${valueText(top.figure, m.metric)}${unfinishedText(top, m.metric)}`;
  const clauses = grouped(others).map((group) => clause(group, top, m, p, brief));
  return `${head}. ${[...clauses.map(capitalize), stopSentence(v, p)].filter((s) => s !== '').join('. ')}.`;
}

/** The values by verdict, in the order each verdict first comes. */
function grouped(values: readonly ValueComparison[]): ValueComparison[][] {
  const groups = new Map<ValueVerdict, ValueComparison[]>();
  for (const c of values) groups.set(c.verdict, [...(groups.get(c.verdict) ?? []), c]);
  return [...groups.values()];
}

/** How values of one verdict compare with the best, in words; `brief` leaves out their differences. */
function clause(
  group: readonly ValueComparison[],
  top: ValueComparison,
  m: MetricAlong,
  p: ParamAnswer,
  brief: boolean,
): string {
  const best = formatValue(top.value);
  const values = list(group.map((c) => formatValue(c.value)));
  const withDifferences = list(
    group.map((c) => {
      const d = c.difference;
      if (brief || d === null) return formatValue(c.value);
      return `${formatValue(c.value)} (${valueText(d, m.metric, true)}${d.pairs === null ? ', unpaired: the seeds differ' : ''})`;
    }),
  );
  const companion = UNFINISHED_OF[m.metric];
  switch (group[0].verdict) {
    case 'best':
      return '';
    case 'worse':
      return `clearly better at ${best} than at ${withDifferences}`;
    case 'notToldApart':
      return `not told apart from ${withDifferences}`;
    case 'same':
      return `the same at ${values} in every replication`;
    case 'noInterval': {
      const pairs = group[0].difference?.pairs ?? 0;
      const runs = `${pairs} replication${pairs === 1 ? '' : 's'}${pairs < p.replications ? ' where both have a value' : ''}`;
      return `not told apart from ${values}: ${runs} ${pairs === 1 ? 'gives' : 'give'} no interval, so no value is called better`;
    }
    case 'aheadInPairs':
      return `not told apart from ${withDifferences}: ahead of ${best} in the replications where both have a value, though the figures rank ${best} first`;
    case 'moreUnfinished': {
      const left = (c: ValueComparison) => valueText(c.unfinished ?? NO_VALUE, companion);
      const figures = brief
        ? ''
        : ` ${left(top)} at ${best}, against ${list(group.map((c) => `${left(c)} at ${formatValue(c.value)}`))}`;
      return `not called better at ${best} than at ${withDifferences}: ${best} leaves clearly more changes unfinished (${companion}${figures})`;
    }
    case 'noValue':
      return `at ${list(group.map((c) => `${formatValue(c.value)}${unfinishedText(c, m.metric)}`))} no run had anything to measure`;
  }
}

/** " (massChangeUnfinished 2.00% [0.50%, 7.00%])" beside a figure whose runs left anything out; nothing otherwise. */
function unfinishedText(c: ValueComparison, metric: string): string {
  const u = c.unfinished;
  const companion = UNFINISHED_OF[metric];
  if (u === null || u.mean === null || u.mean === 0 || companion === undefined) return '';
  return ` (${companion} ${valueText(u, companion)})`;
}

function stopSentence(v: VariantAlong, p: ParamAnswer): string {
  if (v.stopsHelping === null || p.order === null) return '';
  const more = p.order === 'ascending' ? 'more' : 'less';
  const stop = formatValue(v.stopsHelping);
  const first = v.values[0];
  if (first.value === v.stopsHelping) {
    return first.verdict === 'best'
      ? `${capitalize(more)} does not help: the first value, ${stop}, is the best`
      : `${capitalize(more)} does not clearly help: the first value, ${stop}, is not told apart from the best`;
  }
  return v.stopsHelping === v.best
    ? `${capitalize(more)} helps up to ${stop}, the best: no value before it is as good`
    : `${capitalize(more)} stops helping at ${stop}: the first value not told apart from the best`;
}

function bottleneckSentence(b: VariantBottlenecks, points: number): string {
  const groups = new Map<string, string[]>();
  for (const { point, bottleneck } of b.points) groups.set(bottleneck, [...(groups.get(bottleneck) ?? []), point]);
  if (groups.size === 1 && b.points.length === points) return `${b.variant}: ${b.points[0].bottleneck} at every point`;
  return `${b.variant}: ${[...groups].map(([what, at]) => `${what} at ${list(at)}`).join('; ')}`;
}

function capitalize(text: string): string {
  return text === '' ? text : text[0].toUpperCase() + text.slice(1);
}
