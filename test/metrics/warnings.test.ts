import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PairedDifference, VariantSummary } from '../../src/metrics/results.ts';
import { summaryWarnings } from '../../src/metrics/warnings.ts';

const v = (name: string, vsBaseline: Record<string, PairedDifference>) =>
  ({ name, vsBaseline }) as unknown as VariantSummary;
const d = (mean: number, low: number, high: number): PairedDifference => ({ mean, ci95: { low, high }, pairs: 5 });

describe('summaryWarnings', () => {
  const variants = [
    v('push', {}),
    v('pull', {
      // Differs, interval holds 0: cannot rank.
      convergenceP95Ms: d(5000, -1000, 11_000),
      // Clearly better: fine.
      correctness: d(0.01, 0.005, 0.02),
      // Not a headline metric: not checked.
      zeroReadyMs: d(1, -1, 3),
    }),
    // Identical runs: nothing to rank.
    v('same', { convergenceP95Ms: d(0, 0, 0), correctness: d(0, 0, 0) }),
  ];
  const cases: [string, number, string[]][] = [
    ['5 replications: only the ranking', 5, ['cannotRank pull convergenceP95Ms']],
    ['4 replications: and too few', 4, ['fewReplications', 'cannotRank pull convergenceP95Ms']],
  ];
  for (const [name, replications, expected] of cases) {
    it(name, () =>
      assert.deepEqual(
        summaryWarnings(replications, variants, 'push').map((w) =>
          w.kind === 'cannotRank' ? `${w.kind} ${w.variant} ${w.metric}` : w.kind,
        ),
        expected,
      ));
  }
});
