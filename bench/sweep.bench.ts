/**
 * Sweep throughput: points per second of a small sweep (12 points, each 2
 * variants x 2 replications of 60 simulated days, about half a second) with
 * 1 worker (the points run in this thread) and with 2 worker threads. The
 * clock runs from the start of the sweep to its last point file: it includes
 * what a real sweep pays, each thread's start-up (loading tsx and the
 * sources) and its cold JIT, but not the report, timed apart. Nothing is
 * warmed up first: the 1-worker sweep pays this thread's cold JIT as each
 * worker thread pays its own. The table also checks that all give the same
 * bytes. A report: no verdict.
 *
 *   npx tsx bench/sweep.bench.ts [workers...]     (default: 1 2)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSet } from '../src/sweep/grid.ts';
import { planSweep } from '../src/sweep/plan.ts';
import { runSweep } from '../src/sweep/sweep.ts';

const SCENARIO = `name: sweep-bench
seed: 11
horizon: 60d
replications: 2
apps: { count: 8, replicas: 3 }
ci: { commits: { every: exp(2h) } }
drift: [ { kind: podCrash, every: exp(6h) } ]
variants:
  - { name: push, delivery: push }
  - { name: pull, delivery: { type: pull, interval: 60s, jitter: 10s, selfHeal: true } }
`;
const SETS = ['apps.replicas=2,3,4', 'variants.1.delivery.interval=30s,1m,2m,5m'];

interface Measurement {
  readonly workers: number;
  readonly points: number;
  readonly pointsMs: number;
  readonly reportMs: number;
  readonly out: string;
}

function files(dir: string): Map<string, Buffer> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(
    entries.map((e) => [
      path.relative(dir, path.join(e.parentPath, e.name)),
      readFileSync(path.join(e.parentPath, e.name)),
    ]),
  );
}

function sameFiles(a: string, b: string): boolean {
  const [x, y] = [files(a), files(b)];
  return x.size === y.size && [...x].every(([name, bytes]) => y.get(name)?.equals(bytes) === true);
}

async function measure(workers: number, root: string): Promise<Measurement> {
  const plan = planSweep(SCENARIO, 'sweep-bench.yaml', SETS.map(parseSet));
  const out = path.join(root, `workers-${workers}`);
  const start = performance.now();
  let lastPointMs = start;
  await runSweep(plan, { out, workers, resume: false, onPoint: () => (lastPointMs = performance.now()) });
  const end = performance.now();
  return {
    workers,
    points: plan.points.length,
    pointsMs: lastPointMs - start,
    reportMs: end - lastPointMs,
    out,
  };
}

async function main(argv: string[]): Promise<void> {
  const counts = argv.length > 0 ? argv.map(Number) : [1, 2];
  const root = mkdtempSync(path.join(os.tmpdir(), 'gitops-sim-sweep-bench-'));
  console.log(
    `sweep bench: ${SETS.join(' x ')}; ${os.availableParallelism()} CPU(s) available; node ${process.version}`,
  );
  try {
    const results: Measurement[] = [];
    for (const workers of counts) results.push(await measure(workers, root));
    const base = results[0];
    console.table(
      results.map((m) => ({
        workers: m.workers,
        points: m.points,
        'points s': Number((m.pointsMs / 1000).toFixed(2)),
        'points / s': Number(((m.points * 1000) / m.pointsMs).toFixed(2)),
        'speed-up': Number((base.pointsMs / m.pointsMs).toFixed(2)),
        'report s': Number((m.reportMs / 1000).toFixed(2)),
        'same bytes as first': sameFiles(m.out, base.out) ? 'yes' : 'NO',
      })),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
