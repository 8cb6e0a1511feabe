/**
 * `gitops-sim sweep <scenario> --set path=v1,v2 ...`: runs a scenario over a
 * grid of field values and writes one results folder. Exported as a command
 * definition (SWEEP_USAGE, in yargs' own option terms) and a handler that
 * returns the exit code: 2, with the message on stderr, for bad input.
 */
import { SWEEP_OUTPUT } from '../sweep/resultsFolder.ts';
import { checkOutputFolder } from './outputPaths.ts';
import { wholeNumberOption } from './numberOption.ts';
import { terminalText } from '../report/escape.ts';
import path from 'node:path';
import { checkRunFits, MAX_REPLICATIONS } from '../scenario/limits.ts';
import { loadScenarioFile, readScenarioText } from '../scenario/load.ts';
import { parseSet } from '../sweep/grid.ts';
import { planSweep, type SweepPlan } from '../sweep/plan.ts';
import { formatShard, JOB_INDEX_VARIABLE, parseShard, type Shard } from '../sweep/shard.ts';
import { runSweep } from '../sweep/sweep.ts';
import { answerText } from '../sweep/sweepAnswer.ts';
import { answerLines } from '../sweep/sweepReport.ts';
import { SweepThreads } from '../sweep/workerPool.ts';
import { workersFrom } from './workersOption.ts';
import { reportFolderName } from './commands.ts';
import { EXIT, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { Progress } from './statusLine.ts';


export interface SweepArgs {
  readonly scenario: string;
  readonly set: readonly string[];
  readonly out?: string;
  /** Strings as yargs gives them (wholeNumberOption parses them), or numbers. */
  readonly workers?: number | string;
  readonly resume?: boolean;
  readonly shard?: string;
  readonly replications?: number | string;
  readonly quiet?: boolean;
  /** Draw charts/*.png unless false (--no-charts). */
  readonly charts?: boolean;
}

/** Runs the sweep; bad input (a file, a --set, an option, a results folder) is thrown, for main.ts to report. */
export async function sweepCommand(args: SweepArgs, io: Io): Promise<number> {
  const workers = workersFrom('sweep', args.workers);
  const replications =
    args.replications === undefined
      ? undefined
      : wholeNumberOption('--replications', args.replications, 1, MAX_REPLICATIONS);
  const sets: unknown = args.set;
  if (!Array.isArray(sets) || sets.length === 0 || sets.some((s) => typeof s !== 'string' || s === '')) {
    throw new UsageError('--set: name a field and its values, as --set path=v1,v2 (at least one --set)');
  }
  const shard =
    args.shard === undefined ? undefined : parseShard(args.shard, process.env[JOB_INDEX_VARIABLE]);
  // The file first: a bad file gets its own messages, with line and column.
  loadScenarioFile(args.scenario);
  const params = args.set.map(parseSet);
  const out = args.out ?? path.join('reports', `${reportFolderName(args.scenario)}-sweep`);
  await checkOutputFolder(out, SWEEP_OUTPUT);
  // Started once the file, the --set syntax and the folder are known good, before the plan, whose
  // work their start-up overlaps; ended here whatever happens.
  const threads = workers > 1 ? SweepThreads.start(workers - 1) : undefined;
  try {
    const plan = planSweep(readScenarioText(args.scenario), args.scenario, params, { replications });
    for (const point of plan.points) checkRunFits(point.scenario, `${args.scenario} (${point.id})`);
    return await sweepWith(args, io, plan, out, workers, shard, threads);
  } finally {
    await threads?.end();
  }
}

async function sweepWith(
  args: SweepArgs,
  io: Io,
  plan: SweepPlan,
  out: string,
  workers: number,
  shard: Shard | undefined,
  threads: SweepThreads | undefined,
): Promise<number> {

  const progress = new Progress(io.stderr, io.nowMs, !args.quiet);
  const outcome = await runSweep(plan, {
    out,
    workers,
    threads,
    resume: args.resume ?? false,
    shard,
    charts: args.charts !== false,
    onProgress: (done, total) => progress.update(`${plan.scenario.name} sweep`, done, total),
  }).finally(() => progress.finish());

  if (!args.quiet) {
    const first = plan.points[0].scenario;
    const lines = [
      `${args.scenario}: sweep of "${plan.scenario.name}" over ${plan.points.length} point(s) ` +
        `(${plan.params.map((p) => `${p.path}: ${p.values.length}`).join(' x ')}), ` +
        `${first.variants.length} variant(s) x ${first.replications} replication(s) per point`,
      `  ${shard === undefined ? '' : `shard ${formatShard(shard)}: `}ran ${outcome.ran.length} point(s)` +
        (outcome.kept.length > 0 ? `, kept ${outcome.kept.length} from an earlier run` : ''),
      outcome.report
        ? `  report: ${out}${path.sep}`
        : `  results: ${out}${path.sep} (combine the shards with: gitops-sim merge <folders..> --out <dir>)`,
      // Last, so it is what a terminal shows: the answer, without the figures of its comparisons (sweep.md has them).
      ...(outcome.answers === null ? [] : answerLines(answerText(outcome.answers, true)).map((l) => `  ${l}`)),
    ];
    io.stdout.write(`${terminalText(lines.join('\n'))}\n`);
  }
  return EXIT.ok;
}

