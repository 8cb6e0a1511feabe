import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inMetricRange, intervalMethod, METRICS, metricNamed, metricRangeText } from '../../src/metrics/definitions.ts';
import type { RunResult } from '../../src/metrics/results.ts';
import { QUIET_RUN, ZERO_LOAD } from './fixtures.ts';

const run: RunResult = {
  variant: 'v',
  replication: 0,
  horizonMs: 2 * 86_400_000,
  changes: [
    {
      app: 0,
      revision: 1,
      kind: 'release',
      codeCommitMs: 0,
      bad: true,
      atMs: 1000,
      outcome: { state: 'converged', convergenceMs: 1000 },
    },
    {
      app: 0,
      revision: 2,
      kind: 'release',
      codeCommitMs: 5000,
      bad: false,
      atMs: 9000,
      outcome: { state: 'converged', convergenceMs: 3000 },
    },
    { app: 0, revision: 3, kind: 'revert', codeCommitMs: null, bad: false, atMs: 20_000, outcome: { state: 'open', openMs: 5 } },
  ],
  applies: 2,
  gitFetches: 0,
  eventsProcessed: 10,
  load: { ...ZERO_LOAD, apiRequests: 42 },
  ...QUIET_RUN,
  health: { ...QUIET_RUN.health, correctReplicaMs: 90, desiredReplicaMs: 100, availableMs: 50, appMs: 200 },
  rollbacks: [
    { app: 0, method: 'revert', detectedMs: 1, finished: true, correct: true, restoreMs: 100 },
    { app: 0, method: 'revert', detectedMs: 2, finished: true, correct: false, restoreMs: null },
    // Still under way at the next commit: neither correct nor wrong.
    { app: 0, method: 'rerun', detectedMs: 3, finished: false, correct: false, restoreMs: null },
  ],
  credentialsOutsideCluster: true,
  exposureMs: 3_600_000,
};

test('metric names are unique, and each reads a number or null from a run', () => {
  assert.equal(new Set(METRICS.map((m) => m.name)).size, METRICS.length);
  for (const m of METRICS) {
    const value = m.perRun(run);
    assert.ok(value === null || Number.isFinite(value), m.name);
  }
});

test('table: values read from a known run', () => {
  const table: [string, number | null][] = [
    ['convergenceMeanMs', 2000],
    ['convergenceP50Ms', 2000],
    ['correctness', 0.9],
    ['availability', 0.25],
    ['rollbackCorrect', 0.5],
    ['rollbackUnfinished', 1 / 3],
    ['deploymentsPerDay', 1],
    // Code commit 0 -> running at 2000; code commit 5000 -> running at 12000.
    ['leadTimeMeanMs', (2000 + 7000) / 2],
    ['changeFailureRate', 0.5],
    ['timeToRestoreMeanMs', 100],
    ['apiRequests', 42],
    ['exposureMs', 3_600_000],
    ['driftOpenMeanMs', null],
  ];
  for (const [name, expected] of table) assert.equal(metricNamed(name)?.perRun(run), expected, name);
  assert.equal(metricNamed('noSuchMetric'), undefined);
});

test('table: how each metric is pooled and its interval found', () => {
  const table: [string, string, string][] = [
    ['convergenceP95Ms', 'nonNegative', 'p95 of all replications pooled; expanded percentile bootstrap resampling replications, at least the Student t interval'],
    ['convergenceRunP95MeanMs', 'nonNegative', 'mean over replications; expanded percentile bootstrap over replications, at least the Student t interval'],
    ['correctness', 'share', 'mean over replications; expanded percentile bootstrap over replications, at least the Student t interval'],
    ['rollbackCorrect', 'share', 'share of all replications pooled; Wilson score interval'],
    ['rollbackUnfinished', 'share', 'share of all replications pooled; Wilson score interval'],
    ['changeFailureRate', 'share', 'share of all replications pooled; Wilson score interval'],
    ['errorBudgetBurn', 'nonNegative', 'mean over replications; expanded percentile bootstrap over replications, at least the Student t interval'],
  ];
  for (const [name, range, method] of table) {
    const m = metricNamed(name)!;
    assert.equal(m.range, range, name);
    assert.equal(intervalMethod(m), method, name);
  }
});

test('a pooled quantile reads each run values in ascending order (estimate.ts samples them as they are)', () => {
  const unsorted: RunResult = {
    ...run,
    changes: [5000, 1000, 3000, 0].map((ms, i) => ({
      app: 0,
      revision: i + 1,
      kind: 'release' as const,
      codeCommitMs: null,
      bad: false,
      atMs: i,
      outcome: { state: 'converged' as const, convergenceMs: ms },
    })),
  };
  const pooled = METRICS.filter((m) => m.aggregation.kind === 'pooledQuantile');
  assert.ok(pooled.length > 0);
  for (const m of pooled) {
    if (m.aggregation.kind !== 'pooledQuantile') continue;
    assert.deepEqual(m.aggregation.values(unsorted), [0, 1000, 3000, 5000], m.name);
  }
});

test('table: the values a metric can take', () => {
  const share = metricNamed('correctness')!;
  const duration = metricNamed('convergenceMeanMs')!;
  const cases: [typeof share, number, boolean][] = [
    [share, 0, true],
    [share, 1, true],
    [share, 0.5, true],
    [share, 1.0000001, false],
    [share, -0.1, false],
    [duration, 0, true],
    [duration, 1e308, true],
    [duration, -1, false],
    [duration, Number.NaN, false],
  ];
  for (const [metric, value, expected] of cases) assert.equal(inMetricRange(metric, value), expected, `${metric.name} ${value}`);
  assert.equal(metricRangeText(share), 'from 0 to 1');
  assert.equal(metricRangeText(duration), '>= 0');
});

test('rollout figures: no value in a run without a progressive rollout, the count with one', () => {
  const table: [RunResult['rollouts'], number | null, number | null][] = [
    [{ started: 0, promotionMs: [], aborted: 0, gitAheadMs: 0 }, null, null],
    [{ started: 2, promotionMs: [5000], aborted: 0, gitAheadMs: 0 }, 0, 0],
    [{ started: 3, promotionMs: [5000], aborted: 2, gitAheadMs: 700 }, 2, 700],
  ];
  for (const [rollouts, aborted, gitAhead] of table) {
    const withRollouts = { ...run, rollouts };
    assert.equal(metricNamed('abortedRollouts')!.perRun(withRollouts), aborted);
    assert.equal(metricNamed('gitAheadMs')!.perRun(withRollouts), gitAhead);
  }
});
