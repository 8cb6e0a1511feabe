/**
 * `gitops-sim merge <folders..> --out <dir>`: combines the results folders of
 * a sweep's shards into the folder a single run writes, byte for byte.
 */
import { SWEEP_OUTPUT } from '../sweep/resultsFolder.ts';
import { checkOutputFolder } from './outputPaths.ts';
import path from 'node:path';
import { mergeSweeps } from '../sweep/merge.ts';
import { answerText } from '../sweep/sweepAnswer.ts';
import { answerLines } from '../sweep/sweepReport.ts';
import { terminalText } from '../report/escape.ts';
import { EXIT } from './errors.ts';
import type { Io } from './io.ts';


export interface MergeArgs {
  readonly folders: readonly string[];
  readonly out: string;
  readonly quiet?: boolean;
  /** Draw charts/*.png unless false (--no-charts). */
  readonly charts?: boolean;
}

/** Merges the folders; bad input (a folder that is no sweep's, missing points) is thrown, for main.ts to report. */
export async function mergeCommand(args: MergeArgs, io: Io): Promise<number> {
  await checkOutputFolder(args.out, SWEEP_OUTPUT);
  const outcome = await mergeSweeps(args.folders, args.out, { charts: args.charts !== false });
  if (!args.quiet) {
    const lines = [
      `merged ${outcome.points} point(s) from ${outcome.folders} folder(s)`,
      `  report: ${args.out}${path.sep}`,
      ...answerLines(answerText(outcome.answers, true)).map((l) => `  ${l}`),
    ];
    io.stdout.write(`${terminalText(lines.join('\n'))}\n`);
  }
  return EXIT.ok;
}

