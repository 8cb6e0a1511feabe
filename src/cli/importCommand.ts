/**
 * `gitops-sim import <paths..> --out scenario.yaml [--git <repo>]`: a scenario
 * from a team's own manifests (and config repository history). The scenario
 * is checked by loading it before anything is written; on bad input nothing
 * is written and the exit code is 2.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { readGitHistory } from '../import/gitHistory.ts';
import { readManifests } from '../import/manifests.ts';
import { buildDraft, type CommitMode, IMPORTED_BY } from '../import/scenarioDraft.ts';
import { Warnings } from '../import/warnings.ts';
import { REPLAY_CSV_HEADER_WITH_COMMIT } from '../model/commitReplay.ts';
import { OutputError } from '../report/outputError.ts';
import { writeOutputFile } from '../report/outputFile.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { MAX_NAME_LENGTH } from '../scenario/limits.ts';
import { EXIT, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { checkOutputFile } from './outputPaths.ts';


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
  await checkOutputFile(args.out);
  const csvName = `${basename(args.out).replace(/\.ya?ml$/i, '')}.commits.csv`;
  checkOwnFile(args.out, `# ${IMPORTED_BY}`);
  checkOwnFile(join(dirname(args.out), csvName), REPLAY_CSV_HEADER_WITH_COMMIT);
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
    for (const [kind, list] of warnings.byKind())
      io.stderr.write(`warning: ${kind}: ${list.length} not mapped (listed in ${args.out})\n`);
    const csv = draft.csv === undefined ? '' : ` and ${join(dirname(args.out), csvName)}`;
    io.stdout.write(`wrote ${args.out}${csv}\n  next: gitops-sim run ${args.out}\n`);
  }
  return EXIT.ok;
}

/**
 * A file import would replace must be one an import wrote (it begins with `start`), or absent: a
 * hand-written scenario given as --out by mistake is refused, not overwritten.
 */
function checkOwnFile(file: string, start: string): void {
  let text: string;
  try {
    if (!statSync(file).isFile()) return;
    // Its first bytes only: --out may name a file of any size.
    const head = Buffer.alloc(Buffer.byteLength(start));
    const fd = openSync(file, 'r');
    try {
      text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (text !== start) {
    throw new OutputError(`${file} exists and was not written by gitops-sim import; give another --out or remove it`);
  }
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

