/**
 * The command line: parses arguments with yargs, runs a command, and turns
 * every error into a message and an exit code (0 ok, 1 failed run, 2 bad
 * usage or bad input). The only module, with bin/, that prints.
 */
import yargs from 'yargs';
import { environmentError, OutputError } from '../report/outputError.ts';
import { terminalText } from '../report/escape.ts';
import { ScenarioError } from '../scenario/errors.ts';
import { LimitError } from '../scenario/limits.ts';
import { SweepError } from '../sweep/sweepError.ts';
import { ImportError } from '../import/errors.ts';
import { EXIT, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { COMMANDS } from './registry.ts';
import type { CommandUsage } from './usage.ts';
import { versionText } from '../version.ts';

export { DEFAULT_OUT_DIR } from './registry.ts';
export { startFlags } from './startFlags.ts';
export { stopOnSignals } from './stopSignals.ts';

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
  // Types, defaults and choices are said in each description (usage.ts, describedWithExtras). yargs 18
  // has this setting; @types/yargs (17) does not know it yet.
  (parser as unknown as { usageConfiguration(c: { 'hide-types': boolean }): unknown }).usageConfiguration({
    'hide-types': true,
  });
  parser
    // Prints a bash or zsh script: `gitops-sim completion >> ~/.bashrc` (yargs writes it to stdout itself).
    .completion('completion', 'Print a shell completion script (bash, zsh)')
    .demandCommand(1, 'Name a command: run, validate, schema, import, compare, sweep, merge or bench.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // Listed in --help; answered above, through io, before yargs would print it itself.
    .version('version', 'Show the tool and Node version', versionText())
    // yargs renders (and caches) a command's whole help each time it runs one, which wrapping to the
    // terminal makes cost more than the command itself; only --help shows it, so only then wrap.
    .wrap(asksForHelp(argv) ? Math.min(110, process.stdout.columns ?? 110) : null)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(requiredOptionsText(message));
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
    // A full disk or a folder not this user's, wherever it is met (a lock, a report, an import).
    const environment = environmentError(error);
    if (environment instanceof OutputError || error instanceof LimitError) {
      io.stderr.write(`gitops-sim: ${terminalText((environment as Error).message)}\n`);
      return EXIT.badInput;
    }
    io.stderr.write(`gitops-sim: run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failedRun;
  }
}

function asksForHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** yargs' "Missing required argument: set" names the option as it is typed: "missing required option --set". */
function requiredOptionsText(message: string): string {
  const missing = /^Missing required arguments?: (.+)$/.exec(message);
  if (missing === null) return message;
  const options = missing[1].split(', ').map((name) => `--${name}`);
  return `missing required option${options.length === 1 ? '' : 's'} ${options.join(', ')}`;
}
