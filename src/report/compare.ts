/**
 * What changed between two reports (for example before and after a platform
 * setting changed): per variant, matched by name, and per metric, each
 * report's mean with its 95% interval, the change and a verdict.
 *
 * The rule, with a the report compared against and b the one judged:
 * - worse: b's interval lies wholly on the worse side of a's (no overlap;
 *   above it for a metric where lower is better, below it otherwise);
 * - better: wholly on the better side;
 * - unchanged: the intervals overlap (or touch), so no change is shown at
 *   this confidence; also equal means without intervals;
 * - inconclusive: the means differ but a report has no interval (one
 *   replication), so nothing can be said;
 * - missing: a report has no value (the variant is not in it, the metric is
 *   not, or it had nothing to measure, such as rollbacks without any).
 * Two reports come from separate runs, so there are no pairs to difference:
 * non-overlap is the conservative test (it implies a difference at well
 * under 5%), which suits a gate that should fail only on clear regressions.
 */
import { METRICS, type MetricDefinition, type MetricUnit, metricNamed } from '../metrics/definitions.ts';
import type { MeanWithInterval, ScenarioSummary, VariantSummary } from '../metrics/results.ts';
import { formatMetric, formatMetricChange } from './format.ts';
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
}

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
  /** a's variants in its order, then those only b has. */
  readonly variants: readonly VariantComparison[];
}

const NO_VALUE: MeanWithInterval = { mean: null, ci95: null };

/** The verdict on one metric; see the rule at the top of this file. */
export function verdict(a: MeanWithInterval, b: MeanWithInterval, better: 'lower' | 'higher'): Verdict {
  if (a.mean === null || b.mean === null) {
    return { state: 'missing', missingIn: a.mean === null ? (b.mean === null ? 'both' : 'a') : 'b' };
  }
  const change = b.mean - a.mean;
  const measured = { change, relativeChange: a.mean === 0 ? null : change / Math.abs(a.mean) };
  if (a.ci95 === null || b.ci95 === null)
    return { state: change === 0 ? 'unchanged' : 'inconclusive', ...measured };
  const above = b.ci95.low > a.ci95.high;
  const below = b.ci95.high < a.ci95.low;
  if (!above && !below) return { state: 'unchanged', ...measured };
  return { state: above === (better === 'lower') ? 'worse' : 'better', ...measured };
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
    }) ?? METRICS;
  const names = [...new Set([...a.variants, ...b.variants].map((v) => v.name))];
  return {
    a: info(a, options.labels?.a ?? null),
    b: info(b, options.labels?.b ?? null),
    variants: names.map((name) => {
      const before = a.variants.find((v) => v.name === name)?.metrics ?? {};
      const after = b.variants.find((v) => v.name === name)?.metrics ?? {};
      return {
        name,
        metrics: metrics.map((m) => {
          const [va, vb] = [before[m.name] ?? NO_VALUE, after[m.name] ?? NO_VALUE];
          return {
            metric: m.name,
            unit: m.unit,
            better: m.better,
            a: va,
            b: vb,
            verdict: verdict(va, vb, m.better),
          };
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

/** "+53.0s (+441.7%)": the change, and relative to a when a is not 0. */
function changeText(m: MetricComparison): string {
  const v = m.verdict;
  if (v.state === 'missing') return '';
  if (v.relativeChange === null) return formatMetricChange(v.change, m.unit);
  const percent = (Math.abs(v.relativeChange) * 100).toFixed(1);
  const sign = percent === '0.0' ? '' : v.relativeChange < 0 ? '-' : '+';
  return `${formatMetricChange(v.change, m.unit)} (${sign}${percent}%)`;
}

function verdictText(v: Verdict): string {
  return v.state === 'missing' ? `missing in ${v.missingIn}` : v.state;
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

/** A readable table per variant, what got worse, and the rule. */
export function comparisonText(comparison: Comparison): string {
  const { a, b, variants } = comparison;
  const same = a.inputHash === b.inputHash;
  const header = ['metric', 'a', 'b', 'change', 'verdict'];
  // One alignment for every variant's rows, so the tables line up.
  const rows = aligned([
    header,
    ...variants.flatMap((v) =>
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
  for (const v of variants) {
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
      .map((state) => `${counts.get(state) ?? 0} ${state}`)
      .join(', '),
    "worse / better: b's 95% interval lies wholly on the worse / better side of a's; unchanged: they overlap.",
  );
  return `${lines.join('\n')}\n`;
}
