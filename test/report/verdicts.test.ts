import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeadlineAnswer } from '../../src/metrics/answer.ts';
import type { ThresholdVerdict } from '../../src/metrics/thresholds.ts';
import { answerLine, precisionLine, verdictLine, warningText } from '../../src/report/verdicts.ts';

describe('precisionLine', () => {
  const cases: [string, Parameters<typeof precisionLine>, string][] = [
    ['reached', [0.05, 40, [], 200], 'precision ±5%: every headline figure reached it with 40 replications'],
    [
      'not reached at the cap: which figures, how far',
      [0.05, 200, [{ variant: 'pull', metric: 'convergenceP95Ms', relativeHalfWidth: 0.072 }], 200],
      'precision ±5% not reached with 200 replications (the cap, 200): pull convergenceP95Ms ±7.2%',
    ],
    [
      'a figure without an interval',
      [0.025, 1, [{ variant: 'push', metric: 'correctness', relativeHalfWidth: null }], 200],
      'precision ±2.5% not reached with 1 replications: push correctness (no interval)',
    ],
  ];
  for (const [name, args, text] of cases) it(name, () => assert.equal(precisionLine(...args), text));
});

describe('verdictLine', () => {
  const v: ThresholdVerdict = {
    variant: 'pull',
    metric: 'correctness',
    expression: '> 0.999',
    state: 'inconclusive',
    value: { mean: 0.9987, ci95: { low: 0.9981, high: 0.9995 } },
    suggestedReplications: 22,
    reason: 'interval holds the limit',
  };
  const cases: [string, ThresholdVerdict, string][] = [
    [
      'inconclusive: with the replications that would decide it',
      v,
      'INCONCLUSIVE pull: correctness > 0.999: 99.87% [99.81%, 99.95%] (the 95% interval holds the limit; about 22 replications would decide it)',
    ],
    [
      'inconclusive: one replication',
      { ...v, value: { mean: 0.9987, ci95: null }, suggestedReplications: 5, reason: 'no interval' },
      'INCONCLUSIVE pull: correctness > 0.999: 99.87% (one replication gives no interval; about 5 replications would decide it)',
    ],
    [
      'inconclusive: nothing to measure',
      { ...v, value: { mean: null, ci95: null }, suggestedReplications: null, reason: 'no value' },
      'INCONCLUSIVE pull: correctness > 0.999: n/a (no run had anything to measure)',
    ],
  ];
  for (const [name, verdict, text] of cases) it(name, () => assert.equal(verdictLine(verdict), text));
});

describe('warningText', () => {
  it('cannot rank: the paired difference with its interval', () =>
    assert.equal(
      warningText({
        kind: 'cannotRank',
        variant: 'push/digest',
        baseline: 'push/tag',
        metric: 'convergenceP95Ms',
        difference: { mean: -34, ci95: { low: -1477, high: 0 }, pairs: 10 },
      }),
      'cannot rank push/digest against push/tag on convergenceP95Ms: the paired difference -34ms [-1.5s, 0ms] ' +
        'has a 95% interval that holds 0; more replications (run --precision 5%) would tell',
    ));
});

describe('answerLine', () => {
  const value = { mean: 111_000, ci95: { low: 94_000, high: 133_000 } };
  const base: HeadlineAnswer = {
    metric: 'convergenceP95Ms',
    leader: 'push/digest',
    value,
    tiedWith: [],
    runnerUp: 'push/tag',
    difference: { mean: -234, ci95: { low: -1_700, high: 0 }, pairs: 10 },
    clear: false,
    leadingGroup: [],
    groupMargin: null,
    unfinished: null,
  };
  const ahead = { mean: -112_000, ci95: { low: -143_000, high: -72_000 }, pairs: 10 };
  const cases: [string, HeadlineAnswer, string][] = [
    [
      'clear: the margin over the runner-up',
      { ...base, difference: ahead, runnerUp: 'pull/tag', clear: true },
      'push/digest: convergenceP95Ms 1m 51s [1m 34s, 2m 13s], 1m 52s [1m 12s, 2m 23s] below pull/tag; 10 replications',
    ],
    [
      'no winner and no group',
      base,
      'no clear winner on convergenceP95Ms: push/digest 1m 51s [1m 34s, 2m 13s] leads by 234ms [0ms, 1.7s] below push/tag, but the 95% interval of the paired difference holds 0; 10 replications',
    ],
    [
      'no single winner, two lead together',
      {
        ...base,
        leadingGroup: ['push/digest', 'push/tag'],
        groupMargin: { member: 'push/tag', outsider: 'pull/digest', difference: ahead },
      },
      'no single winner on convergenceP95Ms: push/digest and push/tag lead together (push/digest 1m 51s [1m 34s, 2m 13s] leads by 234ms [0ms, 1.7s] below push/tag, but the 95% interval of the paired difference holds 0); both are clearly ahead of the rest, push/tag by 1m 52s [1m 12s, 2m 23s] below pull/digest; 10 replications',
    ],
    [
      'three lead together',
      {
        ...base,
        leadingGroup: ['push/digest', 'push/tag', 'canary'],
        groupMargin: { member: 'canary', outsider: 'pull/digest', difference: ahead },
      },
      'no single winner on convergenceP95Ms: push/digest, push/tag and canary lead together (push/digest 1m 51s [1m 34s, 2m 13s] leads by 234ms [0ms, 1.7s] below push/tag, but the 95% interval of the paired difference holds 0); each is clearly ahead of the rest, canary by 1m 52s [1m 12s, 2m 23s] below pull/digest; 10 replications',
    ],
    [
      'the share the figure leaves out, beside it; no clear winner when the leader leaves clearly more unfinished',
      {
        ...base,
        difference: ahead,
        runnerUp: 'pull/tag',
        unfinished: {
          metric: 'convergenceUnfinished',
          value: { mean: 0.9, ci95: { low: 0.89, high: 0.91 } },
          worseThan: ['pull/tag'],
        },
      },
      'no clear winner on convergenceP95Ms: push/digest 1m 51s [1m 34s, 2m 13s] leads by 1m 52s [1m 12s, 2m 23s] below pull/tag, but it leaves clearly more unfinished (convergenceUnfinished) than pull/tag; 10 replications',
    ],
    [
      'one shared replication: no interval, said as such; a leader that trails there is not said to lead',
      { ...base, difference: { mean: 113_000, ci95: null, pairs: 1 }, runnerUp: 'argocd' },
      'no clear winner on convergenceP95Ms: push/digest 1m 51s [1m 34s, 2m 13s] has the best figure but is 1m 53s above argocd in the 1 replication where both have a value, and only 1 replication where both have a value gives no interval; 10 replications',
    ],
  ];
  for (const [name, answer, text] of cases) it(name, () => assert.equal(answerLine(answer, 10), text));
  it('a clear leader with changes left unfinished: the share beside its figure', () =>
    assert.equal(
      answerLine(
        {
          ...base,
          difference: ahead,
          runnerUp: 'pull/tag',
          clear: true,
          unfinished: { metric: 'convergenceUnfinished', value: { mean: 0.05, ci95: { low: 0.04, high: 0.06 } }, worseThan: [] },
        },
        10,
      ),
      'push/digest: convergenceP95Ms 1m 51s [1m 34s, 2m 13s] (convergenceUnfinished 5.00% [4.00%, 6.00%]), 1m 52s [1m 12s, 2m 23s] below pull/tag; 10 replications',
    ));
  it('a clear margin of a share shows enough decimals to leave out 0', () =>
    assert.equal(
      answerLine(
        {
          ...base,
          metric: 'failedRequestShare',
          value: { mean: 0, ci95: { low: 0, high: 0 } },
          difference: { mean: -0.000031, ci95: { low: -0.00005, high: -0.000012 }, pairs: 10 },
          runnerUp: 'canary',
          clear: true,
        },
        10,
      ),
      'push/digest: failedRequestShare 0.00% [0.00%, 0.00%], 0.0031 points [0.0012, 0.0050] below canary; 10 replications',
    ));
  it('a cannotRank warning without an interval says so', () =>
    assert.match(
      warningText({
        kind: 'cannotRank',
        variant: 'a',
        baseline: 'b',
        metric: 'correctness',
        difference: { mean: -0.5, ci95: null, pairs: 1 },
      }),
      /has no interval \(fewer than 2 replications where both have a value\)/,
    ));
});
