import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeVariant, summarizeVariants } from '../../src/metrics/aggregate.ts';
import type { ChangeRecord, RunResult } from '../../src/metrics/results.ts';
import { QUIET_RUN, ZERO_LOAD } from './fixtures.ts';

const converged = (revision: number, convergenceMs: number): ChangeRecord => ({
  app: 0,
  revision,
  kind: 'release', codeCommitMs: null, bad: false,
  atMs: revision * 1000,
  outcome: { state: 'converged', convergenceMs },
});

function run(variant: string, replication: number, changes: ChangeRecord[], applies = 0): RunResult {
  return { variant, replication, horizonMs: 1e6, changes, applies, gitFetches: 2, eventsProcessed: 10, load: ZERO_LOAD, ...QUIET_RUN };
}

test('pools convergence over replications and averages per-run means with an interval', () => {
  const runs = [
    run('v', 0, [converged(1, 100), converged(2, 300)], 4),
    run(
      'v',
      1,
      [
        converged(1, 200),
        { app: 1, revision: 2, kind: 'release', codeCommitMs: null, bad: false, atMs: 5, outcome: { state: 'superseded', supersededAfterMs: 9 } },
        { app: 1, revision: 3, kind: 'release', codeCommitMs: null, bad: false, atMs: 6, outcome: { state: 'open', openMs: 9 } },
      ],
      6,
    ),
  ];
  const s = summarizeVariant({ name: 'v', delivery: { type: 'push' } }, runs);
  assert.deepEqual(s.changes, { total: 5, converged: 3, superseded: 1, open: 1 });
  assert.equal(s.convergenceMs.n, 3);
  assert.equal(s.convergenceMs.p50, 200);
  assert.equal(s.convergenceMs.max, 300);
  // Per-run means 200 and 200.
  assert.equal(s.meanConvergenceMs.mean, 200);
  assert.deepEqual(s.meanConvergenceMs.ci95, { low: 200, high: 200 });
  assert.equal(s.appliesPerRun.mean, 5);
  assert.equal(s.eventsProcessed, 20);
  assert.equal(s.replications, 2);
});

test('a run with no converged change adds nothing to the per-run mean; variants keep their order', () => {
  const runs = [run('b', 0, [converged(1, 50)]), run('a', 0, []), run('b', 1, [])];
  const [a, b] = summarizeVariants(
    [
      { name: 'a', delivery: {} },
      { name: 'b', delivery: {} },
    ],
    runs,
  );
  assert.equal(a.name, 'a');
  assert.equal(a.convergenceMs.p50, null);
  assert.equal(a.meanConvergenceMs.mean, null);
  assert.equal(b.meanConvergenceMs.mean, 50);
  assert.equal(b.meanConvergenceMs.ci95, null);
  assert.equal(b.replications, 2);
});

test('every variant but the baseline carries paired differences against it', () => {
  const runs = [
    run('base', 0, [converged(1, 100)]),
    run('base', 1, [converged(1, 300)]),
    run('other', 0, [converged(1, 150)]),
    run('other', 1, [converged(1, 350)]),
  ];
  const [base, other] = summarizeVariants(
    [
      { name: 'base', delivery: {} },
      { name: 'other', delivery: {} },
    ],
    runs,
  );
  assert.deepEqual(base.vsBaseline, {});
  assert.equal(other.vsBaseline.convergenceMeanMs.mean, 50);
  assert.equal(other.vsBaseline.convergenceMeanMs.pairs, 2);
  assert.deepEqual(other.vsBaseline.convergenceMeanMs.ci95, { low: 50, high: 50 });
  assert.equal(other.metrics.convergenceMeanMs.mean, 250);
  // A named baseline.
  const [b2] = summarizeVariants([{ name: 'base', delivery: {} }], runs, 'other');
  assert.equal(b2.vsBaseline.convergenceMeanMs.mean, -50);
});
