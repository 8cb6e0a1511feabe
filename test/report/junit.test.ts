import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScenarioSummary } from '../../src/metrics/results.ts';
import type { ThresholdVerdict } from '../../src/metrics/thresholds.ts';
import { escapeXml, junitXml } from '../../src/report/junit.ts';

const verdict = (variant: string, state: ThresholdVerdict['state'], extra: Partial<ThresholdVerdict> = {}): ThresholdVerdict => ({
  variant,
  metric: 'convergenceP95Ms',
  expression: '< 5m',
  state,
  value: { mean: 200_000, ci95: { low: 180_000, high: 220_000 } },
  suggestedReplications: null,
  reason: null,
  ...extra,
});

const summary = (thresholds: ThresholdVerdict[]) =>
  ({ scenario: { name: 'push & "pull"' }, thresholds }) as unknown as ScenarioSummary;

describe('escapeXml', () => {
  const cases: [string, string][] = [
    ['a < b & c > "d" \'e\'', 'a &lt; b &amp; c &gt; &quot;d&quot; &apos;e&apos;'],
    ['bell\u0007 and NUL\u0000 dropped', 'bell and NUL dropped'],
    ['tab\tand newline\nkept', 'tab\tand newline\nkept'],
  ];
  for (const [text, xml] of cases) it(JSON.stringify(text), () => assert.equal(escapeXml(text), xml));
});

describe('junitXml', () => {
  it('a testcase per variant x threshold: pass empty, fail a <failure>, inconclusive <skipped>', () =>
    assert.equal(
      junitXml(
        summary([
          verdict('push', 'pass'),
          verdict('pull', 'fail', { value: { mean: 400_000, ci95: { low: 350_000, high: 450_000 } } }),
          verdict('flux', 'inconclusive', {
            value: { mean: 290_000, ci95: { low: 250_000, high: 330_000 } },
            suggestedReplications: 64,
            reason: 'interval holds the limit',
          }),
        ]),
      ),
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="gitops-sim thresholds" tests="3" failures="1" errors="0" skipped="1">',
        '  <testsuite name="push &amp; &quot;pull&quot;" tests="3" failures="1" errors="0" skipped="1">',
        '    <testcase classname="push &amp; &quot;pull&quot;.push" name="convergenceP95Ms &lt; 5m" time="0"/>',
        '    <testcase classname="push &amp; &quot;pull&quot;.pull" name="convergenceP95Ms &lt; 5m" time="0">',
        '      <failure message="6m 40s [5m 50s, 7m 30s]: the 95% interval lies wholly outside the limit" type="threshold">6m 40s [5m 50s, 7m 30s]: the 95% interval lies wholly outside the limit</failure>',
        '    </testcase>',
        '    <testcase classname="push &amp; &quot;pull&quot;.flux" name="convergenceP95Ms &lt; 5m" time="0">',
        '      <skipped message="4m 50s [4m 10s, 5m 30s]: the 95% interval holds the limit; about 64 replications would decide it"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    ));
});
