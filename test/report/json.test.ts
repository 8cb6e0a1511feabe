import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScenarioSummary } from '../../src/metrics/results.ts';
import { summaryJson } from '../../src/report/json.ts';
import { QUIET_SUMMARY, ZERO_LOAD_SUMMARY } from '../metrics/fixtures.ts';

const summary: ScenarioSummary = {
  tool: { name: 'gitops-sim', version: '0.1.0' },
  scenario: {
    name: 'push-vs-pull',
    seed: 42,
    horizonMs: 604_800_000,
    replications: 2,
    resolved: { name: 'push-vs-pull', seed: 42, horizonMs: 604_800_000, variants: [{ name: 'push/tag' }] },
  },
  inputHash: 'ab'.repeat(32),
  question: null,
  headline: ['correctness', 'convergenceP95Ms'],
  answers: [],
  baseline: 'push',
  variants: [
    {
      name: 'push/tag',
      delivery: { type: 'push' },
      replications: 2,
      changes: { total: 3, converged: 2, superseded: 1, open: 0 },
      convergenceMs: { n: 2, mean: 1500.5, p50: 1500.5, p95: 1950.05, p99: 1990.01, max: 2000 },
      meanConvergenceMs: { mean: 1500.5, ci95: { low: -4853.6, high: 7854.6 } },
      appliesPerRun: { mean: 2, ci95: null },
      gitFetchesPerRun: { mean: null, ci95: null },
      eventsProcessed: 120,
      loadPerRun: ZERO_LOAD_SUMMARY,
      ...QUIET_SUMMARY,
    },
  ],
  thresholds: [],
  warnings: [],
};

describe('summaryJson', () => {
  const text = summaryJson(summary);

  it('round-trips to the same value', () => assert.deepEqual(JSON.parse(text), summary));

  it('indents by two spaces and ends with exactly one newline', () => {
    assert.ok(text.startsWith('{\n  "tool": {\n    "name": "gitops-sim",'));
    assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'));
  });

  it('keeps keys in the order the summary was built', () => {
    assert.deepEqual(Object.keys(JSON.parse(text)), [
      'tool',
      'scenario',
      'inputHash',
      'question',
      'headline',
      'answers',
      'baseline',
      'variants',
      'thresholds',
      'warnings',
    ]);
    assert.deepEqual(Object.keys(JSON.parse(text).scenario), [
      'name',
      'seed',
      'horizonMs',
      'replications',
      'resolved',
    ]);
    assert.ok(text.indexOf('"low"') < text.indexOf('"high"'));
  });

  it('writes numbers as they are and nulls as null', () => {
    assert.match(text, /"p95": 1950\.05,/);
    assert.match(text, /"low": -4853\.6,/);
    assert.match(text, /"gitFetchesPerRun": \{\n\s+"mean": null,\n\s+"ci95": null\n/);
  });

  it('holds the resolved scenario as it was run', () =>
    assert.match(
      text,
      /"resolved": \{\n\s+"name": "push-vs-pull",\n\s+"seed": 42,\n\s+"horizonMs": 604800000,\n\s+"variants": \[/,
    ));

  it('is stable: the same summary gives the same text', () =>
    assert.equal(summaryJson(structuredClone(summary)), text));
});
