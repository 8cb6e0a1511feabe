/**
 * Every file of a scenario's report, as relative path -> content. Nothing is
 * written here: the caller writes them all, each to a temporary name first.
 */
import type { ScenarioResult } from '../metrics/results.ts';
import { convergenceCdfChart } from './chart.ts';
import { changesCsv, runsCsv } from './csv.ts';
import { summaryJson } from './json.ts';
import { summaryMarkdown } from './markdown.ts';

export async function reportFiles(result: ScenarioResult): Promise<Map<string, string | Buffer>> {
  const { summary, runs } = result;
  const chart = await convergenceCdfChart(
    runs,
    summary.variants.map((v) => v.name),
    `${summary.scenario.name}: time from commit to converged`,
  );
  return new Map<string, string | Buffer>([
    ['summary.json', summaryJson(summary)],
    ['summary.md', summaryMarkdown(summary)],
    ['runs.csv', runsCsv(runs)],
    ['changes.csv', changesCsv(runs)],
    ['charts/convergence-cdf.png', chart],
  ]);
}
