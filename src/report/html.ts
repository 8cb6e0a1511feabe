/**
 * index.html: the report as one self-contained page that works opened from
 * disk with no network: the tables, interactive Chart.js charts (Chart.js
 * inlined) and the scenario as written. Everything from the scenario file is
 * escaped: text for HTML, the charts' data as JSON that cannot end its
 * <script> element.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { formatDuration } from '../engine/duration.ts';
import { codeModule } from '../runtime.ts';
import { ALL_METRICS, type MetricDefinition } from '../metrics/definitions.ts';
import type { MeanWithInterval, ScenarioResult, ScenarioSummary, VariantSummary } from '../metrics/results.ts';
import { barAxisMax, type BarPanel } from './barChart.ts';
import { convergenceCdfData } from './chart.ts';
import { PALETTE } from './chartCanvas.ts';
import { correctnessData, DRIFT_COLOR, ROLLBACK_COLOR } from './correctnessChart.ts';
import { doraData } from './doraChart.ts';
import { driftOpenData } from './driftChart.ts';
import { failedRequestsData, hasTraffic } from './failedRequestsChart.ts';
import { formatMetric, formatMetricChange, intervalChangeFormat } from './format.ts';
import { controllerLoadData, hasLoad } from './loadChart.ts';
import { driftKinds, kindCell, kindOf } from './driftKinds.ts';
import { findingSentences } from './markdown.ts';
import { environmentRows } from './environmentRows.ts';
import { CONTROLLER_WAITS_NOTE, controllerWaits, NEVER_WAITED } from './controllerWaits.ts';
import { answerLine, stateText, valueText, verdictDetail, warningText, winners } from './verdicts.ts';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON for a <script type="application/json"> element: with every `<` as
 * \u003c (still the same JSON), no "</script>" or "<!--" in a name can end
 * the element or change how it is parsed.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A script inlined as it is: it must not hold what would end its element early. */
function inlineScript(source: string, name: string): string {
  if (/<\/script|<!--/i.test(source))
    throw new Error(`${name} cannot be inlined: it contains </script or <!--`);
  return `<script>\n${source}\n</script>`;
}

let scripts: string | undefined;

/** Chart.js's browser build and the page's own script, read once; the source map comment dropped (no fetch from disk). */
function pageScripts(): string {
  if (scripts !== undefined) return scripts;
  // The browser build is not among chart.js's exports: found next to the module it does export.
  const chartJs = path.join(
    path.dirname(createRequire(import.meta.url).resolve('chart.js')),
    'chart.umd.min.js',
  );
  const library = readFileSync(chartJs, 'utf8').replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n');
  // barAnnotations.js is a module for the PNG charts; in the page script its functions are plain declarations.
  const shared = readFileSync(codeModule('report/barAnnotations.js'), 'utf8').replace(/^export /gm, '');
  const own = readFileSync(codeModule('report/htmlCharts.js'), 'utf8');
  scripts = `${inlineScript(library, chartJs)}\n${inlineScript(`${shared}\n${own}`, 'htmlCharts.js')}`;
  return scripts;
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; color: #222; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.run { color: #555; margin: 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #eee; text-align: right; vertical-align: top; }
th { background: #f6f6f6; }
th:first-child, td:first-child { text-align: left; }
td:first-child { max-width: 24rem; }
code { font-size: 0.8rem; color: #666; }
.ci { display: block; color: #777; font-size: 0.8rem; white-space: nowrap; }
.better { background: #e6f4ea; }
.worse { background: #fbe9e7; }
.note { color: #555; font-size: 0.9rem; }
nav ol { columns: 2; margin: 0.5rem 0; padding-left: 1.5rem; }
.answer { background: #eef5fb; border-left: 4px solid #0072B2; padding: 0.5rem 1rem; margin: 1rem 0; }
.answer ul { margin: 0.25rem 0; padding-left: 1.2rem; }
.question { font-weight: bold; margin: 0.25rem 0; }
.winner { font-weight: bold; }
details > summary { cursor: pointer; font-weight: bold; margin: 0.75rem 0; }
.warnings { background: #fff4e5; border-left: 4px solid #f0a020; padding: 0.5rem 1rem; margin: 1rem 0; }
.chart { position: relative; height: 440px; margin: 1rem 0; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 1rem; }
.panels .chart { height: 340px; }
pre { background: #f6f6f6; padding: 0.75rem; overflow-x: auto; font-size: 0.85rem; }
`;

const MISSING = 'n/a';

/** "12.3s" over "[11.9s, 13.0s]", or n/a. */
function valueCell(value: MeanWithInterval | undefined, metric: MetricDefinition): string {
  if (value === undefined || value.mean === null) return `<td>${MISSING}</td>`;
  const interval =
    value.ci95 === null
      ? ''
      : `<span class="ci">[${escapeHtml(formatMetric(value.ci95.low, metric.unit))}, ${escapeHtml(formatMetric(value.ci95.high, metric.unit))}]</span>`;
  return `<td>${escapeHtml(formatMetric(value.mean, metric.unit))}${interval}</td>`;
}

function metricHeader(metric: MetricDefinition): string {
  return `<td>${escapeHtml(metric.description)} <code>${escapeHtml(metric.name)}</code></td>`;
}

function metricsTable(variants: readonly VariantSummary[]): string {
  const head = variants.map((v) => `<th>${escapeHtml(v.name)}</th>`).join('');
  const changes = variants
    .map((v) => `<td>${v.changes.converged} of ${v.changes.total}<span class="ci">converged</span></td>`)
    .join('');
  // A row with nothing to show under any variant (no traffic, no rollback) is left out.
  const rows = ALL_METRICS.filter((metric) => variants.some((v) => (v.metrics[metric.name]?.mean ?? null) !== null)).map(
    (metric) =>
      `<tr>${metricHeader(metric)}${variants.map((v) => valueCell(v.metrics[metric.name], metric)).join('')}</tr>`,
  );
  return [
    '<div class="scroll"><table>',
    `<thead><tr><th>metric: mean over runs or pooled over them, as the metric table says [95% interval]</th>${head}</tr></thead>`,
    '<tbody>',
    `<tr><td>Changes, all replications</td>${changes}</tr>`,
    ...rows,
    '</tbody></table></div>',
  ].join('\n');
}

/** Which way a paired difference points, when its interval leaves out 0. */
function verdict(metric: MetricDefinition, low: number, high: number): string {
  if (low <= 0 && high >= 0) return '';
  return high < 0 === (metric.better === 'lower') ? ' class="better"' : ' class="worse"';
}

function pairedTable(variants: readonly VariantSummary[], baseline: string): string {
  const others = variants.filter((v) => v.name !== baseline);
  if (others.length === 0)
    return '<p class="note">There is no other variant to compare with the baseline.</p>';
  const head = others.map((v) => `<th>${escapeHtml(v.name)} − ${escapeHtml(baseline)}</th>`).join('');
  const shown = ALL_METRICS.filter((metric) => others.some((v) => (v.vsBaseline[metric.name]?.mean ?? null) !== null));
  const rows = shown.map((metric) => {
    const cells = others.map((v) => {
      const d = v.vsBaseline[metric.name];
      if (d === undefined || d.mean === null) return `<td>${MISSING}</td>`;
      if (d.ci95 === null) {
        const change = escapeHtml(formatMetricChange(d.mean, metric.unit));
        return `<td>${change}<span class="ci">${d.pairs} pair${d.pairs === 1 ? '' : 's'}</span></td>`;
      }
      const format = intervalChangeFormat(metric.unit, d.ci95.low, d.ci95.high);
      const change = escapeHtml(format(d.mean));
      const low = escapeHtml(format(d.ci95.low));
      const high = escapeHtml(format(d.ci95.high));
      return `<td${verdict(metric, d.ci95.low, d.ci95.high)}>${change}<span class="ci">[${low}, ${high}]</span></td>`;
    });
    return `<tr>${metricHeader(metric)}${cells.join('')}</tr>`;
  });
  return [
    `<p class="note">Each variant minus the baseline, replication by replication (same seeds): mean [95% interval]. ` +
      'Green: better with 95% confidence, red: worse.</p>',
    '<div class="scroll"><table>',
    `<thead><tr><th>metric</th>${head}</tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody></table></div>',
  ].join('\n');
}

/** Per environment and variant (with environments only): what reached it, what was found there, the gate into it. */
function environmentsBlock(variants: readonly VariantSummary[]): string {
  if (!variants.some((v) => v.environments !== undefined)) return '';
  const head = variants.map((v) => `<th>${escapeHtml(v.name)}</th>`).join('');
  const rows = environmentRows(variants).map(
    ([label, cells]) => `<tr><td>${escapeHtml(label)}</td>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`,
  );
  return [
    '<details>',
    '<summary>Environments</summary>',
    '<div class="scroll"><table>',
    `<thead><tr><th>environment, figure (all replications)</th>${head}</tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody></table></div>',
    '</details>',
  ].join('\n');
}

/** A bar panel with its axis top, so the page draws the same axis as the PNG. */
function withAxisMax(panel: BarPanel): BarPanel & { axisMax: number | null } {
  return { ...panel, axisMax: barAxisMax(panel.bars) };
}

function canvas(id: string, label: string): string {
  return `<div class="chart"><canvas id="${id}" role="img" aria-label="${escapeHtml(label)}"></canvas></div>`;
}

/** The question, its answer and the findings: what the page opens with. */
function findingsBlock(summary: ScenarioSummary): string {
  const won = winners(summary.answers);
  const question =
    summary.question === null ? '' : `<p class="question">${escapeHtml(summary.question)}</p>`;
  const answers = summary.answers
    .map((a, i) => {
      const text = escapeHtml(answerLine(a, summary.scenario.replications));
      return `<li${i === 0 && won.length > 0 ? ' class="winner"' : ''}>${text}</li>`;
    })
    .join('\n');
  const first = summary.answers[0];
  const group = first?.leadingGroup ?? [];
  const verdict =
    won.length > 0
      ? `<p>Winner on ${escapeHtml(first.metric)}: <strong class="winner-name">${escapeHtml(won.join(' = '))}</strong></p>`
      : group.length > 0
        ? `<p>No single winner on ${escapeHtml(first.metric)}; leading together: <strong class="winner-name">${escapeHtml(group.join(', '))}</strong></p>`
        : `<p>No variant is clearly best on ${escapeHtml(first?.metric ?? 'its headline metric')}: the answer below says why.</p>`;
  const items = findingSentences(summary)
    .map((text) => `<li>${escapeHtml(text)}</li>`)
    .join('\n');
  return [
    '<section id="findings">',
    '<h2>Findings</h2>',
    '<div class="answer">',
    question,
    verdict,
    `<ul>\n${answers}\n</ul>`,
    '</div>',
    `<ul>\n${items}\n</ul>`,
    '</section>',
  ].join('\n');
}

/** Drift per kind and variant, if any drift happened. */
function driftKindTable(variants: readonly VariantSummary[]): string {
  const kinds = driftKinds(variants);
  if (kinds.length === 0) return '<p class="note">No drift in this scenario.</p>';
  const head = variants.map((v) => `<th>${escapeHtml(v.name)}</th>`).join('');
  const rows = kinds.map(
    (kind) =>
      `<tr><td><code>${escapeHtml(kind)}</code></td>${variants.map((v) => `<td>${escapeHtml(kindCell(kindOf(v, kind)))}</td>`).join('')}</tr>`,
  );
  return [
    '<p class="note">Per kind, pooled over replications: the median time a drift event stayed open (until undone, or the horizon) and how many were undone.</p>',
    '<div class="scroll"><table>',
    `<thead><tr><th>drift kind</th>${head}</tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody></table></div>',
  ].join('\n');
}

/** Where the Argo CD controller's work waited, as summary.md shows it; nothing without an Argo CD variant. */
function controllerWaitsBlock(variants: readonly VariantSummary[]): string {
  const waits = controllerWaits(variants);
  if (waits.state === 'none') return '';
  const body =
    waits.state === 'neverWaited'
      ? [`<p class="note">${escapeHtml(NEVER_WAITED)}</p>`]
      : [
          `<p class="note">${escapeHtml(CONTROLLER_WAITS_NOTE)}</p>`,
          '<div class="scroll"><table>',
          `<thead><tr><th>resource</th>${waits.variants.map((v) => `<th>${escapeHtml(v.name)}</th>`).join('')}</tr></thead>`,
          '<tbody>',
          ...waits.rows.map(
            ([resource, cells]) =>
              `<tr><td>${escapeHtml(resource)}</td>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`,
          ),
          `<tr><td>bottleneck</td>${waits.bottlenecks.map((b) => `<td><strong>${escapeHtml(b)}</strong></td>`).join('')}</tr>`,
          '</tbody></table></div>',
        ];
  return ['<details>', '<summary>Where the controller waited</summary>', ...body, '</details>'].join('\n');
}

/** The page's table of contents. */
function toc(entries: readonly (readonly [string, string])[]): string {
  const items = entries.map(([id, text]) => `<li><a href="#${id}">${escapeHtml(text)}</a></li>`).join('');
  return `<nav aria-label="Contents"><ol>${items}</ol></nav>`;
}

/** The warnings, if any, above everything else. */
function warningsBlock(summary: ScenarioSummary): string {
  if (summary.warnings.length === 0) return '';
  const items = summary.warnings.map((w) => `<li>${escapeHtml(warningText(w))}</li>`).join('\n');
  return `<div class="warnings"><strong>Warnings</strong>\n<ul>\n${items}\n</ul></div>`;
}

/** Each threshold's verdict per variant, if the scenario has thresholds. */
function thresholdsBlock(summary: ScenarioSummary): string {
  if (summary.thresholds.length === 0) return '';
  const rows = summary.thresholds.map((v) => {
    const cls = v.state === 'pass' ? ' class="better"' : v.state === 'fail' ? ' class="worse"' : '';
    return (
      `<tr><td>${escapeHtml(v.variant)}</td><td><code>${escapeHtml(`${v.metric} ${v.expression}`)}</code></td>` +
      `<td>${escapeHtml(valueText(v.value, v.metric))}</td><td${cls}>${escapeHtml(`${stateText(v)}: ${verdictDetail(v)}`)}</td></tr>`
    );
  });
  return [
    '<h2 id="thresholds">Thresholds</h2>',
    '<p class="note">Judged on the 95% interval: missed when it lies wholly on the wrong side, inconclusive when it holds the limit.</p>',
    '<div class="scroll"><table>',
    '<thead><tr><th>variant</th><th>threshold</th><th>value [95% interval]</th><th>verdict</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody></table></div>',
  ].join('\n');
}

export function reportHtml(result: ScenarioResult, scenarioText: string): string {
  const { summary, runs } = result;
  const { scenario, variants, baseline } = summary;
  const names = variants.map((v) => v.name);
  const dora = doraData(variants).map(withAxisMax);
  const data = {
    palette: PALETTE,
    colors: { drift: DRIFT_COLOR, rollback: ROLLBACK_COLOR },
    titles: {
      cdf: 'Time from commit to converged',
      correctness: 'Correct replicas over time',
      load: 'Controller queue and throttling',
    },
    cdf: convergenceCdfData(runs, names),
    correctness: correctnessData(runs, names, baseline),
    drift: withAxisMax(driftOpenData(variants, 'Time drift stays open')),
    dora,
    load: controllerLoadData(runs, names),
    loadActive: hasLoad(runs),
    // Only a scenario with traffic has failed requests to show.
    failed: hasTraffic(variants) ? withAxisMax(failedRequestsData(variants, 'Failed requests')) : null,
  };
  const run =
    `${escapeHtml(summary.tool.name)} ${escapeHtml(summary.tool.version)} · seed ${escapeHtml(String(scenario.seed))} · ` +
    `horizon ${formatDuration(scenario.horizonMs)} · ${scenario.replications} replication${scenario.replications === 1 ? '' : 's'} · ` +
    `${variants.length} variant${variants.length === 1 ? '' : 's'}, baseline ${escapeHtml(baseline)} · ` +
    `input <code>${escapeHtml(summary.inputHash.slice(0, 12))}</code>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(scenario.name)} · gitops-sim report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(scenario.name)}</h1>
<p class="run">${run}</p>
</header>
${findingsBlock(summary)}
${toc([
  ['findings', 'Findings'],
  ...(summary.thresholds.length > 0 ? [['thresholds', 'Thresholds'] as const] : []),
  ['charts', 'Charts'],
  ['details', 'Detail tables'],
  ['scenario', 'Scenario'],
])}
${warningsBlock(summary)}
${thresholdsBlock(summary)}
<h2 id="charts">Charts</h2>
<p class="note">Hover for values; click a legend entry to hide or show a line.</p>
${data.cdf.curves.some((c) => c.points.length > 0) ? canvas('chart-convergence-cdf', 'Share of changes converged against time to converge, per variant') : ''}
${canvas('chart-correctness', 'Share of desired replicas correct over time, per variant, with drift events and rollbacks')}
${data.drift.bars.some((b) => b.value !== null) ? canvas('chart-drift-open', 'Mean time drift stays open, per variant') : ''}
<div class="panels">
${dora.map((panel, i) => canvas(`chart-dora-${i + 1}`, panel.title)).join('\n')}
</div>
${data.loadActive ? canvas('chart-controller-load', 'Work queued and API throttled time over time, per variant') : ''}
${data.failed === null ? '' : canvas('chart-failed-requests', 'Failed requests per run, per variant (strategy)')}
<h2 id="details">Detail tables</h2>
<details>
<summary>Metrics per variant</summary>
${metricsTable(variants)}
</details>
<details>
<summary>Against the baseline, ${escapeHtml(baseline)}</summary>
${pairedTable(variants, baseline)}
</details>
<details>
<summary>Drift by kind</summary>
${driftKindTable(variants)}
</details>
${environmentsBlock(variants)}
${controllerWaitsBlock(variants)}
<h2 id="scenario">Scenario</h2>
<details>
<summary>The scenario file as written</summary>
<pre>${escapeHtml(scenarioText)}</pre>
</details>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
${pageScripts()}
</body>
</html>
`;
}
