import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { METRICS } from '../../src/metrics/definitions.ts';
import { type ReportSamples, SAMPLES_FORMAT } from '../../src/report/samples.ts';
import type { MeanWithInterval } from '../../src/metrics/results.ts';
import {
  type ComparableSummary,
  compareSummaries,
  comparisonText,
  regressions,
  changeVerdict,
  type Verdict,
  verdict,
} from '../../src/report/compare.ts';

const mi = (mean: number | null, low?: number, high?: number): MeanWithInterval => ({
  mean,
  ci95: low === undefined || high === undefined ? null : { low, high },
});

describe('verdict', () => {
  const cases: [string, MeanWithInterval, MeanWithInterval, 'lower' | 'higher', Verdict][] = [
    [
      'lower is better, b wholly above a: worse',
      mi(10, 8, 12),
      mi(20, 15, 25),
      'lower',
      { state: 'worse', change: 10, relativeChange: 1 },
    ],
    [
      'lower is better, b wholly below a: better',
      mi(20, 15, 25),
      mi(10, 8, 12),
      'lower',
      { state: 'better', change: -10, relativeChange: -0.5 },
    ],
    [
      'higher is better, b wholly below a: worse',
      mi(0.99, 0.98, 1),
      mi(0.9, 0.85, 0.95),
      'higher',
      { state: 'worse', change: 0.9 - 0.99, relativeChange: (0.9 - 0.99) / 0.99 },
    ],
    [
      'higher is better, b wholly above a: better',
      mi(0.9, 0.85, 0.95),
      mi(0.99, 0.98, 1),
      'higher',
      { state: 'better', change: 0.99 - 0.9, relativeChange: (0.99 - 0.9) / 0.9 },
    ],
    [
      'overlapping intervals: unchanged, however far the means',
      mi(10, 0, 20),
      mi(18, 15, 21),
      'lower',
      { state: 'unchanged', change: 8, relativeChange: 0.8 },
    ],
    [
      'touching intervals: unchanged',
      mi(10, 8, 12),
      mi(14, 12, 16),
      'lower',
      { state: 'unchanged', change: 4, relativeChange: 0.4 },
    ],
    [
      'the same value every replication: unchanged',
      mi(5, 5, 5),
      mi(5, 5, 5),
      'lower',
      { state: 'unchanged', change: 0, relativeChange: 0 },
    ],
    [
      'a different value every replication, no spread: a change',
      mi(5, 5, 5),
      mi(6, 6, 6),
      'lower',
      { state: 'worse', change: 1, relativeChange: 0.2 },
    ],
    [
      'a is 0: no relative change',
      mi(0, 0, 0),
      mi(604_800_000, 604_800_000, 604_800_000),
      'lower',
      { state: 'worse', change: 604_800_000, relativeChange: null },
    ],
    [
      'a negative mean: the relative change keeps the direction of the change',
      mi(-10, -12, -8),
      mi(-5, -6, -4),
      'higher',
      { state: 'better', change: 5, relativeChange: 0.5 },
    ],
    [
      'no interval in a (one replication), different means: inconclusive',
      mi(10),
      mi(20, 15, 25),
      'lower',
      { state: 'inconclusive', change: 10, relativeChange: 1 },
    ],
    [
      'no interval in b, different means: inconclusive',
      mi(10, 8, 12),
      mi(20),
      'lower',
      { state: 'inconclusive', change: 10, relativeChange: 1 },
    ],
    [
      'no intervals, equal means: unchanged',
      mi(7),
      mi(7),
      'higher',
      { state: 'unchanged', change: 0, relativeChange: 0 },
    ],
    ['nothing measured in a', mi(null), mi(1, 0, 2), 'lower', { state: 'missing', missingIn: 'a' }],
    ['nothing measured in b', mi(1, 0, 2), mi(null), 'lower', { state: 'missing', missingIn: 'b' }],
    ['nothing measured in either', mi(null), mi(null), 'lower', { state: 'missing', missingIn: 'both' }],
  ];
  for (const [name, a, b, better, expected] of cases) {
    it(name, () => assert.deepEqual(verdict(a, b, better), expected));
  }
});

describe('changeVerdict with a tolerance', () => {
  // a = 1000 ms, lower is better; [change interval, tolerance, state]
  const cases: [string, [number, number], number, Verdict['state']][] = [
    ['a 20 ms rise, no tolerance: worse', [10, 30], 0, 'worse'],
    ['a 20 ms rise within 1% (10 ms) at its near end: unchanged', [5, 30], 0.01, 'unchanged'],
    ['a rise wholly beyond 1%: worse', [11, 30], 0.01, 'worse'],
    ['a fall wholly beyond 1%: better', [-30, -11], 0.01, 'better'],
    ['a fall reaching into the tolerance: unchanged', [-30, -9], 0.01, 'unchanged'],
  ];
  for (const [name, [low, high], tolerance, state] of cases) {
    it(name, () =>
      assert.equal(
        changeVerdict(mi(1000, 990, 1010), mi(1020, 1010, 1030), mi((low + high) / 2, low, high), 'lower', tolerance).state,
        state,
      ),
    );
  }
  it('the overlap rule takes it too', () => {
    assert.equal(verdict(mi(1000, 990, 1010), mi(1020, 1015, 1025), 'lower').state, 'worse');
    assert.equal(verdict(mi(1000, 990, 1010), mi(1020, 1015, 1025), 'lower', 0.01).state, 'unchanged');
  });
});

function report(
  variants: Record<string, Record<string, MeanWithInterval>>,
  inputHash = '0123456789abcdef',
): ComparableSummary {
  return {
    tool: { name: 'gitops-sim', version: '0.1.0' },
    scenario: { name: 'small', seed: 3, replications: 5 },
    inputHash,
    variants: Object.entries(variants).map(([name, metrics]) => ({ name, metrics })),
  };
}

const before = report({
  push: { convergenceP50Ms: mi(12_000, 10_000, 14_000), correctness: mi(0.97, 0.96, 0.98) },
  pull: { convergenceP50Ms: mi(60_000, 50_000, 70_000), correctness: mi(0.999, 0.998, 1) },
  flux: { convergenceP50Ms: mi(300_000, 200_000, 400_000) },
});
const after = report(
  {
    pull: { convergenceP50Ms: mi(65_000, 58_000, 72_000), correctness: mi(0.95, 0.94, 0.96) },
    push: { convergenceP50Ms: mi(6000, 5000, 7000), correctness: mi(0.97, 0.96, 0.98) },
    argocd: { convergenceP50Ms: mi(90_000, 80_000, 100_000) },
  },
  'fedcba9876543210',
);
const TWO = { metrics: ['convergenceP50Ms', 'correctness'] };

describe('compareSummaries', () => {
  it('matches variants by name: a in its order, then those only b has', () =>
    assert.deepEqual(
      compareSummaries(before, after, TWO).variants.map((v) => v.name),
      ['push', 'pull', 'flux', 'argocd'],
    ));

  it('judges each metric of each variant; a variant one report lacks is missing there', () => {
    const states = compareSummaries(before, after, TWO).variants.map((v) => [
      v.name,
      ...v.metrics.map(
        (m) =>
          `${m.metric} ${m.verdict.state}${m.verdict.state === 'missing' ? ` in ${m.verdict.missingIn}` : ''}`,
      ),
    ]);
    assert.deepEqual(states, [
      ['push', 'convergenceP50Ms better', 'correctness unchanged'],
      ['pull', 'convergenceP50Ms unchanged', 'correctness worse'],
      ['flux', 'convergenceP50Ms missing in b', 'correctness missing in both'],
      ['argocd', 'convergenceP50Ms missing in a', 'correctness missing in both'],
    ]);
  });

  it('carries each metric’s unit, direction and both values', () => {
    const [push] = compareSummaries(before, after, { metrics: ['correctness'] }).variants;
    assert.deepEqual(push.metrics[0], {
      metric: 'correctness',
      unit: 'ratio',
      better: 'higher',
      a: mi(0.97, 0.96, 0.98),
      b: mi(0.97, 0.96, 0.98),
      change: null,
      method: 'overlap',
      verdict: { state: 'unchanged', change: 0, relativeChange: 0 },
    });
  });

  it('compares every metric by default, in the order of METRICS', () => {
    const [push] = compareSummaries(before, after).variants;
    assert.deepEqual(
      push.metrics.map((m) => m.metric),
      METRICS.map((m) => m.name),
    );
  });

  it('refuses a metric that does not exist', () =>
    assert.throws(() => compareSummaries(before, after, { metrics: ['nope'] }), /unknown metric: nope/));

  it('lists the regressions', () => {
    assert.deepEqual(regressions(compareSummaries(before, after, TWO)), [
      { variant: 'pull', metric: 'correctness' },
    ]);
    assert.deepEqual(regressions(compareSummaries(before, before, TWO)), []);
  });
});

describe('comparisonText', () => {
  it('writes both reports, a table per variant, what got worse, the counts and the rule', () =>
    assert.equal(
      comparisonText(
        compareSummaries(before, after, { ...TWO, labels: { a: 'reports/before', b: 'reports/after' } }),
        { all: true },
      ),
      [
        'a: reports/before ("small", seed 3, 5 replications, gitops-sim 0.1.0, input 0123456789ab)',
        'b: reports/after ("small", seed 3, 5 replications, gitops-sim 0.1.0, input fedcba987654)',
        '',
        'push',
        '  metric            a                         b                        change            verdict',
        '  convergenceP50Ms  12.0s [10.0s, 14.0s]      6.0s [5.0s, 7.0s]        -6.0s (-50.0%)    better',
        '  correctness       97.00% [96.00%, 98.00%]   97.00% [96.00%, 98.00%]  0.00 pp (0.0%)    unchanged',
        '',
        'pull',
        '  metric            a                         b                        change            verdict',
        '  convergenceP50Ms  1m 0s [50.0s, 1m 10s]     1m 5s [58.0s, 1m 12s]    +5.0s (+8.3%)     unchanged',
        '  correctness       99.90% [99.80%, 100.00%]  95.00% [94.00%, 96.00%]  -4.90 pp (-4.9%)  worse',
        '',
        'flux',
        '  metric            a                         b                        change            verdict',
        '  convergenceP50Ms  5m 0s [3m 20s, 6m 40s]    n/a                                        no value in b',
        '  correctness       n/a                       n/a                                        no value in either',
        '',
        'argocd',
        '  metric            a                         b                        change            verdict',
        '  convergenceP50Ms  n/a                       1m 30s [1m 20s, 1m 40s]                    no value in a',
        '  correctness       n/a                       n/a                                        no value in either',
        '',
        'Worse beyond the 95% confidence interval: pull correctness.',
        '1 worse, 1 better, 2 unchanged, 0 inconclusive, 4 without a value',
        "without samples.json: worse / better: b's 95% interval lies wholly on the worse / better side of a's; unchanged: they overlap.",
        '',
      ].join('\n'),
    ));

  it('says when the inputs are the same and nothing got worse; names on one line', () => {
    const text = comparisonText(
      compareSummaries(
        report({ 'a\nb': { exposureMs: mi(0, 0, 0) } }),
        report({ 'a\nb': { exposureMs: mi(0, 0, 0) } }),
        {
          metrics: ['exposureMs'],
        },
      ),
      { all: true },
    );
    assert.equal(
      text,
      [
        'a: "small", seed 3, 5 replications, gitops-sim 0.1.0, input 0123456789ab (same inputs)',
        'b: "small", seed 3, 5 replications, gitops-sim 0.1.0, input 0123456789ab (same inputs)',
        '',
        'a b',
        '  metric      a               b               change  verdict',
        '  exposureMs  0ms [0ms, 0ms]  0ms [0ms, 0ms]  0ms     unchanged',
        '',
        'Nothing got worse beyond its 95% confidence interval.',
        '0 worse, 0 better, 1 unchanged, 0 inconclusive, 0 without a value',
        "without samples.json: worse / better: b's 95% interval lies wholly on the worse / better side of a's; unchanged: they overlap.",
        '',
      ].join('\n'),
    );
  });
});

describe('compareSummaries with samples', () => {
  const samples = (seed: number, values: Record<string, (number | null)[]>): ReportSamples => ({
    format: SAMPLES_FORMAT,
    seed,
    variants: Object.entries(values).map(([name, xs]) => ({
      name,
      replications: xs.map((_, i) => i),
      metrics: { zeroReadyMs: xs },
    })),
  });
  const a = report({ push: { zeroReadyMs: mi(30, 10, 50) } });
  const b = report({ push: { zeroReadyMs: mi(33, 13, 53) } });
  // Every replication 3 ms more: the intervals overlap, the paired change is clearly +3 ms.
  const runsA = [10, 20, 30, 40, 50];
  const runsB = runsA.map((x) => x + 3);

  it('same seed: the paired change and its interval decide, not the overlap', () => {
    const [push] = compareSummaries(a, b, {
      metrics: ['zeroReadyMs'],
      samples: { a: samples(3, { push: runsA }), b: samples(3, { push: runsB }) },
    }).variants;
    const m = push.metrics[0];
    assert.equal(m.method, 'paired');
    assert.deepEqual(m.change, { mean: 3, ci95: { low: 3, high: 3 }, pairs: 5 });
    assert.equal(m.verdict.state, 'worse');
  });

  it('other seeds: unpaired, and the same shift is within the noise', () => {
    const [push] = compareSummaries(a, b, {
      metrics: ['zeroReadyMs'],
      samples: { a: samples(3, { push: runsA }), b: samples(4, { push: runsB }) },
    }).variants;
    assert.equal(push.metrics[0].method, 'unpaired');
    assert.equal(push.metrics[0].verdict.state, 'unchanged');
  });

  it('shows only what changed unless asked for all', () => {
    const comparison = compareSummaries(a, b, {
      metrics: ['zeroReadyMs'],
      samples: { a: samples(3, { push: runsA }), b: samples(3, { push: runsA }) },
    });
    const text = comparisonText(comparison);
    assert.match(text, /\npush\n {2}no metric changed beyond its 95% interval\n/);
    assert.match(text, /0 worse, 0 better, 1 unchanged, 0 inconclusive, 0 without a value \(only worse and better shown; --all for every metric\)/);
    assert.match(comparisonText(comparison, { all: true }), /\n {2}zeroReadyMs .* 0ms \(0\.0%\) \[0ms, 0ms\] +unchanged\n/);
  });
});
