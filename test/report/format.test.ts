import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricUnit } from '../../src/metrics/definitions.ts';
import { formatMetric, formatMetricChange, formatMs, intervalChangeFormat } from '../../src/report/format.ts';

describe('formatMs', () => {
  const cases: [number, string][] = [
    [0, '0ms'],
    [0.4, '0ms'],
    [-0.4, '0ms'],
    [1, '1ms'],
    [850, '850ms'],
    [999.4, '999ms'],
    [999.5, '1.0s'],
    [1000, '1.0s'],
    [12_345, '12.3s'],
    [59_949, '59.9s'],
    [59_950, '1m 0s'],
    [60_000, '1m 0s'],
    [92_400, '1m 32s'],
    [3_599_499, '59m 59s'],
    [3_599_500, '1h 0m'],
    [7_500_000, '2h 5m'],
    [86_369_999, '23h 59m'],
    [86_370_000, '1d 0h'],
    [273_600_000, '3d 4h'],
    [30 * 86_400_000, '30d 0h'],
    [-92_400, '-1m 32s'],
    [-850, '-850ms'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ];
  for (const [ms, expected] of cases) {
    it(`${ms} -> ${expected}`, () => assert.equal(formatMs(ms), expected));
  }
});

describe('formatMetric', () => {
  const cases: [number, MetricUnit, string][] = [
    [92_400, 'ms', '1m 32s'],
    [-850, 'ms', '-850ms'],
    [0.9995, 'ratio', '99.95%'],
    [1, 'ratio', '100.00%'],
    [-0.00001, 'ratio', '0.00%'],
    [1234.56, 'count', '1234.6'],
    [-0.04, 'count', '0.0'],
    [5.6, 'perDay', '5.60/day'],
    [850, 'bytes', '850 B'],
    [999.4, 'bytes', '999 B'],
    [999.5, 'bytes', '1.0 kB'],
    [30_000_000, 'bytes', '30.0 MB'],
    [999_960, 'bytes', '1.0 MB'],
    [1_500_000_000, 'bytes', '1.5 GB'],
    [-2_000, 'bytes', '-2.0 kB'],
    [-0.4, 'bytes', '0 B'],
  ];
  for (const [value, unit, expected] of cases) {
    it(`${value} ${unit} -> ${expected}`, () => assert.equal(formatMetric(value, unit), expected));
  }
});

describe('formatMetricChange', () => {
  const cases: [number, MetricUnit, string][] = [
    [62_000, 'ms', '+1m 2s'],
    [-850, 'ms', '-850ms'],
    [0.3, 'ms', '0ms'],
    [-0.3, 'ms', '0ms'],
    [0.029, 'ratio', '+2.90 pp'],
    [-0.0005, 'ratio', '-0.05 pp'],
    [0.00001, 'ratio', '0.00 pp'],
    [12, 'count', '+12.0'],
    [-0.4, 'perDay', '-0.40/day'],
    [1_500_000, 'bytes', '+1.5 MB'],
  ];
  for (const [change, unit, expected] of cases) {
    it(`${change} ${unit} -> ${expected}`, () => assert.equal(formatMetricChange(change, unit), expected));
  }
});

describe('intervalChangeFormat', () => {
  // [unit, low, high, the change, the interval's ends, as shown]
  const cases: [MetricUnit, number, number, number, string, string, string][] = [
    // Holds 0: as formatMetricChange.
    ['ratio', -0.01, 0.02, 0.005, '+0.50 pp', '-1.00 pp', '+2.00 pp'],
    // Leaves out 0 and shows it at the usual decimals.
    ['ratio', 0.001, 0.05, 0.02, '+2.00 pp', '+0.10 pp', '+5.00 pp'],
    // Leaves out 0 below the usual decimals: more of them, the same for all three, two significant digits on the
    // end nearer 0.
    ['ratio', 0.000012, 0.00005, 0.00003, '+0.0030 pp', '+0.0012 pp', '+0.0050 pp'],
    ['ratio', -0.00005, -0.000012, -0.00003, '-0.0030 pp', '-0.0050 pp', '-0.0012 pp'],
    ['count', 0.002, 0.04, 0.02, '+0.0200', '+0.0020', '+0.0400'],
    ['perDay', 0.0004, 0.003, 0.001, '+0.00100/day', '+0.00040/day', '+0.00300/day'],
    // Durations keep their format.
    ['ms', 0.2, 0.4, 0.3, '0ms', '0ms', '0ms'],
  ];
  for (const [unit, low, high, change, shown, lowShown, highShown] of cases) {
    it(`${unit} [${low}, ${high}]`, () => {
      const format = intervalChangeFormat(unit, low, high);
      assert.deepEqual([format(change), format(low), format(high)], [shown, lowShown, highShown]);
    });
  }
});
