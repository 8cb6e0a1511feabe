/**
 * The command line: parses arguments with yargs, runs a command, and turns
 * every error into a message and an exit code (0 ok, 1 failed run, 2 bad
 * usage or bad input). The only module, with bin/, that prints.
 */
import yargs from 'yargs';
import { OutputError } from '../report/outputError.ts';
import { terminalText } from '../report/escape.ts';
import { ScenarioError } from '../scenario/errors.ts';
import { LimitError } from '../scenario/limits.ts';
import { SweepError } from '../sweep/sweepError.ts';
import { BENCH_COMMAND } from './benchCommand.ts';
import { RUN_COMMAND, SCHEMA_COMMAND, VALIDATE_COMMAND } from './commands.ts';
import { COMPARE_COMMAND } from './compareCommand.ts';
import { ImportError } from '../import/errors.ts';
import { EXIT, UsageError } from './errors.ts';
import { IMPORT_COMMAND } from './importCommand.ts';
import type { Io } from './io.ts';
import { MERGE_COMMAND } from './mergeCommand.ts';
import { SWEEP_COMMAND } from './sweepCommand.ts';
import type { CommandUsage, RegistrableCommand } from './usage.ts';
import { TOOL } from '../version.ts';

export { DEFAULT_OUT_DIR } from './commands.ts';

/** Every command, in the order help lists them. */
const COMMANDS: readonly RegistrableCommand[] = [
  RUN_COMMAND,
  VALIDATE_COMMAND,
  SCHEMA_COMMAND,
  IMPORT_COMMAND,
  COMPARE_COMMAND,
  BENCH_COMMAND,
  SWEEP_COMMAND,
  MERGE_COMMAND,
];

function versionText(): string {
  return `${TOOL.name} ${TOOL.version} (Node ${process.version})`;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes('--version')) {
    io.stdout.write(`${versionText()}\n`);
    return EXIT.ok;
  }
  let exitCode: number = EXIT.ok;
  let running: CommandUsage | undefined;
  const parser = yargs([...argv])
    .scriptName('gitops-sim')
    .usage('$0 <command> [options]\n\nSimulate how commits reach a cluster under push and pull (GitOps) delivery.');
  for (const command of COMMANDS) {
    command.register(
      parser,
      io,
      (usage) => {
        running = usage;
      },
      (code) => {
        exitCode = code;
      },
    );
  }
  parser
    .demandCommand(1, 'Name a command: run, validate, schema, import, compare, sweep, merge or bench.')
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
    if (error instanceof ScenarioError || error instanceof ImportError) {
      io.stderr.write(`${terminalText(error.message)}\n`);
      return EXIT.badInput;
    }
    if (error instanceof UsageError || error instanceof SweepError) {
      const help = running?.ownHelpOnError === true ? `gitops-sim ${running.command.split(' ')[0]}` : 'gitops-sim';
      io.stderr.write(`gitops-sim: ${terminalText(error.message)}\nRun "${help} --help" for usage.\n`);
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
