/**
 * `gitops-sim merge <folders..> --out <dir>`: combines the results folders of
 * a sweep's shards into the folder a single run writes, byte for byte.
 */
import { checkOutputFolder, SWEEP_MARKER } from './outputPaths.ts';
import path from 'node:path';
import { mergeSweeps } from '../sweep/merge.ts';
import { EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { type CommandUsage, defineCommand } from './usage.ts';

export const MERGE_USAGE = {
  command: 'merge <folders..>',
  ownHelpOnError: true,
  describe: "Combine the results folders of a sweep's shards into one folder with the report",
  positionals: {
    folders: {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Results folders of sweep --shard runs',
    },
  },
  options: {
    out: { type: 'string', demandOption: true, describe: 'Folder for the merged results and report' },
    quiet: { type: 'boolean', default: false, describe: 'Nothing on stdout' },
  },
  examples: [
    ['$0 merge shard-1 shard-2 shard-3 shard-4 --out reports/sweep', 'Four shards into one report'],
    ['$0 merge artifacts/* --out merged', 'Every downloaded CI artifact'],
  ],
} as const satisfies CommandUsage;

export interface MergeArgs {
  readonly folders: readonly string[];
  readonly out: string;
  readonly quiet?: boolean;
}

/** Merges the folders; bad input (a folder that is no sweep's, missing points) is thrown, for main.ts to report. */
export async function mergeCommand(args: MergeArgs, io: Io): Promise<number> {
  await checkOutputFolder(args.out, SWEEP_MARKER);
  const outcome = await mergeSweeps(args.folders, args.out);
  if (!args.quiet) {
    io.stdout.write(
      `merged ${outcome.points} point(s) from ${outcome.folders} folder(s)\n  report: ${args.out}${path.sep}\n`,
    );
  }
  return EXIT.ok;
}

export const MERGE_COMMAND = defineCommand(MERGE_USAGE, mergeCommand);
