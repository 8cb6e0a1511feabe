/**
 * `gitops-sim compare <reportA> <reportB>`: what changed between two report
 * folders, and with --fail-if-worse an exit code a CI pipeline can gate on.
 */
import { terminalText } from '../report/escape.ts';
import { type Stats, statSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { inMetricRange, METRICS, metricNamed, metricRangeText } from '../metrics/definitions.ts';
import { parsePrecision as parseShare } from '../metrics/precision.ts';
import { type ComparableSummary, compareSummaries, comparisonText, regressions } from '../report/compare.ts';
import { type ReportSamples, reportSamplesSchema, SAMPLES_FORMAT, samplesProblem, summaryMismatch } from '../report/samples.ts';
import { MAX_RESULT_FILE_BYTES } from '../scenario/limits.ts';
import { nearestKey } from '../scenario/suggest.ts';
import { TOOL } from '../version.ts';
import { readTextFile, TextFileError } from '../scenario/textFile.ts';
import { EXIT, EXIT_WORSE, UsageError } from './errors.ts';
import type { Io } from './io.ts';

export interface CompareArgs {
  readonly reportA: string;
  readonly reportB: string;
  readonly metric?: string;
  readonly failIfWorse: boolean;
  /** Every metric, not only those that got better or worse. */
  readonly all?: boolean;
  /** The comparison as JSON on stdout, nothing else there. */
  readonly json?: boolean;
  /** "1%" or "0.01": a change must pass this share of a's figure to count as worse or better. */
  readonly tolerance?: string;
}


/** The command's arguments for any parser (yargs' shapes): main.ts registers it. */

/**
 * Reads both reports, prints the comparison, and returns EXIT_WORSE on a
 * regression when asked to. Bad input (exit 2): the reports share no variant,
 * the metric asked for has no value in a shared variant of either, or a gate
 * on every metric finds b without a metric a has, since a gate on a figure
 * that is not there would pass by saying nothing.
 */
export function compareCommand(args: CompareArgs, io: Io): number {
  const tolerance = args.tolerance === undefined ? 0 : parseShare(args.tolerance);
  if (tolerance === undefined) {
    throw new UsageError(`--tolerance: expected a share above 0 and below 100%, like 1% or 0.01, found ${args.tolerance}`);
  }
  const metrics = args.metric === undefined ? undefined : [knownMetric(args.metric)];
  const [a, b] = [readSummary(args.reportA), readSummary(args.reportB)];
  const shared = a.variants.filter((v) => b.variants.some((w) => w.name === v.name)).map((v) => v.name);
  if (shared.length === 0) {
    const names = (s: ComparableSummary) => s.variants.map((v) => JSON.stringify(v.name)).join(', ') || 'none';
    throw new UsageError(
      `the reports share no variant to compare: ${args.reportA} has ${names(a)}, ${args.reportB} has ${names(b)}`,
    );
  }
  const unmatched = args.metric === undefined ? unmatchedMetrics(a, b, shared) : undefined;
  if (unmatched !== undefined && args.failIfWorse && unmatched.onlyA.length > 0) {
    // A gate on every metric that cannot see some of them would pass by saying nothing (as --metric refuses).
    throw new UsageError(
      `--fail-if-worse: ${args.reportB} lacks metrics that ${args.reportA} has, so the gate cannot check them: ` +
        `${unmatched.onlyA.join(', ')}; compare reports of one version, or gate on a metric both have with --metric`,
    );
  }
  const comparison = compareSummaries(a, b, {
    metrics,
    labels: { a: args.reportA, b: args.reportB },
    samples: { a: readSamples(args.reportA, a), b: readSamples(args.reportB, b) },
    tolerance,
  });
  if (args.metric !== undefined) {
    const missing = comparison.variants.flatMap((v) =>
      shared.includes(v.name)
        ? v.metrics.flatMap((m) => (m.verdict.state === 'missing' ? [`${v.name} (missing in ${m.verdict.missingIn})`] : []))
        : [],
    );
    if (missing.length > 0) {
      throw new UsageError(`--metric ${args.metric}: no value to compare in ${missing.join(', ')}`);
    }
  }
  io.stdout.write(
    args.json ? `${JSON.stringify(comparison, null, 2)}\n` : terminalText(comparisonText(comparison, { all: args.all })),
  );
  // Skipped without a word, a renamed or deleted metric looked unchanged.
  const note = (only: readonly string[], has: string, lacks: string) =>
    only.length > 0 && io.stderr.write(terminalText(`note: not compared, as ${lacks} lacks them: ${only.join(', ')} (in ${has} only)\n`));
  if (unmatched !== undefined) {
    note(unmatched.onlyA, args.reportA, args.reportB);
    note(unmatched.onlyB, args.reportB, args.reportA);
  }
  return args.failIfWorse && regressions(comparison).length > 0 ? EXIT_WORSE : EXIT.ok;
}

/**
 * Metrics of a shared variant that one report has and the other lacks (renamed or added in another version,
 * or deleted), each with its variants: `convergenceMs (push, pull)`.
 */
function unmatchedMetrics(
  a: ComparableSummary,
  b: ComparableSummary,
  shared: readonly string[],
): { readonly onlyA: string[]; readonly onlyB: string[] } {
  const onlyA = new Map<string, string[]>();
  const onlyB = new Map<string, string[]>();
  const add = (into: Map<string, string[]>, metric: string, variant: string) => into.set(metric, [...(into.get(metric) ?? []), variant]);
  for (const name of shared) {
    const inA = a.variants.find((v) => v.name === name)?.metrics ?? {};
    const inB = b.variants.find((v) => v.name === name)?.metrics ?? {};
    for (const metric of Object.keys(inA)) if (!Object.hasOwn(inB, metric)) add(onlyA, metric, name);
    for (const metric of Object.keys(inB)) if (!Object.hasOwn(inA, metric)) add(onlyB, metric, name);
  }
  const listed = (m: Map<string, string[]>) => [...m].map(([metric, variants]) => `${metric} (${variants.join(', ')})`);
  return { onlyA: listed(onlyA), onlyB: listed(onlyB) };
}

/**
 * `<folder>/samples.json`, or null when the report has none (written before samples existed); unusable
 * is bad input, samples that do not give `summary`'s figures too.
 */
function readSamples(folder: string, summary: ComparableSummary): ReportSamples | null {
  const file = path.join(folder, 'samples.json');
  let text: string;
  try {
    text = readTextFile(file, MAX_RESULT_FILE_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof TextFileError) throw new UsageError(error.message);
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const format = typeof json === 'object' && json !== null ? (json as { format?: unknown }).format : undefined;
  if (format !== SAMPLES_FORMAT) {
    // Named before the shape: another format is another version's file, whatever else it holds.
    const found = format === undefined ? 'no format' : JSON.stringify(format);
    const wrote = `${summary.tool.name} ${summary.tool.version}`;
    const version = wrote === `${TOOL.name} ${TOOL.version}` ? '' : ` (summary.json beside it names ${wrote}; this is ${TOOL.version})`;
    const other =
      typeof format === 'string' && format.startsWith('gitops-sim samples ')
        ? `: written by another version of gitops-sim${version}; compare reports of one version, or run both again`
        : '';
    throw new UsageError(`${file}: not gitops-sim samples (format: expected "${SAMPLES_FORMAT}", found ${found})${other}`);
  }
  const parsed = reportSamplesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    throw new UsageError(`${file}: not gitops-sim samples (${at}${issue.message})`);
  }
  const problem = samplesProblem(parsed.data);
  if (problem !== undefined) throw new UsageError(`${file}: not gitops-sim samples (${problem})`);
  const samples = parsed.data as ReportSamples;
  const mismatch = summaryMismatch(samples, summary);
  if (mismatch !== undefined) throw new UsageError(`${file}: does not match summary.json beside it (${mismatch})`);
  return samples;
}

function knownMetric(name: string): string {
  if (metricNamed(name) !== undefined) return name;
  const names = METRICS.map((m) => m.name);
  const near = nearestKey(name, names);
  const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
  throw new UsageError(`--metric: unknown metric "${name}"${hint}; expected one of ${names.join(', ')}`);
}

const meanWithInterval = z.object({
  mean: z.number().nullable(),
  ci95: z.object({ low: z.number(), high: z.number() }).nullable(),
});

/** The part of summary.json a comparison reads; other keys may be there and are ignored. */
const comparableSummary = z.object({
  tool: z.object({ name: z.string(), version: z.string() }),
  scenario: z.object({
    name: z.string(),
    seed: z.union([z.number(), z.string()]),
    replications: z.number(),
  }),
  inputHash: z.string(),
  variants: z.array(z.object({ name: z.string(), metrics: z.record(z.string(), meanWithInterval) })),
});

/** `<folder>/summary.json`, checked; every way it can be unusable is bad input (exit 2), named plainly. */
function readSummary(folder: string): ComparableSummary {
  let stat: Stats | undefined;
  try {
    stat = statSync(folder, { throwIfNoEntry: false });
  } catch (error) {
    // A part of the path is a file (ENOTDIR), a loop, no permission: as unusable as a missing folder.
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOTDIR'
        ? `report folder not found: ${folder} (a part of its path is a file)`
        : `cannot read ${folder}: ${(error as Error).message}`,
    );
  }
  if (stat === undefined) throw new UsageError(`report folder not found: ${folder}`);
  if (!stat.isDirectory()) throw new UsageError(`not a report folder (a file): ${folder}`);
  const file = path.join(folder, 'summary.json');
  let text: string;
  try {
    text = readTextFile(file, MAX_RESULT_FILE_BYTES);
  } catch (error) {
    if (error instanceof TextFileError) throw new UsageError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `no summary.json in ${folder}: is it a report folder written by "gitops-sim run"?`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = comparableSummary.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    throw new UsageError(`${file}: not a gitops-sim summary (${at}${issue.message})`);
  }
  const problem = figuresProblem(parsed.data);
  if (problem !== undefined) throw new UsageError(`${file}: not a gitops-sim summary (${problem})`);
  return parsed.data;
}

/**
 * Why a summary's figures cannot be what a run wrote, or undefined: a known metric's mean or interval
 * outside what the metric can take, or an interval whose low end lies above its high end.
 */
function figuresProblem(summary: ComparableSummary): string | undefined {
  for (const [i, v] of summary.variants.entries()) {
    for (const [name, figure] of Object.entries(v.metrics)) {
      const metric = metricNamed(name);
      if (metric === undefined) continue;
      const at = `variants.${i}.metrics.${name}`;
      const inRange = (x: number) => inMetricRange(metric, x);
      const values = metricRangeText(metric);
      if (figure.mean !== null && !inRange(figure.mean)) return `${at}.mean: expected a number ${values}, found ${figure.mean}`;
      const ci = figure.ci95;
      if (ci === null) continue;
      if (!inRange(ci.low) || !inRange(ci.high) || ci.low > ci.high) {
        return `${at}.ci95: expected low <= high, both ${values}, found [${ci.low}, ${ci.high}]`;
      }
    }
  }
  return undefined;
}

