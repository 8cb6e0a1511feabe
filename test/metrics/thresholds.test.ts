import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MetricDefinition, metricNamed } from '../../src/metrics/definitions.ts';
import type { MeanWithInterval } from '../../src/metrics/results.ts';
import {
  judgeThreshold,
  parseThreshold,
  replicationsToDecide,
  ThresholdError,
  thresholdsOf,
} from '../../src/metrics/thresholds.ts';

const metric = (name: string): MetricDefinition => metricNamed(name)!;

describe('parseThreshold', () => {
  const cases: [string, string, string, string, number][] = [
    ['convergenceP95Ms', '< 5m', '< 5m', '<', 300_000],
    ['convergenceP95Ms', '<=1h30m', '<= 1h30m', '<=', 5_400_000],
    ['correctness', ' > 0.999 ', '> 0.999', '>', 0.999],
    ['availability', '>= 99.9%', '>= 99.9%', '>=', 0.999],
    ['failedRequestShare', '< 0.001', '< 0.001', '<', 0.001],
    ['errorBudgetBurn', '< 1.5', '< 1.5', '<', 1.5],
    ['apiRequests', '<= 2e4', '<= 2e4', '<=', 20_000],
  ];
  for (const [name, text, expression, operator, limit] of cases) {
    it(`${name}: "${text}"`, () =>
      assert.deepEqual(parseThreshold(metric(name), text), { metric: name, expression, operator, limit }));
  }
  const bad: [string, string][] = [
    ['convergenceP95Ms', '< 300'],
    ['convergenceP95Ms', '5m'],
    ['convergenceP95Ms', '== 5m'],
    ['convergenceP95Ms', '< -5m'],
    ['correctness', '> 1.5'],
    ['correctness', '> 101%'],
    ['correctness', '> abc'],
    ['apiRequests', '< 5%'],
    ['apiRequests', '<'],
    ['apiRequests', ''],
    ['apiRequests', `< ${'1'.repeat(70)}`],
  ];
  for (const [name, text] of bad) {
    it(`${name}: "${text.slice(0, 20)}" is refused`, () =>
      assert.throws(() => parseThreshold(metric(name), text), ThresholdError));
  }
});

describe('judgeThreshold', () => {
  const p95 = parseThreshold(metric('convergenceP95Ms'), '< 5m');
  const correct = parseThreshold(metric('correctness'), '>= 0.999');
  const value = (mean: number | null, low?: number, high?: number): MeanWithInterval => ({
    mean,
    ci95: low === undefined || high === undefined ? null : { low, high },
  });
  const cases: [string, typeof p95, MeanWithInterval, string, number | null, string | null][] = [
    ['interval wholly under the limit: pass', p95, value(200_000, 180_000, 220_000), 'pass', null, null],
    ['interval wholly over the limit: fail', p95, value(400_000, 350_000, 450_000), 'fail', null, null],
    ['interval from exactly the limit up: fail ("<" misses at 5m)', p95, value(320_000, 300_000, 340_000), 'fail', null, null],
    // Half-width 100 s, 50 s from the limit: 10 x (100/50)^2 = 40 replications.
    ['interval holds the limit: inconclusive', p95, value(250_000, 150_000, 350_000), 'inconclusive', 40, 'interval holds the limit'],
    ['no interval (one replication)', p95, value(250_000), 'inconclusive', 11, 'no interval'],
    ['nothing to measure', p95, value(null), 'inconclusive', null, 'no value'],
    ['>= holds at the limit itself', correct, value(0.9995, 0.999, 1), 'pass', null, null],
    ['>= wholly below', correct, value(0.99, 0.98, 0.995), 'fail', null, null],
  ];
  for (const [name, threshold, v, state, suggested, reason] of cases) {
    it(name, () => {
      const verdict = judgeThreshold(threshold, 'pull', v, 10);
      assert.equal(verdict.state, state);
      assert.equal(verdict.suggestedReplications, suggested);
      assert.equal(verdict.reason, reason);
      assert.equal(verdict.variant, 'pull');
      assert.deepEqual(verdict.value, v);
    });
  }
});

describe('replicationsToDecide', () => {
  const cases: [number, number, number, number, number | null][] = [
    // [half-width, distance, n] -> n (h/d)^2, at least n + 1, at most 10000
    [10, 5, 10, 0, 40],
    [10, 20, 10, 0, 11],
    [1000, 1, 10, 0, 10_000],
    [10, 0, 10, 0, null],
  ];
  for (const [half, distance, n, , expected] of cases) {
    it(`half-width ${half}, ${distance} from the limit, n ${n}: ${expected}`, () =>
      assert.equal(replicationsToDecide({ low: 100 - half, high: 100 + half }, 100, 100 + distance, n), expected));
  }
});

describe('thresholdsOf', () => {
  it("a variant's list replaces the scenario's for the same metric, and adds the rest", () => {
    const g = [
      parseThreshold(metric('convergenceP95Ms'), '< 5m'),
      parseThreshold(metric('correctness'), '> 0.99'),
    ];
    const own = [parseThreshold(metric('convergenceP95Ms'), '< 10m')];
    assert.deepEqual(
      thresholdsOf(g, own).map((t) => `${t.metric} ${t.expression}`),
      ['correctness > 0.99', 'convergenceP95Ms < 10m'],
    );
  });
});
