import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  pairedDifference,
  mean,
  meanWithInterval,
  percentile,
  sampleVariance,
  studentT975,
  summarizeDistribution,
} from '../../src/metrics/statistics.ts';

function assertClose(
  actual: number | null | undefined,
  expected: number,
  tolerance: number,
  what: string,
): void {
  assert.ok(typeof actual === 'number', `${what}: expected a number, found ${actual}`);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: expected ${expected} ± ${tolerance}, found ${actual}`,
  );
}

describe('mean', () => {
  const cases: [readonly number[], number][] = [
    [[5], 5],
    [[1, 2, 3, 4], 2.5],
    [[3, 1, 4, 1, 5, 9, 2, 6], 3.875],
    [[-2, 2], 0],
  ];
  for (const [xs, expected] of cases) {
    it(`mean(${JSON.stringify(xs)}) = ${expected}`, () => assert.equal(mean(xs), expected));
  }
  it('throws on an empty sample', () => assert.throws(() => mean([]), RangeError));
});

describe('sampleVariance', () => {
  const cases: [readonly number[], number][] = [
    [[1, 1], 0],
    [[1, 3], 2],
    [[2, 4, 4, 4, 5, 5, 7, 9], 32 / 7],
    [[3, 1, 4, 1, 5, 9, 2, 6], 7.553571428571429],
    // Large offsets must not cancel out (a naive sum of squares loses this).
    [[1e9 + 1, 1e9 + 3], 2],
  ];
  for (const [xs, expected] of cases) {
    it(`sampleVariance(${JSON.stringify(xs)}) = ${expected}`, () =>
      assertClose(sampleVariance(xs), expected, 1e-12, 'variance'));
  }
  for (const xs of [[], [1]]) {
    it(`throws with ${xs.length} values`, () => assert.throws(() => sampleVariance(xs), RangeError));
  }
});

describe('percentile (type 7, as NumPy and R)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const cases: [readonly number[], number, number][] = [
    [[7], 0, 7],
    [[7], 50, 7],
    [[7], 100, 7],
    [[2, 4], 50, 3],
    [[2, 4], 95, 3.9],
    [[2, 4], 99, 3.98],
    [ten, 0, 1],
    [ten, 50, 5.5],
    [ten, 95, 9.55],
    [ten, 99, 9.91],
    [ten, 100, 10],
    [[1, 1, 2, 3, 4, 5, 6, 9], 25, 1.75],
    [[1, 1, 2, 3, 4, 5, 6, 9], 90, 6.9],
  ];
  for (const [xs, p, expected] of cases) {
    it(`p${p} of ${JSON.stringify(xs)} = ${expected}`, () =>
      assertClose(percentile(xs, p), expected, 1e-12, 'percentile'));
  }
  const bad: [readonly number[], number][] = [
    [[], 50],
    [[1], -1],
    [[1], 101],
    [[1], Number.NaN],
  ];
  for (const [xs, p] of bad) {
    it(`throws for p=${p} of ${JSON.stringify(xs)}`, () =>
      assert.throws(() => percentile(xs, p), RangeError));
  }
});

describe('summarizeDistribution', () => {
  it('gives nulls for an empty sample', () =>
    assert.deepEqual(summarizeDistribution([]), {
      n: 0,
      mean: null,
      p50: null,
      p95: null,
      p99: null,
      max: null,
    }));

  it('sorts a copy and summarizes', () => {
    const xs = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    const before = [...xs];
    const s = summarizeDistribution(xs);
    assert.deepEqual(xs, before, 'input left as it was');
    assert.equal(s.n, 10);
    assert.equal(s.mean, 5.5);
    assert.equal(s.p50, 5.5);
    assertClose(s.p95, 9.55, 1e-12, 'p95');
    assertClose(s.p99, 9.91, 1e-12, 'p99');
    assert.equal(s.max, 10);
  });

  it('summarizes one value', () =>
    assert.deepEqual(summarizeDistribution([42]), { n: 1, mean: 42, p50: 42, p95: 42, p99: 42, max: 42 }));
});

describe('studentT975', () => {
  // Printed tables give three decimals; the function is far more precise.
  const cases: [number, number][] = [
    [1, 12.706],
    [2, 4.303],
    [5, 2.571],
    [9, 2.262],
    [10, 2.228],
    [20, 2.086],
    [29, 2.045],
    [30, 2.042],
    [31, 2.04],
    [40, 2.021],
    [60, 2.0],
    [120, 1.98],
    [1000, 1.962],
    [1e6, 1.96],
    [Number.POSITIVE_INFINITY, 1.96],
  ];
  for (const [df, expected] of cases) {
    it(`df=${df} -> ${expected}`, () => assertClose(studentT975(df), expected, 5e-4, `t(${df})`));
  }

  it('matches t(0.975) beyond the table to 1e-7 (values from scipy.stats.t.ppf)', () => {
    const exact: [number, number][] = [
      [31, 2.039513446396408],
      [40, 2.021075390306273],
      [60, 2.0002978220142604],
      [120, 1.9799304050824402],
      [1000, 1.9623390808264083],
    ];
    for (const [df, expected] of exact) assertClose(studentT975(df), expected, 1e-7, `t(${df})`);
  });

  it('decreases with df across the table boundary', () => {
    for (let df = 1; df < 200; df++)
      assert.ok(studentT975(df + 1) < studentT975(df), `t(${df + 1}) < t(${df})`);
  });

  for (const df of [0, 0.5, -1, 2.5, Number.NaN]) {
    it(`throws for df=${df}`, () => assert.throws(() => studentT975(df), RangeError));
  }
});

describe('meanWithInterval', () => {
  it('has no mean and no interval for no values', () =>
    assert.deepEqual(meanWithInterval([]), { mean: null, ci95: null }));

  it('has a mean but no interval for one value', () =>
    assert.deepEqual(meanWithInterval([7]), { mean: 7, ci95: null }));

  it('has a zero-width interval for identical values', () =>
    assert.deepEqual(meanWithInterval([4, 4, 4]), { mean: 4, ci95: { low: 4, high: 4 } }));

  const cases: [readonly number[], number, number, number][] = [
    // mean ± 12.706 * |a - b| / 2 for two values.
    [[1, 3], 2, 2 - 12.706204736174694, 2 + 12.706204736174694],
    // scipy.stats.t.interval(0.95, 4, loc=11, scale=std/sqrt(5)).
    [[10, 12, 9, 11, 13], 11, 9.036756838522443, 12.963243161477557],
  ];
  for (const [xs, m, low, high] of cases) {
    it(`${JSON.stringify(xs)} -> ${m} [${low}, ${high}]`, () => {
      const result = meanWithInterval(xs);
      assert.equal(result.mean, m);
      assertClose(result.ci95?.low, low, 1e-9, 'low');
      assertClose(result.ci95?.high, high, 1e-9, 'high');
    });
  }
});

describe('pairedDifference', () => {
  it('averages the differences of the pairs where both are present, with a t-interval', () => {
    const d = pairedDifference([10, 12, null, 15], [8, 9, 5, null]);
    assert.equal(d.pairs, 2);
    assert.equal(d.mean, 2.5);
    // Differences 2 and 3: sd 0.7071, t(1) = 12.706, half width 12.706 * 0.7071 / sqrt(2) = 6.353.
    assert.ok(d.ci95 !== null);
    assert.ok(Math.abs(d.ci95.low - (2.5 - 6.353)) < 1e-3);
    assert.ok(Math.abs(d.ci95.high - (2.5 + 6.353)) < 1e-3);
  });

  it('is tight when the shared noise cancels, unlike the difference of independent means', () => {
    const base = [100, 300, 200, 500, 400];
    const variant = base.map((x) => x + 10);
    const d = pairedDifference(variant, base);
    assert.deepEqual(d.ci95, { low: 10, high: 10 });
  });

  it('refuses samples of different lengths and gives nulls with no pair', () => {
    assert.throws(() => pairedDifference([1], [1, 2]), RangeError);
    assert.deepEqual(pairedDifference([null], [1]), { mean: null, ci95: null, pairs: 0 });
  });
});
