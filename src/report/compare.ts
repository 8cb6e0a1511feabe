/**
 * What changed between two reports (for example before and after a platform
 * setting changed): per variant, matched by name, and per metric, each
 * report's figure with its 95% interval, the change b - a with its own 95%
 * interval, and a verdict on that interval.
 *
 * The change and its interval come from the reports' samples (samples.json),
 * computed as the reports compute their figures (metrics/estimate.ts):
 * - paired: reports of the same seed ran replication r on the same random
 *   numbers (commits, failures), so the change is taken replication by
 *   replication and resampled in pairs: the shared noise cancels;
 * - unpaired: other seeds; each side resampled on its own.
 * Verdict: worse / better when the change's interval lies wholly on the
 * metric's worse / better side of 0, and with a tolerance wholly beyond that
 * share of a's figure (a CI gate on common random numbers detects changes of
 * a few milliseconds that matter to no one); unchanged otherwise;
 * inconclusive when there is no interval (one replication) but the figures
 * differ; missing when a report has no value (the variant or metric is not
 * in it, or there was nothing to measure, such as rollbacks without any).
 * Reports without samples.json (older ones) fall back to the overlap of the
 * two intervals, a conservative test.
 */
import { ALL_METRICS, METRICS, type MetricDefinition, type MetricUnit, metricNamed } from '../metrics/definitions.ts';
import { pairedMetric, type RunSample, unpairedMetric } from '../metrics/estimate.ts';
import type { MeanWithInterval, ScenarioSummary, VariantSummary } from '../metrics/results.ts';
import { formatMetric, formatMetricChange, intervalChangeFormat } from './format.ts';
import type { ReportSamples } from './samples.ts';
import { maxOf } from '../engine/extremes.ts';

/** What a comparison reads of a summary (summary.json has more). */
export interface ComparableSummary {
  readonly tool: ScenarioSummary['tool'];
  readonly scenario: Pick<ScenarioSummary['scenario'], 'name' | 'seed' | 'replications'>;
  readonly inputHash: string;
  readonly variants: readonly Pick<VariantSummary, 'name' | 'metrics'>[];
}

export interface CompareOptions {
  /** Metric names to compare (default: every metric); each must be a METRICS name. */
  readonly metrics?: readonly string[];
  /** What the text calls the two reports besides "a" and "b", such as their folders. */
  readonly labels?: { readonly a: string; readonly b: string };
  /** Each report's samples.json, when it has one: the change then gets its own interval. */
  readonly samples?: { readonly a: ReportSamples | null; readonly b: ReportSamples | null };
  /** A change counts as worse or better only when its interval lies wholly beyond this share of a's figure (default 0). */
  readonly tolerance?: number;
}

/** How a change's interval was found. */
export type ChangeMethod = 'paired' | 'unpaired' | 'overlap';

export type Verdict =
  | {
      readonly state: 'better' | 'worse' | 'unchanged' | 'inconclusive';
      /** b's mean minus a's. */
      readonly change: number;
      /** The change over a's mean (0.1 = 10% more); null when a's mean is 0. */
      readonly relativeChange: number | null;
    }
  | { readonly state: 'missing'; readonly missingIn: 'a' | 'b' | 'both' };

export interface MetricComparison {
  readonly metric: string;
  readonly unit: MetricUnit;
  readonly better: 'lower' | 'higher';
  /** Each report's value; mean null when it has none. */
  readonly a: MeanWithInterval;
  readonly b: MeanWithInterval;
  /** b minus a with its 95% interval (paired: and the number of pairs); null without samples. */
  readonly change: (MeanWithInterval & { readonly pairs?: number }) | null;
  readonly method: ChangeMethod;
  readonly verdict: Verdict;
}

export interface VariantComparison {
  readonly name: string;
  readonly metrics: readonly MetricComparison[];
}

export interface ReportInfo {
  /** From CompareOptions.labels; null without. */
  readonly label: string | null;
  readonly scenario: string;
  readonly seed: number | string;
  readonly replications: number;
  readonly tool: string;
  readonly inputHash: string;
}

export interface Comparison {
  readonly a: ReportInfo;
  readonly b: ReportInfo;
  /** The share of a's figure a change must pass to count (CompareOptions.tolerance). */
  readonly tolerance: number;
  /** a's variants in its order, then those only b has. */
  readonly variants: readonly VariantComparison[];
}

const NO_VALUE: MeanWithInterval = { mean: null, ci95: null };

/** The verdict on one metric; see the rule at the top of this file. */
export function verdict(
  a: MeanWithInterval,
  b: MeanWithInterval,
  better: 'lower' | 'higher',
  tolerance = 0,
): Verdict {
  if (a.mean === null || b.mean === null) {
    return { state: 'missing', missingIn: a.mean === null ? (b.mean === null ? 'both' : 'a') : 'b' };
  }
  const change = b.mean - a.mean;
  const measured = { change, relativeChange: a.mean === 0 ? null : change / Math.abs(a.mean) };
  if (a.ci95 === null || b.ci95 === null)
    return { state: change === 0 ? 'unchanged' : 'inconclusive', ...measured };
  const margin = tolerance * Math.abs(a.mean);
  const above = b.ci95.low > a.ci95.high + margin;
  const below = b.ci95.high < a.ci95.low - margin;
  if (!above && !below) return { state: 'unchanged', ...measured };
  return { state: above === (better === 'lower') ? 'worse' : 'better', ...measured };
}

/** The verdict on one metric from the change b - a and its interval; see the rule at the top of this file. */
export function changeVerdict(
  a: MeanWithInterval,
  b: MeanWithInterval,
  change: MeanWithInterval,
  better: 'lower' | 'higher',
  tolerance = 0,
): Verdict {
  if (a.mean === null || b.mean === null || change.mean === null) {
    return { state: 'missing', missingIn: a.mean === null ? (b.mean === null ? 'both' : 'a') : 'b' };
  }
  const measured = { change: change.mean, relativeChange: a.mean === 0 ? null : change.mean / Math.abs(a.mean) };
  const ci = change.ci95;
  if (ci === null) return { state: change.mean === 0 ? 'unchanged' : 'inconclusive', ...measured };
  const margin = tolerance * Math.abs(a.mean);
  if (ci.low <= margin && ci.high >= -margin) return { state: 'unchanged', ...measured };
  return { state: ci.low > margin === (better === 'lower') ? 'worse' : 'better', ...measured };
}

/** Each replication's sample of `metric` in a variant, by replication. */
function samplesOf(
  samples: ReportSamples | null,
  variant: string,
  metric: string,
): Map<number, RunSample> | null {
  const v = samples?.variants.find((x) => x.name === variant);
  const values = v?.metrics[metric];
  if (v === undefined || values === undefined || values.length !== v.replications.length) return null;
  return new Map(v.replications.map((r, i) => [r, values[i]]));
}

/** The change b - a of one metric of one variant from the samples; null when a report has none. */
function changeOf(
  metric: MetricDefinition,
  variant: string,
  samples: CompareOptions['samples'],
): { change: MeanWithInterval & { pairs?: number }; method: 'paired' | 'unpaired' } | null {
  if (samples?.a == null || samples.b == null) return null;
  const a = samplesOf(samples.a, variant, metric.name);
  const b = samplesOf(samples.b, variant, metric.name);
  if (a === null || b === null) return null;
  const seed = samples.a.seed;
  if (samples.a.seed === samples.b.seed) {
    const shared = [...b.keys()].filter((r) => a.has(r));
    const change = pairedMetric(
      metric,
      shared.map((r) => b.get(r)!),
      shared.map((r) => a.get(r)!),
      seed,
    );
    return { change, method: 'paired' };
  }
  return { change: unpairedMetric(metric, [...b.values()], [...a.values()], seed), method: 'unpaired' };
}

function info(summary: ComparableSummary, label: string | null): ReportInfo {
  return {
    label,
    scenario: summary.scenario.name,
    seed: summary.scenario.seed,
    replications: summary.scenario.replications,
    tool: `${summary.tool.name} ${summary.tool.version}`,
    inputHash: summary.inputHash,
  };
}

export function compareSummaries(
  a: ComparableSummary,
  b: ComparableSummary,
  options: CompareOptions = {},
): Comparison {
  const metrics: readonly MetricDefinition[] =
    options.metrics?.map((name) => {
      const metric = metricNamed(name);
      if (metric === undefined) throw new RangeError(`unknown metric: ${name}`);
      return metric;
    }) ??
    // Environment metrics when either report has them.
    ALL_METRICS.filter((m) => METRICS.includes(m) || [...a.variants, ...b.variants].some((v) => m.name in v.metrics));
  const names = [...new Set([...a.variants, ...b.variants].map((v) => v.name))];
  return {
    a: info(a, options.labels?.a ?? null),
    b: info(b, options.labels?.b ?? null),
    tolerance: options.tolerance ?? 0,
    variants: names.map((name) => {
      const before = a.variants.find((v) => v.name === name)?.metrics ?? {};
      const after = b.variants.find((v) => v.name === name)?.metrics ?? {};
      return {
        name,
        metrics: metrics.map((m): MetricComparison => {
          const [va, vb] = [before[m.name] ?? NO_VALUE, after[m.name] ?? NO_VALUE];
          const found = changeOf(m, name, options.samples);
          const base = { metric: m.name, unit: m.unit, better: m.better, a: va, b: vb };
          const tolerance = options.tolerance ?? 0;
          if (found === null)
            return { ...base, change: null, method: 'overlap', verdict: verdict(va, vb, m.better, tolerance) };
          return { ...base, ...found, verdict: changeVerdict(va, vb, found.change, m.better, tolerance) };
        }),
      };
    }),
  };
}

/** Every variant x metric that got worse beyond its confidence interval. */
export function regressions(comparison: Comparison): { readonly variant: string; readonly metric: string }[] {
  return comparison.variants.flatMap((v) =>
    v.metrics.filter((m) => m.verdict.state === 'worse').map((m) => ({ variant: v.name, metric: m.metric })),
  );
}

/** Names and values on one line, so a name cannot break the table. */
function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ');
}

function valueText(value: MeanWithInterval, unit: MetricUnit): string {
  if (value.mean === null) return 'n/a';
  const mean = formatMetric(value.mean, unit);
  return value.ci95 === null
    ? mean
    : `${mean} [${formatMetric(value.ci95.low, unit)}, ${formatMetric(value.ci95.high, unit)}]`;
}

/** "+53.0s (+441.7%) [+40.1s, +1m 2s]": the change, relative to a when a is not 0, and its interval. */
function changeText(m: MetricComparison): string {
  const v = m.verdict;
  if (v.state === 'missing') return '';
  const percent = v.relativeChange === null ? null : (Math.abs(v.relativeChange) * 100).toFixed(1);
  const sign = percent === null || percent === '0.0' ? '' : v.relativeChange! < 0 ? '-' : '+';
  const relative = percent === null ? '' : ` (${sign}${percent}%)`;
  const ci = m.change?.ci95;
  const format =
    ci == null ? (x: number) => formatMetricChange(x, m.unit) : intervalChangeFormat(m.unit, ci.low, ci.high);
  const interval = ci == null ? '' : ` [${format(ci.low)}, ${format(ci.high)}]`;
  return `${format(v.change)}${relative}${interval}`;
}

/** A metric with no value is most often one the variant does not measure (failed requests without traffic): said so. */
function verdictText(v: Verdict): string {
  if (v.state !== 'missing') return v.state;
  return v.missingIn === 'both' ? 'no value in either' : `no value in ${v.missingIn}`;
}

/** a: reports/before ("small", seed 3, 5 replications, gitops-sim 0.1.0, input 1a2b3c4d5e6f) */
function reportLine(key: 'a' | 'b', r: ReportInfo, same: boolean): string {
  const replications = `${r.replications} replication${r.replications === 1 ? '' : 's'}`;
  const hash = `input ${r.inputHash.slice(0, 12)}${same ? ' (same inputs)' : ''}`;
  const about = `"${oneLine(r.scenario)}", seed ${oneLine(String(r.seed))}, ${replications}, ${oneLine(r.tool)}, ${hash}`;
  return r.label === null ? `${key}: ${about}` : `${key}: ${oneLine(r.label)} (${about})`;
}

/** Columns padded to their widest cell, the last one not. */
function aligned(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, c) => maxOf(rows.map((row) => row[c].length)));
  return rows.map((row) =>
    row.map((text, c) => (c === row.length - 1 ? text : text.padEnd(widths[c]))).join('  '),
  );
}

/** Whether a row is a change worth showing by default: better or worse. */
function changed(m: MetricComparison): boolean {
  return m.verdict.state === 'better' || m.verdict.state === 'worse';
}

/** How the changes were judged, in a sentence. */
function methodText(variants: readonly VariantComparison[], tolerance: number): string {
  const methods = new Set(variants.flatMap((v) => v.metrics.map((m) => m.method)));
  const lines: string[] = [];
  const beyond = tolerance === 0 ? '' : ` and beyond ±${+(tolerance * 100).toFixed(4)}% of a's figure`;
  const unchanged = tolerance === 0 ? 'it holds 0' : 'otherwise';
  if (methods.has('paired'))
    lines.push(
      'change: b - a paired replication by replication (same seed), [95% interval]; ' +
        `worse / better: the interval lies wholly on the worse / better side of 0${beyond}; unchanged: ${unchanged}.`,
    );
  if (methods.has('unpaired'))
    lines.push(
      'change: b - a from independent runs (other seeds), [95% interval]; ' +
        `worse / better: the interval lies wholly on the worse / better side of 0${beyond}; unchanged: ${unchanged}.`,
    );
  if (methods.has('overlap'))
    lines.push(
      `without samples.json: worse / better: b's 95% interval lies wholly on the worse / better side of a's${beyond}; unchanged: ${tolerance === 0 ? 'they overlap' : 'otherwise'}.`,
    );
  return lines.join('\n');
}

/**
 * A readable table per variant (only what changed unless `all`), what got
 * worse, the counts and the rule.
 */
export function comparisonText(comparison: Comparison, options: { readonly all?: boolean } = {}): string {
  const { a, b, variants } = comparison;
  const same = a.inputHash === b.inputHash;
  const header = ['metric', 'a', 'b', 'change', 'verdict'];
  const shown = variants.map((v) => ({ ...v, metrics: v.metrics.filter((m) => options.all || changed(m)) }));
  // One alignment for every variant's rows, so the tables line up.
  const rows = aligned([
    header,
    ...shown.flatMap((v) =>
      v.metrics.map((m) => [
        m.metric,
        valueText(m.a, m.unit),
        valueText(m.b, m.unit),
        changeText(m),
        verdictText(m.verdict),
      ]),
    ),
  ]);
  const lines = [reportLine('a', a, same), reportLine('b', b, same)];
  let next = 1;
  for (const v of shown) {
    if (v.metrics.length === 0) {
      lines.push('', oneLine(v.name), '  no metric changed beyond its 95% interval');
      continue;
    }
    lines.push('', oneLine(v.name), `  ${rows[0]}`);
    for (let i = 0; i < v.metrics.length; i++) lines.push(`  ${rows[next++]}`);
  }
  const counts = new Map<Verdict['state'], number>();
  for (const v of variants)
    for (const m of v.metrics) counts.set(m.verdict.state, (counts.get(m.verdict.state) ?? 0) + 1);
  const worse = regressions(comparison);
  lines.push(
    '',
    worse.length === 0
      ? 'Nothing got worse beyond its 95% confidence interval.'
      : `Worse beyond the 95% confidence interval: ${worse.map((w) => `${oneLine(w.variant)} ${w.metric}`).join(', ')}.`,
    (['worse', 'better', 'unchanged', 'inconclusive', 'missing'] as const)
      .map((state) => `${counts.get(state) ?? 0} ${state === 'missing' ? 'without a value' : state}`)
      .join(', ') + (options.all ? '' : ' (only worse and better shown; --all for every metric)'),
    methodText(variants, comparison.tolerance),
  );
  return `${lines.join('\n')}\n`;
}
