/**
 * What the CLI adds for where it runs: colour on a terminal (never with
 * NO_COLOR, https://no-color.org), and under GitHub Actions the verdict in
 * the job summary and each missed threshold as an error annotation
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
 */
import { appendFileSync } from 'node:fs';
import type { ScenarioSummary } from '../metrics/results.ts';
import { answerLine, verdictLine } from '../report/verdicts.ts';
import type { Io, OutputStream } from './io.ts';

const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

export type Tone = 'good' | 'bad' | 'unsure';

/** Paints text for a terminal that wants colour; leaves it as it is otherwise. */
export function painter(stream: OutputStream, io: Io): (text: string, tone: Tone) => string {
  const env = io.env ?? {};
  // NO_COLOR: any non-empty value turns colour off.
  const colour = stream.isTTY === true && (env.NO_COLOR ?? '') === '';
  if (!colour) return (text) => text;
  return (text, tone) => `${tone === 'good' ? GREEN : tone === 'bad' ? RED : YELLOW}${text}${RESET}`;
}

/** A workflow command's message: %, CR and LF escaped as the runner reads them. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** `::error` lines for the missed thresholds of a scenario file. */
export function errorAnnotations(file: string, summary: ScenarioSummary): string[] {
  return summary.thresholds
    .filter((v) => v.state === 'fail')
    .map((v) => `::error file=${file},title=threshold missed::${escapeData(verdictLine(v))}`);
}

/** The verdict of a scenario in Markdown, for the job summary. */
export function stepSummaryMarkdown(file: string, summary: ScenarioSummary): string {
  const { scenario } = summary;
  const lines = [`### ${scenario.name} (\`${file}\`)`, ''];
  if (summary.question !== null) lines.push(`**${summary.question}**`, '');
  for (const a of summary.answers) lines.push(`- ${answerLine(a, scenario.replications)}`);
  for (const v of summary.thresholds) lines.push(`- ${verdictLine(v)}`);
  return `${lines.join('\n')}\n\n`;
}

/** Under GitHub Actions: annotations on stdout, the verdict appended to the job summary file. */
export function reportToGithub(file: string, summary: ScenarioSummary, io: Io): void {
  const env = io.env ?? {};
  if (env.GITHUB_ACTIONS !== 'true') return;
  for (const line of errorAnnotations(file, summary)) io.stdout.write(`${line}\n`);
  const path = env.GITHUB_STEP_SUMMARY;
  if (path !== undefined && path !== '') appendFileSync(path, stepSummaryMarkdown(file, summary));
}
