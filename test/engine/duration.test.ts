import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  DURATION_EXAMPLES,
  DurationError,
  formatDuration,
  MAX_DURATION_MS,
  parseDuration,
} from '../../src/engine/duration.ts';

describe('parseDuration accepts', () => {
  const cases: [string, number][] = [
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['0s', 0],
    ['0ms', 0],
    ['1ms', 1],
    ['1m1ms', 60_001],
    ['1d2h3m4s5ms', 93_784_005],
    ['1.5s', 1500],
    ['1.1s', 1100], // floating-point dust (1100.0000000000002) is not a fraction of a ms
    ['0.25h', 900_000],
    ['  5s  ', 5000],
    ['90s', 90_000], // units need not be normalised
  ];
  for (const [text, ms] of cases) {
    test(`${JSON.stringify(text)} = ${ms} ms`, () => assert.equal(parseDuration(text), ms));
  }
});

describe('parseDuration rejects', () => {
  const cases: [string, string][] = [
    ['', 'empty'],
    ['   ', 'blank'],
    ['5', 'no unit'],
    ['5 s', 'space before the unit'],
    ['5 minutes', 'words'],
    ['5sec', 'unknown unit'],
    ['5S', 'upper-case unit'],
    ['-5s', 'negative'],
    ['+5s', 'sign'],
    ['.5s', 'no leading digit'],
    ['1e3s', 'exponent'],
    ['30m1h', 'units out of order'],
    ['1h1h', 'unit repeated'],
    ['1s 1ms', 'space between parts'],
    ['0.5ms', 'fraction of a millisecond'],
    ['1.0001s', 'fraction of a millisecond in seconds'],
    ['99999999999999999999d', 'beyond a safe integer'],
    ['ms', 'unit alone'],
    ['exp(5s)', 'a distribution'],
  ];
  for (const [text, why] of cases) {
    test(`${JSON.stringify(text)} (${why})`, () => {
      assert.throws(
        () => parseDuration(text),
        (error: unknown) =>
          error instanceof DurationError &&
          error.code === 'E_DURATION' &&
          error.found === text &&
          error.expected === `a duration like ${DURATION_EXAMPLES}` &&
          error.message === `expected a duration like ${DURATION_EXAMPLES}, found ${JSON.stringify(text)}`,
      );
    });
  }
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [1, '1ms'],
    [500, '500ms'],
    [1500, '1s500ms'],
    [60_000, '1m'],
    [5_400_000, '1h30m'],
    [604_800_000, '7d'],
    [93_784_005, '1d2h3m4s5ms'],
    [-5000, '-5s'],
    [1.4, '1ms'], // rounded to whole ms
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NaN, 'NaN'],
  ];
  for (const [ms, text] of cases) {
    test(`${ms} ms -> ${JSON.stringify(text)}`, () => assert.equal(formatDuration(ms), text));
  }

  test('parseDuration reads back what formatDuration writes, for any whole ms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DURATION_MS }), (ms) => {
        assert.equal(parseDuration(formatDuration(ms)), ms);
      }),
      { numRuns: 500 },
    );
  });

  test('formatDuration normalises what parseDuration reads', () => {
    for (const [text, canonical] of [
      ['90s', '1m30s'],
      ['1.5s', '1s500ms'],
      ['0ms', '0s'],
      ['24h', '1d'],
    ]) {
      assert.equal(formatDuration(parseDuration(text)), canonical);
    }
  });
});

test('a duration over 10,000 years is refused: a time plus it would no longer be an exact integer', () => {
  assert.equal(parseDuration('3650000d'), MAX_DURATION_MS);
  assert.throws(() => parseDuration('3650001d'), (e: unknown) => e instanceof DurationError && e.expected === 'a duration of at most 3650000d (10,000 years)');
  assert.throws(() => parseDuration('100000000d'), DurationError);
});
