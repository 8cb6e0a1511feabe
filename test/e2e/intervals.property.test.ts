/**
 * Over random seeds and small replication counts of a real scenario, no
 * figure or interval of summary.json leaves the range its metric can take: a
 * share stays in [0, 1], a duration or count at or above 0, and a paired
 * difference of shares in [-1, 1].
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { METRICS } from '../../src/metrics/definitions.ts';
import type { MeanWithInterval } from '../../src/metrics/results.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/world/runScenario.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
// The default scenario (drift, bad releases, rollbacks, tags and digests), made small: one day, three apps.
const base = loadScenarioFile(path.join(ROOT, 'scenarios/default.yaml'));
const small = { ...base, horizonMs: 86_400_000, apps: { ...base.apps, count: 3 } };

function within(value: MeanWithInterval, low: number, high: number, what: string): void {
  const xs = [value.mean, value.ci95?.low, value.ci95?.high].filter((x) => typeof x === 'number');
  for (const x of xs) assert.ok(x >= low && x <= high, `${what}: ${x} outside [${low}, ${high}]`);
}

test('property: no figure or interval outside its metric range, any seed, 1 to 4 replications', () =>
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 4 }), (seed, replications) => {
      const { summary } = runScenario({ ...small, seed, replications });
      for (const v of summary.variants) {
        for (const m of METRICS) {
          const top = m.range === 'share' ? 1 : Number.POSITIVE_INFINITY;
          within(v.metrics[m.name], 0, top, `${v.name} ${m.name}`);
          const d = v.vsBaseline[m.name];
          if (d !== undefined) within(d, m.range === 'share' ? -1 : -Infinity, top, `${v.name} vs baseline ${m.name}`);
        }
        for (const share of [v.correctness, v.availability]) within(share, 0, 1, `${v.name} share`);
        for (const ms of [v.meanConvergenceMs, v.zeroReadyMs, v.silentDivergenceMs, v.dora.deploymentsPerDay])
          within(ms, 0, Infinity, `${v.name} duration`);
        for (const counter of [...Object.values(v.loadPerRun), ...Object.values(v.deliveryPerRun)])
          within(counter, 0, Infinity, `${v.name} counter`);
      }
    }),
    { numRuns: 10 },
  ));
