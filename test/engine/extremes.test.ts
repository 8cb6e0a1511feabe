import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendAll, maxOf, minOf } from '../../src/engine/extremes.ts';

test('maxOf and minOf agree with Math.max and Math.min on small arrays', () => {
  const cases: number[][] = [[], [1], [3, -2, 7], [-4, -9], [5, Number.NaN, 1], [Number.POSITIVE_INFINITY, 2]];
  for (const values of cases) {
    assert.equal(maxOf(values), Math.max(...values), `max of ${values}`);
    assert.equal(minOf(values), Math.min(...values), `min of ${values}`);
  }
  assert.equal(maxOf([], 0), 0);
  assert.equal(minOf([], 1), 1);
});

test('a million values: no RangeError where spreading would overflow the stack', () => {
  const values = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
  assert.throws(() => Math.max(...values), RangeError);
  let max = values[0];
  let min = values[0];
  for (const v of values) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  assert.equal(maxOf(values), max);
  assert.equal(minOf(values), min);
  const target = [1];
  appendAll(target, values);
  assert.equal(target.length, 1_000_001);
});
