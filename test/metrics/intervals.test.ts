import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import {
  bootstrapInterval,
  constantOf,
  distinctResamples,
  expandedPercentiles,
  expandedTail,
  intervalRandom,
  normalCdf,
  resampledMean,
  type Statistic,
  sortedDeviation,
  studentFloor,
  UNBOUNDED,
  type Uniform,
  weightedMean,
  wilsonInterval,
} from '../../src/metrics/intervals.ts';
import { studentT975 } from '../../src/metrics/statistics.ts';

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, found ${actual}`);
}

describe('normalCdf', () => {
  // Reference values: R's pnorm.
  const cases: [number, number][] = [
    [0, 0.5],
    [1.959963984540054, 0.975],
    [-1.959963984540054, 0.025],
    [-3, 0.0013498980316301],
    [2.5, 0.99379033467422],
  ];
  for (const [x, p] of cases) it(`Φ(${x}) = ${p}`, () => assertClose(normalCdf(x), p, 1e-7, `Φ(${x})`));
});

describe('expandedTail', () => {
  // Φ(-√(n/(n-1)) t(0.975, n-1)), from R: pnorm(-sqrt(n/(n-1)) * qt(0.975, n-1)).
  const cases: [number, number][] = [
    [5, 0.000954],
    [10, 0.00855],
    [30, 0.01875],
  ];
  for (const [n, tail] of cases) it(`n = ${n}: ${tail}`, () => assertClose(expandedTail(n), tail, 2e-4, `n = ${n}`));
  it('tends to 2.5% as n grows', () => assertClose(expandedTail(10_000), 0.025, 2e-4, 'n = 10000'));
  it('needs two units', () => assert.throws(() => expandedTail(1), RangeError));
});

describe('wilsonInterval', () => {
  // Reference values: R's prop.test(k, n, correct = FALSE)$conf.int, and the closed form at the ends.
  const cases: [number, number, number, number][] = [
    [0, 10, 0, 0.2775328],
    [10, 10, 0.7224672, 1],
    [5, 10, 0.2365931, 0.7634069],
    [17, 18, 0.7424270, 0.9901248],
    [1, 1000, 0.0001765, 0.0056426],
  ];
  for (const [k, n, low, high] of cases) {
    it(`${k} of ${n}: [${low}, ${high}]`, () => {
      const ci = wilsonInterval(k, n)!;
      assertClose(ci.low, low, 1e-6, 'low');
      assertClose(ci.high, high, 1e-6, 'high');
    });
  }
  it('no trials: no interval', () => assert.equal(wilsonInterval(0, 0), null));
  it('rejects k outside 0..n', () => {
    assert.throws(() => wilsonInterval(3, 2), RangeError);
    assert.throws(() => wilsonInterval(-1, 2), RangeError);
    assert.throws(() => wilsonInterval(0.5, 2), RangeError);
  });
  it('stays inside [0, 1] for any k of n', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.round(f * n);
        const ci = wilsonInterval(k, n)!;
        return ci.low >= 0 && ci.high <= 1 && ci.low <= k / n && k / n <= ci.high;
      }),
    ));
});

describe('bootstrapInterval', () => {
  it('no units: no value; one unit: a value, no interval', () => {
    assert.deepEqual(bootstrapInterval(0, resampledMean([]), intervalRandom(1, 'm'), UNBOUNDED), { value: null, ci95: null });
    assert.deepEqual(bootstrapInterval(1, resampledMean([7]), intervalRandom(1, 'm'), UNBOUNDED), { value: 7, ci95: null });
  });
  it('equal values: the value itself', () =>
    assert.deepEqual(bootstrapInterval(4, resampledMean([3, 3, 3, 3]), intervalRandom(1, 'm'), UNBOUNDED), {
      value: 3,
      ci95: { low: 3, high: 3 },
    }));
  it('two units: the Student t interval, not their range (the percentile interval at n = 2 is the range)', () => {
    // Mean 3, s / √2 = 2, t(0.975, 1) = 12.706; the standard error is the resamples', within a few percent.
    const { value, ci95 } = bootstrapInterval(2, resampledMean([1, 5]), intervalRandom(1, 'm'), UNBOUNDED);
    assert.equal(value, 3);
    assertClose(ci95!.low, 3 - 2 * 12.7062, 0.8, 'low');
    assertClose(ci95!.high, 3 + 2 * 12.7062, 0.8, 'high');
  });
  it('clipped to the bounds: a duration stays at or above 0, a share within [0, 1]', () => {
    const duration = bootstrapInterval(2, resampledMean([1, 5]), intervalRandom(1, 'm'), { low: 0, high: Infinity });
    assert.equal(duration.ci95!.low, 0);
    assertClose(duration.ci95!.high, 3 + 2 * 12.7062, 0.8, 'high');
    const share = bootstrapInterval(3, resampledMean([0.9, 1, 0.95]), intervalRandom(1, 'm'), { low: 0, high: 1 });
    assert.equal(share.ci95!.high, 1);
    assert.ok(share.ci95!.low < 0.9, `low ${share.ci95!.low}`);
  });
  it('the same seed and key give the same bits; another key other resamples', () => {
    const xs = [1, 4, 9, 2, 7, 3, 8];
    const a = bootstrapInterval(xs.length, resampledMean(xs), intervalRandom(42, 'correctness'), UNBOUNDED);
    const b = bootstrapInterval(xs.length, resampledMean(xs), intervalRandom(42, 'correctness'), UNBOUNDED);
    const c = bootstrapInterval(xs.length, resampledMean(xs), intervalRandom(42, 'availability'), UNBOUNDED);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.ci95, c.ci95);
  });
  it('property: the interval of a mean holds its Student t interval, and the mean, within the bounds', () =>
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 12 }),
        fc.integer(),
        (xs, seed) => {
          const bounds = { low: 0, high: Infinity };
          const { value, ci95 } = bootstrapInterval(xs.length, resampledMean(xs), intervalRandom(seed, 'p'), bounds);
          // The standard error is the resamples' (2,000): within 25% of s / √n even for one outlier among 12.
          const half = 0.75 * tHalfWidth(xs);
          const slack = 1e-9 * (1 + Math.max(...xs));
          return (
            ci95 !== null &&
            ci95.low >= 0 &&
            ci95.low <= Math.max(0, value! - half) + slack &&
            ci95.high >= value! + half - slack &&
            ci95.low <= value! &&
            value! <= ci95.high
          );
        },
      ),
      { numRuns: 200 },
    ));
});

/** The bootstrap as written before resamples were computed once each: the statistic on every resample in turn. */
function everyResample(n: number, statistic: Statistic, random: Uniform, resamples = 2000) {
  const counts = new Int32Array(n).fill(1);
  const value = statistic(counts);
  if (value === null) return { value, ci95: null };
  const stats = new Float64Array(resamples);
  let measured = 0;
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]++;
    const s = statistic(counts);
    if (s !== null) stats[measured++] = s;
  }
  const resampled = stats.subarray(0, measured);
  const ci = expandedPercentiles(resampled, n, resamples);
  return { value, ci95: ci === null ? null : studentFloor(ci, value, sortedDeviation(resampled), n, UNBOUNDED) };
}

/** The half-width of the textbook Student t 95% interval of the mean of xs. */
function tHalfWidth(xs: readonly number[]): number {
  const n = xs.length;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
  return studentT975(n - 1) * (s / Math.sqrt(n));
}

describe('intervalRandom', () => {
  for (const [seed, key] of [
    [1, 'm'],
    ['a seed', 'paired\u0000convergenceP95Ms'],
    [0, ''],
  ] as const) {
    it(`draws what seedrandom's Alea seeded with (${JSON.stringify(seed)}, ${JSON.stringify(key)}) draws`, () => {
      const ours = intervalRandom(seed, key);
      const theirs = seedrandom.alea(`interval\u0000${seed}\u0000${key}`);
      for (let i = 0; i < 1000; i++) assert.ok(Object.is(ours(), theirs()), `draw ${i}`);
    });
  }
});

describe('resampledMean', () => {
  it('is bit for bit weightedMean over the same values', () =>
    fc.assert(
      fc.property(
        fc.array(fc.double({ noDefaultInfinity: true }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 40, maxLength: 40 }),
        (values, drawn) => {
          const counts = Int32Array.from(values.map((_, i) => drawn[i]));
          return Object.is(resampledMean(values)(counts), weightedMean(values, (i) => values[i])(counts));
        },
      ),
      { numRuns: 500 },
    ));

  const signedZeros: [string, number[], number[]][] = [
    ['-0 before 0', [-0, 0], [1, 1]],
    ['0 before -0', [0, -0], [1, 1]],
    ['-0 alone', [-0, 3], [2, 0]],
    ['infinity', [Number.POSITIVE_INFINITY, 1], [0, 2]],
  ];
  for (const [what, values, drawn] of signedZeros) {
    it(`is bit for bit weightedMean: ${what}`, () =>
      assert.ok(
        Object.is(
          resampledMean(values)(Int32Array.from(drawn)),
          weightedMean(values, (i) => values[i])(Int32Array.from(drawn)),
        ),
      ));
  }

  it('is bit for bit weightedMean over finite values, ties and zeros included', () =>
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -3, max: 3 }),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 40, maxLength: 40 }),
        (values, drawn) => {
          const counts = Int32Array.from(values.map((_, i) => drawn[i]));
          return Object.is(resampledMean(values)(counts), weightedMean(values, (i) => values[i])(counts));
        },
      ),
      { numRuns: 1000 },
    ));
});

describe('distinctResamples', () => {
  // C(2n - 1, n): multisets of n draws from n units.
  const cases: [number, number][] = [
    [1, 1],
    [2, 3],
    [3, 10],
    [5, 126],
    [7, 1716],
    [8, 6435],
    [10, 92378],
    [13, 5200300],
    [40, Number.POSITIVE_INFINITY],
  ];
  for (const [n, count] of cases) it(`${n} units: ${count}`, () => assert.equal(distinctResamples(n), count));
});

describe('bootstrapInterval with fewer different resamples than resamples', () => {
  it('computes the statistic once per different resample, each with counts that were drawn', () => {
    const values = [1, 5, 2];
    const mean = resampledMean(values);
    const seen: string[] = [];
    const counting: Statistic = (counts) => {
      seen.push(counts.join(','));
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        values.length,
      );
      return mean(counts);
    };
    bootstrapInterval(values.length, counting, intervalRandom(1, 'm'), UNBOUNDED);
    // The sample itself, then at most the 10 multisets of 3 draws from 3, each once.
    assert.equal(seen[0], '1,1,1');
    assert.ok(seen.length <= 1 + distinctResamples(3), `${seen.length} calls`);
    assert.equal(new Set(seen.slice(1)).size, seen.length - 1);
  });
  it('property: the same value and bounds, bit for bit, as the statistic on every resample (2 to 9 units; -0, NaN)', () =>
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.constantFrom(-0, 0, Number.NaN)), { freq: 4 }), {
          minLength: 2,
          maxLength: 9,
        }),
        fc.integer(),
        (xs, seed) => {
          // Null units are left out: resamples drawing only those have nothing to measure.
          const statistic = weightedMean(xs, (i) => xs[i]);
          const fast = bootstrapInterval(xs.length, statistic, intervalRandom(seed, 'p'), UNBOUNDED);
          const slow = everyResample(xs.length, statistic, intervalRandom(seed, 'p'));
          assert.deepEqual(fast, slow);
          for (const bound of ['low', 'high'] as const) {
            if (fast.ci95 !== null) assert.ok(Object.is(fast.ci95[bound], slow.ci95![bound]));
          }
        },
      ),
      { numRuns: 100 },
    ));
});

describe('bootstrapInterval from a stream by name', () => {
  // 2 and 7 units draw keyed resamples (kept per thread); 8 and more draw each resample as it is used.
  for (const n of [2, 7, 8, 12, 80]) {
    it(`${n} units: the interval of intervalRandom(seed, key), the first time and when reused`, () => {
      const xs = Array.from({ length: n }, (_, i) => ((i * 7919) % 1013) / 7);
      const expected = bootstrapInterval(n, resampledMean(xs), intervalRandom(3, `named ${n}`), UNBOUNDED);
      for (let again = 0; again < 2; again++) {
        assert.deepEqual(bootstrapInterval(n, resampledMean(xs), { seed: 3, key: `named ${n}` }, UNBOUNDED), expected);
      }
      // Another seed, other resamples (at 2 units every seed gives the smallest and largest value).
      if (n > 2) assert.notDeepEqual(bootstrapInterval(n, resampledMean(xs), { seed: 4, key: `named ${n}` }, UNBOUNDED), expected);
    });
  }
});

describe('coverage of the 95% intervals', () => {
  /** A standard normal draw (Box-Muller) from a seeded stream. */
  const normal = (draw: Uniform) => Math.sqrt(-2 * Math.log(1 - draw())) * Math.cos(2 * Math.PI * draw());
  /**
   * With 2 to 4 replications the percentile interval of a mean is the data's range, which holds a normal mean
   * 50%, 75% and 88% of the time; the Student t floor brings it to about 95% at every n.
   */
  for (const n of [2, 3, 4]) {
    it(`bootstrap interval of a mean at ${n} replications: at least 91% cover a normal mean`, () => {
      const draw = intervalRandom('coverage', `normal ${n}`);
      let covered = 0;
      const experiments = 600;
      for (let e = 0; e < experiments; e++) {
        const xs = Array.from({ length: n }, () => 10 + normal(draw));
        const { ci95 } = bootstrapInterval(n, resampledMean(xs), intervalRandom('coverage', `n${n} e${e}`), UNBOUNDED, 500);
        if (ci95!.low <= 10 && 10 <= ci95!.high) covered++;
      }
      const share = covered / experiments;
      assert.ok(share >= 0.91, `covered ${(share * 100).toFixed(1)}%`);
    });
  }
  /**
   * The analytic poll delay: a commit at a uniform moment of a 3-minute poll
   * period waits uniform(0, 180 s), mean 90 s. 1000 experiments of 10
   * replications each: the share of intervals holding 90 s.
   */
  it('bootstrap interval of a mean: 93-97% cover the true mean of the poll delay', () => {
    const periodMs = 180_000;
    const trueMeanMs = periodMs / 2;
    const draw = intervalRandom('coverage', 'poll delay');
    let covered = 0;
    const experiments = 1000;
    for (let e = 0; e < experiments; e++) {
      const xs = Array.from({ length: 10 }, () => draw() * periodMs);
      const { ci95 } = bootstrapInterval(xs.length, resampledMean(xs), intervalRandom('coverage', `e${e}`), UNBOUNDED, 1000);
      if (ci95!.low <= trueMeanMs && trueMeanMs <= ci95!.high) covered++;
    }
    const share = covered / experiments;
    assert.ok(share >= 0.93 && share <= 0.97, `covered ${(share * 100).toFixed(1)}%`);
  });
  it('Wilson interval of a share: 93-97% cover p = 0.05 (the bad release rate) over 400 releases', () => {
    const p = 0.05;
    const draw = intervalRandom('coverage', 'bad releases');
    let covered = 0;
    const experiments = 2000;
    for (let e = 0; e < experiments; e++) {
      let k = 0;
      for (let i = 0; i < 400; i++) if (draw() < p) k++;
      const ci = wilsonInterval(k, 400)!;
      if (ci.low <= p && p <= ci.high) covered++;
    }
    const share = covered / experiments;
    assert.ok(share >= 0.93 && share <= 0.97, `covered ${(share * 100).toFixed(1)}%`);
  });
});

describe('constantOf', () => {
  const cases: [(number | null)[], number | null][] = [
    [[], null],
    [[3], null],
    [[3, 3], 3],
    [[0.1, 0.1, 0.1], 0.1],
    [[3, 3, 4], null],
    [[null, null], null],
    [[3, null], null],
    [[Number.NaN, Number.NaN], null],
  ];
  for (const [values, expected] of cases) {
    it(`${JSON.stringify(values)} -> ${expected}`, () => assert.equal(constantOf(values), expected));
  }
  it('gives +0 for -0, as an interval bound is never -0', () => assert.ok(Object.is(constantOf([-0, -0]), 0)));

  it('is what the bootstrap of a mean gives for a constant sample, value and bounds bit for bit', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 2, max: 12 }), (v, n) => {
        const values = Array.from({ length: n }, () => v);
        const { value, ci95 } = bootstrapInterval(n, resampledMean(values), intervalRandom(1, 'k'), UNBOUNDED);
        const c = constantOf(values);
        return value !== null && c === value + 0 && ci95 !== null && Object.is(ci95.low, c) && Object.is(ci95.high, c);
      }),
      { numRuns: 50 },
    );
  });
});
