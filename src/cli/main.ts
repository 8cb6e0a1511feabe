/**
 * The command line: parses arguments with yargs, runs a command, and turns
 * every error into a message and an exit code (0 ok, 1 failed run, 2 bad
 * usage or bad input). The only module, with bin/, that prints.
 */
import { TOOL } from '../version.ts';
import { terminalText } from '../report/escape.ts';
import yargs from 'yargs';
import { OutputError } from '../report/outputError.ts';
import { ScenarioError } from '../scenario/errors.ts';
import { LimitError, MAX_REPLICATIONS } from '../scenario/limits.ts';
import { BENCH_USAGE, type BenchArgs, benchCommand } from './benchCommand.ts';
import { runCommand, schemaCommand, validateCommand } from './commands.ts';
import { COMPARE_USAGE, compareCommand } from './compareCommand.ts';
import { EXIT, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { MERGE_USAGE, type MergeArgs, mergeCommand } from './mergeCommand.ts';
import { SWEEP_USAGE, type SweepArgs, sweepCommand } from './sweepCommand.ts';
import { registerCommand } from './usage.ts';

export const DEFAULT_OUT_DIR = 'reports';

function versionText(): string {
  return `${TOOL.name} ${TOOL.version} (Node ${process.version})`;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes('--version')) {
    io.stdout.write(`${versionText()}\n`);
    return EXIT.ok;
  }
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
          .option('replications', {
            type: 'string',
            describe: `Override the number of replications (1 to ${MAX_REPLICATIONS})`,
          })
          .option('out', {
            type: 'string',
            default: DEFAULT_OUT_DIR,
            describe: 'Folder for reports; each scenario writes <out>/<file name>/',
          })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress line, no summary on stdout' })
          .example('$0 run scenarios/default.yaml', 'Run the default scenario into reports/default/')
          .example('$0 run a.yaml b.yaml --seed 7 --replications 30 --out /tmp/r', 'Two scenarios, another seed'),
      async (a) => {
        exitCode = await runCommand(
          { scenarios: a.scenario, seed: a.seed, replications: a.replications, out: a.out, quiet: a.quiet },
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
  parser
    .demandCommand(1, 'Name a command: run, validate, schema, compare, sweep, merge or bench.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // Listed in --help; answered above, through io, before yargs would print it itself.
    .version('version', 'Show the tool and Node version', versionText())
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
      io.stderr.write(`${terminalText(error.message)}\n`);
      return EXIT.badInput;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`gitops-sim: ${terminalText(error.message)}\nRun "gitops-sim --help" for usage.\n`);
      return EXIT.badInput;
    }
    if (error instanceof OutputError || error instanceof LimitError) {
      io.stderr.write(`gitops-sim: ${terminalText(error.message)}\n`);
      return EXIT.badInput;
    }
    io.stderr.write(`gitops-sim: run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failedRun;
  }
}
