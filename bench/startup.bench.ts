/**
 * Start-up: how long the installed CLI takes to answer `--help` and to
 * `validate` the default scenario, as a user waits for it (wall time of a
 * fresh process, bin/gitops-sim.js running the compiled dist/). Target: under
 * 0.3 s each on an idle machine. A plain `node -e 0` is timed in the same
 * rounds, interleaved, so a loaded machine shows in it too: the ratio to it
 * travels between machines better than the seconds do. Rounds alternate the
 * three commands; the median of each is reported. Exit 1 only when a command
 * misses the target while `node -e 0` itself is quick (under 0.1 s: an idle
 * machine), so a busy machine reports rather than fails.
 *
 *   npm run build && npx tsx bench/startup.bench.ts [rounds]     (default: 15)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TARGET_S = 0.3;
/** `node -e 0` slower than this: the machine is busy, and seconds say little. */
const IDLE_NODE_S = 0.1;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = 'bin/gitops-sim.js';

const COMMANDS: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'gitops-sim --help', args: [BIN, '--help'] },
  { name: 'gitops-sim validate scenarios/default.yaml', args: [BIN, 'validate', 'scenarios/default.yaml'] },
];

function timeOnce(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return (performance.now() - started) / 1000;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const rounds = Number(process.argv[2] ?? 15);
const samples = COMMANDS.map(() => [] as number[]);
timeOnce(COMMANDS[1].args); // The first start reads files from disk: not what a user waits for twice.
for (let round = 0; round < rounds; round++) {
  for (const [i, command] of COMMANDS.entries()) samples[i].push(timeOnce(command.args));
}
const medians = samples.map(median);
const nodeS = medians[0];
const idle = nodeS < IDLE_NODE_S;
console.log(`start-up, median of ${rounds} rounds (${idle ? 'idle machine' : 'busy machine: node -e 0 is slow'})`);
let missed = false;
for (const [i, command] of COMMANDS.entries()) {
  const ratio = i === 0 ? '' : `  ${(medians[i] / nodeS).toFixed(1)}x node -e 0`;
  const verdict = i === 0 ? '' : medians[i] <= TARGET_S ? '  within 0.3 s' : '  over 0.3 s';
  if (i > 0 && medians[i] > TARGET_S && idle) missed = true;
  console.log(`  ${command.name.padEnd(44)} ${medians[i].toFixed(3)} s${ratio}${verdict}`);
}
process.exitCode = missed ? 1 : 0;
