/**
 * The command line: parses arguments with yargs, runs a command, and turns
 * every error into a message and an exit code (0 ok, 1 failed run, 2 bad
 * usage or bad input). The only module, with bin/, that prints.
 */
import yargs from 'yargs';
import { ScenarioError } from '../scenario/errors.ts';
import { BENCH_USAGE, type BenchArgs, benchCommand } from './benchCommand.ts';
import { runCommand, schemaCommand, validateCommand } from './commands.ts';
import { COMPARE_USAGE, compareCommand } from './compareCommand.ts';
import { EXIT, UsageError } from './errors.ts';
import { IMPORT_USAGE, type ImportArgs, importCommand } from './importCommand.ts';
import type { Io } from './io.ts';
import { MERGE_USAGE, type MergeArgs, mergeCommand } from './mergeCommand.ts';
import { SWEEP_USAGE, type SweepArgs, sweepCommand } from './sweepCommand.ts';
import { registerCommand } from './usage.ts';

export const DEFAULT_OUT_DIR = 'reports';

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const parser = yargs([...argv])
    .scriptName('gitops-sim')
    .usage('$0 <command> [options]\n\nSimulate how commits reach a cluster under push and pull (GitOps) delivery.')
    .command(
      'run <scenario..>',
      'Run scenario files and write a report for each',
      (y) =>
        y
          .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'Scenario YAML file(s)' })
          .option('seed', { type: 'string', describe: 'Override the scenario seed (an integer or a word)' })
          .option('replications', { type: 'number', describe: 'Override the number of replications' })
          .option('out', {
            type: 'string',
            default: DEFAULT_OUT_DIR,
            describe: 'Folder for reports; each scenario writes <out>/<file name>/',
          })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress line, no summary on stdout' })
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'Print summary.json on stdout (an array for several files); everything else goes to stderr',
          })
          .option('precision', {
            type: 'string',
            describe:
              "Add replications (doubling, up to 200) until each of the scenario's headline figures (default correctness, convergenceP95Ms) " +
              'has a 95% interval within this share of itself, e.g. 5%',
          })
          .example('$0 run scenarios/default.yaml', 'Run the default scenario into reports/default/')
          .example('$0 run a.yaml b.yaml --seed 7 --replications 30 --out /tmp/r', 'Two scenarios, another seed')
          .example('$0 run scenarios/default.yaml --precision 5%', 'Add replications until the headline figures are within ±5%')
          .example('$0 run scenarios/default.yaml --json > summary.json', 'The summary on stdout, for jq or a CI step'),
      async (a) => {
        exitCode = await runCommand(
          {
            scenarios: a.scenario,
            seed: a.seed,
            replications: a.replications,
            out: a.out,
            quiet: a.quiet,
            json: a.json,
            precision: a.precision,
          },
          io,
        );
      },
    )
    .command(
      'validate <scenario..>',
      'Check scenario files without running them',
      (y) =>
        y
          .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'Scenario YAML file(s)' })
          .example('$0 validate scenarios/*.yaml', 'Check every bundled scenario'),
      (a) => {
        exitCode = validateCommand(a.scenario, io);
      },
    )
    .command(
      'schema',
      'Print the scenario format as JSON Schema (for editors)',
      (y) => y.example('$0 schema > scenario.schema.json', 'Save it for YAML editor completion'),
      () => {
        exitCode = schemaCommand(io);
      },
    );
  registerCommand(
    parser,
    COMPARE_USAGE,
    (a) =>
      compareCommand(
        {
          reportA: a.reportA as string,
          reportB: a.reportB as string,
          metric: a.metric as string | undefined,
          failIfWorse: a.failIfWorse as boolean,
          all: a.all as boolean,
          json: a.json as boolean,
        },
        io,
      ),
    setExitCode,
  );
  registerCommand(
    parser,
    BENCH_USAGE,
    (a) => benchCommand({ ...(a as unknown as BenchArgs), scenarios: (a.scenario as string[] | undefined) ?? [] }, io),
    setExitCode,
  );
  registerCommand(parser, SWEEP_USAGE, (a) => sweepCommand(a as unknown as SweepArgs, io), setExitCode);
  registerCommand(parser, MERGE_USAGE, (a) => mergeCommand(a as unknown as MergeArgs, io), setExitCode);
  registerCommand(parser, IMPORT_USAGE, (a) => importCommand(a as unknown as ImportArgs, io), setExitCode);
  parser
    .demandCommand(1, 'Name a command: run, validate, schema, import, compare, sweep, merge or bench.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });

  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    if (error instanceof ScenarioError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.badInput;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`gitops-sim: ${error.message}\nRun "gitops-sim --help" for usage.\n`);
      return EXIT.badInput;
    }
    io.stderr.write(`gitops-sim: run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failedRun;
  }
}
