/**
 * Runs a sweep into a results folder: the manifest first, then every point of
 * this shard (all of them without one), each point's file written the moment
 * it completes, then, for a whole sweep, the report. With `resume`, points
 * whose file is already there (same input hash) are kept, not run.
 */
import { beginFolderWrite } from '../report/atomicFolder.ts';
import { writeReportFiles } from '../report/write.ts';
import type { PlannedPoint, SweepPlan } from './plan.ts';
import {
  MANIFEST_FILE,
  manifestJson,
  type PointFile,
  pointPath,
  readManifest,
  readPointFile,
  SWEEP_OUTPUT,
  sweepDefinition,
} from './resultsFolder.ts';
import type { PointTask } from './runPoint.ts';
import { inShard, type Shard } from './shard.ts';
import { SweepError } from './sweepError.ts';
import { type SweepAnswers, sweepAnswers } from './sweepAnswer.ts';
import { sweepReportFiles } from './sweepReport.ts';
import type { ReportOptions } from '../report/reportFiles.ts';
import { runPoints, type SweepThreads } from './workerPool.ts';

export interface SweepOptions {
  readonly out: string;
  readonly workers: number;
  /** Worker threads started ahead (workerPool.ts); the sweep ends them, used or not. */
  readonly threads?: SweepThreads;
  readonly resume: boolean;
  readonly shard?: Shard;
  /** Runs (variant x replication) done and to do in this invocation; kept points are not counted. */
  readonly onProgress?: (done: number, total: number) => void;
  /** After each point's file is written, with the point's id (for progress and tests). */
  readonly onPoint?: (id: string) => void;
  /** The report's charts/*.png (`--no-charts`: none); drawn unless false. */
  readonly charts?: boolean;
}

export interface SweepOutcome {
  /** Ids of the points of this invocation, in grid order. */
  readonly ran: readonly string[];
  /** Ids of the points kept from an earlier run (--resume), in grid order. */
  readonly kept: readonly string[];
  /** Whether the report was written: for a whole sweep, not for one shard of several. */
  readonly report: boolean;
  /** The report's answer (as the folder's files give it); null without a report. */
  readonly answers: SweepAnswers | null;
}

/**
 * The folder is written whole: everything goes to a fresh sibling folder
 * that replaces `out` at the end, so points and charts of an earlier sweep
 * never mix with this one. A sweep that fails after some points keeps its
 * unfinished folder, and so does one stopped by a signal or killed: --resume
 * takes the points from there as well as from `out`.
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  let written = 0;
  // Stopped by a signal, as on a failure: finished points stay for --resume.
  const write = await beginFolderWrite(options.out, SWEEP_OUTPUT, { keepWhenStopped: () => written > 0 });
  try {
    const outcome = await sweepInto(write.staging, [options.out, ...write.leftovers], plan, {
      ...options,
      onPoint: (id) => {
        written++;
        options.onPoint?.(id);
      },
    });
    await write.commit();
    return outcome;
  } catch (error) {
    await write.abandon({ keep: written > 0 });
    throw error;
  }
}

async function sweepInto(
  out: string,
  sources: readonly string[],
  plan: SweepPlan,
  options: SweepOptions,
): Promise<SweepOutcome> {
  const { shard } = options;
  const mine = plan.points.filter((p) => inShard(p.index, shard));
  const kept = options.resume ? await keptPoints(options.out, sources, mine) : new Map<number, string>();
  const todo = mine.filter((p) => !kept.has(p.index));

  const sweep = sweepDefinition(plan);
  const first = new Map([[MANIFEST_FILE, manifestJson({ sweep, shard: shard ?? null })]]);
  for (const [index, text] of kept) first.set(pointPath(plan.points[index].name), text);
  await writeReportFiles(out, first);

  const total = todo.reduce((n, p) => n + p.scenario.variants.length * p.scenario.replications, 0);
  let done = 0;
  await runPoints(
    todo.map((p) => task(plan, p)),
    {
      workers: options.workers,
      threads: options.threads,
      onRun: () => options.onProgress?.(++done, total),
      onPoint: async (point, json) => {
        await writeReportFiles(out, new Map([[pointPath(plan.points[point.index].name), json]]));
        options.onPoint?.(point.id);
      },
    },
  );

  const whole = shard === undefined || shard.count === 1;
  const answers = whole ? await writeSweepReport(out, { charts: options.charts !== false }) : null;
  return {
    ran: todo.map((p) => p.id),
    kept: mine.filter((p) => kept.has(p.index)).map((p) => p.id),
    report: whole,
    answers,
  };
}

/**
 * Writes the report of a whole sweep from the folder's manifest and point
 * files, and gives its answer; a SweepError names the points that are missing.
 */
export async function writeSweepReport(out: string, options: ReportOptions): Promise<SweepAnswers> {
  const { sweep } = await readManifest(out);
  const points: PointFile[] = [];
  const missing: string[] = [];
  for (const point of sweep.points) {
    const found = await readPointFile(out, point.name);
    if (found === undefined || 'problem' in found || found.file.summary.inputHash !== point.inputHash) {
      missing.push(point.id);
    }
    else points.push(found.file);
  }
  if (missing.length > 0) throw new SweepError(`${out}: ${missingPoints(missing, sweep.points.length)}`);
  const answers = sweepAnswers(sweep, points);
  await writeReportFiles(out, await sweepReportFiles(sweep, points, options, answers));
  return answers;
}

/** "2 of 9 points are missing: a=1, a=2". */
export function missingPoints(ids: readonly string[], total: number, shown = 10): string {
  const list =
    ids.slice(0, shown).join('; ') + (ids.length > shown ? `; ... and ${ids.length - shown} more` : '');
  return `${ids.length} of ${total} point${total === 1 ? '' : 's'} ${ids.length === 1 ? 'is' : 'are'} missing: ${list}`;
}

/**
 * The points of `mine` whose file is already in `out` (or an unfinished
 * folder of a stopped sweep into it) and was made from the same scenario,
 * by index, as the file's text.
 */
async function keptPoints(
  out: string,
  sources: readonly string[],
  mine: readonly PlannedPoint[],
): Promise<Map<number, string>> {
  const kept = new Map<number, string>();
  const changed: string[] = [];
  for (const point of mine) {
    for (const [i, source] of sources.entries()) {
      const found = await readPointFile(source, point.name);
      // A damaged or edited file is run again.
      if (found === undefined || 'problem' in found || found.file.point.id !== point.id) continue;
      if (found.file.summary.inputHash === point.inputHash) {
        kept.set(point.index, found.text);
        break;
      }
      // An unfinished folder may be of another sweep; only `out` itself is checked.
      if (i === 0) changed.push(pointPath(point.name));
    }
  }
  if (changed.length > 0) {
    throw new SweepError(
      `--resume: ${out} holds results of another scenario or settings for ${changed.length} point(s) ` +
        `(${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', ...' : ''}): their input hash differs. ` +
        'Give another --out, or remove the folder to start again.',
    );
  }
  return kept;
}

function task(plan: SweepPlan, point: PlannedPoint): PointTask {
  const params = Object.fromEntries(plan.params.map((p, j) => [p.path, point.values[j]]));
  return { index: point.index, id: point.id, params, scenario: point.scenario };
}
