import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SINGLE_THREADED_V8, sweepV8Flags } from '../../src/sweep/v8Flags.ts';

test('sweepV8Flags: single-threaded V8 only when the workers take every core', () => {
  const cases: [workers: number, cores: number, flags: string[]][] = [
    [1, 1, []],
    [1, 2, []],
    [2, 1, [SINGLE_THREADED_V8]],
    [2, 2, [SINGLE_THREADED_V8]],
    [3, 2, [SINGLE_THREADED_V8]],
    [2, 4, []],
    [3, 4, []],
    [4, 4, [SINGLE_THREADED_V8]],
    [16, 8, [SINGLE_THREADED_V8]],
  ];
  for (const [workers, cores, flags] of cases)
    assert.deepEqual(sweepV8Flags(workers, cores), flags, `${workers} workers on ${cores} cores`);
  assert.equal(SINGLE_THREADED_V8, '--single-threaded');
});
