import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  impreciseFigures,
  nextReplications,
  PRECISION_MAX_REPLICATIONS,
  parsePrecision,
} from '../../src/metrics/precision.ts';
import type { MeanWithInterval, VariantSummary } from '../../src/metrics/results.ts';

describe('parsePrecision', () => {
  const cases: [string, number | undefined][] = [
    ['5%', 0.05],
    [' 2.5 % ', 0.025],
    ['0.05', 0.05],
    ['0%', undefined],
    ['100%', undefined],
    ['1', undefined],
    ['-5%', undefined],
    ['five', undefined],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.equal(parsePrecision(text), expected));
});

describe('nextReplications', () => {
  const cases: [number, number][] = [
    [1, 2],
    [5, 10],
    [150, PRECISION_MAX_REPLICATIONS],
    [PRECISION_MAX_REPLICATIONS, PRECISION_MAX_REPLICATIONS],
  ];
  for (const [n, next] of cases) it(`${n} -> ${next}`, () => assert.equal(nextReplications(n), next));
});

describe('impreciseFigures', () => {
  const v = (name: string, metrics: Record<string, MeanWithInterval>) => ({ name, metrics }) as unknown as VariantSummary;
  it('the headline figures (correctness, convergenceP95Ms) wider than asked, or without an interval', () =>
    assert.deepEqual(
      impreciseFigures(
        [
          v('push', {
            correctness: { mean: 0.99, ci95: { low: 0.98, high: 1 } },
            convergenceP95Ms: { mean: 100, ci95: { low: 80, high: 130 } },
          }),
          v('pull', {
            correctness: { mean: 0.99, ci95: null },
            convergenceP95Ms: { mean: null, ci95: null },
            zeroReadyMs: { mean: 1, ci95: { low: 0, high: 100 } },
          }),
        ],
        0.05,
      ),
      [
        { variant: 'push', metric: 'convergenceP95Ms', relativeHalfWidth: 0.25 },
        { variant: 'pull', metric: 'correctness', relativeHalfWidth: null },
      ],
    ));
});
