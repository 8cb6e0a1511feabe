/**
 * For the kill -9 test: runs one command over and over into the same
 * folder, alternating two inputs (so a folder mixing two runs would show),
 * and prints "start <i>" as each begins. Killed from outside; never ends.
 * Usage: writerLoop.ts run|sweep|merge <dir>
 */
import path from 'node:path';
import { main } from '../../src/cli/main.ts';

const [mode, dir] = process.argv.slice(2);
const silent = { write: () => true };
const io = { stdout: silent, stderr: silent, nowMs: () => 0 };

/** The command line of iteration i: input 1 for even i, input 2 for odd. */
export function writerArgv(mode: string, dir: string, input: 1 | 2): string[] {
  const at = (...parts: string[]) => path.join(dir, ...parts);
  switch (mode) {
    case 'run':
      return ['run', at('s.yaml'), '--seed', String(input), '--out', at('out'), '--quiet'];
    case 'sweep':
      return ['sweep', at('s.yaml'), '--set', input === 1 ? 'seed=1,2' : 'seed=3,4', '--out', at('out'), '--workers', '1', '--quiet'];
    default:
      return ['merge', at(`g${input}-1`), at(`g${input}-2`), '--out', at('out'), '--quiet'];
  }
}

if (mode !== undefined && dir !== undefined) {
  for (let i = 0; ; i++) {
    process.stdout.write(`start ${i}\n`);
    const code = await main(writerArgv(mode, dir, i % 2 === 0 ? 1 : 2), io);
    if (code !== 0) {
      process.stdout.write(`exit ${code}\n`);
      process.exit(3);
    }
  }
}
