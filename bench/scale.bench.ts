/**
 * Scale: one week of a large fleet (bench/scenarios/scale.yaml: 5,000 nodes,
 * 2,000 apps, 50,000 pods) in one process. Each variant's run is measured
 * once, in a child process of its own, so its peak memory is that process's
 * maxRSS (a sampling timer could not fire during a synchronous run) and one
 * variant's garbage does not count against the next. Wall time is
 * performance.now() around simulateRun alone (scenario loading and process
 * start-up excluded). Each variant's target is the bench suite's (bench/suite.ts:
 * push under 0.7 s, pull/3m under 3 s on an idle 2-core machine); a variant
 * the suite sets none for has none here.
 *
 *   npx tsx bench/scale.bench.ts [--variant <index>] [--in-process] [scenario.yaml]
 *
 * --in-process runs the variants one after another in this process (for
 * `node --cpu-prof --import tsx bench/scale.bench.ts --in-process`); its RSS
 * figure is then the process peak so far, not one run's. Exits 0 whatever the
 * verdict: this is a report.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../src/scenario/load.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { simulateRun } from '../src/world/world.ts';
import { SUITE } from './suite.ts';

const DEFAULT_SCENARIO = fileURLToPath(new URL('./scenarios/scale.yaml', import.meta.url));
const CHILD_FLAG = '--child';

/** What one measured run reports back. */
interface Measurement {
  readonly variant: string;
  readonly wallMs: number;
  readonly horizonMs: number;
  readonly events: number;
  readonly maxRssBytes: number;
  readonly changes: number;
  readonly converged: number;
  readonly superseded: number;
  readonly open: number;
  readonly applies: number;
  readonly podsCreated: number;
  readonly nodeFailures: number;
  readonly evictions: number;
  readonly crashes: number;
  readonly failedPulls: number;
  readonly ciReleases: number;
}

function measure(scenario: Scenario, variantIndex: number): Measurement {
  const start = performance.now();
  const run = simulateRun(scenario, variantIndex, 0);
  const wallMs = performance.now() - start;
  const count = (state: string) => Array.from(run.changes).filter((c) => c.outcome.state === state).length;
  return {
    variant: run.variant,
    wallMs,
    horizonMs: run.horizonMs,
    events: run.eventsProcessed,
    // resourceUsage().maxRSS is in KiB: the peak resident set of this process so far.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    changes: run.changes.length,
    converged: count('converged'),
    superseded: count('superseded'),
    open: count('open'),
    applies: run.applies,
    podsCreated: run.load.podsCreated,
    nodeFailures: run.load.nodeFailures,
    evictions: run.load.evictions,
    crashes: run.load.crashes,
    failedPulls: run.load.failedPulls,
    ciReleases: run.load.ciReleases,
  };
}

/** Runs one variant in a child process (this file, with the same Node flags) and returns its measurement. */
function measureInChild(file: string, variantIndex: number): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, file, String(variantIndex)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: Measurement | undefined;
    child.on('message', (m) => {
      result = m as Measurement;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== undefined) resolve(result);
      else
        reject(
          new Error(`variant ${variantIndex}: child exited with ${signal ?? `code ${code}`} and no result`),
        );
    });
  });
}

/** The suite's wall-time target for a variant of the scale scenario, in ms, if it sets one. */
function targetWallMs(variant: string): number | undefined {
  const targets = SUITE.find((c) => c.name === 'scale')?.targets ?? [];
  return targets.find((t) => t.subject === variant && t.measure === 'wallMs')?.below;
}

function row(m: Measurement) {
  const wallS = m.wallMs / 1000;
  const rssMiB = m.maxRssBytes / 1024 ** 2;
  const target = targetWallMs(m.variant);
  return {
    variant: m.variant,
    'wall s': Number(wallS.toFixed(2)),
    'target s': target === undefined ? 'none' : target / 1000,
    'sim s / wall s': Math.round(m.horizonMs / 1000 / wallS),
    events: m.events,
    'events / s': Math.round(m.events / wallS),
    'peak RSS MiB': Math.round(rssMiB),
    changes: m.changes,
    converged: m.converged,
    superseded: m.superseded,
    open: m.open,
    verdict: target === undefined ? 'no target' : m.wallMs < target ? 'met' : 'missed',
  };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === CHILD_FLAG) {
    const scenario = loadScenarioFile(argv[1]);
    process.send!(measure(scenario, Number(argv[2])));
    return;
  }
  const inProcess = argv.includes('--in-process');
  const variantAt = argv.indexOf('--variant');
  const only = variantAt >= 0 ? Number(argv[variantAt + 1]) : undefined;
  const file = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--variant') ?? DEFAULT_SCENARIO;
  const scenario = loadScenarioFile(file);
  const indices = only !== undefined ? [only] : scenario.variants.map((_, i) => i);

  console.log(
    `scale: ${scenario.name}: ${scenario.cluster.nodes} nodes, ${scenario.apps.count} apps x ${scenario.apps.replicas} ` +
      `replicas, horizon ${scenario.horizonMs / 86_400_000} d, ${indices.length} variant(s), ` +
      `${inProcess ? 'in this process' : 'one child process each'}; node ${process.version}`,
  );
  const results: Measurement[] = [];
  for (const v of indices) {
    const m = inProcess ? measure(scenario, v) : await measureInChild(file, v);
    results.push(m);
    console.log(`  ${m.variant}: done in ${(m.wallMs / 1000).toFixed(1)} s`);
  }
  console.table(results.map(row));
  console.table(
    results.map((m) => ({
      variant: m.variant,
      'CI releases': m.ciReleases,
      applies: m.applies,
      'pods created': m.podsCreated,
      'node failures': m.nodeFailures,
      evictions: m.evictions,
      crashes: m.crashes,
      'failed pulls': m.failedPulls,
    })),
  );
  const missed = results.filter((m) => row(m).verdict === 'missed').map((m) => m.variant);
  console.log(
    `wall-time targets (bench/suite.ts, for an idle 2-core machine; load average now ${os.loadavg()[0].toFixed(2)}): ` +
      (missed.length === 0 ? 'met by every variant that has one' : `missed by ${missed.join(', ')}`),
  );
  if (inProcess) console.log('(in-process: peak RSS is the process peak up to the end of each run)');
}

await main(process.argv.slice(2));
