/**
 * Bench output formats, as pure strings:
 * - table: aligned text for a terminal, with the gate's notes and outcome;
 * - markdown: the same for a CI job summary ($GITHUB_STEP_SUMMARY);
 * - json: the bench file (results, plus the comparison made), usable as a baseline;
 * - bmf: Bencher Metric Format, { benchmark: { measure: { value, lower_value, upper_value } } };
 * - github-action-benchmark: its customSmallerIsBetter and customBiggerIsBetter
 *   arrays of { name, unit, value, range, extra }, one file each.
 * Benchmarks are named "<result>" or "<result>: <subject>" (a variant); only
 * numeric figures go to Bencher and github-action-benchmark, and only figures
 * with a direction to the latter.
 */
import type { MetricUnit } from '../metrics/definitions.ts';
import { formatMetric, formatMs } from '../report/format.ts';
import { BENCH_FILE_FORMAT } from './benchFile.ts';
import { describeDifference } from './fingerprint.ts';
import {
  type BenchmarkComparison,
  GATE_EXIT,
  type GateOutcome,
  gateOutcome,
  isRatio,
  type Verdict,
} from './gate.ts';
import { type BenchResult, type Figure, figureKey } from './results.ts';
import type { BenchFormat } from './settings.ts';
import { TOOL } from '../version.ts';

/**
 * How the output of each format to a file begins (table, markdown, json, bmf with and without
 * results; the baseline is the json format's bench file): an existing `--out` or `--baseline` is
 * replaced only when it begins so, as written by bench in any format, so a scenario or anything else
 * named there by mistake is refused. BMF has no header: its nesting down to the first "value" is it.
 */
export const BENCH_OUTPUT_START = new RegExp(
  [
    `Measured with ${escapeRegExp(TOOL.name)} `,
    'No benchmarks\\.\n',
    `## ${escapeRegExp(TOOL.name)} bench\n`,
    `\\{\n  "format": "${escapeRegExp(BENCH_FILE_FORMAT)}"`,
    '\\{\\}\n',
    '\\{\n  ".*": \\{\n    "[^"\n]+": \\{\n      "value": ',
  ]
    .map((start) => `^${start}`)
    .join('|'),
);

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** The github-action-benchmark tool names, which are also the file names `--out` writes. */
export const GAB_FILES = {
  smaller: 'customSmallerIsBetter.json',
  bigger: 'customBiggerIsBetter.json',
} as const;

/** The output of `format`; comparisons are absent when nothing was compared. */
export function renderBench(
  format: BenchFormat,
  results: readonly BenchResult[],
  comparisons?: readonly BenchmarkComparison[],
): string {
  switch (format) {
    case 'table':
      return textTable(results, comparisons);
    case 'markdown':
      return markdownTable(results, comparisons);
    case 'json':
      return jsonOutput(results, comparisons);
    case 'bmf':
      return `${JSON.stringify(bencherMetricFormat(results), null, 2)}\n`;
    case 'github-action-benchmark':
      return `${JSON.stringify(githubActionBenchmark(results), null, 2)}\n`;
  }
}

// ---- machine-readable formats ----

export interface BmfMeasure {
  readonly value: number;
  readonly lower_value?: number;
  readonly upper_value?: number;
}

export function bencherMetricFormat(
  results: readonly BenchResult[],
): Record<string, Record<string, BmfMeasure>> {
  const out: Record<string, Record<string, BmfMeasure>> = {};
  for (const result of results) {
    for (const figure of result.figures) {
      if (typeof figure.value !== 'number') continue;
      const benchmark = benchmarkName(result, figure);
      out[benchmark] ??= {};
      out[benchmark][figure.measure] =
        figure.kind === 'speed'
          ? { value: figure.value, lower_value: figure.lower, upper_value: figure.upper }
          : { value: figure.value };
    }
  }
  return out;
}

export interface GabEntry {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly range?: string;
  readonly extra?: string;
}

export function githubActionBenchmark(results: readonly BenchResult[]): {
  customSmallerIsBetter: GabEntry[];
  customBiggerIsBetter: GabEntry[];
} {
  const smaller: GabEntry[] = [];
  const bigger: GabEntry[] = [];
  for (const result of results) {
    const { fingerprint: fp } = result;
    for (const figure of result.figures) {
      if (typeof figure.value !== 'number' || figure.better === undefined) continue;
      const name = `${result.name}: ${figureKey(figure)}`;
      const entry: GabEntry =
        figure.kind === 'speed'
          ? {
              name,
              unit: figure.unit,
              value: figure.value,
              range: `±${percent(figure.noise)}`,
              extra:
                `median of ${figure.samples} samples in ${figure.processes} processes, ` +
                `interquartile ${figure.lower.toPrecision(4)}..${figure.upper.toPrecision(4)}; ` +
                `${fp.cpu}, Node ${fp.node}`,
            }
          : {
              name,
              unit: figure.unit,
              value: figure.value,
              extra: `exact for seed ${JSON.stringify(fp.seed)}`,
            };
      (figure.better === 'lower' ? smaller : bigger).push(entry);
    }
  }
  return { customSmallerIsBetter: smaller, customBiggerIsBetter: bigger };
}

/** The two files the action reads, one per tool setting. */
export function githubActionBenchmarkFiles(results: readonly BenchResult[]): Map<string, string> {
  const { customSmallerIsBetter, customBiggerIsBetter } = githubActionBenchmark(results);
  return new Map([
    [GAB_FILES.smaller, `${JSON.stringify(customSmallerIsBetter, null, 2)}\n`],
    [GAB_FILES.bigger, `${JSON.stringify(customBiggerIsBetter, null, 2)}\n`],
  ]);
}

function jsonOutput(results: readonly BenchResult[], comparisons?: readonly BenchmarkComparison[]): string {
  const outcome = comparisons === undefined ? undefined : gateOutcome(comparisons);
  const gate =
    comparisons === undefined || outcome === undefined
      ? undefined
      : { outcome, exitCode: GATE_EXIT[outcome], benchmarks: comparisons };
  return `${JSON.stringify({ format: BENCH_FILE_FORMAT, results, gate }, null, 2)}\n`;
}

function benchmarkName(result: BenchResult, figure: Figure): string {
  return figure.subject === null ? result.name : `${result.name}: ${figure.subject}`;
}

// ---- human-readable formats ----

interface Row {
  readonly benchmark: string;
  readonly measure: string;
  readonly cells: readonly string[];
}

const PLAIN_HEADER = ['value', 'spread', 'samples'];
const COMPARED_HEADER = ['baseline', 'current', 'change', 'verdict'];

function rows(
  results: readonly BenchResult[],
  comparisons: readonly BenchmarkComparison[] | undefined,
  strong: (text: string) => string,
): Row[] {
  const out: Row[] = [];
  for (const result of results) {
    const comparison = comparisons?.find((c) => c.name === result.name);
    for (const figure of result.figures) {
      const row = { benchmark: benchmarkName(result, figure), measure: figure.measure };
      if (comparisons === undefined) {
        const spread = figure.kind === 'speed' ? `±${percent(figure.noise)}` : 'exact';
        const samples = figure.kind === 'speed' ? `${figure.samples} in ${figure.processes} processes` : '';
        out.push({ ...row, cells: [formatValue(figure), spread, samples] });
        continue;
      }
      const compared =
        comparison !== undefined && comparison.state !== 'noBaseline'
          ? comparison.figures.find((f) => f.current === figure)
          : undefined;
      const verdict =
        comparison?.state === 'noBaseline'
          ? 'no baseline'
          : compared === undefined
            ? 'not compared'
            : verdictText(compared.verdict, strong);
      const baseline = compared?.baseline ? formatValue(compared.baseline) : '';
      const change =
        compared !== undefined && 'change' in compared.verdict ? formatChange(compared.verdict.change) : '';
      out.push({ ...row, cells: [baseline, formatValue(figure), change, verdict] });
    }
  }
  return out;
}

function textTable(results: readonly BenchResult[], comparisons?: readonly BenchmarkComparison[]): string {
  const header = ['benchmark', 'measure', ...(comparisons === undefined ? PLAIN_HEADER : COMPARED_HEADER)];
  const body = rows(results, comparisons, (t) => t.toUpperCase()).map((r) => [
    r.benchmark,
    r.measure,
    ...r.cells,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  // Names and verdicts read left to right; numbers line up on the right.
  const numeric = (i: number) => i >= 2 && header[i] !== 'verdict' && header[i] !== 'samples';
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = [
    machineLine(results),
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
  ];
  if (comparisons !== undefined) lines.push('', ...gateNotes(comparisons), outcomeLine(comparisons));
  return `${lines.join('\n')}\n`;
}

function markdownTable(
  results: readonly BenchResult[],
  comparisons?: readonly BenchmarkComparison[],
): string {
  const header = ['benchmark', 'measure', ...(comparisons === undefined ? PLAIN_HEADER : COMPARED_HEADER)];
  const align = header.map((h, i) => (i >= 2 && h !== 'verdict' && h !== 'samples' ? '---:' : '---'));
  // Verdicts carry emphasis of their own: escape only the names and numbers.
  const line = (row: readonly string[]) =>
    `| ${row.map((c, i) => (header[i] === 'verdict' ? c : escapeMarkdown(c))).join(' | ')} |`;
  const body = rows(results, comparisons, (t) => `**${t}**`).map((r) =>
    line([r.benchmark, r.measure, ...r.cells]),
  );
  const lines = [
    '## gitops-sim bench',
    '',
    escapeMarkdown(machineLine(results)),
    '',
    line(header),
    `| ${align.join(' | ')} |`,
    ...body,
  ];
  if (comparisons !== undefined) {
    const notes = gateNotes(comparisons);
    lines.push('', `**${escapeMarkdown(outcomeLine(comparisons))}**`);
    if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${escapeMarkdown(n)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** What the figures were measured with (the current machine: every result shares it). */
function machineLine(results: readonly BenchResult[]): string {
  const fp = results[0]?.fingerprint;
  return fp === undefined ? 'No benchmarks.' : `Measured with ${fp.tool} on Node ${fp.node}, ${fp.cpu}.`;
}

/** Why a comparison is incomplete or limited, one line per benchmark that needs one. */
export function gateNotes(comparisons: readonly BenchmarkComparison[]): string[] {
  const notes: string[] = [];
  for (const c of comparisons) {
    if (c.state === 'noBaseline') {
      notes.push(`${c.name}: not in the baseline; add it with --update-baseline.`);
      continue;
    }
    const differences = c.differences.map(describeDifference).join(', ');
    if (c.state === 'mismatch' && c.figures.length === 0) {
      notes.push(
        `${c.name}: the baseline is of other results (${differences}): nothing compared. ` +
          'If the change is intended, re-run with --update-baseline and commit the baseline.',
      );
    } else if (c.state === 'mismatch') {
      notes.push(
        `${c.name}: --same-machine, but the baseline was measured on another machine (${differences}): ` +
          'absolute speed not compared. Without --same-machine speed is gated as ratios to the reference, ' +
          'which compare across machines; or re-baseline on this machine with --update-baseline.',
      );
    } else if (c.differences.length > 0) {
      const ratios = c.figures.some((f) => isRatio(f.current));
      notes.push(
        `${c.name}: baseline from another machine (${differences}); ` +
          (ratios
            ? 'exact results and speed ratios to the reference compared, absolute speed not.'
            : 'exact results compared.'),
      );
    }
    const missing = c.figures
      .filter((f) => f.verdict.state === 'noBaseline')
      .map((f) => figureKey(f.current));
    if (missing.length > 0) {
      notes.push(
        `${c.name}: the baseline has no ${missing.join(', ')} ` +
          '(made with --results-only or other --metrics?); re-run with --update-baseline.',
      );
    }
  }
  return notes;
}

export function outcomeLine(comparisons: readonly BenchmarkComparison[]): string {
  const outcome: GateOutcome = gateOutcome(comparisons);
  const verdicts = comparisons.flatMap((c) =>
    c.state === 'noBaseline' ? [] : c.figures.map((f) => f.verdict),
  );
  const count = (state: Verdict['state']) => verdicts.filter((v) => v.state === state).length;
  const tally = `${count('regressed')} regressed, ${count('improved')} improved, ${count('changed')} changed, ${count('inconclusive')} inconclusive, ${count('unchanged')} unchanged`;
  switch (outcome) {
    case 'pass':
      return `Pass: nothing got worse (${tally}).`;
    case 'regression': {
      const worse = comparisons.flatMap((c) =>
        c.state === 'noBaseline'
          ? []
          : c.figures
              .filter((f) => f.verdict.state === 'regressed')
              .map((f) =>
                `${c.name}: ${figureKey(f.current)} ${formatChange('change' in f.verdict ? f.verdict.change : null)}`.trimEnd(),
              ),
      );
      return `Regression: ${worse.join('; ')} (${tally}).`;
    }
    case 'mismatch':
      return `Mismatch: the baseline does not match what was measured, see the notes (${tally}).`;
  }
}

function verdictText(verdict: Verdict, strong: (text: string) => string): string {
  switch (verdict.state) {
    case 'regressed':
      return verdict.threshold === null
        ? strong('regressed')
        : `${strong('regressed')} (beyond ±${percent(verdict.threshold)})`;
    case 'inconclusive':
      return `inconclusive (noise ±${percent(verdict.threshold)})`;
    case 'notCompared':
      return `not compared (${verdict.reason})`;
    case 'noBaseline':
      return 'no baseline';
    default:
      return verdict.state;
  }
}

const SPEED_UNITS = new Set(['ms', 'bytes', 'ratio']);
const METRIC_UNITS = new Set<string>(['ms', 'ratio', 'count', 'perDay', 'bytes']);

function formatValue(figure: Figure): string {
  const { value } = figure;
  if (value === null) return 'n/a';
  if (typeof value === 'string') return value.slice(0, 12);
  if (figure.kind === 'speed') {
    const speed = formatSpeed(value, figure.unit);
    return figure.target === undefined ? speed : `${speed} (target ${formatSpeed(figure.target, figure.unit)})`;
  }
  // Exact counts are whole: show every digit, so a change of one event is visible.
  if (figure.unit === 'count') return Math.round(value).toLocaleString('en-US');
  return METRIC_UNITS.has(figure.unit) ? formatMetric(value, figure.unit as MetricUnit) : String(value);
}

function formatSpeed(value: number, unit: string): string {
  if (unit === 'x') return `${value.toFixed(2)}x`;
  if (!SPEED_UNITS.has(unit)) return `${compact(value)} ${unit}`;
  if (unit === 'ms') return formatMs(value);
  if (unit === 'bytes') return `${Math.round(value / 2 ** 20)} MiB`;
  return value.toFixed(3);
}

/** 6 812 345 -> "6.81M". */
export function compact(value: number): string {
  for (const [suffix, size] of [
    ['G', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (Math.abs(value) >= size) return `${(value / size).toPrecision(3)}${suffix}`;
  }
  return value.toPrecision(3);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Signed; small exact changes keep two significant digits rather than rounding to 0.0%. */
function formatChange(change: number | null): string {
  if (change === null) return '';
  if (change === 0) return '0%';
  const abs = Math.abs(change) * 100;
  return `${change > 0 ? '+' : '-'}${abs >= 0.1 ? abs.toFixed(1) : abs.toPrecision(2)}%`;
}

/** Names come from scenario files: keep them from being read as Markdown. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}
