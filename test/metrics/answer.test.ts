import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headlineAnswers } from '../../src/metrics/answer.ts';
import type { RunResult, VariantSummary } from '../../src/metrics/results.ts';

/**
 * Variants measured on `exposureMs` (lower is better, a mean over runs): per variant its level plus noise of a few
 * ms in each of ten replications, each variant's noise rotated, so levels 0.5 ms apart are not told apart
 * and levels 100 ms apart are.
 */
function answerFor(levels: Record<string, number>) {
  const noise = [0, 3, -2, 5, -4, 1, -1, 2, -3, 4];
  const runs = Object.entries(levels).flatMap(([variant, level], v) =>
    noise.map(
      (_, replication) =>
        ({ variant, replication, exposureMs: level + noise[(replication + 3 * v) % 10] }) as unknown as RunResult,
    ),
  );
  const variants = Object.entries(levels).map(
    ([name, level]) => ({ name, metrics: { exposureMs: { mean: level + 0.5, ci95: null } } }) as unknown as VariantSummary,
  );
  return headlineAnswers(['exposureMs'], variants, runs, 1)[0];
}

describe('headlineAnswers: who leads', () => {
  // [name, the variants' levels, clear, the leading group, the group's narrowest gap (member, outsider)]
  const cases: [string, Record<string, number>, boolean, string[], [string, string] | null][] = [
    ['one clearly ahead of every other', { a: 100, b: 200, c: 300 }, true, [], null],
    ['two level, both ahead of the third', { a: 100, b: 100.5, c: 300 }, false, ['a', 'b'], ['b', 'c']],
    ['three level, ahead of a fourth', { a: 100, b: 100.5, c: 100.2, d: 300 }, false, ['a', 'c', 'b'], ['b', 'd']],
    ['all level: no group', { a: 100, b: 100.5, c: 100.2 }, false, [], null],
  ];
  for (const [name, levels, clear, group, margin] of cases) {
    it(name, () => {
      const answer = answerFor(levels);
      assert.equal(answer.clear, clear);
      assert.deepEqual(answer.leadingGroup, group);
      assert.deepEqual(answer.groupMargin && [answer.groupMargin.member, answer.groupMargin.outsider], margin);
      if (answer.groupMargin !== null) assert.ok(answer.groupMargin.difference.ci95!.high < 0);
    });
  }
});

describe('headlineAnswers: what a figure leaves unfinished', () => {
  /** A run with `converged` changes of about `ms` each and `open` changes still open at the horizon. */
  const run = (variant: string, replication: number, converged: number, ms: number, open: number) =>
    ({
      variant,
      replication,
      changes: [
        ...Array.from({ length: converged }, (_, i) => ({
          kind: 'config',
          atMs: 0,
          outcome: { state: 'converged', convergenceMs: ms + ((replication * 7 + i) % 5) },
        })),
        ...Array.from({ length: open }, () => ({ kind: 'config', atMs: 0, outcome: { state: 'open' } })),
      ],
    }) as unknown as RunResult;
  const runs = Array.from({ length: 10 }, (_, r) => [run('fast', r, 1, 10, 9), run('slow', r, 10, 1000, 0)]).flat();
  const variants = [
    { name: 'fast', metrics: { convergenceMeanMs: { mean: 12, ci95: null }, convergenceUnfinished: { mean: 0.9, ci95: null } } },
    { name: 'slow', metrics: { convergenceMeanMs: { mean: 1002, ci95: null }, convergenceUnfinished: { mean: 0, ci95: null } } },
  ] as unknown as VariantSummary[];

  it('a leader that converged 1 change in 10 is not called better than one that converged all', () => {
    const [answer] = headlineAnswers(['convergenceMeanMs'], variants, runs, 1);
    assert.equal(answer.leader, 'fast');
    assert.ok(answer.difference!.ci95!.high < 0, 'faster on what it converged');
    assert.equal(answer.clear, false);
    assert.deepEqual(answer.unfinished, {
      metric: 'convergenceUnfinished',
      value: { mean: 0.9, ci95: null },
      worseThan: ['slow'],
    });
  });
  it('a metric with no unfinished companion has none', () =>
    assert.equal(headlineAnswers(['correctness'], variants, runs, 1)[0].unfinished, null));
});
