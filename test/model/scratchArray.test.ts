import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyScratch } from '../../src/model/scratchArray.ts';

test('emptyScratch empties the array itself, for any length', () => {
  for (const length of [0, 1, 3, 40]) {
    const array = Array.from({ length }, (_, i) => i);
    emptyScratch(array);
    assert.equal(array.length, 0);
    array.push(7);
    assert.deepEqual(array, [7]);
  }
});
