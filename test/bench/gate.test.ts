import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type BenchmarkComparison,
  compareResults,
  exactVerdict,
  GATE_EXIT,
  gateOutcome,
  speedVerdict,
  type Verdict,
} from '../../src/bench/gate.ts';
import { exact, FINGERPRINT, result, speed } from './fixtures.ts';

describe('exact figures: strict, by the metric direction', () => {
  const cases: [string, Parameters<typeof exact>[0], Parameters<typeof exact>[0], Verdict][] = [
    ['equal', {}, {}, { state: 'unchanged', change: 0 }],
    [
      'lower is better, went up by a hair',
      { value: 1000 },
      { value: 1000.5 },
      { state: 'regressed', change: 0.0005, threshold: null },
    ],
    ['lower is better, went down', { value: 1000 }, { value: 900 }, { state: 'improved', change: -0.1 }],
    [
      'higher is better, went down',
      { better: 'higher', value: 0.5 },
      { better: 'higher', value: 0.25 },
      { state: 'regressed', change: -0.5, threshold: null },
    ],
    [
      'higher is better, went up',
      { better: 'higher', value: 0.5 },
      { better: 'higher', value: 0.75 },
      { state: 'improved', change: 0.5 },
    ],
    [
      'no direction (an event count)',
      { better: undefined, value: 100 },
      { better: undefined, value: 150 },
      { state: 'changed', change: 0.5 },
    ],
    [
      'a hash',
      { better: undefined, value: 'aa' },
      { better: undefined, value: 'bb' },
      { state: 'changed', change: null },
    ],
    [
      'an equal hash',
      { better: undefined, value: 'aa' },
      { better: undefined, value: 'aa' },
      { state: 'unchanged', change: null },
    ],
    ['a value that appeared', { value: null }, { value: 5 }, { state: 'changed', change: null }],
    [
      'from zero: worse, no relative change',
      { value: 0 },
      { value: 5 },
      { state: 'regressed', change: null, threshold: null },
    ],
  ];
  for (const [name, baseline, current, expected] of cases) {
    it(name, () => assert.deepEqual(exactVerdict(exact(baseline), exact(current)), expected));
  }
});

describe('speed figures: at least 10%, wider with noise, inconclusive within it', () => {
  const cases: [
    string,
    Parameters<typeof speed>[0],
    Parameters<typeof speed>[0],
    Verdict['state'],
    number?,
  ][] = [
    ['5% slower, quiet: below the 10% floor', {}, { value: 950_000 }, 'unchanged'],
    ['15% slower, quiet: beyond 10%', {}, { value: 850_000 }, 'regressed', 0.1],
    ['15% faster, quiet', {}, { value: 1_150_000 }, 'improved'],
    ['15% slower, 10% noise now: within 2 x noise', {}, { value: 850_000, noise: 0.1 }, 'inconclusive', 0.2],
    ['15% slower, the baseline was the noisy one', { noise: 0.1 }, { value: 850_000 }, 'inconclusive', 0.2],
    [
      '25% slower, 10% noise: beyond 2 x noise',
      { noise: 0.1 },
      { value: 750_000, noise: 0.05 },
      'regressed',
      0.2,
    ],
    [
      '15% faster within noise is inconclusive too',
      {},
      { value: 1_150_000, noise: 0.1 },
      'inconclusive',
      0.2,
    ],
    [
      'lower is better: wall time up 20%',
      { measure: 'wallMs', unit: 'ms', better: 'lower', value: 100 },
      { measure: 'wallMs', unit: 'ms', better: 'lower', value: 120 },
      'regressed',
      0.1,
    ],
  ];
  for (const [name, baseline, current, state, threshold] of cases) {
    it(name, () => {
      const verdict = speedVerdict(speed(baseline), speed(current));
      assert.equal(verdict.state, state);
      if (threshold !== undefined)
        assert.ok('threshold' in verdict && Math.abs((verdict.threshold ?? 0) - threshold) < 1e-12);
    });
  }
});

describe('benchmarks: fingerprints, missing baselines and the exit code', () => {
  const worse = result({
    figures: [
      exact({ value: 1001 }),
      exact({ measure: 'correctness', unit: 'ratio', value: 0.99, better: 'higher' }),
      speed(),
    ],
  });
  const cases: [
    string,
    ReturnType<typeof result>[],
    ReturnType<typeof result>[],
    boolean,
    BenchmarkComparison['state'][],
    number,
  ][] = [
    ['identical: pass', [result()], [result()], false, ['compared'], 0],
    ['an exact figure got worse: regression', [result()], [worse], false, ['compared'], 1],
    [
      'another seed: mismatch, nothing compared',
      [result()],
      [result({ fingerprint: { ...FINGERPRINT, seed: 7 } })],
      false,
      ['mismatch'],
      2,
    ],
    [
      'another simulator version: a mismatch even with resultsOnly',
      [result()],
      [result({ fingerprint: { ...FINGERPRINT, tool: 'gitops-sim 0.2.0' } })],
      true,
      ['mismatch'],
      2,
    ],
    [
      'another CPU: mismatch',
      [result()],
      [result({ fingerprint: { ...FINGERPRINT, cpu: 'Intel Xeon' } })],
      false,
      ['mismatch'],
      2,
    ],
    [
      'another CPU with resultsOnly: the exact figures compare',
      [result()],
      [result({ fingerprint: { ...FINGERPRINT, cpu: 'Intel Xeon' }, figures: result().figures.slice(0, 2) })],
      true,
      ['compared'],
      0,
    ],
    [
      'another Node with resultsOnly and a worse exact figure: regression',
      [result()],
      [{ ...worse, fingerprint: { ...FINGERPRINT, node: 'v22.0.0' }, figures: worse.figures.slice(0, 2) }],
      true,
      ['compared'],
      1,
    ],
    ['not in the baseline: mismatch', [result({ name: 'other' })], [result()], false, ['noBaseline'], 2],
    [
      'a figure the baseline lacks (it was made with --results-only): mismatch',
      [result({ figures: result().figures.slice(0, 2) })],
      [result()],
      false,
      ['compared'],
      2,
    ],
    [
      'baseline benchmarks that were not run are ignored',
      [result(), result({ name: 'other' })],
      [result()],
      false,
      ['compared'],
      0,
    ],
    [
      'a mismatch outranks a regression',
      [result(), result({ name: 'b' })],
      [worse, result({ name: 'b', fingerprint: { ...FINGERPRINT, seed: 1 } })],
      false,
      ['compared', 'mismatch'],
      2,
    ],
  ];
  for (const [name, baseline, current, resultsOnly, states, exitCode] of cases) {
    it(name, () => {
      const comparisons = compareResults(baseline, current, { resultsOnly });
      assert.deepEqual(
        comparisons.map((c) => c.state),
        states,
      );
      assert.equal(GATE_EXIT[gateOutcome(comparisons)], exitCode);
    });
  }

  it('another machine: exact figures compared, speed figures not', () => {
    const [c] = compareResults([result()], [result({ fingerprint: { ...FINGERPRINT, cpu: 'Intel Xeon' } })], {
      resultsOnly: false,
    });
    assert.equal(c.state, 'mismatch');
    assert.ok(c.state === 'mismatch');
    assert.deepEqual(
      c.figures.map((f) => f.verdict.state),
      ['unchanged', 'unchanged', 'notCompared'],
    );
    assert.deepEqual(c.differences, [
      { field: 'cpu', affects: 'machine', baseline: 'AMD EPYC', current: 'Intel Xeon' },
    ]);
  });
});
