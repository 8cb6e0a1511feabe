/**
 * Runs a share of the test files in this one process: loading TypeScript costs about a second of
 * CPU per process, which 90 separate test processes paid again and again. `npm run test:unit` starts
 * one process per shard (test/suites/*.test.ts), so the shards run in parallel on a multi-core
 * machine. Files are dealt out by cost, the costliest first, each to the shard with the least so far
 * (round-robin left one shard 8 s behind the other); every test file is in exactly one shard.
 * The shards run with --max-semi-space-size=32 (MB; V8's default young generation is a few MB):
 * fewer scavenges of the many short-lived objects the tests make, 6% less CPU for the suite.
 */
import { readdirSync } from 'node:fs';

const TEST_ROOT = new URL('../', import.meta.url);

/**
 * CPU seconds of the costliest test files, children included: each file alone on the idle 2-core
 * machine (`/usr/bin/time node --max-semi-space-size=32 --import tsx --test <file>`, 2026-12-02),
 * less the ~0.9 s a process of its own costs. Only the order and sums matter: a file missing here
 * counts as a small one.
 */
export const COST_S: Readonly<Record<string, number>> = {
  'cli/killed.test.ts': 7.6,
  'cli/benchCommand.test.ts': 7.9,
  'cli/hostile.test.ts': 7.7,
  'report/html.test.ts': 7.4,
  'cli/sweepCommand.test.ts': 6.7,
  'scenario/load.property.test.ts': 6.5,
  'sweep/sweep.test.ts': 6.3,
  'cli/main.test.ts': 5.5,
  'e2e/determinism.test.ts': 4.6,
  'sweep/workerPool.test.ts': 4.5,
  'cli/importCommand.test.ts': 3.3,
  'e2e/deliveryVsDeployment.test.ts': 2.7,
  'e2e/golden.test.ts': 2.6,
  'cli/stopSignals.test.ts': 2.2,
  'report/chart.test.ts': 2.3,
  'cli/compareCommand.test.ts': 2.2,
  'e2e/intervals.property.test.ts': 2.0,
  'delivery/argocd.test.ts': 1.9,
  'engine/mm1.test.ts': 1.5,
  'import/scenarioDraft.test.ts': 1.2,
  'metrics/traceRecorder.test.ts': 1.0,
};
/** What a file not in COST_S is taken to cost: the ~116 others share a few tens of seconds. */
const SMALL_FILE_S = 0.3;

/** Every test file under test/<folder>/, sorted, as URLs. */
export function testFiles(): URL[] {
  const files: URL[] = [];
  for (const folder of readdirSync(TEST_ROOT, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === 'suites') continue;
    for (const name of readdirSync(new URL(`${folder.name}/`, TEST_ROOT))) {
      if (name.endsWith('.test.ts')) files.push(new URL(`${folder.name}/${name}`, TEST_ROOT));
    }
  }
  return files.sort((a, b) => (a.href < b.href ? -1 : 1));
}

/**
 * The files of each of `count` shards: by cost, the costliest first (ties in name order), each to
 * the shard with the least cost so far (the lowest index on a tie); each shard's files in name order.
 */
export function shardFiles(files: readonly URL[], count: number): URL[][] {
  const cost = (file: URL) => COST_S[file.href.slice(TEST_ROOT.href.length)] ?? SMALL_FILE_S;
  const byCost = [...files].sort((a, b) => cost(b) - cost(a) || (a.href < b.href ? -1 : 1));
  const shards: URL[][] = Array.from({ length: count }, () => []);
  const totals = new Array<number>(count).fill(0);
  for (const file of byCost) {
    const least = totals.indexOf(Math.min(...totals));
    shards[least].push(file);
    totals[least] += cost(file);
  }
  return shards.map((files) => files.sort((a, b) => (a.href < b.href ? -1 : 1)));
}

export async function runShard(index: number, count: number): Promise<void> {
  for (const file of shardFiles(testFiles(), count)[index]) await import(file.href);
}
