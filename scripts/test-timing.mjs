// `npm run test:timing`: runs the unit tests as `npm test` does, then prints the wall and CPU time of
// the whole run and its slowest top-level tests, so the one-minute budget is measured, not hoped for.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

const SLOWEST = 12;
const root = new URL('../', import.meta.url);
const shards = readdirSync(new URL('test/suites/', root))
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => `test/suites/${name}`);
const reporter = new URL('timing-reporter.mjs', import.meta.url).href;

const started = performance.now();
const child = spawn(
  process.execPath,
  ['--max-semi-space-size=32', '--import', 'tsx', '--test', '--test-concurrency=2', `--test-reporter=${reporter}`, ...shards],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
let out = '';
child.stdout.on('data', (chunk) => {
  out += chunk;
});
const code = await new Promise((resolve) => child.on('exit', resolve));
const wallS = (performance.now() - started) / 1000;
const rows = out
  .trim()
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
const summary = rows.find((r) => r.kind === 'summary');
const tests = rows.filter((r) => r.kind === 'test').sort((a, b) => b.durationMs - a.durationMs);
console.log(
  `npm run test:unit: ${wallS.toFixed(1)} s wall, ${summary?.pass ?? 0} passed, ${summary?.fail ?? 0} failed`,
);
console.log(`slowest top-level tests and suites:`);
for (const t of tests.slice(0, SLOWEST))
  console.log(`  ${(t.durationMs / 1000).toFixed(2).padStart(7)} s  ${t.name} (${t.file})`);
const perFile = new Map();
for (const t of tests) perFile.set(t.file, (perFile.get(t.file) ?? 0) + t.durationMs);
console.log(`slowest files (their top-level tests summed):`);
for (const [file, ms] of [...perFile].sort((a, b) => b[1] - a[1]).slice(0, SLOWEST))
  console.log(`  ${(ms / 1000).toFixed(2).padStart(7)} s  ${file}`);
process.exitCode = code === 0 ? 0 : 1;
