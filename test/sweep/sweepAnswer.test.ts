/** The sweep's answer: which value of a parameter is best, what is told apart from it, where more stops helping. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParamValue } from '../../src/sweep/grid.ts';
import { answerText, orderOf, sweepAnswers, type ValueVerdict } from '../../src/sweep/sweepAnswer.ts';
import { around, definition, noisy, PATH, point, type VariantRuns } from './helpers.ts';


interface Case {
  readonly name: string;
  readonly values: readonly ParamValue[];
  /** The pull variant's runs at each value; push stays the same throughout. */
  readonly pull: readonly VariantRuns[];
  readonly seeds?: readonly number[];
  readonly best: ParamValue | null;
  readonly verdicts: readonly ValueVerdict[];
  readonly stopsHelping: ParamValue | null;
  readonly text: RegExp;
}

const CASES: readonly Case[] = [
  {
    name: 'a clear best: every other value clearly worse, and more helps up to it',
    values: ['30s', '2m', '5m'],
    pull: [{ mean: around(300) }, { mean: around(200) }, { mean: around(100) }],
    best: '5m',
    verdicts: ['worse', 'worse', 'best'],
    stopsHelping: '5m',
    text: /^pull: best at 5m, 100ms \[\d+ms, \d+ms\]\. Clearly better at 5m than at 30s \(\+200ms \[\+200ms, \+200ms\]\) and 2m \(\+100ms \[\+100ms, \+100ms\]\)\. More helps up to 5m, the best: no value before it is as good\.$/,
  },
  {
    name: 'two values not told apart: the interval of their difference holds 0',
    values: [1, 2],
    pull: [{ mean: noisy(102) }, { mean: around(100) }],
    best: 2,
    verdicts: ['notToldApart', 'best'],
    stopsHelping: 1,
    text: /^pull: best figure at 2, .*\. Not told apart from 1 \(\+2ms \[-\d+ms, \+\d+ms\]\)\. More does not clearly help: the first value, 1, is not told apart from the best\.$/,
  },
  {
    name: 'the stop-helping value: the first not told apart from the best',
    values: [1, 2, 4, 8],
    pull: [{ mean: around(400) }, { mean: around(100) }, { mean: noisy(98) }, { mean: around(99) }],
    best: 4,
    verdicts: ['worse', 'notToldApart', 'best', 'notToldApart'],
    stopsHelping: 2,
    text: /Clearly better at 4 than at 1 \(.*\)\. Not told apart from 2 \(.*\) and 8 \(.*\)\. More stops helping at 2: the first value not told apart from the best\.$/,
  },
  {
    name: 'one replication: no interval, so no difference is claimed and no stop',
    values: [1, 2],
    pull: [{ mean: [300] }, { mean: [100] }],
    best: 2,
    verdicts: ['noInterval', 'best'],
    stopsHelping: null,
    text: /^pull: best figure at 2, 100ms\. Not told apart from 1: 1 replication gives no interval, so no value is called better\.$/,
  },
  {
    name: 'a value whose runs converged nothing has no figure, and says what it left unfinished',
    values: [1, 2, 4],
    pull: [
      { mean: [null, null, null, null, null], unfinished: [[10, 10], [10, 10], [10, 10], [10, 10], [10, 10]] },
      { mean: around(200) },
      { mean: around(100) },
    ],
    best: 4,
    verdicts: ['noValue', 'worse', 'best'],
    stopsHelping: 4,
    text: /^pull: best at 4, 100ms .*\. At 1 \(convergenceUnfinished 100\.00% \[[\d.]+%, 100\.00%\]\) no run had anything to measure\. Clearly better at 4 than at 2 \(.*\)\. More helps up to 4/,
  },
  {
    name: 'a best that leaves clearly more unfinished is not called better',
    values: [1, 2],
    pull: [
      { mean: around(300), unfinished: [[0, 10], [0, 10], [0, 10], [0, 10], [0, 10]] },
      { mean: around(100), unfinished: [[8, 10], [9, 10], [8, 10], [9, 10], [8, 10]] },
    ],
    best: 2,
    verdicts: ['moreUnfinished', 'best'],
    stopsHelping: 1,
    text: /^pull: best figure at 2, 100ms .* \(convergenceUnfinished 84\.00% .*\)\. Not called better at 2 than at 1 \(\+200ms .*\): 2 leaves clearly more changes unfinished \(convergenceUnfinished 84\.00% \[.*\] at 2, against 0\.00% \[.*\] at 1\)\. More does not clearly help/,
  },
  {
    name: 'the same in every replication at two values',
    values: ['a', 'b', 'c'],
    pull: [{ mean: around(100) }, { mean: around(100) }, { mean: around(300) }],
    best: 'a',
    verdicts: ['best', 'same', 'worse'],
    stopsHelping: null,
    text: /^pull: best figure at a, .*\. The same at b in every replication\. Clearly better at a than at c \(.*\)\.$/,
  },
  {
    name: 'a value ahead in the replications where both have a value, though its figure ranks behind, is not told apart',
    values: [1, 2],
    pull: [{ mean: [50, 50, 50, null, null] }, { mean: [40, 40, 40, 200, 200] }],
    best: 1,
    verdicts: ['best', 'aheadInPairs'],
    stopsHelping: 1,
    text: /^pull: best figure at 1, 50ms \[50ms, 50ms\]\. Not told apart from 2 \(-10ms \[-10ms, -10ms\]\): ahead of 1 in the replications where both have a value, though the figures rank 1 first\. More does not help: the first value, 1, is the best\.$/,
  },
  {
    name: 'points of other seeds are compared unpaired',
    values: [1, 2],
    seeds: [1, 2],
    pull: [{ mean: around(300) }, { mean: around(100) }],
    best: 2,
    verdicts: ['worse', 'best'],
    stopsHelping: 2,
    text: /Clearly better at 2 than at 1 \(\+200ms \[.*\], unpaired: the seeds differ\)/,
  },
];

describe('sweepAnswers', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const points = c.values.map((value, k) =>
        point(k, value, { push: { mean: c.pull[k].mean.map(() => 50) }, pull: c.pull[k] }, c.seeds?.[k]),
      );
      const answers = sweepAnswers(definition(c.values), points);
      const [metric] = answers.params[0].metrics;
      assert.equal(metric.metric, 'convergenceMeanMs');
      assert.deepEqual(metric.unchanged, ['push']);
      const [pull] = metric.variants;
      assert.equal(pull.best, c.best);
      assert.deepEqual(
        pull.values.map((v) => v.verdict),
        c.verdicts,
      );
      assert.equal(pull.stopsHelping, c.stopsHelping);
      const [line, unchanged] = answerText(answers).params[0].metrics[0].lines;
      assert.match(line, c.text);
      assert.equal(unchanged, `Not changed by ${PATH}: push.`);
    });
  }

  it('no variant varies: says so, and names no best', () => {
    const points = [1, 2].map((v, k) => point(k, v, { push: { mean: around(50) }, pull: { mean: around(100) } }));
    const answers = sweepAnswers(definition([1, 2]), points);
    assert.deepEqual(answers.params[0].metrics[0].variants, []);
    assert.deepEqual(answerText(answers).params[0].metrics[0].lines, [`No variant's convergenceMeanMs changes with ${PATH}.`]);
  });

  it('brief: the verdicts without the differences, values of one verdict together', () => {
    const c = CASES[0];
    const points = c.values.map((value, k) => point(k, value, { push: { mean: around(50) }, pull: c.pull[k] }));
    const [line] = answerText(sweepAnswers(definition(c.values), points), true).params[0].metrics[0].lines;
    assert.equal(line, 'pull: best at 5m, 100ms [90ms, 110ms]. Clearly better at 5m than at 30s and 2m. More helps up to 5m, the best: no value before it is as good.');
  });

  it('the bottleneck at each point, for the variants that report one', () => {
    const values = [1, 2, 4];
    const bottlenecks = ['status processors', 'status processors', 'Application client QPS'];
    const points = values.map((v, k) =>
      point(k, v, {
        push: { mean: around(50) },
        argo: { mean: around(50), bottleneck: bottlenecks[k] },
        steady: { mean: around(50), bottleneck: k === 0 ? 'none' : 'repo-server' },
      }),
    );
    const text = answerText(sweepAnswers(definition(values), points));
    assert.deepEqual(text.bottleneck, {
      intro: "What made the controller's work wait longest (in most runs), at each point:",
      lines: [
        'argo: status processors at 1 and 2; Application client QPS at 4',
        'steady: nothing waited at 1; repo-server at 2 and 4',
      ],
    });
  });
});

describe('orderOf', () => {
  const cases: [readonly ParamValue[], 'ascending' | 'descending' | null][] = [
    [[1, 2, 4], 'ascending'],
    [[8, 4, 1], 'descending'],
    [['30s', '2m', '5m'], 'ascending'],
    [[1, 4, 2], null],
    [['a', 'b'], null],
    [[true, false], null],
    [[1], null],
  ];
  for (const [values, order] of cases) {
    it(`${JSON.stringify(values)} is ${order}`, () => assert.equal(orderOf(values), order));
  }
});
