/**
 * The commands: what each one does with its parsed arguments. They write
 * through `io` and return an exit code; only main.ts touches the process.
 */
import { seedOption, wholeNumberOption } from './numberOption.ts';
import { terminalText } from '../report/escape.ts';
import path from 'node:path';
import { REPORT_OUTPUT, writeReport } from '../report/reportFiles.ts';
import { beginFolderWrite, type FolderWrite } from '../report/atomicFolder.ts';
import { checkRunFits, MAX_REPLICATIONS } from '../scenario/limits.ts';
import { loadScenarioFile, readScenarioText } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runScenarioOnWorkers } from '../sweep/parallelRun.ts';
import { SweepThreads } from '../sweep/workerPool.ts';
import { collectBeforeReport } from '../world/collectGarbage.ts';
import {
  impreciseFigures,
  nextReplications,
  PRECISION_MAX_REPLICATIONS,
  parsePrecision,
} from '../metrics/precision.ts';
import type { ScenarioSummary } from '../metrics/results.ts';
import { MIN_REPLICATIONS } from '../metrics/warnings.ts';
import { summaryJson } from '../report/json.ts';
import { answerLine, precisionLine, valueText, verdictLine, warningText } from '../report/verdicts.ts';
import { painter, reportToGithub } from './ciOutput.ts';
import { resolveTraceApp, traceScenario } from './traceCommand.ts';
import { EXIT, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { checkOutputFolder, checkParentFolder, reportFolders } from './outputPaths.ts';
import { workersFrom } from './workersOption.ts';
import { Progress } from './statusLine.ts';


export interface RunArgs {
  readonly scenarios: readonly string[];
  readonly seed?: unknown;
  /** As yargs gives it: a string to parse (wholeNumberOption), or a number. */
  readonly replications?: unknown;
  readonly out: string;
  readonly quiet: boolean;
  /** Draw charts/*.png unless false (--no-charts). */
  readonly charts?: boolean;
  /** Print summary.json on stdout (an array of them for several files), and nothing else there. */
  readonly json?: boolean;
  /** Add replications until each headline figure is within this share of itself: "5%". */
  readonly precision?: string;
  /** Trace this app through one replication of each variant, on stdout, instead of writing reports. */
  readonly trace?: string;
  /** Threads that make the runs, this one included; as yargs gives it (workersFrom parses it). */
  readonly workers?: unknown;
}

/**
 * Loads and checks every file, and every output folder, before running any,
 * so bad input changes nothing. Each report is written whole, under a lock
 * taken before the first simulation. Exit 1 when a threshold is missed
 * (after every report is written).
 */
export async function runCommand(args: RunArgs, io: Io): Promise<number> {
  const precision = args.precision === undefined ? undefined : parsePrecision(args.precision);
  if (args.precision !== undefined && precision === undefined) {
    throw new UsageError(`--precision: expected a share above 0 and below 100%, like 5% or 0.05, found ${args.precision}`);
  }
  const workers = workersFrom('run', args.workers);
  const loaded = args.scenarios.map((file) => ({
    file,
    scenario: withOverrides(loadScenarioFile(file), args),
    // Shown in index.html as written; the file just loaded, so it reads.
    text: readScenarioText(file),
  }));
  if (args.trace !== undefined) {
    for (const { scenario } of loaded) io.stdout.write(traceScenario(scenario, resolveTraceApp(scenario, args.trace)));
    return EXIT.ok;
  }
  const outDirs = reportFolders(args.scenarios, args.out, reportFolderName);
  for (const { scenario, file } of loaded) checkRunFits(scenario, file);
  await checkParentFolder(args.out);
  for (const dir of outDirs) await checkOutputFolder(dir, REPORT_OUTPUT);
  // With --json stdout holds only JSON: what people read goes to stderr.
  const human = args.json ? io.stderr : io.stdout;
  const summaries: ScenarioSummary[] = [];
  let missed = false;
  const writes: FolderWrite[] = [];
  // Started once every input is known good, and kept warm across scenarios and --precision rounds.
  const threads = workers > 1 ? SweepThreads.start(workers - 1) : undefined;
  try {
    for (const dir of outDirs) writes.push(await beginFolderWrite(dir, REPORT_OUTPUT));
    for (const [i, { file, scenario, text }] of loaded.entries()) {
      const progress = new Progress(io.stderr, io.nowMs, !args.quiet);
      const onProgress = (done: number, total: number) => {
        progress.update(scenario.name, done, total);
        // The last run's model is garbage now: freed before the summary and the report, not under them.
        if (done === total) collectBeforeReport();
      };
      let result = await runScenarioOnWorkers(scenario, { workers, onProgress, threads });
      let precisionText: string | undefined;
      if (precision !== undefined) {
        let ran = scenario;
        let imprecise = impreciseFigures(result.summary.variants, precision, result.summary.headline);
        // Fewer than MIN_REPLICATIONS agreeing by chance are no evidence of precision (two close runs, or all zero).
        while (
          (imprecise.length > 0 || ran.replications < MIN_REPLICATIONS) &&
          ran.replications < PRECISION_MAX_REPLICATIONS
        ) {
          ran = { ...ran, replications: nextReplications(ran.replications) };
          result = await runScenarioOnWorkers(ran, { workers, onProgress, threads, earlier: result });
          imprecise = impreciseFigures(result.summary.variants, precision, result.summary.headline);
        }
        precisionText = precisionLine(precision, ran.replications, imprecise, PRECISION_MAX_REPLICATIONS);
      }
      progress.finish();
      await writeReport(writes[i].staging, result, text, { charts: args.charts !== false });
      await writes[i].commit();
      const { summary } = result;
      summaries.push(summary);
      missed ||= summary.thresholds.some((v) => v.state === 'fail');
      for (const w of summary.warnings) io.stderr.write(terminalText(`warning: ${warningText(w)}\n`));
      if (!args.quiet) {
        human.write(`${terminalText(describeResult(file, summary, outDirs[i]))}\n`);
        if (precisionText !== undefined) human.write(`  ${precisionText}\n`);
        const paint = painter(human, io);
        for (const v of summary.thresholds) {
          const tone = v.state === 'pass' ? 'good' : v.state === 'fail' ? 'bad' : 'unsure';
          human.write(`  ${paint(terminalText(verdictLine(v)), tone)}\n`);
        }
        // Last, so it is what a terminal shows: the answer.
        for (const a of summary.answers) {
          const line = terminalText(answerLine(a, summary.scenario.replications));
          human.write(`  ${paint(line, a.clear ? 'good' : 'unsure')}\n`);
        }
      } else {
        for (const v of summary.thresholds) if (v.state === 'fail') io.stderr.write(`${terminalText(verdictLine(v))}\n`);
      }
    }
  } finally {
    await threads?.end();
    // Reports not committed (a later one failed) leave their folders as they were.
    for (const write of writes) if (!write.done) await write.abandon();
  }
  for (const [i, summary] of summaries.entries()) reportToGithub(loaded[i].file, summary, io);
  if (args.json) {
    const json = summaries.length === 1 ? summaryJson(summaries[0]) : `${JSON.stringify(summaries, null, 2)}\n`;
    io.stdout.write(json);
  }
  return missed ? EXIT_THRESHOLD_MISSED : EXIT.ok;
}

/** A threshold was missed: 1, a failed check in CI (as k6 exits 99 and compare --fail-if-worse 1). */
export const EXIT_THRESHOLD_MISSED = 1;


/** reports/<file name without extension>/: one folder per scenario file. */
export function reportFolderName(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/i, '');
}

function withOverrides(scenario: Scenario, args: RunArgs): Scenario {
  let result = scenario;
  if (args.seed !== undefined) result = { ...result, seed: seedOption(args.seed) };
  if (args.replications !== undefined) {
    result = { ...result, replications: wholeNumberOption('--replications', args.replications, 1, MAX_REPLICATIONS) };
  }
  return result;
}

/** The question, then per variant the scenario's headline figures under their summary.json names, each with its 95% interval. */
function describeResult(file: string, summary: ScenarioSummary, outDir: string): string {
  const { scenario } = summary;
  const lines = [`${file}: "${scenario.name}", seed ${scenario.seed}, ${scenario.replications} replication(s)`];
  if (summary.question !== null) lines.push(`  question: ${summary.question}`);
  for (const v of summary.variants) {
    const text = summary.headline.map((m) => `${m} ${valueText(v.metrics[m] ?? { mean: null, ci95: null }, m)}`);
    lines.push(`  ${v.name}: ${text.join(', ')}`);
  }
  lines.push(`  report: ${outDir}${path.sep}`);
  return lines.join('\n');
}
