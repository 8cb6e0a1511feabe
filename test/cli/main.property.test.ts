/**
 * Command lines a user could type, odd ones included: each command with some of its options, each
 * with an odd value (nothing, a number out of range, a path under a file, a word where a number
 * goes). The tool answers each with a result or a message (exit 0, 1 or 2), never a crash and its
 * stack. A fuzz like this found one-value options given twice taken for paths; that and the empty
 * --out that replaced the working folder have their own tests (hostile.test.ts, outputPaths.test.ts).
 *
 * Every path is absolute, in a fresh folder, and no path is empty or `.`: the test files share
 * their process's working folder, the repository, which a writer must never be pointed at.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { main } from '../../src/cli/main.ts';
import { FIXTURES } from '../import/helpers.ts';
import { captureIo, SMALL_SCENARIO, tempDir } from './helpers.ts';

const dir = tempDir();
const at = (name: string) => path.join(dir, name);
writeFileSync(at('s.yaml'), SMALL_SCENARIO.replace(/horizon: \S+/, 'horizon: 2h'));
writeFileSync(at('file'), 'not a folder\n');
mkdirSync(at('empty'));
copyFileSync(path.join(FIXTURES, 'flux', 'apps', 'podinfo', 'deployment.yaml'), at('deployment.yaml'));

const PATHS = ['file', 'file/x', 'empty', 'new', 's.yaml'].map(at);
const VALUES = ['', '0', '-1', '2', '1.5', '1e400', 'abc', '5%', '1/2', 'seed=1,2', 'x=', 'replay'];
const PATH_OPTIONS = new Set(['--out', '--baseline', '--git']);
const FLAGS = new Set(['--quiet', '--no-charts', '--json', '--all', '--fail-if-worse', '--results-only', '--resume']);
const COMMANDS: Record<string, { readonly args: readonly string[]; readonly options: readonly string[] }> = {
  run: { args: ['s.yaml'], options: ['--seed', '--replications', '--out', '--workers', '--precision', '--trace', '--json'] },
  validate: { args: ['s.yaml', 'file', 'empty'], options: [] },
  sweep: { args: ['s.yaml'], options: ['--set', '--out', '--workers', '--shard', '--replications', '--resume'] },
  compare: { args: ['empty', 'file', 'file/x'], options: ['--metric', '--fail-if-worse', '--all', '--json'] },
  import: { args: ['deployment.yaml', 'empty', 'file/x'], options: ['--out', '--name', '--commits', '--git', '--quiet'] },
  bench: { args: ['s.yaml'], options: ['--format', '--metrics', '--baseline', '--out'] },
  schema: { args: [], options: [] },
};

const commandLine = fc
  .record({
    command: fc.constantFrom(...Object.keys(COMMANDS)),
    arg: fc.nat(),
    options: fc.array(fc.record({ option: fc.nat(), value: fc.nat(), bare: fc.boolean(), twice: fc.boolean() }), {
      maxLength: 3,
    }),
  })
  .map(({ command, arg, options }) => {
    const { args, options: known } = COMMANDS[command];
    const argv = [command, ...args.slice(arg % Math.max(args.length, 1)).slice(0, 1).map(at)];
    for (const o of options) {
      if (known.length === 0) break;
      const option = known[o.option % known.length];
      // Given twice (the second time with the next value), as a command line edited by hand may have it.
      for (let k = 0; k < (o.twice ? 2 : 1); k++) {
        argv.push(option);
        // A path option always gets one of the paths: given bare, its value would be the working folder.
        if (PATH_OPTIONS.has(option)) argv.push(PATHS[(o.value + k) % PATHS.length]);
        else if (!FLAGS.has(option) && !o.bare) argv.push(VALUES[(o.value + k) % VALUES.length]);
      }
    }
    // Small and quiet: a run or sweep of two hours of a small fleet, a bench of exact results only.
    if (command === 'run' || command === 'sweep') argv.push('--quiet', '--no-charts', '--workers', '1');
    if (command === 'sweep' && !argv.includes('--out')) argv.push('--out', at('sweep-out'));
    if (command === 'sweep' && !argv.includes('--set')) argv.push('--set', 'seed=1,2');
    if (command === 'run' && !argv.includes('--out')) argv.push('--out', at('run-out'));
    if (command === 'bench') argv.push('--results-only');
    return argv;
  });

test('any command line gets a result or a message, never a crash', async () => {
  await fc.assert(
    fc.asyncProperty(commandLine, async (argv) => {
      const io = captureIo();
      const code = await main(argv, io);
      assert.doesNotMatch(io.err(), /run failed|\n\s+at /, `${argv.join(' ')}: ${io.err()}`);
      assert.ok(code === 0 || code === 1 || code === 2, `${argv.join(' ')}: exit ${code}`);
    }),
    { numRuns: 40 },
  );
});
