import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { METRICS, type MetricDefinition, metricNamed } from '../../src/metrics/definitions.ts';
import {
  estimateMetric,
  metricFigure,
  meanInterval,
  metricStatistic,
  pairedMetric,
  pooledStretches,
  type RunSample,
  unpairedMetric,
} from '../../src/metrics/estimate.ts';
import { bootstrapInterval, intervalRandom, UNBOUNDED } from '../../src/metrics/intervals.ts';
import { percentile } from '../../src/metrics/statistics.ts';

const metric = (name: string): MetricDefinition => metricNamed(name)!;

describe('metricStatistic of a pooled quantile', () => {
  it('equals the percentile of the pool with each run repeated as often as drawn', () =>
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 }),
        fc.constantFrom(50, 95, 99),
        (runs, drawn, p) => {
          const samples = runs.map((r) => [...r].sort((a, b) => a - b));
          const counts = Int32Array.from(samples.map((_, i) => drawn[i]));
          const pool = samples.flatMap((r, i) => Array.from({ length: counts[i] }, () => r).flat()).sort((a, b) => a - b);
          const m = { ...metric('convergenceP95Ms'), aggregation: { kind: 'pooledQuantile' as const, p, values: () => [] } };
          const actual = metricStatistic(m, samples)(counts);
          return pool.length === 0 ? actual === null : Math.abs(actual! - percentile(pool, p)) < 1e-9;
        },
      ),
    ));
});

describe('metricStatistic of a pooled quantile, exactly', () => {
  /** The walk over an object per value sorted by value, then run: what the statistic computed before. */
  function byObjects(runs: readonly (readonly number[])[], p: number, counts: Int32Array): number | null {
    const entries = runs.flatMap((values, run) => values.map((value) => ({ value, run })));
    entries.sort((x, y) => x.value - y.value || x.run - y.run);
    let total = 0;
    for (let i = 0; i < runs.length; i++) total += counts[i] * runs[i].length;
    if (total === 0) return null;
    const h = ((total - 1) * p) / 100;
    const lo = Math.floor(h);
    const fraction = h - lo;
    let seen = 0;
    let low: number | null = null;
    for (const e of entries) {
      seen += counts[e.run];
      if (low === null && seen > lo) {
        low = e.value;
        if (fraction === 0) return low;
      }
      if (low !== null && seen > lo + 1) return Math.min(e.value, low + fraction * (e.value - low));
    }
    return low;
  }

  it('is bit for bit the walk over every value sorted by value and run, ties and unsorted runs included', () =>
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })), { maxLength: 8 }), {
          minLength: 1,
          maxLength: 9,
        }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }),
        fc.constantFrom(0, 37.5, 50, 95, 99, 100),
        (runs, drawn, p) => {
          const samples = runs.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v)));
          const counts = Int32Array.from(samples.map((_, i) => drawn[i]));
          const m = { ...metric('convergenceP95Ms'), aggregation: { kind: 'pooledQuantile' as const, p, values: () => [] } };
          return Object.is(metricStatistic(m, samples)(counts), byObjects(samples, p, counts));
        },
      ),
      { numRuns: 500 },
    ));

  it('is bit for bit that walk where the pool is long enough to start the walk past its first stretches', () =>
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 20, maxLength: 60 }), { minLength: 2, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 30, maxLength: 30 }),
        fc.constantFrom(0, 12.5, 50, 95, 99, 100),
        (runs, drawn, p) => {
          const counts = Int32Array.from(runs.map((_, i) => drawn[i]));
          const m = { ...metric('convergenceP95Ms'), aggregation: { kind: 'pooledQuantile' as const, p, values: () => [] } };
          return Object.is(metricStatistic(m, runs)(counts), byObjects(runs, p, counts));
        },
      ),
      { numRuns: 300 },
    ));
});

describe('pooledStretches', () => {
  // values, units, most counts kept: the width is at least 64 values, wider where the counts would pass the most.
  const cases: [number, number, number, number][] = [
    [0, 3, 2 ** 20, 64],
    [100, 3, 2 ** 20, 64],
    [1000, 50, 2 ** 20, 64],
    [1000, 50, 500, 100],
    [5000, 7, 100, 350],
  ];
  for (const [values, units, maxCounts, width] of cases) {
    it(`${values} values of ${units} runs, at most ${maxCounts} counts: stretches of ${width}, each run's values before each`, () => {
      const runOf = Uint32Array.from({ length: values }, (_, i) => (i * 7919) % units);
      const stretches = pooledStretches(runOf, units, maxCounts);
      assert.equal(stretches.width, width);
      assert.equal(stretches.count, Math.max(1, Math.ceil(values / width)));
      // The last stretch may be short: one run's worth of counts more at most.
      assert.ok(stretches.before.length <= Math.max(maxCounts, units) + units);
      for (let k = 0; k < stretches.count; k++) {
        for (let r = 0; r < units; r++) {
          const expected = runOf.subarray(0, k * width).filter((run) => run === r).length;
          assert.equal(stretches.before[k * units + r], expected, `stretch ${k}, run ${r}`);
        }
      }
    });
  }
});

describe('estimateMetric', () => {
  const cases: [string, RunSample[], number | null][] = [
    ['correctness', [0.9, null, 1], 0.95],
    ['convergenceP50Ms', [[100, 300], [200]], 200],
    ['rollbackCorrect', [[1, 2], [0, 0], [3, 3]], 0.8],
    ['rollbackCorrect', [[0, 0]], null],
    ['zeroReadyMs', [], null],
  ];
  for (const [name, samples, value] of cases) {
    it(`${name} of ${JSON.stringify(samples)} = ${value}`, () =>
      assert.equal(estimateMetric(metric(name), samples, 1).mean, value));
  }
  it('a pooled share has its Wilson interval', () =>
    assert.deepEqual(estimateMetric(metric('rollbackCorrect'), [[17, 18]], 1).ci95, {
      low: 0.7424269921812741,
      high: 0.990124809021697,
    }));

  /** Samples a run could give for the metric, by its aggregation and range. */
  function samplesFor(m: MetricDefinition): fc.Arbitrary<RunSample[]> {
    const top = m.range === 'share' ? 1 : 1e8;
    switch (m.aggregation.kind) {
      case 'runMean':
        return fc.array(fc.option(fc.double({ min: 0, max: top, noNaN: true }), { nil: null }), { maxLength: 6 });
      case 'pooledQuantile':
        return fc.array(
          fc.array(fc.double({ min: 0, max: top, noNaN: true }), { maxLength: 8 }).map((xs) => xs.sort((a, b) => a - b)),
          { maxLength: 6 },
        );
      case 'pooledShare':
        return fc.array(
          fc.tuple(fc.nat(20), fc.nat(20)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]),
          { maxLength: 6 },
        );
    }
  }
  for (const m of METRICS) {
    it(`property: ${m.name}'s figure and interval stay in its range (${m.range})`, () =>
      fc.assert(
        fc.property(samplesFor(m), fc.oneof(fc.integer(), fc.string()), (samples, seed) => {
          const { mean, ci95 } = estimateMetric(m, samples, seed);
          const top = m.range === 'share' ? 1 : Number.POSITIVE_INFINITY;
          const inRange = (x: number): boolean => x >= 0 && x <= top;
          return (mean === null || inRange(mean)) && (ci95 === null || (inRange(ci95.low) && inRange(ci95.high)));
        }),
        { numRuns: 40 },
      ));
    it(`property: ${m.name}'s figure alone (metricFigure) is estimateMetric's, bit for bit`, () =>
      fc.assert(
        fc.property(samplesFor(m), (samples) => Object.is(metricFigure(m, samples), estimateMetric(m, samples, 1).mean)),
        { numRuns: 40 },
      ));
  }
});

describe('meanInterval', () => {
  it('the same values, seed and key give the same interval', () =>
    assert.deepEqual(meanInterval([1, 2, 8], 7, 'applies', 'events'), meanInterval([1, 2, 8], 7, 'applies', 'events')));
  it('a count of events at 0 in every run gets the Poisson bound a metric gets; another measure keeps [0, 0]', () => {
    const events = meanInterval([0, 0, 0, 0], 7, 'nodeFailures', 'events');
    assert.deepEqual(events, estimateMetric(metricNamed('abortedRollouts')!, [0, 0, 0, 0], 7));
    assert.ok(Math.abs(events.ci95!.high - 3.6889 / 4) < 1e-4, `${events.ci95!.high}`);
    assert.deepEqual(meanInterval([0, 0, 0, 0], 7, 'apiThrottledMs', 'measure').ci95, { low: 0, high: 0 });
    assert.deepEqual(meanInterval([5, 5, 5], 7, 'syncs', 'events').ci95, { low: 5, high: 5 });
  });
});

describe('pairedMetric', () => {
  const a = [110, 205, 330, 90, 160];
  const b = [100, 200, 300, 80, 150];
  it('the mean of the run-by-run differences, with the number of pairs', () => {
    const d = pairedMetric(metric('zeroReadyMs'), a, b, 1);
    assert.equal(d.mean, 13);
    assert.equal(d.pairs, 5);
    assert.ok(d.ci95!.low > 0 && d.ci95!.high <= 30, JSON.stringify(d.ci95));
  });
  it('far tighter than the difference of the same runs taken as unpaired', () => {
    const paired = pairedMetric(metric('zeroReadyMs'), a, b, 1).ci95!;
    const unpaired = unpairedMetric(metric('zeroReadyMs'), a, b, 1).ci95!;
    assert.ok(unpaired.low < 0 && unpaired.high > 30, JSON.stringify(unpaired));
    assert.ok(paired.high - paired.low < (unpaired.high - unpaired.low) / 3);
  });
  it('leaves out pairs where either run has nothing to measure', () =>
    assert.equal(pairedMetric(metric('driftOpenMeanMs'), [1, null, 3], [0, 5, null], 1).pairs, 1));
  it('pooled quantiles: resamples whole pairs of runs', () => {
    const d = pairedMetric(metric('convergenceP50Ms'), [[10, 20], [30]], [[5, 15], [25]], 1);
    assert.equal(d.mean, 5);
    assert.deepEqual(d.ci95, { low: 5, high: 5 });
  });
  it('samples of unequal length cannot pair', () =>
    assert.throws(() => pairedMetric(metric('zeroReadyMs'), [1], [1, 2], 1), RangeError));
});

describe('constant samples skip the resampling, with the result the resampling gives', () => {
  const metric = metricNamed('correctness')!;
  it('a metric, a load counter and a paired difference', () => {
    for (const [a, b] of [
      [[1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5]],
      [[0, 0], [0, 0]],
      [[0.1, 0.1, 0.1], [0.3, 0.3, 0.3]],
    ]) {
      const resampled = (values: number[], key: string) =>
        bootstrapInterval(values.length, metricStatistic(metric, values), intervalRandom(7, key), UNBOUNDED);
      const one = resampled(a, metric.name);
      assert.deepEqual(estimateMetric(metric, a, 7), { mean: one.value, ci95: one.ci95 });
      const counter = resampled(a, 'appliesPerRun');
      assert.deepEqual(meanInterval(a, 7, 'appliesPerRun', 'measure'), { mean: counter.value, ci95: counter.ci95 });
      const sa = metricStatistic(metric, a);
      const sb = metricStatistic(metric, b);
      const paired = bootstrapInterval(
        a.length,
        (counts) => sa(counts)! - sb(counts)!,
        intervalRandom(7, `paired\u0000${metric.name}`),
        UNBOUNDED,
      );
      assert.deepEqual(pairedMetric(metric, a, b, 7), { mean: paired.value, ci95: paired.ci95, pairs: a.length });
    }
  });
});

describe('a count seen as 0 in every run', () => {
  it('gets the exact Poisson upper bound, not [0, 0]: no event in 3 runs leaves up to 1.23 a run', () => {
    const aborted = metricNamed('abortedRollouts')!;
    const { mean, ci95 } = estimateMetric(aborted, [0, 0, 0], 7);
    assert.equal(mean, 0);
    assert.equal(ci95!.low, 0);
    assert.ok(Math.abs(ci95!.high - 3.6889 / 3) < 1e-4, `${ci95!.high}`);
  });
  it('a duration or a share at 0 in every run keeps [0, 0]: the bound is for counts of events', () =>
    assert.deepEqual(estimateMetric(metricNamed('zeroReadyMs')!, [0, 0, 0], 7).ci95, { low: 0, high: 0 }));
  it('so do a count that is not of events (a queue depth) and its load counter', () => {
    assert.deepEqual(estimateMetric(metricNamed('deliveryMaxQueueDepth')!, [0, 0, 0], 7).ci95, { low: 0, high: 0 });
    assert.deepEqual(meanInterval([0, 0, 0], 7, 'maxQueueDepth', 'measure').ci95, { low: 0, high: 0 });
  });
});
