/** What the sweep tests share: a scenario quick to run, and byte-for-byte folder comparison. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { metricNamed } from '../../src/metrics/definitions.ts';
import { estimateMetric, type RunSample } from '../../src/metrics/estimate.ts';
import type { ScenarioSummary } from '../../src/metrics/results.ts';
import type { ParamValue } from '../../src/sweep/grid.ts';
import type { PointFile, SweepDefinition } from '../../src/sweep/resultsFolder.ts';

/** Two variants x 2 replications of half a day: a sweep point in a few tens of ms. */
export const TINY_SCENARIO = `name: tiny
seed: 3
horizon: 12h
replications: 2
apps: { count: 2, replicas: 2 }
ci: { commits: { every: exp(2h) } }
variants:
  - { name: push, delivery: push }
  - { name: pull, delivery: { type: pull, interval: 60s, jitter: 10s } }
`;

/**
 * Every file under `dir`, relative, sorted; without the temporary files of
 * writeReportFiles (`.name.tmp-<pid>-<n>`), which a killed sweep may leave
 * behind and which are never part of a result.
 */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/^\..*\.tmp-\d+-\d+$/.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * The same files with the same bytes; with `charts: false`, `actual` was written with --no-charts:
 * it has no charts/ and every other file of `expected`, byte for byte.
 */
export function assertSameFolder(actual: string, expected: string, { charts = true } = {}): void {
  const files = listFiles(expected).filter((f) => charts || !f.startsWith(`charts${path.sep}`));
  assert.deepEqual(listFiles(actual), files);
  for (const file of files) {
    assert.ok(
      readFileSync(path.join(actual, file)).equals(readFileSync(path.join(expected, file))),
      `${file} differs`,
    );
  }
}

const SEED = 7;
/** The parameter of the made-up sweeps below. */
export const PATH = 'variants.0.delivery.interval';

/** A variant's samples at one point: convergenceMeanMs per run (null: nothing converged), and [unconverged, changes] per run. */
export interface VariantRuns {
  readonly mean: readonly (number | null)[];
  readonly unfinished?: readonly (readonly [number, number])[];
  readonly bottleneck?: string | null;
}

/** A point file whose figures are those its samples give, as a sweep writes it. */
export function point(index: number, value: ParamValue, variants: Readonly<Record<string, VariantRuns>>, seed = SEED): PointFile {
  const mean = metricNamed('convergenceMeanMs')!;
  const unfinished = metricNamed('convergenceUnfinished')!;
  const entries = Object.entries(variants);
  const sampled = entries.map(([name, runs]) => ({
    name,
    replications: runs.mean.map((_, r) => r),
    metrics: {
      convergenceMeanMs: runs.mean as readonly RunSample[],
      convergenceUnfinished: (runs.unfinished ?? runs.mean.map(() => [0, 10] as const)) as readonly RunSample[],
    },
  }));
  const summary = {
    scenario: { name: 's', seed, horizonMs: 3_600_000, replications: entries[0][1].mean.length },
    headline: ['convergenceMeanMs'],
    warnings: [],
    variants: sampled.map((v, i) => ({
      name: v.name,
      bottleneck: entries[i][1].bottleneck ?? null,
      metrics: {
        convergenceMeanMs: estimateMetric(mean, v.metrics.convergenceMeanMs, seed),
        convergenceUnfinished: estimateMetric(unfinished, v.metrics.convergenceUnfinished, seed),
      },
    })),
  } as unknown as ScenarioSummary;
  return {
    point: { index, id: `${PATH}=${value}`, params: { [PATH]: value } },
    summary,
    samples: { seed, variants: sampled },
  };
}

/** The sweep of `values` of PATH, as its manifest has it. */
export function definition(values: readonly ParamValue[], replications = 5): SweepDefinition {
  return {
    tool: { name: 'gitops-sim', version: '0' },
    scenario: { name: 's', seed: SEED, horizonMs: 3_600_000, replications },
    inputHash: 'h',
    params: [{ path: PATH, values }],
    points: values.map((v, index) => ({ index, id: `${PATH}=${v}`, name: `${index}`, inputHash: 'h' })),
  };
}

/** Five runs around `center`, the same spread at every point (so paired differences are exact). */
export const around = (center: number, spread = 5): number[] => [-2, -1, 0, 1, 2].map((k) => center + k * spread);
/** Five runs around `center` whose noise does not pair. */
export const noisy = (center: number): number[] => [center - 40, center + 30, center - 10, center + 50, center - 30];

/**
 * Counts the event loop's turns while `body` runs (a setImmediate that sets itself again): `turns()`
 * read in a callback tells whether the loop turned since the last read.
 */
export async function countingTurns<T>(body: (turns: () => number) => Promise<T>): Promise<T> {
  let turns = 0;
  let turn: NodeJS.Immediate | undefined;
  const count = () => {
    turns++;
    turn = setImmediate(count);
  };
  count();
  try {
    return await body(() => turns);
  } finally {
    clearImmediate(turn);
  }
}
