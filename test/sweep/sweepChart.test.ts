import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axisStart } from '../../src/sweep/sweepChart.ts';

describe('axisStart', () => {
  // [lowest, highest, where the value axis starts]
  const cases: [number, number, number][] = [
    // Values reaching down to half the highest or below: from 0.
    [10, 30, 0],
    [142, 300, 0],
    [0, 0, 0],
    // High above 0: a round value a tenth of the spread below the lowest.
    [6000, 6024, 5990],
    [99.88, 99.95, 99.87],
    [5, 5, 4],
  ];
  for (const [lowest, highest, start] of cases) {
    it(`[${lowest}, ${highest}] -> ${start}`, () => assert.equal(axisStart(lowest, highest), start));
  }
});
