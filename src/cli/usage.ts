/**
 * A command is its usage (the single source of its help text, options and
 * examples) and a `run` that takes the arguments that usage parses, typed
 * from the usage itself. main.ts registers every command the same way and is
 * the only place that turns errors into exit codes.
 */
import type { Argv } from 'yargs';
import type { Io } from './io.ts';
import { UsageError } from './errors.ts';

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
  /** Bad input is followed by `Run "gitops-sim <command> --help"` rather than the general help. */
  readonly ownHelpOnError?: boolean;
}

/** `fail-if-worse` -> `failIfWorse`: the key yargs gives the value under. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

type Scalar<O extends OptionUsage> = O['type'] extends 'number'
  ? number
  : O['type'] extends 'boolean'
    ? boolean
    : O extends { readonly choices: readonly (infer C)[] }
      ? C
      : string;

type Value<O extends OptionUsage> = O extends { readonly array: true } ? readonly Scalar<O>[] : Scalar<O>;

/** Always present after parsing: demanded, or with a default. */
type Given<O> = O extends { readonly demandOption: true } ? true : O extends { readonly default: unknown } ? true : false;

type Fields<R extends Readonly<Record<string, OptionUsage>>> = {
  readonly [K in keyof R as Given<R[K]> extends true ? CamelCase<K & string> : never]: Value<R[K]>;
} & {
  readonly [K in keyof R as Given<R[K]> extends true ? never : CamelCase<K & string>]?: Value<R[K]>;
};

/** The arguments a usage parses to: its positionals and options, camelCased, optional unless demanded or defaulted. */
export type ArgsOf<U extends CommandUsage> = Fields<U['positionals']> & Fields<U['options']>;

/** What main.ts needs of any command: its usage, and a way onto the parser. */
export interface RegistrableCommand {
  readonly usage: CommandUsage;
  /**
   * Adds the command to the parser. `onStart` is told which command runs (for
   * main.ts's error messages); `setExitCode` gets what its run returns.
   */
  register(parser: Argv, io: Io, onStart: (usage: CommandUsage) => void, setExitCode: (code: number) => void): Argv;
}

export interface Command<U extends CommandUsage> extends RegistrableCommand {
  readonly usage: U;
  /** Runs the command; returns its exit code. Errors go to main.ts, which maps them to exit codes. */
  run(args: ArgsOf<U>, io: Io): number | Promise<number>;
}

/** A command whose `run` is typed from its usage. */
export function defineCommand<const U extends CommandUsage>(
  usage: U,
  run: (args: ArgsOf<U>, io: Io) => number | Promise<number>,
): Command<U> {
  return {
    usage,
    run,
    register: (parser, io, onStart, setExitCode) =>
      parser.command(
        usage.command,
        usage.describe,
        (y) => {
          for (const [name, options] of Object.entries(usage.positionals)) {
            y.positional(name, {
              ...options,
              describe: describedWithExtras(options, true),
              choices: options.choices as string[] | undefined,
            });
          }
          for (const [name, options] of Object.entries(usage.options)) {
            // yargs gives an option left without its value (`--out` last on the line) its default, or
            // undefined for a `default` key without one, hiding "found nothing" from the option's own
            // check: only a flag or a list tells yargs its default; `withDefaults` sets the others'.
            const { default: given, choices, ...rest } = options;
            y.option(name, {
              ...rest,
              describe: describedWithExtras(options),
              choices: choices as string[] | undefined,
              ...(given === undefined || !yargsKeepsDefault(options) ? {} : { default: given as unknown }),
            });
          }
          if (usage.examples.length > 0) y.epilogue(examplesText(usage.examples));
          return y;
        },
        async (args) => {
          onStart(usage);
          refuseRepeated(usage, args);
          // yargs checked the arguments against this very usage: their types are the usage's.
          setExitCode(await run(withDefaults(usage, args) as ArgsOf<U>, io));
        },
      ),
  };
}

/** Whether yargs is told an option's default: a flag's or a list's, which have no value to leave out. */
function yargsKeepsDefault(option: OptionUsage): boolean {
  return option.type === 'boolean' || option.array === true;
}

/** The arguments with the default of each option that was not given and whose default yargs was not told. */
function withDefaults(usage: CommandUsage, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const full: Record<string, unknown> = { ...args };
  for (const [name, option] of Object.entries(usage.options)) {
    if (full[name] === undefined && option.default !== undefined && !yargsKeepsDefault(option)) {
      // yargs gives each option under its name and its camel-case alias (--sample-time, sampleTime).
      full[name] = option.default;
      full[name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = option.default;
    }
  }
  return full;
}

/**
 * An option of one value given more than once: yargs makes a list of the values, which a command
 * reading one value took for a path or a name (a crash, or a message about "a,b"). Refused, naming
 * the option; flags and list options may repeat.
 */
function refuseRepeated(usage: CommandUsage, args: Readonly<Record<string, unknown>>): void {
  for (const [name, option] of Object.entries(usage.options)) {
    const value = args[name];
    if (option.type !== 'boolean' && option.array !== true && Array.isArray(value)) {
      throw new UsageError(`--${name}: given ${value.length} times; give it once`);
    }
  }
}

/**
 * An option's description with what yargs would add in its own right-hand column ([string],
 * [required], [default: ...]): main.ts hides that column, as cliui glues it to the description when
 * the two exactly fill the line, and it says `[required] [default: []]` of a list positional that
 * its angle brackets already demand. Here: the choices, a default worth saying (not false, not an
 * empty list) and "required" for an option (a positional's brackets say it).
 */
export function describedWithExtras(option: OptionUsage, positional = false): string {
  const extras: string[] = [];
  if (option.choices !== undefined) extras.push(`one of: ${option.choices.join(', ')}`);
  const given = option.default;
  if (given === true) extras.push('on by default');
  else if (Array.isArray(given)) {
    if (given.length > 0) extras.push(`default: ${given.join(', ')}`);
  } else if (given !== undefined && given !== false) extras.push(`default: ${String(given)}`);
  if (option.demandOption === true && !positional) extras.push('required');
  return extras.length === 0 ? option.describe : `${option.describe} (${extras.join('; ')})`;
}

/**
 * Examples as help's last section, each command line whole on its own line and what it does
 * indented below it: yargs' two-column examples wrap long command lines back to column 0.
 */
export function examplesText(examples: readonly (readonly [string, string])[]): string {
  const lines = examples.map(([example, description]) => `  ${example.replaceAll('$0', 'gitops-sim')}\n      ${description}`);
  return `Examples:\n${lines.join('\n')}`;
}
