import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { errorAnnotations, painter, reportToGithub, stepSummaryMarkdown } from '../../src/cli/ciOutput.ts';
import type { ScenarioSummary } from '../../src/metrics/results.ts';
import { captureIo, tempDir } from './helpers.ts';

const summary = {
  scenario: { name: 'demo', seed: 1, horizonMs: 1000, replications: 10, resolved: {} },
  question: 'Which is faster, 100% sure?',
  headline: ['convergenceP95Ms'],
  answers: [
    {
      metric: 'convergenceP95Ms',
      leader: 'push',
      value: { mean: 1000, ci95: { low: 900, high: 1100 } },
      tiedWith: [],
      runnerUp: 'pull',
      difference: { mean: -500, ci95: { low: -600, high: -400 }, pairs: 10 },
      clear: true,
      leadingGroup: [],
      groupMargin: null,
      unfinished: null,
    },
  ],
  thresholds: [
    {
      variant: 'pull',
      metric: 'convergenceP95Ms',
      expression: '< 1s',
      value: { mean: 1500, ci95: { low: 1400, high: 1600 } },
      state: 'fail',
      reason: 'outside',
      suggestedReplications: null,
    },
  ],
} as unknown as ScenarioSummary;

describe('painter', () => {
  const cases: [string, boolean, Record<string, string>, string][] = [
    ['colour on a terminal', true, {}, '\x1b[32mok\x1b[0m'],
    ['none with NO_COLOR set', true, { NO_COLOR: '1' }, 'ok'],
    ['colour when NO_COLOR is empty', true, { NO_COLOR: '' }, '\x1b[32mok\x1b[0m'],
    ['none in a pipe or a log', false, {}, 'ok'],
  ];
  for (const [name, isTTY, env, expected] of cases) {
    it(name, () => {
      const io = { ...captureIo(isTTY), env };
      assert.equal(painter(io.stdout, io)('ok', 'good'), expected);
    });
  }
});

describe('GitHub Actions', () => {
  it('annotates each missed threshold as an error, with % and newlines escaped', () =>
    assert.deepEqual(errorAnnotations('s.yaml', summary), [
      '::error file=s.yaml,title=threshold missed::FAIL pull: convergenceP95Ms < 1s: 1.5s [1.4s, 1.6s] (the 95%25 interval lies wholly outside the limit)',
    ]));

  it('writes the question and the verdict as Markdown', () =>
    assert.equal(
      stepSummaryMarkdown('s.yaml', summary),
      '### demo (`s.yaml`)\n\n**Which is faster, 100% sure?**\n\n' +
        '- push: convergenceP95Ms 1.0s [900ms, 1.1s], 500ms [400ms, 600ms] below pull; 10 replications\n' +
        '- FAIL pull: convergenceP95Ms < 1s: 1.5s [1.4s, 1.6s] (the 95% interval lies wholly outside the limit)\n\n',
    ));

  it('appends to GITHUB_STEP_SUMMARY and prints annotations only under GITHUB_ACTIONS', () => {
    const file = path.join(tempDir(), 'summary.md');
    const outside = { ...captureIo(), env: { GITHUB_STEP_SUMMARY: file } };
    reportToGithub('s.yaml', summary, outside);
    assert.equal(outside.out(), '');
    const inside = { ...captureIo(), env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: file } };
    reportToGithub('s.yaml', summary, inside);
    reportToGithub('s.yaml', summary, inside);
    assert.match(inside.out(), /^::error file=s\.yaml,/);
    assert.equal(readFileSync(file, 'utf8'), stepSummaryMarkdown('s.yaml', summary).repeat(2));
  });
});
