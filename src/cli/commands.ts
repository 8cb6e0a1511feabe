/**
 * The commands: what each one does with its parsed arguments. They write
 * through `io` and return an exit code; only main.ts touches the process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { reportFiles } from '../report/reportFiles.ts';
import { writeReportFiles } from '../report/write.ts';
import { scenarioJsonSchema } from '../scenario/jsonSchema.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runScenario } from '../world/runScenario.ts';
import { formatDuration } from '../engine/duration.ts';
import { formatMs } from '../report/format.ts';
import { EXIT, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { Progress } from './statusLine.ts';
import { defineCommand } from './usage.ts';

export const DEFAULT_OUT_DIR = 'reports';

export const RUN_COMMAND = defineCommand(
  {
    command: 'run <scenario..>',
    describe: 'Run scenario files and write a report for each',
    positionals: {
      scenario: { type: 'string', array: true, demandOption: true, describe: 'Scenario YAML file(s)' },
    },
    options: {
      seed: { type: 'string', describe: 'Override the scenario seed (an integer or a word)' },
      replications: { type: 'number', describe: 'Override the number of replications' },
      out: {
        type: 'string',
        default: DEFAULT_OUT_DIR,
        describe: 'Folder for reports; each scenario writes <out>/<file name>/',
      },
      quiet: { type: 'boolean', default: false, describe: 'No progress line, no summary on stdout' },
    },
    examples: [
      ['$0 run scenarios/default.yaml', 'Run the default scenario into reports/default/'],
      ['$0 run a.yaml b.yaml --seed 7 --replications 30 --out /tmp/r', 'Two scenarios, another seed'],
    ],
  },
  (a, io) => runCommand({ ...a, scenarios: a.scenario }, io),
);

export const VALIDATE_COMMAND = defineCommand(
  {
    command: 'validate <scenario..>',
    describe: 'Check scenario files without running them',
    positionals: {
      scenario: { type: 'string', array: true, demandOption: true, describe: 'Scenario YAML file(s)' },
    },
    options: {},
    examples: [['$0 validate scenarios/*.yaml', 'Check every bundled scenario']],
  },
  (a, io) => validateCommand(a.scenario, io),
);

export const SCHEMA_COMMAND = defineCommand(
  {
    command: 'schema',
    describe: 'Print the scenario format as JSON Schema (for editors)',
    positionals: {},
    options: {},
    examples: [['$0 schema > scenario.schema.json', 'Save it for YAML editor completion']],
  },
  (_a, io) => schemaCommand(io),
);

export interface RunArgs {
  readonly scenarios: readonly string[];
  readonly seed?: string;
  readonly replications?: number;
  readonly out: string;
  readonly quiet: boolean;
}

/** Loads and checks every file before running any, so bad input changes nothing. */
export async function runCommand(args: RunArgs, io: Io): Promise<number> {
  const loaded = args.scenarios.map((file) => ({
    file,
    scenario: withOverrides(loadScenarioFile(file), args),
    // Shown in index.html as written; the file just loaded, so it reads.
    text: readFileSync(file, 'utf8'),
  }));
  for (const { file, scenario, text } of loaded) {
    const outDir = path.join(args.out, reportFolderName(file));
    const progress = new Progress(io.stderr, io.nowMs, !args.quiet);
    const result = runScenario(scenario, {
      onProgress: (done, total) => progress.update(scenario.name, done, total),
    });
    progress.finish();
    await writeReportFiles(outDir, await reportFiles(result, text));
    if (!args.quiet) io.stdout.write(`${describeResult(file, scenario, outDir, result.summary.variants)}\n`);
  }
  return EXIT.ok;
}

export function validateCommand(files: readonly string[], io: Io): number {
  for (const file of files) {
    const s = loadScenarioFile(file);
    io.stdout.write(
      `ok ${file}: "${s.name}", ${s.variants.length} variant(s) x ${s.replications} replication(s), horizon ${formatDuration(s.horizonMs)}\n`,
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
  if (args.seed !== undefined) {
    const seed = /^-?\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new UsageError(`--seed: expected an integer or a word, found ${args.seed}`);
    }
    result = { ...result, seed };
  }
  if (args.replications !== undefined) {
    if (!Number.isInteger(args.replications) || args.replications < 1) {
      throw new UsageError(`--replications: expected a whole number >= 1, found ${args.replications}`);
    }
    result = { ...result, replications: args.replications };
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
