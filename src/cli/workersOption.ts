/**
 * --workers, of `run` and `sweep`: the threads that make the runs, this one
 * included. One definition for both commands, their defaults differing: a
 * sweep is many runs and takes every core; a run takes one unless asked, as
 * a second thread (its start-up and V8's warming up again) pays for itself
 * only when the runs take seconds (docs/commands.md).
 */
import { availableParallelism } from 'node:os';
import { maxWorkers } from '../scenario/limits.ts';
import { wholeNumberOption } from './numberOption.ts';

export type WorkersCommand = 'run' | 'sweep';

const DEFAULT_WORKERS: Readonly<Record<WorkersCommand, (cores: number) => number>> = {
  run: () => 1,
  sweep: (cores) => cores,
};

/** Whether `command` takes --workers. */
export function takesWorkers(command: string): command is WorkersCommand {
  return Object.hasOwn(DEFAULT_WORKERS, command);
}

/** The default --workers of `command` on a machine with `cores` cores. */
export function defaultWorkers(command: WorkersCommand, cores: number = availableParallelism()): number {
  return DEFAULT_WORKERS[command](cores);
}

/** --workers as given (yargs' value; undefined: the command's default), checked: a UsageError names what is wrong. */
export function workersFrom(command: WorkersCommand, given: unknown, cores: number = availableParallelism()): number {
  return wholeNumberOption('--workers', given ?? defaultWorkers(command, cores), 1, maxWorkers());
}

/** The option as yargs takes it, its help naming the default and the limit on this machine. */
export function workersOption(command: WorkersCommand) {
  return {
    type: 'string',
    describe: `Worker threads (1: run in this thread; default ${defaultWorkers(command)}, at most ${maxWorkers()} here: twice the cores)`,
  } as const;
}
