import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type BenchmarkComparison,
  compareResults,
  exactVerdict,
  GATE_EXIT,
  gateOutcome,
  isRatio,
  speedPreflight,
  speedVerdict,
  type Verdict,
} from '../../src/bench/gate.ts';
import { exact, FINGERPRINT, ratio, result, speed } from './fixtures.ts';

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

describe('benchmarks: fingerprints, absolute speed, missing baselines and the exit code', () => {
  const [exactFigure, correctness] = result().figures;
  const worse = result({ figures: [exact({ value: 1001 }), correctness, ratio(), speed()] });
  /** 25% slower: the rate over the reference's 20% lower, the absolute rate too. */
  const slower = result({
    figures: [exactFigure, correctness, ratio({ value: 0.64 }), speed({ value: 800_000 })],
  });
  /** On a machine half as fast: the same ratio, half the rate. */
  const elsewhere = (fields: Partial<typeof FINGERPRINT>) =>
    result({
      fingerprint: { ...FINGERPRINT, ...fields },
      figures: [exactFigure, correctness, ratio({ value: 0.78 }), speed({ value: 500_000 })],
    });
  const exactOnly = (r: ReturnType<typeof result>) => ({ ...r, figures: r.figures.slice(0, 2) });
  const cases: [
    string,
    ReturnType<typeof result>[],
    ReturnType<typeof result>[],
    boolean,
    BenchmarkComparison['state'][],
    Verdict['state'][][],
    number,
  ][] = [
    [
      'identical: pass; absolute speed not compared',
      [result()],
      [result()],
      false,
      ['compared'],
      [['unchanged', 'unchanged', 'unchanged', 'notCompared']],
      0,
    ],
    [
      'identical, --same-machine: absolute speed compared too',
      [result()],
      [result()],
      true,
      ['compared'],
      [['unchanged', 'unchanged', 'unchanged', 'unchanged']],
      0,
    ],
    [
      'an exact figure got worse: regression',
      [result()],
      [worse],
      false,
      ['compared'],
      [['regressed', 'unchanged', 'unchanged', 'notCompared']],
      1,
    ],
    [
      '25% slower: the ratio regressed',
      [result()],
      [slower],
      false,
      ['compared'],
      [['unchanged', 'unchanged', 'regressed', 'notCompared']],
      1,
    ],
    [
      '25% slower, --same-machine: the ratio and the rate regressed',
      [result()],
      [slower],
      true,
      ['compared'],
      [['unchanged', 'unchanged', 'regressed', 'regressed']],
      1,
    ],
    [
      'another CPU at half the speed: the ratio compares, unchanged',
      [result()],
      [elsewhere({ cpu: 'Intel Xeon' })],
      false,
      ['compared'],
      [['unchanged', 'unchanged', 'unchanged', 'notCompared']],
      0,
    ],
    [
      'another Node: the ratio compares, a worse exact figure is a regression',
      [result()],
      [{ ...worse, fingerprint: { ...FINGERPRINT, node: 'v22.0.0' } }],
      false,
      ['compared'],
      [['regressed', 'unchanged', 'unchanged', 'notCompared']],
      1,
    ],
    [
      'another CPU, --same-machine: mismatch, absolute speed not compared',
      [result()],
      [elsewhere({ cpu: 'Intel Xeon' })],
      true,
      ['mismatch'],
      [['unchanged', 'unchanged', 'unchanged', 'notCompared']],
      2,
    ],
    [
      'another CPU, exact figures only (--results-only): they compare',
      [result()],
      [exactOnly(elsewhere({ cpu: 'Intel Xeon' }))],
      false,
      ['compared'],
      [['unchanged', 'unchanged']],
      0,
    ],
    [
      'another seed: mismatch, nothing compared',
      [result()],
      [result({ fingerprint: { ...FINGERPRINT, seed: 7 } })],
      false,
      ['mismatch'],
      [[]],
      2,
    ],
    [
      'another simulator version: mismatch, nothing compared',
      [result()],
      [exactOnly(result({ fingerprint: { ...FINGERPRINT, tool: 'gitops-sim 0.2.0' } }))],
      false,
      ['mismatch'],
      [[]],
      2,
    ],
    [
      'another scenario: mismatch, nothing compared',
      [result()],
      [elsewhere({ scenarioHash: 'cd'.repeat(32) })],
      false,
      ['mismatch'],
      [[]],
      2,
    ],
    ['not in the baseline: mismatch', [result({ name: 'other' })], [result()], false, ['noBaseline'], [], 2],
    [
      'a ratio the baseline lacks (made with --results-only, or before ratios): mismatch',
      [exactOnly(result())],
      [result()],
      false,
      ['compared'],
      [['unchanged', 'unchanged', 'noBaseline', 'notCompared']],
      2,
    ],
    [
      'baseline benchmarks that were not run are ignored',
      [result(), result({ name: 'other' })],
      [result()],
      false,
      ['compared'],
      [['unchanged', 'unchanged', 'unchanged', 'notCompared']],
      0,
    ],
    [
      'a mismatch outranks a regression',
      [result(), result({ name: 'b' })],
      [worse, result({ name: 'b', fingerprint: { ...FINGERPRINT, seed: 1 } })],
      false,
      ['compared', 'mismatch'],
      [['regressed', 'unchanged', 'unchanged', 'notCompared'], []],
      2,
    ],
  ];
  for (const [name, baseline, current, sameMachine, states, verdicts, exitCode] of cases) {
    it(name, () => {
      const comparisons = compareResults(baseline, current, { sameMachine });
      assert.deepEqual(
        comparisons.map((c) => c.state),
        states,
      );
      assert.deepEqual(
        comparisons.flatMap((c) => (c.state === 'noBaseline' ? [] : [c.figures.map((f) => f.verdict.state)])),
        verdicts,
      );
      assert.equal(GATE_EXIT[gateOutcome(comparisons)], exitCode);
    });
  }

  it('says why absolute speed was not compared, and which machine fields differ', () => {
    const [here] = compareResults([result()], [result()], { sameMachine: false });
    assert.deepEqual(here.state === 'compared' && here.figures[3].verdict, {
      state: 'notCompared',
      reason: 'absolute; --same-machine gates it',
    });
    const [there] = compareResults([result()], [elsewhere({ cpu: 'Intel Xeon' })], { sameMachine: true });
    assert.ok(there.state === 'mismatch');
    assert.deepEqual(there.figures[3].verdict, { state: 'notCompared', reason: 'another machine' });
    assert.deepEqual(there.differences, [
      { field: 'cpu', affects: 'machine', baseline: 'AMD EPYC', current: 'Intel Xeon' },
    ]);
  });

  it('isRatio: the speed ratio only', () => {
    assert.deepEqual([ratio(), speed(), exact({ unit: 'ratio' })].map(isRatio), [true, false, false]);
  });

  describe('speedPreflight: comparisons that cannot be made, before measuring', () => {
    const here = { tool: FINGERPRINT.tool, node: FINGERPRINT.node, cpu: FINGERPRINT.cpu };
    const exactOnly = result({ figures: [exact()] });
    const cases: [string, readonly ReturnType<typeof result>[], typeof here, boolean, RegExp[]][] = [
      ['same machine, speed in the baseline', [result()], here, true, []],
      ['another CPU without --same-machine: ratios compare', [result()], { ...here, cpu: 'Other' }, false, []],
      [
        'another CPU with --same-machine',
        [result()],
        { ...here, cpu: 'Other' },
        true,
        [/^default: --same-machine, but the baseline was measured on another machine \(cpu AMD EPYC -> Other\): nothing measured/],
      ],
      ['another Node with --same-machine', [result()], { ...here, node: 'v22.0.0' }, true, [/node v20\.20\.2 -> v22\.0\.0/]],
      ['a baseline without speed figures', [exactOnly], here, false, [/^default: the baseline has no speed figures/]],
      ['a benchmark not in the baseline: left to the comparison', [result({ name: 'other' })], here, true, []],
    ];
    for (const [name, baseline, machine, sameMachine, expected] of cases) {
      it(name, () => {
        const problems = speedPreflight(baseline, ['default'], machine, { sameMachine });
        assert.equal(problems.length, expected.length, problems.join('\n'));
        for (const [i, pattern] of expected.entries()) assert.match(problems[i], pattern);
      });
    }
  });
});
