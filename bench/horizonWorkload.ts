/**
 * Memory against the horizon, what the suite (bench/cases/horizon.ts) and
 * bench/horizon.bench.ts measure: `gitops-sim run` of the default scenario
 * (scenarios/default.yaml, 10 replications of 4 variants) over a week and
 * over a year, each in a child process of its own, and the peak resident
 * memory of each (the whole command: simulation, report and its files).
 * What a run keeps grows with the horizon only where the outputs need it
 * (a record per change and drift event, packed: metrics/recordTable.ts;
 * changes.csv written a run at a time; the time series has a fixed number of
 * samples). Target: the year's peak under 2x the week's, on any machine (a
 * ratio of two commands measured one after the other). Needs dist/
 * (`npm run build`): the compiled CLI, as users run it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Issue 17's goal: a year's peak memory under twice a week's. */
export const HORIZON_TARGET_RATIO = 2;
export const HORIZON_SCENARIO = fileURLToPath(new URL('../scenarios/default.yaml', import.meta.url));
export const HORIZONS = ['7d', '365d'] as const;
const DIST_MAIN = new URL('../dist/cli/main.js', import.meta.url).href;

export interface HorizonMeasurement {
  readonly horizon: string;
  readonly wallMs: number;
  readonly maxRssBytes: number;
}

/** The replications the measurement runs, whatever the file says: the memory it compares is per horizon. */
export const HORIZON_REPLICATIONS = 10;

/** The default scenario with another horizon and HORIZON_REPLICATIONS, written beside the report it makes. */
function scenarioWithHorizon(dir: string, horizon: string): string {
  const text = readFileSync(HORIZON_SCENARIO, 'utf8');
  const changed = text
    .replace(/^horizon: .*$/m, `horizon: ${horizon}`)
    .replace(/^replications: .*$/m, `replications: ${HORIZON_REPLICATIONS}`);
  if (!/^horizon: /m.test(text) || !/^replications: /m.test(text))
    throw new Error(`${HORIZON_SCENARIO}: no top-level horizon or replications`);
  const file = path.join(dir, `default-${horizon}.yaml`);
  writeFileSync(file, changed);
  return file;
}

/**
 * The compiled CLI in a plain Node process: no TypeScript loader in the memory measured. It prints
 * its exit code, wall time and peak memory as JSON on stdout.
 */
const CHILD = `
const { main } = await import(${JSON.stringify(DIST_MAIN)});
const [file, out] = process.argv.slice(1);
const quiet = { write: () => true };
const start = performance.now();
const exitCode = await main(['run', file, '--out', out, '--quiet'], { stdout: quiet, stderr: quiet, nowMs: () => performance.now() });
// resourceUsage().maxRSS is in KiB: the peak resident set of this process.
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ exitCode, wallMs: performance.now() - start, maxRssBytes }));
`;

function measureInChild(file: string, out: string, horizon: string): HorizonMeasurement {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, file, out], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0)
    throw new Error(`horizon ${horizon}: child exited with ${child.signal ?? child.status}`);
  const { exitCode, wallMs, maxRssBytes } = JSON.parse(child.stdout) as {
    exitCode: number;
  } & HorizonMeasurement;
  if (exitCode !== 0) throw new Error(`horizon ${horizon}: gitops-sim run exited with ${exitCode}`);
  return { horizon, wallMs, maxRssBytes };
}

/** A week, then a year, of the default scenario, each reported to a temporary folder removed after. */
export function measureHorizons(
  onDone: (m: HorizonMeasurement) => void = () => undefined,
): HorizonMeasurement[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'gitops-sim-horizon-'));
  try {
    return HORIZONS.map((horizon) => {
      const m = measureInChild(scenarioWithHorizon(dir, horizon), path.join(dir, 'reports'), horizon);
      onDone(m);
      return m;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
