import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMs } from '../../src/report/format.ts';

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
