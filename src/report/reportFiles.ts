/**
 * Every file of a scenario's report, as relative path -> content (reportFiles), or written
 * (writeReport), each to a temporary name first.
 */
import { changeFigures } from '../metrics/changeFigures.ts';
import type { RunResult, ScenarioResult } from '../metrics/results.ts';
import { convergenceCdfChart } from './chart.ts';
import { loadChartRenderer } from './chartCanvas.ts';
import { correctnessChart } from './correctnessChart.ts';
import { changesCsvText, runsCsv, timeseriesCsv } from './csv.ts';
import { doraChart } from './doraChart.ts';
import { driftByKindChart } from './driftKindChart.ts';
import { driftOpenChart } from './driftChart.ts';
import { failedRequestsChart, hasTraffic } from './failedRequestsChart.ts';
import { reportHtml } from './html.ts';
import { summaryJson } from './json.ts';
import { junitXml } from './junit.ts';
import { controllerLoadChart, hasLoad } from './loadChart.ts';
import { summaryMarkdown } from './markdown.ts';
import { samplesJson } from './samples.ts';
import { type ReportContent, type TextChunks, writeReportFiles } from './write.ts';
import * as z from 'zod';
import { TOOL } from '../version.ts';
import type { OutputKind } from './ownOutput.ts';

/** The fields of summary.json that say a report is this tool's (summaryJson writes them first). */
const summaryMarkerSchema = z.looseObject({
  tool: z.looseObject({ name: z.literal(TOOL.name), version: z.string() }),
  scenario: z.looseObject({ name: z.string() }),
  inputHash: z.string(),
  variants: z.array(z.looseObject({ name: z.string() })).min(1),
});

/**
 * A report folder as writeReport fills it: the folder replaced by a later run of the same scenario
 * only when it holds nothing else (ownOutput.ts). Every name reportDataFiles, startReport and
 * reportCharts write.
 */
export const REPORT_OUTPUT: OutputKind = {
  marker: 'summary.json',
  files: new Set([
    'summary.json',
    'summary.md',
    'runs.csv',
    'changes.csv',
    'timeseries.csv',
    'samples.json',
    'junit.xml',
    'index.html',
  ]),
  folders: new Map([['charts', /^[a-z-]+\.png$/]]),
  markerProblem: (data) =>
    summaryMarkerSchema.safeParse(data).success ? undefined : `not a ${TOOL.name} summary`,
};

/**
 * The report's data files: every figure, without the pictures of them (charts, index.html), which
 * cost most of a report's time to draw. The bench's outputs hash reads these alone.
 */
export function reportDataFiles(result: ScenarioResult): Map<string, string | TextChunks> {
  const { summary, runs } = result;
  const files = new Map<string, string | TextChunks>([
    ['summary.json', summaryJson(summary)],
    ['summary.md', summaryMarkdown(summary)],
    ['runs.csv', runsCsv(runs)],
    // Written a run at a time: a long horizon's table would otherwise be built whole in memory.
    ['changes.csv', changesCsvText(runs)],
    ['timeseries.csv', timeseriesCsv(runs)],
    ['samples.json', samplesJson(result)],
  ]);
  // CI test tabs read junit.xml; a scenario without thresholds has no tests to show.
  if (summary.thresholds.length > 0) files.set('junit.xml', junitXml(summary));
  return files;
}

/** What a report holds beyond its data files and index.html. */
export interface ReportOptions {
  /** charts/*.png (`--no-charts`: none; each costs about a tenth of a second of CPU to draw and encode). */
  readonly charts: boolean;
}

/**
 * Every file: the data files, the charts (unless `charts` is false) and index.html, which draws its
 * own charts from the data. `scenarioText`: the file as written, shown in index.html.
 */
export async function reportFiles(
  result: ScenarioResult,
  scenarioText: string,
  options: ReportOptions = { charts: true },
): Promise<Map<string, ReportContent>> {
  const files = new Map<string, ReportContent>();
  for (const [name, content] of await startReport(result, scenarioText, options)) files.set(name, await content);
  return files;
}

/**
 * Writes every file of the report under `dir` (writeReportFiles: whole or not at all), the
 * charts' PNGs written as their encodings finish, while the data files are written.
 */
export async function writeReport(
  dir: string,
  result: ScenarioResult,
  scenarioText: string,
  options: ReportOptions = { charts: true },
): Promise<void> {
  await writeReportFiles(dir, await startReport(result, scenarioText, options));
}

/**
 * reportFiles with each chart a promise of its PNG. The charts come first: each is drawn here
 * and its PNG encoded on libuv's threads while this thread makes the data files, index.html and
 * changes.csv (as it is written): the encoding was a fifth of a report's time, this thread idle.
 */
async function startReport(
  result: ScenarioResult,
  scenarioText: string,
  options: ReportOptions,
): Promise<Map<string, ReportContent | Promise<Buffer>>> {
  const charts = options.charts ? await startCharts(result) : new Map<string, Promise<Buffer>>();
  const files = new Map<string, ReportContent | Promise<Buffer>>(reportDataFiles(result));
  for (const [name, png] of charts) files.set(name, png);
  files.set('index.html', reportHtml(result, scenarioText));
  return files;
}

/**
 * Starts the report's charts/*.png, by file name; resolves once they are drawn. Each chart draws
 * as soon as the renderer is loaded, in the callbacks that run before the next turn of the event
 * loop, and then waits for its encoding.
 */
async function startCharts(result: ScenarioResult): Promise<Map<string, Promise<Buffer>>> {
  await loadChartRenderer();
  const charts = reportCharts(result);
  // A failure is the writer's to report; caught here too, so it is not an unhandled rejection meanwhile.
  for (const png of charts.values()) png.catch(() => {});
  await new Promise((resolve) => setImmediate(resolve));
  return charts;
}

/** The report's charts/*.png, by file name, all started at once: their encodings overlap. */
function reportCharts(result: ScenarioResult): Map<string, Promise<Buffer>> {
  const { summary, runs } = result;
  const names = summary.variants.map((v) => v.name);
  const title = (what: string) => `${summary.scenario.name}: ${what}`;
  const files = new Map<string, Promise<Buffer>>();
  // No chart without data: a scenario where nothing converged, drifted or queued has no such picture.
  if (runs.some(anyConverged)) {
    files.set('charts/convergence-cdf.png', convergenceCdfChart(runs, names, title('time from commit to converged')));
  }
  files.set(
    'charts/correctness-over-time.png',
    correctnessChart(runs, names, summary.baseline, title('correct replicas over time')),
  );
  if (summary.variants.some((v) => v.drift.events > 0)) {
    files.set('charts/drift-open.png', driftOpenChart(summary.variants, title('time drift stays open')));
    files.set('charts/drift-by-kind.png', driftByKindChart(summary.variants, title('drift by kind')));
  }
  files.set('charts/dora.png', doraChart(summary.variants, title('DORA metrics')));
  if (hasLoad(runs)) {
    files.set('charts/controller-load.png', controllerLoadChart(runs, names, title('controller queue and throttling')));
  }
  // Only a scenario with traffic has failed requests to compare.
  if (hasTraffic(summary.variants)) {
    files.set('charts/failed-requests.png', failedRequestsChart(summary.variants, title('failed requests')));
  }
  return files;
}

function anyConverged(run: RunResult): boolean {
  return changeFigures(run).converged > 0;
}
