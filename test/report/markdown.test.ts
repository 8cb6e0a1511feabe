import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScenarioSummary, VariantSummary } from '../../src/metrics/results.ts';
import { summaryMarkdown } from '../../src/report/markdown.ts';
import { QUIET_SUMMARY, ZERO_LOAD_SUMMARY } from '../metrics/fixtures.ts';

function variant(name: string, p50: number | null, p95: number | null): VariantSummary {
  const converged = p50 === null ? 0 : 10;
  return {
    name,
    delivery: {},
    replications: 3,
    changes: { total: 12, converged, superseded: 2, open: 12 - 2 - converged },
    convergenceMs:
      p50 === null
        ? { n: 0, mean: null, p50: null, p95: null, p99: null, max: null }
        : { n: 10, mean: p50 * 1.2, p50, p95, p99: (p95 ?? p50) * 1.1, max: (p95 ?? p50) * 1.2 },
    meanConvergenceMs:
      p50 === null ? { mean: null, ci95: null } : { mean: p50 * 1.2, ci95: { low: p50, high: p50 * 1.4 } },
    appliesPerRun: { mean: 4, ci95: { low: 3.25, high: 4.75 } },
    gitFetchesPerRun: { mean: 0, ci95: null },
    eventsProcessed: 1000, loadPerRun: ZERO_LOAD_SUMMARY, ...QUIET_SUMMARY,
  };
}

function summary(variants: readonly VariantSummary[]): ScenarioSummary {
  return {
    tool: { name: 'gitops-sim', version: '0.1.0' },
    scenario: { name: 'push-vs-pull', seed: 42, horizonMs: 5_400_000, replications: 3 },
    inputHash: 'abc123',
    baseline: 'push/tag',
    variants,
  };
}

describe('summaryMarkdown', () => {
  it('writes the title, the run line, a table per variant and the comparison', () => {
    const text = summaryMarkdown(
      summary([variant('push/tag', 92_400, 300_000), variant('pull/digest', 46_200, 330_000)]),
    );
    assert.equal(
      text,
      `# push-vs-pull

Seed 42 · horizon 1h30m · 3 replications · input hash \`abc123\` · gitops-sim 0.1.0

## Variants

| metric | push/tag |
|---|---|
| changes | 12 (converged 10, superseded 2, open 0) |
| convergence p50 | 1m 32s |
| convergence p95 | 5m 0s |
| convergence p99 | 5m 30s |
| convergence mean | 1m 51s |
| mean per-run convergence [95% CI] | 1m 51s [1m 32s, 2m 9s] |
| applies per run [95% CI] | 4.0 [3.3, 4.8] |
| git fetches per run [95% CI] | 0.0 |
| correctness [95% CI] | n/a |
| availability [95% CI] | n/a |
| zero-ready time per run [95% CI] | n/a |
| silent divergence per run [95% CI] | n/a |
| drift events (undone) | 0 (0); open p50 n/a, p95 n/a |
| rollbacks correct | n/a |
| deployments per day [95% CI] | n/a |
| lead time p50 / p95 | n/a / n/a |
| change failure rate | n/a |
| time to restore p50 | n/a |
| cluster credentials outside the cluster | no |

| metric | pull/digest |
|---|---|
| changes | 12 (converged 10, superseded 2, open 0) |
| convergence p50 | 46.2s |
| convergence p95 | 5m 30s |
| convergence p99 | 6m 3s |
| convergence mean | 55.4s |
| mean per-run convergence [95% CI] | 55.4s [46.2s, 1m 5s] |
| applies per run [95% CI] | 4.0 [3.3, 4.8] |
| git fetches per run [95% CI] | 0.0 |
| correctness [95% CI] | n/a |
| availability [95% CI] | n/a |
| zero-ready time per run [95% CI] | n/a |
| silent divergence per run [95% CI] | n/a |
| drift events (undone) | 0 (0); open p50 n/a, p95 n/a |
| rollbacks correct | n/a |
| deployments per day [95% CI] | n/a |
| lead time p50 / p95 | n/a / n/a |
| change failure rate | n/a |
| time to restore p50 | n/a |
| cluster credentials outside the cluster | no |

## Comparison

At p50, pull/digest converges fastest: 46.2s, 50.0% less than the baseline push/tag (1m 32s). \
At p95, the baseline push/tag converges fastest (5m 0s); the next fastest, pull/digest, takes 5m 30s, 10.0% more. \
No variant ran other bytes than Git intends while showing in sync.
`,
    );
  });

  it('escapes | and newlines in names inside table cells, and keeps other lines whole', () => {
    const text = summaryMarkdown({
      ...summary([variant('a|b\\c\nd', 1000, 2000), variant('x\r\ny', 500, 2000)]),
      scenario: { name: 'two\nlines', seed: 'abc', horizonMs: 1000, replications: 1 },
    });
    assert.match(text, /^# two lines\n\nSeed abc · horizon 1s · 1 replication · /);
    assert.ok(text.includes('| metric | a\\|b\\\\c<br>d |\n'));
    assert.ok(text.includes('| metric | x<br>y |\n'));
    assert.ok(
      text.includes('At p50, x y converges fastest: 500ms, 50.0% less than the baseline a|b\\c d (1.0s).'),
    );
    assert.ok(
      text.includes(
        'At p95, the baseline a|b\\c d converges fastest (2.0s); the next fastest, x y, takes 2.0s',
      ),
    );
  });

  it('writes n/a for missing values and says when the baseline never converged', () => {
    const text = summaryMarkdown(summary([variant('push', null, null), variant('pull', 2000, 4000)]));
    assert.ok(
      text.includes('| changes | 12 (converged 0, superseded 2, open 10) |\n| convergence p50 | n/a |'),
    );
    assert.ok(text.includes('| mean per-run convergence [95% CI] | n/a |'));
    assert.ok(
      text.includes('At p50, pull converges fastest (2.0s); the baseline push has no converged change.'),
    );
  });

  it('says when no variant converged', () => {
    const text = summaryMarkdown(summary([variant('push', null, null), variant('pull', null, null)]));
    assert.ok(
      text.endsWith(
        'At p50, no variant has a converged change. At p95, no variant has a converged change. ' +
          'No variant ran other bytes than Git intends while showing in sync.\n',
      ),
    );
  });

  it('keeps the baseline on a tie', () => {
    const text = summaryMarkdown(summary([variant('push', 1000, 2000), variant('pull', 1000, 2000)]));
    assert.ok(
      text.includes(
        'At p50, the baseline push converges fastest (1.0s); the next fastest, pull, takes 1.0s, 0.0% more.',
      ),
    );
  });

  it('says when only the baseline converged, and gives no ratio against a baseline at 0', () => {
    const text = summaryMarkdown(
      summary([variant('push', 0, 1000), variant('pull', null, null), variant('x', 10, 2000)]),
    );
    assert.ok(
      text.includes('At p50, the baseline push converges fastest (0ms); the next fastest, x, takes 10ms.'),
    );
    assert.ok(
      text.includes(
        'At p95, the baseline push converges fastest (1.0s); the next fastest, x, takes 2.0s, 100.0% more.',
      ),
    );
    const alone = summaryMarkdown(summary([variant('push', 1000, 2000), variant('pull', null, null)]));
    assert.ok(alone.includes('At p50, only the baseline push has converged changes (1.0s).'));
  });

  it('names the variants that ran wrong bytes while in sync, and the rollbacks that missed', () => {
    const [tag, digest] = [variant('push/tag', 1000, 2000), variant('push/digest', 1000, 2000)];
    const text = summaryMarkdown(
      summary([
        {
          ...tag,
          silentDivergenceMs: { mean: 90_000, ci95: null },
          rollbacks: { total: 4, correct: 1, rollbackCorrect: 0.25 },
          exposure: { credentialsOutsideCluster: true, exposureMsPerRun: 604_800_000 },
        },
        { ...digest, rollbacks: { total: 4, correct: 4, rollbackCorrect: 1 } },
      ]),
    );
    assert.ok(text.includes('Showing in sync while running other bytes than Git intends: push/tag (1m 30s per run).'));
    assert.ok(text.includes('Rollbacks that did not restore the known-good bytes: push/tag (3 of 4).'));
    assert.ok(text.includes('| rollbacks correct | 1 of 4 (25.00%) |'));
    assert.ok(text.includes('| cluster credentials outside the cluster | yes, 7d 0h per run |'));
  });

  it('describes a single variant without a comparison', () => {
    const text = summaryMarkdown(summary([variant('only', 1000, 2000)]));
    assert.ok(
      text.endsWith(
        'only converges in 1.0s at p50 and 2.0s at p95; there is no other variant to compare with.\n',
      ),
    );
  });

  it('handles no variants', () =>
    assert.ok(summaryMarkdown(summary([])).endsWith('## Comparison\n\nNo variant was run.\n')));
});
