/**
 * `gitops-sim bench`: measures scenarios (or the project's suite in bench/),
 * prints them in the chosen format, and with --baseline gates on the
 * comparison (src/bench/gate.ts): exit 0 pass or better, 1 regression, 2 bad
 * usage or a baseline that does not match what was measured. Speed is gated
 * as ratios to a reference workload timed in the same processes, so a
 * baseline from another machine compares; absolute speed only with
 * --same-machine.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { wholeNumberOption } from './numberOption.ts';
import path from 'node:path';
import { BenchFileError, benchFileJson, readBenchFile } from '../bench/benchFile.ts';
import { packageFile } from '../runtime.ts';
import type { CaseRef } from '../bench/cases.ts';
import type { BenchResult } from '../bench/results.ts';
import { currentMachine } from '../bench/fingerprint.ts';
import {
  BENCH_OUTPUT_START,
  gateNotes,
  githubActionBenchmarkFiles,
  outcomeLine,
  renderBench,
} from '../bench/formats.ts';
import { compareResults, GATE_EXIT, gateOutcome, speedPreflight } from '../bench/gate.ts';
import { measureCases } from '../bench/measure.ts';
import { checkTargets, rateText, referenceRate, targetLines } from '../bench/targets.ts';
import { BENCH_FORMATS, type BenchFormat, DEFAULT_METRICS, DEFAULT_SPEED } from '../bench/settings.ts';
import { METRICS, metricNamed } from '../metrics/definitions.ts';
import { writeOutputFile } from '../report/outputFile.ts';
import { writeReportFiles } from '../report/write.ts';
import { UsageError } from './errors.ts';
import { BENCH_USAGE } from './registry.ts';
import { checkOutputFile, checkParentFolder } from './outputPaths.ts';
import type { Io } from './io.ts';

/** The options as yargs gives them (camelCase); absent ones take BENCH_USAGE's defaults. */
export interface BenchArgs {
  /** Scenario files; none: the project's suite. */
  readonly scenarios: readonly string[];
  readonly baseline?: string;
  readonly updateBaseline?: boolean;
  readonly resultsOnly?: boolean;
  readonly sameMachine?: boolean;
  readonly format?: string;
  readonly out?: string;
  readonly metrics?: readonly string[];
  /** Strings as yargs gives them, or numbers. */
  readonly processes?: number | string;
  readonly sampleTime?: number | string;
}

/** An existing --out or --baseline is replaced only if bench wrote it. */
const BENCH_OUTPUT = { start: BENCH_OUTPUT_START, writer: 'gitops-sim bench' };

/** Fresh processes per benchmark at most: each costs a second of start-up. */
const MAX_PROCESSES = 64;
/** A minute per process and task at most. */
const MAX_SAMPLE_TIME_MS = 60_000;

/** The command line of `bench`, for any parser: positional, options by their CLI names, examples. */

/** The suite lives in bench/ (it uses bench/models): loaded by path, so src/ does not import bench/. */
const SUITE_MODULE = packageFile('bench/suite.ts').href;

export async function benchCommand(args: BenchArgs, io: Io): Promise<number> {
  const options = checkArgs(args);
  // Before measuring: an output that cannot be written should not cost a minute of benchmarks.
  if (args.out !== undefined) {
    if (options.format === 'github-action-benchmark') await checkParentFolder(args.out);
    else await checkOutputFile(args.out, '--out', BENCH_OUTPUT);
  }
  if (options.writeBaseline !== undefined) await checkOutputFile(options.writeBaseline, '--baseline', BENCH_OUTPUT);
  // Read before measuring: a bad baseline path should not cost a minute of benchmarks.
  const baseline = options.compareWith === undefined ? undefined : readBaseline(options.compareWith);
  const refs = args.scenarios.length === 0 ? await suite() : scenarioRefs(args.scenarios);
  const machine = currentMachine();
  if (baseline !== undefined && !options.resultsOnly) {
    const problems = speedPreflight(baseline, refs.map((r) => r.name), machine, { sameMachine: options.sameMachine });
    if (problems.length > 0) throw new UsageError(problems.join('\n'));
  }

  const started = io.nowMs();
  const results = await measureCases(refs, {
    metrics: options.metrics,
    resultsOnly: options.resultsOnly,
    speed: {
      ...DEFAULT_SPEED,
      processes: options.processes,
      sampleTimeMs: options.sampleTime,
      // A short sampling asks for a quick look (tests, a first try): its warm-up is no longer.
      warmupTimeMs: Math.min(DEFAULT_SPEED.warmupTimeMs, options.sampleTime),
    },
    machine,
    onProgress: (message) => io.stderr.write(`bench: ${message}\n`),
  });
  const seconds = ((io.nowMs() - started) / 1000).toFixed(0);

  if (options.writeBaseline !== undefined) {
    await writeFile(options.writeBaseline, benchFileJson(results));
    io.stderr.write(`bench: wrote ${options.writeBaseline}\n`);
  }
  const comparisons =
    baseline === undefined
      ? undefined
      : compareResults(baseline, results, { sameMachine: options.sameMachine });

  if (args.out === undefined) {
    io.stdout.write(renderBench(options.format, results, comparisons));
  } else {
    if (options.format === 'github-action-benchmark') {
      await writeReportFiles(args.out, githubActionBenchmarkFiles(results));
    } else {
      await writeFile(args.out, renderBench(options.format, results, comparisons));
    }
    io.stdout.write(renderBench('table', results, comparisons));
  }

  const outcome = comparisons === undefined ? 'pass' : gateOutcome(comparisons);
  // A table on stdout carries the notes and the outcome; other formats may go to a file or a job summary.
  const tableShown = options.format === 'table' || args.out !== undefined;
  const targets = options.resultsOnly ? [] : targetLines(checkTargets(refs, results));
  if (targets.length > 0) {
    const out = tableShown ? io.stdout : io.stderr;
    const rate = referenceRate(results);
    const speed = rate === null ? '' : `, reference workload ${rateText(rate)}`;
    out.write(`\nTargets (not gated: absolute figures of this machine, load average ${loadAverage()}${speed}):\n`);
    for (const line of targets) out.write(`  ${line}\n`);
  }
  if (comparisons !== undefined && !tableShown) {
    for (const line of [...gateNotes(comparisons), outcomeLine(comparisons)])
      io.stderr.write(`bench: ${line}\n`);
  }
  const count = `${results.length} benchmark${results.length === 1 ? '' : 's'}`;
  const verdict =
    comparisons === undefined ? 'measured, not compared' : `${outcome}, exit ${GATE_EXIT[outcome]}`;
  io.stderr.write(`bench: ${count} in ${seconds} s: ${verdict}\n`);
  return GATE_EXIT[outcome];
}

interface CheckedArgs {
  readonly format: BenchFormat;
  readonly metrics: readonly string[];
  readonly resultsOnly: boolean;
  readonly sameMachine: boolean;
  /** The baseline to compare with; undefined when writing one or comparing none. */
  readonly compareWith: string | undefined;
  /** Where --update-baseline writes. */
  readonly writeBaseline: string | undefined;
  readonly processes: number;
  readonly sampleTime: number;
}

function checkArgs(args: BenchArgs): CheckedArgs {
  const format = args.format ?? BENCH_USAGE.options.format.default;
  if (!(BENCH_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: expected one of ${BENCH_FORMATS.join(', ')}, found ${format}`);
  }
  // "--metrics a,b" and "--metrics a b" both work.
  const metrics = (args.metrics ?? DEFAULT_METRICS).flatMap((m) => m.split(',')).filter((m) => m !== '');
  const unknown = metrics.filter((m) => metricNamed(m) === undefined);
  if (unknown.length > 0 || metrics.length === 0) {
    throw new UsageError(
      `--metrics: unknown metric(s) ${unknown.join(', ') || '(none given)'}; known: ${METRICS.map((m) => m.name).join(', ')}`,
    );
  }
  // At least 2: the spread between processes is measured.
  const processes = wholeNumberOption('--processes', args.processes ?? DEFAULT_SPEED.processes, 2, MAX_PROCESSES);
  const sampleTime = args.sampleTime ?? DEFAULT_SPEED.sampleTimeMs;
  const sampleText = String(sampleTime);
  if (!/^\d+(\.\d+)?$/.test(sampleText) || Number(sampleText) <= 0 || Number(sampleText) > MAX_SAMPLE_TIME_MS) {
    throw new UsageError(
      `--sample-time: expected a number of ms above 0 and at most ${MAX_SAMPLE_TIME_MS}, found ${JSON.stringify(sampleText)}`,
    );
  }
  const resultsOnly = args.resultsOnly ?? false;
  const sameMachine = args.sameMachine ?? false;
  if (resultsOnly && sameMachine) {
    throw new UsageError('--same-machine gates absolute speed, which --results-only does not measure');
  }
  const updateBaseline = args.updateBaseline ?? false;
  // Last on the line without its value, yargs gives '': read as a file of no name ("': cannot read the baseline'").
  if (args.baseline === '') throw new UsageError('--baseline: expected a file name, found nothing');
  if (updateBaseline && args.baseline === undefined) {
    throw new UsageError('--update-baseline needs --baseline <file> to write');
  }
  return {
    format: format as BenchFormat,
    metrics,
    resultsOnly,
    sameMachine,
    compareWith: updateBaseline ? undefined : args.baseline,
    writeBaseline: updateBaseline ? args.baseline : undefined,
    processes,
    sampleTime: Number(sampleText),
  };
}

function readBaseline(file: string): readonly BenchResult[] {
  try {
    return readBenchFile(file).results;
  } catch (error) {
    if (error instanceof BenchFileError) throw new UsageError(error.message);
    throw error;
  }
}

async function suite(): Promise<readonly CaseRef[]> {
  // bench/ is not in the package: an installed copy has scenario files to bench, not the project's suite.
  if (!existsSync(new URL(SUITE_MODULE))) {
    throw new UsageError(
      "the project's own suite (bench/suite.ts) is in its source repository only: name scenario files to bench",
    );
  }
  try {
    return ((await import(SUITE_MODULE)) as { SUITE: readonly CaseRef[] }).SUITE;
  } catch (error) {
    // The suite is TypeScript, which plain node cannot load: `npm run bench` starts node with tsx.
    if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    throw new UsageError("the project's own suite (bench/suite.ts) is TypeScript: run it with `npm run bench`");
  }
}

/** Named as given (with forward slashes), so a baseline made from the repository root matches in CI. */
function scenarioRefs(files: readonly string[]): CaseRef[] {
  const refs = files.map(
    (file): CaseRef => ({
      kind: 'scenario',
      name: path.normalize(file).split(path.sep).join('/'),
      file,
    }),
  );
  const seen = new Set<string>();
  for (const ref of refs) {
    if (seen.has(ref.name)) throw new UsageError(`${ref.name} is named twice`);
    seen.add(ref.name);
  }
  return refs;
}

/** The 1, 5 and 15 minute load averages: how busy the machine was while the targets were timed. */
function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

/** Whole or not at all (temporary name, then rename); a device or pipe is written through. */
async function writeFile(file: string, content: string): Promise<void> {
  await writeOutputFile(file, content);
}

