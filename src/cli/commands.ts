/**
 * The commands: what each one does with its parsed arguments. They write
 * through `io` and return an exit code; only main.ts touches the process.
 */
import { seedOption, wholeNumberOption } from './numberOption.ts';
import { MAX_REPLICATIONS } from '../scenario/limits.ts';
import { terminalText } from '../report/escape.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { reportFiles } from '../report/reportFiles.ts';
import { beginFolderWrite, type FolderWrite } from '../report/atomicFolder.ts';
import { writeReportFiles } from '../report/write.ts';
import { checkRunFits } from '../scenario/limits.ts';
import { scenarioJsonSchema } from '../scenario/jsonSchema.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runScenario } from '../sweep/runScenario.ts';
import { formatDuration } from '../engine/duration.ts';
import { formatMs } from '../report/format.ts';
import { EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { checkOutputFolder, checkParentFolder, REPORT_MARKER, reportFolders } from './outputPaths.ts';
import { Progress } from './progress.ts';

export interface RunArgs {
  readonly scenarios: readonly string[];
  readonly seed?: unknown;
  /** As yargs gives it: a string to parse (wholeNumberOption), or a number. */
  readonly replications?: unknown;
  readonly out: string;
  readonly quiet: boolean;
}

/**
 * Loads and checks every file, and every output folder, before running any,
 * so bad input changes nothing. Each report is written whole, under a lock
 * taken before the first simulation.
 */
export async function runCommand(args: RunArgs, io: Io): Promise<number> {
  const loaded = args.scenarios.map((file) => ({
    file,
    scenario: withOverrides(loadScenarioFile(file), args),
    // Shown in index.html as written; the file just loaded, so it reads.
    text: readFileSync(file, 'utf8'),
  }));
  const outDirs = reportFolders(args.scenarios, args.out, reportFolderName);
  for (const { scenario, file } of loaded) checkRunFits(scenario, file);
  await checkParentFolder(args.out);
  for (const dir of outDirs) await checkOutputFolder(dir, REPORT_MARKER);
  const writes: FolderWrite[] = [];
  try {
    for (const dir of outDirs) writes.push(await beginFolderWrite(dir));
    for (const [i, { file, scenario, text }] of loaded.entries()) {
      const progress = new Progress(io.stderr, io.nowMs, !args.quiet);
      const result = runScenario(scenario, {
        onProgress: (done, total) => progress.update(scenario.name, done, total),
      });
      progress.finish();
      await writeReportFiles(writes[i].staging, await reportFiles(result, text));
      await writes[i].commit();
      if (!args.quiet) {
        io.stdout.write(`${terminalText(describeResult(file, scenario, outDirs[i], result.summary.variants))}\n`);
      }
    }
  } finally {
    // Reports not committed (a later one failed) leave their folders as they were.
    for (const write of writes) if (!write.done) await write.abandon();
  }
  return EXIT.ok;
}

export function validateCommand(files: readonly string[], io: Io): number {
  for (const file of files) {
    const s = loadScenarioFile(file);
    io.stdout.write(
      terminalText(
        `ok ${file}: "${s.name}", ${s.variants.length} variant(s) x ${s.replications} replication(s), horizon ${formatDuration(s.horizonMs)}\n`,
      ),
    );
  }
  return EXIT.ok;
}

export function schemaCommand(io: Io): number {
  io.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}

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

function describeResult(
  file: string,
  scenario: Scenario,
  outDir: string,
  variants: readonly { name: string; convergenceMs: { p50: number | null; p95: number | null } }[],
): string {
  const lines = [`${file}: "${scenario.name}", seed ${scenario.seed}, ${scenario.replications} replication(s)`];
  for (const v of variants) {
    const p50 = v.convergenceMs.p50 === null ? 'n/a' : formatMs(v.convergenceMs.p50);
    const p95 = v.convergenceMs.p95 === null ? 'n/a' : formatMs(v.convergenceMs.p95);
    lines.push(`  ${v.name}: convergence p50 ${p50}, p95 ${p95}`);
  }
  lines.push(`  report: ${outDir}${path.sep}`);
  return lines.join('\n');
}
