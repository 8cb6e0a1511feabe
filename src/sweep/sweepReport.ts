/**
 * The sweep report, built from a results folder's manifest and point files
 * only (never from memory), so a single run, a resumed run and merged shards
 * write the same bytes: sweep.json (the answer, then every point, variant and
 * metric: mean and 95% interval), sweep.csv (the figures, one row per point x
 * variant x metric), sweep.md (the answer in words, then the headline metrics
 * as a table) and charts/<metric>--<param>.png.
 */
import { markdownCell, csvText, markdownText } from '../report/escape.ts';
import { stringify } from 'csv-stringify/sync';
import { METRICS, type MetricDefinition, metricNamed, withUnfinished } from '../metrics/definitions.ts';
import type { MeanWithInterval } from '../metrics/results.ts';
import { formatDuration } from '../engine/duration.ts';
import { formatMetric } from '../report/format.ts';
import { warningText } from '../report/verdicts.ts';
import { formatValue, type ParamValue } from './grid.ts';
import type { PointFile, SweepDefinition } from './resultsFolder.ts';
import { type AnswerText, answerText, type SweepAnswers, sweepAnswers } from './sweepAnswer.ts';
import { type SweepChartInput, sweepChart } from './sweepChart.ts';
import type { ReportOptions } from '../report/reportFiles.ts';

/** The metrics of sweep.md's table after the headline ones; sweep.json, sweep.csv and the charts have every metric. */
const TABLE_METRICS: readonly MetricDefinition[] = [
  'convergenceMeanMs',
  'convergenceP95Ms',
  'correctness',
  'availability',
  'silentDivergenceMs',
  'driftOpenMeanMs',
  'deploymentsPerDay',
  'leadTimeMeanMs',
  'apiThrottledMs',
].map((name) => metricNamed(name)!);

const MISSING = 'n/a';

/**
 * Charts drawn while earlier ones' PNGs are encoded on libuv's threads: drawing them one after
 * another, each waiting for its encoding, left this thread idle most of a sweep report's time.
 * Bounded, as each holds its canvas (1920 x 1080, 8 MB) until encoded, and a sweep may have
 * a hundred charts.
 */
const CHARTS_IN_FLIGHT = 4;

/**
 * Every file of the report, relative path -> content (a chart's PNG may still be encoding);
 * `points` in grid order, one per point of the definition; `answers` those of these points.
 */
export async function sweepReportFiles(
  sweep: SweepDefinition,
  points: readonly PointFile[],
  options: ReportOptions,
  answers: SweepAnswers = sweepAnswers(sweep, points),
): Promise<Map<string, string | Buffer | Promise<Buffer>>> {
  const files = new Map<string, string | Buffer | Promise<Buffer>>([
    ['sweep.json', sweepJson(sweep, points, answers)],
    ['sweep.csv', sweepCsv(sweep, points)],
    ['sweep.md', sweepMarkdown(sweep, points, answers)],
  ]);
  if (!options.charts) return files;
  const encoding: Promise<Buffer>[] = [];
  for (const [j, param] of sweep.params.entries()) {
    for (const metric of METRICS) {
      const input = chartInput(sweep, points, metric, j);
      // A metric that does not move with the parameter (or has no value) makes no chart.
      if (!varies(input)) continue;
      if (encoding.length === CHARTS_IN_FLIGHT) await encoding.shift();
      const png = sweepChart(input);
      // A failure is the writer's to report; caught here too, so it is not an unhandled rejection meanwhile.
      png.catch(() => {});
      encoding.push(png);
      files.set(`charts/${fileSafe(param.path)}--${fileSafe(metric.name)}.png`, png);
    }
  }
  return files;
}

/** Whether any variant's figure differs between two of the parameter's values. */
function varies(input: SweepChartInput): boolean {
  return input.series.some((series) => {
    const means = series.values.flatMap((v) => (v?.mean == null ? [] : [v.mean]));
    return means.length > 1 && means.some((m) => m !== means[0]);
  });
}

function sweepJson(sweep: SweepDefinition, points: readonly PointFile[], answers: SweepAnswers): string {
  const report = {
    tool: sweep.tool,
    scenario: sweep.scenario,
    inputHash: sweep.inputHash,
    params: sweep.params,
    answers: { ...answers, text: answerLines(answerText(answers)) },
    charts: 'each parameter against each metric that varies with it, the other parameters at their first value',
    points: points.map(({ point, summary }) => ({
      id: point.id,
      params: point.params,
      inputHash: summary.inputHash,
      variants: summary.variants.map((v) => ({ name: v.name, metrics: v.metrics })),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A CSV cell of a parameter value: booleans as true/false (csv-stringify would write 1 and ''). */
function csvValue(value: ParamValue): string | number | null {
  return typeof value === 'boolean' ? String(value) : value;
}

function sweepCsv(sweep: SweepDefinition, points: readonly PointFile[]): string {
  const header = [...sweep.params.map((p) => p.path), 'variant', 'metric', 'mean', 'low', 'high'];
  const rows = points.flatMap(({ point, summary }) =>
    summary.variants.flatMap((variant) =>
      METRICS.map((metric) => {
        const value = variant.metrics[metric.name];
        return [
          ...sweep.params.map((p) => csvValue(point.params[p.path])),
          variant.name,
          metric.name,
          value?.mean ?? null,
          value?.ci95?.low ?? null,
          value?.ci95?.high ?? null,
        ];
      }),
    ),
  );
  return stringify([header, ...rows].map((row) => row.map((c) => (typeof c === 'string' ? csvText(c) : c))));
}

/** A Markdown table cell: `\` and `|` escaped, newlines as <br>. */
function cell(text: string): string {
  return markdownCell(text);
}

/**
 * The columns of sweep.md: the scenario's headline metrics, then TABLE_METRICS, each mean over finished changes
 * with the share left out (withUnfinished); a column no point has a value in is left out.
 */
function tableColumns(points: readonly PointFile[]): MetricDefinition[] {
  const headline = (points[0]?.summary.headline ?? []).map((name) => metricNamed(name)!);
  const listed = withUnfinished([...headline, ...TABLE_METRICS.filter((m) => !headline.includes(m))]);
  const measured = (m: MetricDefinition) =>
    points.some(({ summary }) => summary.variants.some((v) => v.metrics[m.name]?.mean != null));
  return listed.filter(measured);
}

/** The answer's sentences in order, as plain text: sweep.json's `answers.text`, and the terminal's (brief) lines. */
export function answerLines(text: AnswerText): string[] {
  return [
    ...text.params.flatMap((p) => [p.intro, ...p.metrics.flatMap((m) => [`${m.heading}:`, ...m.lines.map((l) => `  ${l}`)])]),
    ...(text.bottleneck === null ? [] : [text.bottleneck.intro, ...text.bottleneck.lines.map((l) => `  ${l}`)]),
  ];
}

/** How the answer compares values, said once under its heading. */
const ANSWER_METHOD =
  "For each swept parameter, each headline metric and each variant whose figure changes with it: the value with the best figure, with its 95% interval [in brackets], and each other value against it. A difference is the figure at that value minus the best's, paired replication by replication (the same seed), with its 95% interval; a value is called clearly better only when that interval leaves out 0, and never when it leaves clearly more changes unfinished.";

/** sweep.md's Answer section, after its heading: the method, the warning of too few replications, then per parameter. */
function answerMarkdown(answers: SweepAnswers, few: readonly string[]): string[] {
  const text = answerText(answers);
  const many = answers.params.length > 1;
  return [
    ANSWER_METHOD,
    '',
    ...few.flatMap((line) => [line, '']),
    ...text.params.flatMap((p, j) => [
      ...(many ? [`### ${markdownText(answers.params[j].path)}`, ''] : []),
      markdownText(p.intro),
      '',
      ...p.metrics.flatMap((m) => [`**${markdownText(m.heading)}**`, '', ...m.lines.map((l) => `- ${markdownText(l)}`), '']),
    ]),
    ...(text.bottleneck === null
      ? []
      : [markdownText(text.bottleneck.intro), '', ...text.bottleneck.lines.map((l) => `- ${markdownText(l)}`), '']),
  ];
}

function sweepMarkdown(sweep: SweepDefinition, points: readonly PointFile[], answers: SweepAnswers): string {
  const { scenario, params } = sweep;
  const columns = tableColumns(points);
  const headline = new Set(points[0]?.summary.headline ?? []);
  const header = [...params.map((p) => `\`${cell(p.path)}\``), 'variant', ...columns.map((m) => m.name)];
  const rows = points.flatMap(({ point, summary }) =>
    summary.variants.map((variant) => [
      ...params.map((p) => cell(formatValue(point.params[p.path]))),
      cell(variant.name),
      ...columns.map((m) => {
        const value = variant.metrics[m.name];
        if (value?.mean == null) return MISSING;
        // The headline figures, which the sweep asks about, with their 95% interval; the rest as means.
        const ci = headline.has(m.name) ? value.ci95 : null;
        const mean = formatMetric(value.mean, m.unit);
        return ci === null ? mean : `${mean} [${formatMetric(ci.low, m.unit)}, ${formatMetric(ci.high, m.unit)}]`;
      }),
    ]),
  );
  const swept = params.map(
    (p) => `\`${cell(p.path)}\` = ${p.values.map((v) => cell(formatValue(v))).join(', ')}`,
  );
  // Too few replications make every figure of the table rough: said once, above it, as a run's summary says it.
  const few = [
    ...new Set(
      points.flatMap(({ summary }) =>
        summary.warnings.filter((w) => w.kind === 'fewReplications').map((w) => `Warning: ${warningText(w)}.`),
      ),
    ),
  ];
  return [
    `# Sweep of ${scenario.name.replace(/\r\n|\r|\n/g, ' ')}`,
    '',
    `${points.length} point(s): ${swept.join('; ')}. Otherwise as the scenario file says: seed ${scenario.seed}, ` +
      `horizon ${formatDuration(scenario.horizonMs)}, ${scenario.replications} replication(s) per variant.`,
    '',
    '## Answer',
    '',
    ...answerMarkdown(answers, few),
    '## Every point',
    '',
    'Each figure as its metric defines it (a mean over replications, or pooled over them), the headline metrics with their 95% interval [in brackets]. sweep.csv and ' +
      'sweep.json have every metric with its 95% interval; ' +
      'charts/<parameter>--<metric>.png (none when the sweep ran with --no-charts) draw each metric that varies ' +
      'against each parameter, the other parameters at their first value.',
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}

/**
 * Metric `metric` along parameter j, every other parameter at its first
 * value. Points are in grid order (the last parameter varying fastest), so
 * the k-th value of j is at index k x (the number of points per value of j).
 * Variants are matched by position: a sweep may rename them.
 */
export function chartInput(
  sweep: SweepDefinition,
  points: readonly PointFile[],
  metric: MetricDefinition,
  j: number,
): SweepChartInput {
  const param = sweep.params[j];
  const stride = sweep.params.slice(j + 1).reduce((n, p) => n * p.values.length, 1);
  const slice = param.values.map((_, k) => points[k * stride].summary);
  const replications = new Set(slice.map((s) => s.scenario.replications));
  return {
    scenario: sweep.scenario.name,
    replications: replications.size === 1 ? [...replications][0] : null,
    metric,
    param,
    fixed: sweep.params.filter((_, k) => k !== j).map((p) => `${p.path}=${formatValue(p.values[0])}`),
    series: slice[0].variants.map((variant, i) => ({
      variant: variant.name,
      values: slice.map((s): MeanWithInterval | null => s.variants[i]?.metrics[metric.name] ?? null),
    })),
  };
}

/** Chart file names from metric names and field paths: letters, digits, dots, dashes and underscores only. */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}
