/**
 * Memory against the horizon: `gitops-sim run` of the default scenario
 * (scenarios/default.yaml, 10 replications of 4 variants) over a week and
 * over a year, each in a child process of its own, and the peak resident
 * memory of each (the whole command: simulation, report and its files).
 * What a run keeps grows with the horizon only where the outputs need it
 * (a record per change and drift event, packed: metrics/recordTable.ts;
 * changes.csv written a run at a time; the time series has a fixed number of
 * samples). Target: the year's peak under 2x the week's, on any machine (a
 * ratio of two runs in one bench run).
 *
 *   npm run bench:horizon        (builds dist/ first; a year of the default scenario is about a minute of CPU)
 *
 * Exits 0 whatever the verdict: this is a report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET_RATIO = 2;
const SCENARIO = fileURLToPath(new URL('../scenarios/default.yaml', import.meta.url));
const HORIZONS = ['7d', '365d'];
const DIST_MAIN = new URL('../dist/cli/main.js', import.meta.url).href;

interface Measurement {
  readonly horizon: string;
  readonly exitCode: number;
  readonly wallMs: number;
  readonly maxRssBytes: number;
}

/** The default scenario with another horizon, written beside the report it makes. */
function scenarioWithHorizon(dir: string, horizon: string): string {
  const text = readFileSync(SCENARIO, 'utf8');
  const changed = text.replace(/^horizon: .*$/m, `horizon: ${horizon}`);
  if (changed === text && !text.includes(`horizon: ${horizon}`)) throw new Error(`${SCENARIO}: no top-level horizon`);
  const file = path.join(dir, `default-${horizon}.yaml`);
  writeFileSync(file, changed);
  return file;
}

/**
 * The compiled CLI (`gitops-sim run`, as users run it) in a plain Node process: no TypeScript loader in
 * the memory measured. It prints its result as JSON on stdout.
 */
const CHILD = `
const { main } = await import(${JSON.stringify('DIST_MAIN')});
const [file, out, horizon] = process.argv.slice(1);
const quiet = { write: () => true };
const start = performance.now();
const exitCode = await main(['run', file, '--out', out, '--quiet'], { stdout: quiet, stderr: quiet, nowMs: () => performance.now() });
// resourceUsage().maxRSS is in KiB: the peak resident set of this process.
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ horizon, exitCode, wallMs: performance.now() - start, maxRssBytes }));
`;

function measureInChild(file: string, out: string, horizon: string): Measurement {
  const code = CHILD.replace(JSON.stringify('DIST_MAIN'), JSON.stringify(DIST_MAIN));
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code, file, out, horizon], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`horizon ${horizon}: child exited with ${child.signal ?? child.status}`);
  return JSON.parse(child.stdout) as Measurement;
}

function run(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'gitops-sim-horizon-'));
  try {
    const results: Measurement[] = [];
    for (const horizon of HORIZONS) {
      const m = measureInChild(scenarioWithHorizon(dir, horizon), path.join(dir, 'reports'), horizon);
      if (m.exitCode !== 0) throw new Error(`horizon ${horizon}: gitops-sim run exited with ${m.exitCode}`);
      results.push(m);
      console.log(`  ${horizon}: done in ${(m.wallMs / 1000).toFixed(1)} s`);
    }
    console.table(
      results.map((m) => ({
        horizon: m.horizon,
        'wall s': Number((m.wallMs / 1000).toFixed(1)),
        'peak RSS MB': Math.round(m.maxRssBytes / 1e6),
      })),
    );
    const ratio = results[1].maxRssBytes / results[0].maxRssBytes;
    const verdict = ratio < TARGET_RATIO ? 'PASS' : 'FAIL';
    console.log(`peak RSS, a year over a week: ${ratio.toFixed(2)}x (target < ${TARGET_RATIO}x): ${verdict}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run();
