/**
 * The V8 flags a command line wants its process started with, read from the
 * arguments before yargs runs (bin/gitops-sim.js starts the process again
 * with them): a sweep or a run with a worker on every core runs V8
 * single-threaded (sweep/v8Flags.ts). Only the documented order (the command
 * first) is read; a --workers that the command will refuse asks for no flag
 * and runs as it would have. Flags change how fast a command runs, never
 * what it writes.
 */
import { availableParallelism } from 'node:os';
import { sweepV8Flags } from '../sweep/v8Flags.ts';
import { takesWorkers, workersFrom } from './workersOption.ts';

export function startFlags(argv: readonly string[], cores: number = availableParallelism()): string[] {
  const command = argv[0] ?? '';
  if (!takesWorkers(command)) return [];
  const given: string[] = [];
  for (let i = 1; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--workers') given.push(argv[++i] ?? '');
    else if (argv[i].startsWith('--workers=')) given.push(argv[i].slice('--workers='.length));
  }
  if (given.length > 1) return [];
  try {
    return sweepV8Flags(workersFrom(command, given[0], cores), cores);
  } catch {
    return [];
  }
}
