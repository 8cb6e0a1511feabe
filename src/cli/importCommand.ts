/**
 * `gitops-sim import <paths..> --out scenario.yaml [--git <repo>]`: a scenario
 * from a team's own manifests (and config repository history). The scenario
 * is checked by loading it before anything is written; on bad input nothing
 * is written and the exit code is 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { readGitHistory } from '../import/gitHistory.ts';
import { readManifests } from '../import/manifests.ts';
import { buildDraft, type CommitMode, IMPORTED_BY } from '../import/scenarioDraft.ts';
import { Warnings } from '../import/warnings.ts';
import { REPLAY_CSV_HEADER_WITH_COMMIT } from '../model/commitReplay.ts';
import { terminalText } from '../report/escape.ts';
import { writeOutputFile } from '../report/outputFile.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { MAX_NAME_LENGTH } from '../scenario/limits.ts';
import { EXIT, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { checkOutputFile, checkOwnFile } from './outputPaths.ts';

/** Named when an existing --out was not written by an import. */
const IMPORT_WRITER = 'gitops-sim import';


export interface ImportArgs {
  readonly paths: readonly string[];
  readonly out: string;
  readonly git?: string;
  readonly commits: CommitMode;
  readonly name: string;
  readonly quiet: boolean;
}

/** --name as the scenario's `name` takes it: 1 to MAX_NAME_LENGTH characters. */
function checkName(name: string): void {
  if (name.length >= 1 && name.length <= MAX_NAME_LENGTH) return;
  const found = name === '' ? 'nothing' : `${name.length} characters`;
  throw new UsageError(`--name: expected a scenario name of 1 to ${MAX_NAME_LENGTH} characters, found ${found}`);
}

/** Unusable input throws ImportError, which main.ts reports as bad input (exit 2) before anything is written. */
export async function importCommand(args: ImportArgs, io: Io): Promise<number> {
  // Before reading anything: a scenario that cannot be written should not cost the reading.
  checkName(args.name);
  // Last on the line without its value, yargs gives '': git was asked about the working folder.
  if (args.git === '') throw new UsageError('--git: expected the folder of a Git repository, found nothing');
  await checkOutputFile(args.out, '--out', { start: `# ${IMPORTED_BY}`, writer: IMPORT_WRITER });
  const csvName = `${basename(args.out).replace(/\.ya?ml$/i, '')}.commits.csv`;
  checkOwnFile(join(dirname(args.out), csvName), { start: REPLAY_CSV_HEADER_WITH_COMMIT, writer: IMPORT_WRITER });
  const warnings = new Warnings();
  const objects = readManifests(args.paths, warnings);
  const history = args.git === undefined ? undefined : await readGitHistory(args.git);
  const draft = buildDraft(
    objects,
    { name: args.name, paths: args.paths, history, gitFolder: args.git, commits: args.commits, csvName },
    warnings,
  );
  checkLoads(basename(args.out), draft.text, csvName, draft.csv);
  // Each whole or not at all: an interrupted import leaves the earlier files as they were.
  if (draft.csv !== undefined) await writeOutputFile(join(dirname(args.out), csvName), draft.csv);
  await writeOutputFile(args.out, draft.text);
  if (!args.quiet) {
    for (const w of warnings.unread()) io.stderr.write(`${terminalText(`warning: ${w.where}: ${w.message}`)}\n`);
    for (const [kind, list] of warnings.byKind())
      io.stderr.write(`warning: ${kind}: ${list.length} not mapped (listed in ${args.out})\n`);
    const csv = draft.csv === undefined ? '' : ` and ${join(dirname(args.out), csvName)}`;
    io.stdout.write(`wrote ${args.out}${csv}\n  next: gitops-sim run ${args.out}\n`);
  }
  return EXIT.ok;
}

/** The scenario must load as written (a ScenarioError here is a bug of the import, reported as a failed run). */
function checkLoads(fileName: string, text: string, csvName: string, csv: string | undefined): void {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sim-import-'));
  try {
    writeFileSync(join(dir, fileName), text);
    if (csv !== undefined) writeFileSync(join(dir, csvName), csv);
    loadScenarioFile(join(dir, fileName));
  } catch (error) {
    // Not the user's input: a scenario import wrote that does not load is a bug (exit 1, with the stack).
    throw new Error(
      `import wrote a scenario that does not load: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

