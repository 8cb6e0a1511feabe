/**
 * A command's usage as a typed definition (the single source of its help
 * text, options and examples), and its registration with yargs. Command
 * modules export one; main.ts registers them all the same way.
 */
import type { Argv } from 'yargs';

/** An option or positional, in the keys yargs' .option() and .positional() take. */
export interface OptionUsage {
  readonly type: 'string' | 'number' | 'boolean';
  readonly describe: string;
  readonly default?: string | number | boolean | readonly string[];
  readonly array?: boolean;
  readonly choices?: readonly string[];
  readonly demandOption?: boolean;
}

/** A command for main.ts to register: `command` is yargs' command string with its positionals. */
export interface CommandUsage {
  readonly command: string;
  readonly describe: string;
  readonly positionals: Readonly<Record<string, OptionUsage>>;
  readonly options: Readonly<Record<string, OptionUsage>>;
  /** [command line, what it does], as yargs' .example() takes them. */
  readonly examples: readonly (readonly [string, string])[];
}

/** Adds a command to the parser; `run` gets the parsed arguments and returns the exit code. */
export function registerCommand(
  parser: Argv,
  usage: CommandUsage,
  run: (args: Record<string, unknown>) => number | Promise<number>,
  setExitCode: (code: number) => void,
): Argv {
  return parser.command(
    usage.command,
    usage.describe,
    (y) => {
      for (const [name, options] of Object.entries(usage.positionals)) {
        y.positional(name, { ...options, choices: options.choices as string[] | undefined });
      }
      for (const [name, options] of Object.entries(usage.options)) {
        y.option(name, {
          ...options,
          choices: options.choices as string[] | undefined,
          default: options.default as unknown,
        });
      }
      for (const [example, description] of usage.examples) y.example(example, description);
      return y;
    },
    async (args) => {
      setExitCode(await run(args as Record<string, unknown>));
    },
  );
}
