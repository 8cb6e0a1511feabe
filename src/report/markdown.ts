import { formatDuration } from '../engine/duration.ts';
import { markdownText, markdownCell } from './escape.ts';
import { ENVIRONMENT_METRICS, type MetricDefinition, metricNamed, withUnfinished } from '../metrics/definitions.ts';
import type { MeanWithInterval, ScenarioSummary, VariantSummary } from '../metrics/results.ts';
import { formatMetric, formatMetricChange, formatMs, intervalChangeFormat } from './format.ts';
import { driftKindSentences, driftKinds, kindCell, kindOf, list } from './driftKinds.ts';
import { answerLine, stateText, valueText, verdictDetail, warningText } from './verdicts.ts';
import { environmentRows } from './environmentRows.ts';
import { CONTROLLER_WAITS_NOTE, controllerWaits, NEVER_WAITED } from './controllerWaits.ts';

/**
 * summary.md: what a person reads first. The key metrics of every variant in
 * one table, their paired differences against the baseline in a second, then
 * the findings in words. Names come from scenario files, so they are escaped
 * where Markdown would misread them.
 */

const MISSING = 'n/a';
const NO_VALUE: MeanWithInterval = { mean: null, ci95: null };

function definition(name: string): MetricDefinition {
  const metric = metricNamed(name);
  if (metric === undefined) throw new Error(`summary.md names an unknown metric: ${name}`);
  return metric;
}

/** The rows of both tables: what decides between delivery set-ups (the load counters are in runs.csv). */
const KEY_METRICS: readonly MetricDefinition[] = [
  'convergenceP50Ms',
  'convergenceP95Ms',
  'correctness',
  'availability',
  'zeroReadyMs',
  'silentDivergenceMs',
  'driftOpenMeanMs',
  'rollbackCorrect',
  'rollbackUnfinished',
  'timeToRestoreMeanMs',
  'deploymentsPerDay',
  'leadTimeMeanMs',
  'changeFailureRate',
  'exposureMs',
].map(definition);

/** The table rows: the key metrics, and the environment metrics where a variant has them. */
const TABLE_METRICS: readonly MetricDefinition[] = [...KEY_METRICS, ...ENVIRONMENT_METRICS];

/** Text on one line: a newline in a name must not end a heading or a paragraph. */
function inline(text: string): string {
  return markdownText(text);
}

/**
 * Code inside a table cell: a code span shows its text literally (entities and backslashes too), so
 * it is not escaped; a backtick, `|` or newline could still end it, the cell or the table, and goes.
 */
function codeSpan(text: string): string {
  return `\`${text.replace(/[`|\r\n]/g, ' ')}\``;
}

/** A table cell: `\` and `|` escaped (a bare `|` ends the cell), newlines as <br> (a bare one ends the table). */
function cell(text: string): string {
  return markdownCell(text);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** "12.3 [11.9, 13.0]": the mean and its 95% interval, each through `format`. */
function withInterval(value: MeanWithInterval, format: (x: number) => string): string {
  if (value.mean === null) return MISSING;
  if (value.ci95 === null) return format(value.mean);
  return `${format(value.mean)} [${format(value.ci95.low)}, ${format(value.ci95.high)}]`;
}

function metricValue(variant: VariantSummary, metric: MetricDefinition): MeanWithInterval {
  return variant.metrics[metric.name] ?? NO_VALUE;
}

/**
 * The rows of both tables and of the metric list: the key metrics (and the environment ones with environments),
 * then the scenario's headline metrics that are not among them (a canary scenario asks about failed requests).
 */
function tableMetrics(summary: ScenarioSummary): readonly MetricDefinition[] {
  const environments = summary.variants.some((v) => v.environments !== undefined);
  const rows = environments ? TABLE_METRICS : KEY_METRICS;
  const headline = summary.headline
    .map((name) => definition(name))
    .filter((m) => !rows.includes(m));
  return withUnfinished([...rows, ...headline]);
}

function keyMetricsTable(
  metrics: readonly MetricDefinition[],
  variants: readonly VariantSummary[],
  baseline: VariantSummary,
): string {
  return markdownTable(
    ['metric', ...variants.map((v) => `${cell(v.name)}${v === baseline ? ' (baseline)' : ''}`)],
    metrics.filter((m) => variants.some((v) => metricValue(v, m).mean !== null)).map((m) => [
      `\`${m.name}\``,
      ...variants.map((v) => withInterval(metricValue(v, m), (x) => formatMetric(x, m.unit))),
    ]),
  );
}

/** Whether a paired difference's interval excludes zero, and on which side of the metric's better direction. */
function significance(difference: MeanWithInterval, metric: MetricDefinition): 'better' | 'worse' | null {
  const ci = difference.ci95;
  if (ci === null || (ci.low <= 0 && ci.high >= 0)) return null;
  return ci.high < 0 === (metric.better === 'lower') ? 'better' : 'worse';
}

/** "+1m 2s [+50s, +1m 14s] worse", or "no significant difference" after the numbers when the interval holds 0. */
function differenceCell(variant: VariantSummary, metric: MetricDefinition): string {
  const difference = variant.vsBaseline[metric.name];
  if (difference === undefined || difference.mean === null) return MISSING;
  const ci = difference.ci95;
  const format =
    ci === null ? (x: number) => formatMetricChange(x, metric.unit) : intervalChangeFormat(metric.unit, ci.low, ci.high);
  const text = withInterval(difference, format);
  if (difference.ci95 === null) return `${text} (no interval)`;
  return `${text} ${significance(difference, metric) ?? 'no significant difference'}`;
}

function differencesTable(metrics: readonly MetricDefinition[], others: readonly VariantSummary[]): string {
  return markdownTable(
    ['metric', ...others.map((v) => cell(v.name))],
    metrics.filter((m) => others.some((v) => (v.vsBaseline[m.name]?.mean ?? null) !== null)).map((m) => [
      `\`${m.name}\` (${m.better} is better)`,
      ...others.map((v) => differenceCell(v, m)),
    ]),
  );
}

type Quantile = 'p50' | 'p95';

/** The metric that is convergenceMs at each quantile (both pooled over replications). */
const QUANTILE_METRIC: Readonly<Record<Quantile, string>> = { p50: 'convergenceP50Ms', p95: 'convergenceP95Ms' };

/** The variant with the lowest value at `quantile`; on a tie the earlier one. Null if none has one. */
function fastest(variants: readonly VariantSummary[], quantile: Quantile): VariantSummary | null {
  let best: VariantSummary | null = null;
  for (const variant of variants) {
    const value = variant.convergenceMs[quantile];
    if (value !== null && (best === null || value < best.convergenceMs[quantile]!)) best = variant;
  }
  return best;
}

/**
 * Which variant converges fastest at `quantile` (pooled over replications),
 * and by how much against the baseline; when the baseline itself is fastest
 * (it wins ties), against the next fastest.
 */
function fastestSentence(
  baseline: VariantSummary,
  others: readonly VariantSummary[],
  quantile: Quantile,
): string {
  const best = fastest([baseline, ...others], quantile);
  if (best === null) return `At ${quantile}, no variant has a converged change.`;
  const bestMs = best.convergenceMs[quantile]!;
  const baseName = inline(baseline.name);
  if (best === baseline) {
    const next = fastest(others, quantile);
    if (next === null)
      return `At ${quantile}, only the baseline ${baseName} has converged changes (${formatMs(bestMs)}).`;
    const nextMs = next.convergenceMs[quantile]!;
    // Fastest only when every other variant is clearly slower than the baseline.
    const metric = definition(QUANTILE_METRIC[quantile]);
    const notSlower = others.filter(
      (v) => v.convergenceMs[quantile] !== null && significance(v.vsBaseline[metric.name] ?? NO_VALUE, metric) !== 'worse',
    );
    if (notSlower.length > 0) {
      return (
        `At ${quantile}, no variant converges clearly faster than the others: the baseline ${baseName} has the lowest figure ` +
        `(${formatMs(bestMs)}), but ${untoldClauses(notSlower, quantile, metric)}` +
        `${clearlySlower(others, metric)}.`
      );
    }
    return (
      `At ${quantile}, the baseline ${baseName} converges fastest (${formatMs(bestMs)}); ` +
      `the next fastest, ${inline(next.name)}, takes ${formatMs(nextMs)}, ${formatMs(nextMs - bestMs)} more.`
    );
  }
  const baseMs = baseline.convergenceMs[quantile];
  if (baseMs === null) {
    return `At ${quantile}, ${inline(best.name)} converges fastest (${formatMs(bestMs)}); the baseline ${baseName} has no converged change.`;
  }
  // Faster only counts when the paired difference says so: otherwise the two are not told apart.
  const metric = definition(QUANTILE_METRIC[quantile]);
  if (significance(best.vsBaseline[metric.name] ?? NO_VALUE, metric) !== 'better') {
    const rest = others.filter((v) => v !== best);
    return (
      `At ${quantile}, no variant converges clearly faster than the baseline ${baseName} (${formatMs(baseMs)}): ` +
      `the fastest, ${inline(best.name)} (${formatMs(bestMs)}), ${untoldPredicate(untoldReason(best, metric), false)}` +
      `${clearlySlower(rest, metric)}.`
    );
  }
  // Clearly faster than the baseline is not clearly faster than the others: only the baseline is compared here.
  const alsoFaster = others.filter(
    (v) => v !== best && significance(v.vsBaseline[metric.name] ?? NO_VALUE, metric) === 'better',
  );
  if (alsoFaster.length > 0) {
    return (
      `At ${quantile}, the lowest figure is ${inline(best.name)}'s (${formatMs(bestMs)}), ${formatMs(baseMs - bestMs)} less than ` +
      `the baseline ${baseName} (${formatMs(baseMs)}); ${list(alsoFaster.map((v) => inline(v.name)))} ` +
      `${alsoFaster.length === 1 ? 'is' : 'are'} also clearly faster than the baseline, and these are not ranked against each other here.`
    );
  }
  return (
    `At ${quantile}, ${inline(best.name)} converges fastest: ${formatMs(bestMs)}, ${formatMs(baseMs - bestMs)} less than ` +
    `the baseline ${baseName} (${formatMs(baseMs)}), the only variant clearly faster than it.`
  );
}

/** Why a variant is not told apart from the baseline, by what its paired difference holds. */
type Untold = 'noInterval' | 'within' | 'better' | 'worse';

function untoldReason(variant: VariantSummary, metric: MetricDefinition): Untold {
  const difference = variant.vsBaseline[metric.name] ?? NO_VALUE;
  return difference.ci95 === null ? 'noInterval' : (significance(difference, metric) ?? 'within');
}

/** What is said of one variant (or several) not told apart from the baseline, after its name. */
function untoldPredicate(reason: Untold, several: boolean): string {
  // The paired difference pairs only the replications where both have a converged change.
  if (reason === 'noInterval') {
    return `${several ? 'have' : 'has'} no paired 95% interval with it (that needs 2 replications where both have a converged change)`;
  }
  if (reason === 'within') return `${several ? 'differ' : 'differs'} from it within the 95% interval of their paired difference`;
  return `${several ? 'are' : 'is'} clearly ${reason === 'better' ? 'faster' : 'slower'} than it in the replications where both have a converged change`;
}

/** "a (1.0s) and b (2.0s) have no paired 95% interval with it (...); c (1.0s) differs from it within ...", by reason. */
function untoldClauses(variants: readonly VariantSummary[], quantile: Quantile, metric: MetricDefinition): string {
  const byReason = new Map<Untold, string[]>();
  for (const v of variants) {
    const reason = untoldReason(v, metric);
    const names = byReason.get(reason) ?? [];
    names.push(`${inline(v.name)} (${formatMs(v.convergenceMs[quantile]!)})`);
    byReason.set(reason, names);
  }
  return [...byReason].map(([reason, names]) => `${list(names)} ${untoldPredicate(reason, names.length > 1)}`).join('; ');
}

/** "; pull/tag and pull/digest are clearly slower than the baseline", or nothing when none is. */
function clearlySlower(others: readonly VariantSummary[], metric: MetricDefinition): string {
  const slower = others.filter((v) => significance(v.vsBaseline[metric.name] ?? NO_VALUE, metric) === 'worse');
  if (slower.length === 0) return '';
  const names = slower.map((v) => inline(v.name));
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `; ${list} ${names.length === 1 ? 'is' : 'are'} clearly slower than the baseline`;
}

/** Where the controller's work waited longest, per variant (Argo CD profile only): the capacity question's answer. */
function bottleneckSentence(variants: readonly VariantSummary[]): string {
  const named = variants.filter((v) => v.bottleneck !== null && v.bottleneck !== 'none');
  if (named.length === 0) return '';
  const parts = named.map((v) => `${inline(v.name)}: ${v.bottleneck}`);
  return `What made the controller's work wait longest (in most runs): ${parts.join('; ')}.`;
}

/** Which variants ran other bytes than Git intends while showing in sync, and for how long. */
function bytesSentence(variants: readonly VariantSummary[]): string {
  const wrong = variants.filter((v) => (v.silentDivergenceMs.mean ?? 0) > 0);
  if (wrong.length === 0) return 'No variant ran other bytes than Git intends while showing in sync.';
  const parts = wrong.map((v) => `${inline(v.name)} (${formatMs(v.silentDivergenceMs.mean!)} per run)`);
  return `Showing in sync while running other bytes than Git intends: ${parts.join(', ')}.`;
}

/** Which variants' finished rollbacks ran other bytes than the known-good ones, and which left rollbacks unfinished. */
function rollbackSentence(variants: readonly VariantSummary[]): string {
  const sentences: string[] = [];
  const wrong = variants.filter((v) => v.rollbacks.finished > v.rollbacks.correct);
  if (wrong.length > 0) {
    const parts = wrong.map(
      (v) => `${inline(v.name)} (${v.rollbacks.finished - v.rollbacks.correct} of ${v.rollbacks.finished})`,
    );
    sentences.push(`Finished rollbacks that did not restore the known-good bytes: ${parts.join(', ')}.`);
  }
  const slow = variants.filter((v) => v.rollbacks.unfinished > 0);
  if (slow.length > 0) {
    const parts = slow.map((v) => `${inline(v.name)} (${v.rollbacks.unfinished} of ${v.rollbacks.total})`);
    sentences.push(`Rollbacks not finished before the next commit or the horizon: ${parts.join(', ')}.`);
  }
  return sentences.join(' ');
}


/** Metrics of staying up and staying as Git says, each with the subject of its sentence. */
const HEALTH_FINDINGS: readonly [MetricDefinition, string][] = [
  [definition('availability'), 'Availability'],
  [definition('driftOpenMeanMs'), 'The time until drift is undone'],
];

/**
 * For availability and drift, the variants clearly worse than others: a
 * variant's paired difference against the baseline whose 95% interval lies
 * wholly on the worse side (worse under it than under the baseline), or on
 * the better side (worse under the baseline than under it).
 */
function healthSentences(baseline: VariantSummary, others: readonly VariantSummary[]): string[] {
  return HEALTH_FINDINGS.flatMap(([metric, subject]) => {
    const shown = (v: VariantSummary): string | null => {
      const value = metricValue(v, metric).mean;
      return value === null ? null : formatMetric(value, metric.unit);
    };
    const baselineShown = shown(baseline);
    const named = (v: VariantSummary, prefix = ''): string => {
      const figure = shown(v);
      if (figure === null) return `${prefix}${inline(v.name)}`;
      // Figures that round alike would read as no difference: the paired one says what it is.
      const d = v === baseline || figure !== baselineShown ? undefined : v.vsBaseline[metric.name];
      if (d === undefined || d.mean === null || d.ci95 === null) return `${prefix}${inline(v.name)} (${figure})`;
      const change = intervalChangeFormat(metric.unit, d.ci95.low, d.ci95.high);
      return `${prefix}${inline(v.name)} (${figure}; paired difference ${change(d.mean)} [${change(d.ci95.low)}, ${change(d.ci95.high)}])`;
    };
    const worse = others.filter(
      (v) => significance(v.vsBaseline[metric.name] ?? NO_VALUE, metric) === 'worse',
    );
    const better = others.filter(
      (v) => significance(v.vsBaseline[metric.name] ?? NO_VALUE, metric) === 'better',
    );
    const sentences: string[] = [];
    if (worse.length > 0)
      sentences.push(
        `${subject} is clearly worse under ${list(worse.map((v) => named(v)))} than under ${named(baseline, 'the baseline ')}.`,
      );
    if (better.length > 0)
      sentences.push(
        `${subject} is clearly worse under ${named(baseline, 'the baseline ')} than under ${list(better.map((v) => named(v)))}.`,
      );
    return sentences;
  });
}

/** The findings in words, one sentence each: results first, then what could not be told apart. */
function findings(baseline: VariantSummary, others: readonly VariantSummary[]): string[] {
  if (others.length === 0) {
    const { name, convergenceMs: c } = baseline;
    const ms = (value: number | null): string => (value === null ? MISSING : formatMs(value));
    return [
      `${inline(name)} converges in ${ms(c.p50)} at p50 and ${ms(c.p95)} at p95; there is no other variant to compare with.`,
      ...driftKindSentences([baseline]).map(inline),
    ];
  }
  const variants = [baseline, ...others];
  return [
    bottleneckSentence(variants),
    bytesSentence(variants),
    rollbackSentence(variants),
    ...driftKindSentences(variants).map(inline),
    ...healthSentences(baseline, others),
    fastestSentence(baseline, others, 'p50'),
    fastestSentence(baseline, others, 'p95'),
  ].filter((text) => text !== '');
}

/** The findings of a summary, as summary.md and index.html list them. */
export function findingSentences(summary: ScenarioSummary): string[] {
  const baseline = summary.variants.find((v) => v.name === summary.baseline) ?? summary.variants[0];
  if (baseline === undefined) return ['No variant was run.'];
  return findings(
    baseline,
    summary.variants.filter((v) => v !== baseline),
  );
}

/** The question and its answer per headline metric, as summary.md and index.html open. */
export function answerSentences(summary: ScenarioSummary): string[] {
  return summary.answers.map((a) => inline(answerLine(a, summary.scenario.replications)));
}

function metricList(metrics: readonly MetricDefinition[]): string {
  return metrics.map((m) => `- \`${m.name}\` (${m.better} is better): ${m.description}.`).join('\n');
}

/** The warnings as a list, under a heading; nothing without any. */
function warningsSection(summary: ScenarioSummary): string[] {
  if (summary.warnings.length === 0) return [];
  return ['## Warnings', summary.warnings.map((w) => `- ${inline(warningText(w))}`).join('\n')];
}

/** Each threshold's verdict per variant; nothing without thresholds. */
function thresholdsSection(summary: ScenarioSummary): string[] {
  if (summary.thresholds.length === 0) return [];
  const missed = summary.thresholds.filter((v) => v.state === 'fail').length;
  return [
    '## Thresholds',
    `${missed === 0 ? 'No threshold missed' : `${missed} threshold${missed === 1 ? '' : 's'} missed`}: ` +
      'judged on the 95% interval (missed when it lies wholly on the wrong side, inconclusive when it holds the limit).',
    markdownTable(
      ['variant', 'threshold', 'value [95% interval]', 'verdict'],
      summary.thresholds.map((v) => [
        cell(v.variant),
        codeSpan(`${v.metric} ${v.expression}`),
        valueText(v.value, v.metric),
        `${stateText(v)}: ${verdictDetail(v)}`,
      ]),
    ),
  ];
}

/** Drift per kind and variant; nothing without drift. */
function driftKindSection(variants: readonly VariantSummary[]): string[] {
  const kinds = driftKinds(variants);
  if (kinds.length === 0) return [];
  return [
    '## Drift by kind',
    'Per kind, pooled over replications: the median time a drift event stayed open (until undone, or the horizon) and how many were undone.',
    markdownTable(
      ['kind', ...variants.map((v) => cell(v.name))],
      kinds.map((kind) => [`\`${kind}\``, ...variants.map((v) => kindCell(kindOf(v, kind)))]),
    ),
  ];
}

/** The answer first: the question, the verdict per headline metric. */
function answerSection(summary: ScenarioSummary): string[] {
  const question = summary.question === null ? [] : [`**${inline(summary.question)}**`];
  const lines = answerSentences(summary).map((text) => `- ${text}`);
  if (lines.length === 0) return [];
  return [
    '## Answer',
    ...question,
    `${lines.join('\n')}\n\nA variant is called better only when the paired difference's 95% interval leaves out 0.`,
  ];
}

export function summaryMarkdown(summary: ScenarioSummary): string {
  const { scenario, tool, variants } = summary;
  const replications = `${scenario.replications} replication${scenario.replications === 1 ? '' : 's'}`;
  const head = [
    `# ${inline(scenario.name)}`,
    `Seed ${inline(String(scenario.seed))} · horizon ${formatDuration(scenario.horizonMs)} · ${replications} · ` +
      `input hash \`${summary.inputHash}\` · ${inline(tool.name)} ${inline(tool.version)}`,
  ];
  // The baseline is named by the summary; a summary whose baseline is not among its variants compares with the first.
  const baseline = variants.find((v) => v.name === summary.baseline) ?? variants[0];
  if (baseline === undefined) return `${[...head, '## Findings', 'No variant was run.'].join('\n\n')}\n`;
  const others = variants.filter((v) => v !== baseline);
  const metrics = tableMetrics(summary);
  const sections = [
    ...head,
    ...answerSection(summary),
    '## Findings',
    findings(baseline, others)
      .map((text) => `- ${text}`)
      .join('\n'),
    ...warningsSection(summary),
    ...thresholdsSection(summary),
    '## Key metrics',
    'Each figure as the metric list below defines it (a mean over replications, or pooled over them) [95% confidence interval].',
    keyMetricsTable(metrics, variants, baseline),
  ];
  if (others.length > 0)
    sections.push(
      `## Against the baseline ${inline(baseline.name)}`,
      'Variant minus baseline, paired replication by replication [95% confidence interval]; better or worse ' +
        "by the metric's direction when the interval excludes zero.",
      differencesTable(metrics, others),
    );
  sections.push(
    ...driftKindSection(variants),
    ...environmentsSection(variants),
    ...capacitySection(variants),
    '## Metrics',
    metricList(metrics),
  );
  return `${sections.join('\n\n')}\n`;
}

/** Per environment and variant; nothing for scenarios without environments. */
function environmentsSection(variants: readonly VariantSummary[]): string[] {
  if (!variants.some((v) => v.environments !== undefined)) return [];
  return [
    '## Environments',
    'Per environment in promotion order, pooled over replications: releases the apps converged on per day, the mean ' +
      'lead time of every code change to it, the bad releases that ran there and those found there, the mean wait at ' +
      'the gate into it and the releases per manual approval.',
    markdownTable(
      ['environment, figure', ...variants.map((v) => cell(v.name))],
      environmentRows(variants).map(([label, cells]) => [cell(label), ...cells.map(cell)]),
    ),
  ];
}

/** Where the Argo CD variants' work waited (controllerWaits.ts); nothing for scenarios without an Argo CD variant. */
function capacitySection(variants: readonly VariantSummary[]): string[] {
  const waits = controllerWaits(variants);
  if (waits.state === 'none') return [];
  if (waits.state === 'neverWaited') return ['## Where the controller waited', NEVER_WAITED];
  return [
    '## Where the controller waited',
    CONTROLLER_WAITS_NOTE,
    markdownTable(
      ['resource', ...waits.variants.map((v) => cell(v.name))],
      [
        ...waits.rows.map(([resource, cells]) => [cell(resource), ...cells]),
        ['**bottleneck**', ...waits.bottlenecks.map(cell)],
      ],
    ),
  ];
}
