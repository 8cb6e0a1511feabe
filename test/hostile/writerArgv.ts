/**
 * For the kill -9 test: the two command lines a writer alternates between (so a folder mixing two
 * runs would show). writerLoop.mjs runs them over and over in a child process.
 */
import path from 'node:path';

/**
 * The command line of iteration i: input 1 for even i, input 2 for odd. A run keeps its charts (a
 * report with a subfolder); sweep and merge leave theirs out (--no-charts): 14 charts an iteration
 * would only lengthen the drawing before the write, not the write and swap a kill must not mix.
 */
export function writerArgv(mode: string, dir: string, input: 1 | 2): string[] {
  const at = (...parts: string[]) => path.join(dir, ...parts);
  switch (mode) {
    case 'run':
      return ['run', at('s.yaml'), '--seed', String(input), '--out', at('out'), '--quiet'];
    case 'sweep':
      return ['sweep', at('s.yaml'), '--set', input === 1 ? 'seed=1,2' : 'seed=3,4', '--out', at('out'), '--workers', '1', '--quiet', '--no-charts'];
    default:
      return ['merge', at(`g${input}-1`), at(`g${input}-2`), '--out', at('out'), '--quiet', '--no-charts'];
  }
}
