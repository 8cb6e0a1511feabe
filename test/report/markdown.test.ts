import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  MeanWithInterval,
  PairedDifference,
  ScenarioSummary,
  VariantSummary,
} from '../../src/metrics/results.ts';
import { summaryMarkdown } from '../../src/report/markdown.ts';
import { QUIET_SUMMARY, ZERO_LOAD_SUMMARY } from '../metrics/fixtures.ts';

const mi = (mean: number, low?: number, high?: number): MeanWithInterval => ({
  mean,
  ci95: low === undefined || high === undefined ? null : { low, high },
});
const diff = (mean: number, low?: number, high?: number, pairs = 3): PairedDifference => ({
  ...mi(mean, low, high),
  pairs,
});

interface Shape {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly metrics?: Record<string, MeanWithInterval>;
  readonly vsBaseline?: Record<string, PairedDifference>;
}

function variant(name: string, { p50, p95, metrics = {}, vsBaseline = {} }: Shape): VariantSummary {
  const converged = p50 === null ? 0 : 10;
  return {
    name,
    delivery: {},
    replications: 3,
    changes: { total: 12, converged, superseded: 2, open: 12 - 2 - converged },
    convergenceMs:
      p50 === null
        ? { n: 0, mean: null, p50: null, p95: null, p99: null, max: null }
        : { n: 10, mean: p50, p50, p95, p99: p95, max: p95 },
    meanConvergenceMs: { mean: null, ci95: null },
    appliesPerRun: { mean: 4, ci95: null },
    gitFetchesPerRun: { mean: 0, ci95: null },
    eventsProcessed: 1000,
    loadPerRun: ZERO_LOAD_SUMMARY,
    ...QUIET_SUMMARY,
    metrics,
    vsBaseline,
  };
}

function summary(variants: readonly VariantSummary[], baseline = variants[0]?.name ?? ''): ScenarioSummary {
  return {
    tool: { name: 'gitops-sim', version: '0.1.0' },
    scenario: { name: 'push-vs-pull', seed: 42, horizonMs: 604_800_000, replications: 3, resolved: {} },
    inputHash: 'abc123',
    question: null,
    headline: ['correctness', 'convergenceP95Ms'],
    answers: [],
    baseline,
    variants,
    thresholds: [],
    warnings: [],
  };
}

const WEEK_MS = 604_800_000;

const pushTag = variant('push/tag', {
  p50: 12_300,
  p95: 21_000,
  metrics: {
    convergenceP50Ms: mi(12_300, 11_300, 13_200),
    correctness: mi(0.955, 0.9, 0.99),
    availability: mi(0.96, 0.95, 0.97),
    driftOpenMeanMs: mi(20_580_000, 5_460_000, 35_760_000),
    rollbackCorrect: mi(0.75),
    deploymentsPerDay: mi(5.43, 4.45, 6.41),
    exposureMs: mi(WEEK_MS, WEEK_MS, WEEK_MS),
  },
});

const pullDigest = variant('pull/digest', {
  p50: 98_000,
  p95: 158_000,
  metrics: {
    convergenceP50Ms: mi(98_000, 88_000, 108_000),
    correctness: mi(0.999, 0.998, 1),
    availability: mi(0.9998, 0.9995, 1),
    driftOpenMeanMs: mi(12_800, 11_500, 14_200),
    rollbackCorrect: mi(1),
    deploymentsPerDay: mi(5.43, 4.45, 6.41),
    exposureMs: mi(0, 0, 0),
  },
  vsBaseline: {
    convergenceP50Ms: diff(85_700, 75_000, 96_000),
    correctness: diff(0.044, -0.027, 0.115),
    availability: diff(0.0398, 0.0298, 0.0498),
    driftOpenMeanMs: diff(-20_567_200, -35_700_000, -5_400_000),
    rollbackCorrect: diff(0.25, undefined, undefined, 1),
    deploymentsPerDay: diff(0, 0, 0),
    exposureMs: diff(-WEEK_MS, -WEEK_MS, -WEEK_MS),
  },
});

/** What summaryMarkdown writes for `main`, line by line. */
const MAIN_TEXT = [
  '# push-vs-pull',
  '',
  'Seed 42 · horizon 7d · 3 replications · input hash `abc123` · gitops-sim 0.1.0',
  '',
  '## Findings',
  '',
  '- Showing in sync while running other bytes than Git intends: push/tag (1m 30s per run).',
  '- Finished rollbacks that did not restore the known-good bytes: push/tag (1 of 4). Rollbacks not finished before the next commit or the horizon: push/tag (1 of 5).',
  '- Availability is clearly worse under the baseline push/tag (96.00%) than under pull/digest (99.98%).',
  '- The time until drift is undone is clearly worse under the baseline push/tag (5h 43m) than under pull/digest (12.8s).',
  '- At p50, the baseline push/tag converges fastest (12.3s); the next fastest, pull/digest, takes 1m 38s, 1m 26s more.',
  '- At p95, no variant converges clearly faster than the others: the baseline push/tag has the lowest figure (21.0s), but pull/digest (2m 38s) has no paired 95% interval with it (that needs 2 replications where both have a converged change).',
  '',
  '## Key metrics',
  '',
  'Each figure as the metric list below defines it (a mean over replications, or pooled over them) [95% confidence interval].',
  '',
  '| metric | push/tag (baseline) | pull/digest |',
  '| --- | --- | --- |',
  '| `convergenceP50Ms` | 12.3s [11.3s, 13.2s] | 1m 38s [1m 28s, 1m 48s] |',
  '| `correctness` | 95.50% [90.00%, 99.00%] | 99.90% [99.80%, 100.00%] |',
  '| `availability` | 96.00% [95.00%, 97.00%] | 99.98% [99.95%, 100.00%] |',
  '| `driftOpenMeanMs` | 5h 43m [1h 31m, 9h 56m] | 12.8s [11.5s, 14.2s] |',
  '| `rollbackCorrect` | 75.00% | 100.00% |',
  '| `deploymentsPerDay` | 5.43/day [4.45/day, 6.41/day] | 5.43/day [4.45/day, 6.41/day] |',
  '| `exposureMs` | 7d 0h [7d 0h, 7d 0h] | 0ms [0ms, 0ms] |',
  '',
  '## Against the baseline push/tag',
  '',
  "Variant minus baseline, paired replication by replication [95% confidence interval]; better or worse by the metric's direction when the interval excludes zero.",
  '',
  '| metric | pull/digest |',
  '| --- | --- |',
  '| `convergenceP50Ms` (lower is better) | +1m 26s [+1m 15s, +1m 36s] worse |',
  '| `correctness` (higher is better) | +4.40 pp [-2.70 pp, +11.50 pp] no significant difference |',
  '| `availability` (higher is better) | +3.98 pp [+2.98 pp, +4.98 pp] better |',
  '| `driftOpenMeanMs` (lower is better) | -5h 43m [-9h 55m, -1h 30m] better |',
  '| `rollbackCorrect` (higher is better) | +25.00 pp (no interval) |',
  '| `deploymentsPerDay` (higher is better) | 0.00/day [0.00/day, 0.00/day] no significant difference |',
  '| `exposureMs` (lower is better) | -7d 0h [-7d 0h, -7d 0h] better |',
  '',
  '## Metrics',
  '',
  '- `convergenceP50Ms` (lower is better): Median time from a config commit to the app converged, all replications pooled.',
  '- `convergenceUnfinished` (lower is better): Share of config changes that never converged (superseded by a newer change first, or still open at the horizon), all replications pooled: the convergence times and lead time leave them out.',
  '- `convergenceP95Ms` (lower is better): 95th percentile of the time from a config commit to the app converged, all replications pooled.',
  '- `correctness` (higher is better): Correct replica-time over desired replica-time (Ready on the bytes Git intends).',
  '- `availability` (higher is better): Share of app-time with at least replicas - maxUnavailable Ready.',
  '- `zeroReadyMs` (lower is better): Time with no Ready replica while some are desired, summed over apps.',
  '- `silentDivergenceMs` (lower is better): Time showing in sync while running other bytes than Git intends, summed over apps.',
  '- `driftOpenMeanMs` (lower is better): Mean time from a drift event until it is undone (or the horizon).',
  '- `rollbackCorrect` (higher is better): Share of finished rollbacks that restored the known-good bytes (unfinished ones are not judged), all replications pooled.',
  "- `rollbackUnfinished` (lower is better): Share of rollbacks not finished before the app's next commit or the horizon, all replications pooled.",
  '- `timeToRestoreMeanMs` (lower is better): Mean time from finding a bad release to the known-good bytes running again.',
  '- `deploymentsPerDay` (higher is better): Releases that reached production, per day.',
  '- `leadTimeMeanMs` (lower is better): Mean time from a code commit to its release running everywhere.',
  '- `changeFailureRate` (lower is better): Share of releases in production that were bad, all replications pooled.',
  '- `exposureMs` (lower is better): Time a system outside the cluster held cluster write credentials (push: while a deploy job ran).',
  '',
].join('\n');

const main = summary([
  {
    ...pushTag,
    silentDivergenceMs: { mean: 90_000, ci95: null },
    rollbacks: { total: 5, finished: 4, correct: 3, unfinished: 1, rollbackCorrect: 0.75 },
  },
  pullDigest,
]);

/** The findings of a summary's Markdown, one list item each, joined by spaces. */
function findings(text: string): string {
  return text
    .split('## Findings\n\n')[1]
    .split('\n\n')[0]
    .split('\n')
    .map((line) => line.replace(/^- /, ''))
    .join(' ');
}

describe('summaryMarkdown', () => {
  it('writes the run line, the key metrics, the differences against the baseline, the findings and the metrics', () =>
    assert.equal(summaryMarkdown(main), MAIN_TEXT));

  it('escapes | and newlines in names inside table cells, and keeps other lines whole', () => {
    const text = summaryMarkdown({
      ...summary([
        variant('a|b\\c\nd', { p50: 1000, p95: 2000 }),
        variant('x\r\ny', { p50: 500, p95: 2000 }),
      ]),
      scenario: { name: 'two\nlines', seed: 'abc', horizonMs: 1000, replications: 1, resolved: {} },
    });
    assert.match(text, /^# two lines\n\nSeed abc · horizon 1s · 1 replication · /);
    assert.ok(text.includes('| metric | a\\|b\\\\c<br>d (baseline) | x<br>y |\n'));
    // Outside tables too: a name's markup characters are escaped (\, |, *, _, ...), not rendered.
    assert.ok(text.includes('## Against the baseline a\\|b\\\\c d\n'));
    assert.ok(text.includes('| metric | x<br>y |\n'));
    assert.equal(
      findings(text),
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'At p50, no variant converges clearly faster than the baseline a\\|b\\\\c d (1.0s): the fastest, x y (500ms), has no paired 95% interval with it (that needs 2 replications where both have a converged change). ' +
        'At p95, no variant converges clearly faster than the others: the baseline a\\|b\\\\c d has the lowest figure (2.0s), but x y (2.0s) has no paired 95% interval with it (that needs 2 replications where both have a converged change).',
    );
  });

  it('shows HTML and Markdown in names as text, never renders them', () => {
    const text = summaryMarkdown({
      ...summary([variant('<script>alert(1)</script>', { p50: 1000, p95: 2000 }), variant('**b**', { p50: 500, p95: 900 })]),
      scenario: { name: '[x](javascript:alert(1)) & <b>', seed: 'abc', horizonMs: 1000, replications: 1, resolved: {} },
    });
    assert.match(text, /^# \\\[x\\\]\(javascript:alert\(1\)\) &amp; &lt;b&gt;\n/);
    assert.ok(!text.includes('<script>') && !text.includes('<b>') && !text.includes('**b**'));
    assert.ok(text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(text.includes('\\*\\*b\\*\\*'));
  });

  const sentences: [string, readonly VariantSummary[], string][] = [
    [
      'the baseline never converged',
      [variant('push', { p50: null, p95: null }), variant('pull', { p50: 2000, p95: 4000 })],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'At p50, pull converges fastest (2.0s); the baseline push has no converged change. ' +
        'At p95, pull converges fastest (4.0s); the baseline push has no converged change.',
    ],
    [
      'no variant converged',
      [variant('push', { p50: null, p95: null }), variant('pull', { p50: null, p95: null })],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'At p50, no variant has a converged change. ' +
        'At p95, no variant has a converged change.',
    ],
    [
      'a tie goes to the baseline',
      [variant('push', { p50: 1000, p95: 2000 }), variant('pull', { p50: 1000, p95: 2000 })],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'At p50, no variant converges clearly faster than the others: the baseline push has the lowest figure (1.0s), but pull (1.0s) has no paired 95% interval with it (that needs 2 replications where both have a converged change). ' +
        'At p95, no variant converges clearly faster than the others: the baseline push has the lowest figure (2.0s), but pull (2.0s) has no paired 95% interval with it (that needs 2 replications where both have a converged change).',
    ],
    [
      'only the baseline converged; no ratio against a baseline at 0',
      [
        variant('push', { p50: 0, p95: 1000 }),
        variant('pull', { p50: null, p95: null }),
        variant('x', { p50: 10, p95: 2000 }),
      ],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'At p50, no variant converges clearly faster than the others: the baseline push has the lowest figure (0ms), but x (10ms) has no paired 95% interval with it (that needs 2 replications where both have a converged change). ' +
        'At p95, no variant converges clearly faster than the others: the baseline push has the lowest figure (1.0s), but x (2.0s) has no paired 95% interval with it (that needs 2 replications where both have a converged change).',
    ],
    [
      'the fastest by its figure, within the paired interval of the baseline; paired slower though its figure is lower',
      [
        variant('push', { p50: 1000, p95: 2000 }),
        variant('x', {
          p50: 500,
          p95: 1500,
          vsBaseline: { convergenceP50Ms: diff(-300, -600, 50), convergenceP95Ms: diff(200, 100, 300) },
        }),
      ],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'At p50, no variant converges clearly faster than the baseline push (1.0s): the fastest, x (500ms), differs from it within the 95% interval of their paired difference. ' +
        'At p95, no variant converges clearly faster than the baseline push (2.0s): the fastest, x (1.5s), is clearly slower than it in the replications where both have a converged change.',
    ],
    [
      'figures that round alike carry their paired difference',
      [
        variant('push', { p50: 1000, p95: 2000, metrics: { driftOpenMeanMs: mi(1300) } }),
        variant('pull', {
          p50: 1000,
          p95: 2000,
          metrics: { driftOpenMeanMs: mi(1267) },
          vsBaseline: { driftOpenMeanMs: diff(-33, -61, -5) },
        }),
        variant('x', {
          p50: 1000,
          p95: 2000,
          metrics: { driftOpenMeanMs: mi(900) },
          vsBaseline: { driftOpenMeanMs: diff(-400, -500, -300) },
        }),
      ],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'The time until drift is undone is clearly worse under the baseline push (1.3s) than under pull (1.3s; paired difference -33ms [-61ms, -5ms]) and x (900ms). ' +
        `At p50, no variant converges clearly faster than the others: the baseline push has the lowest figure (1.0s), but pull (1.0s) and x (1.0s) have no paired 95% interval with it (that needs 2 replications where both have a converged change). ` +
        `At p95, no variant converges clearly faster than the others: the baseline push has the lowest figure (2.0s), but pull (2.0s) and x (2.0s) have no paired 95% interval with it (that needs 2 replications where both have a converged change).`,
    ],
    [
      'only the baseline converged at all',
      [variant('push', { p50: 1000, p95: 2000 }), variant('pull', { p50: null, p95: null })],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'At p50, only the baseline push has converged changes (1.0s). ' +
        'At p95, only the baseline push has converged changes (2.0s).',
    ],
    [
      'variants clearly less available than the baseline, listed; an interval holding 0 is not clear; each reason a variant is not told apart',
      [
        variant('push', { p50: 1000, p95: 2000, metrics: { availability: mi(0.99) } }),
        ...(['a', 'b', 'c', 'd'] as const).map((name, i) =>
          variant(name, {
            p50: 1000,
            p95: 2000,
            metrics: { availability: mi(0.9 + i / 100) },
            vsBaseline: {
              availability: name === 'd' ? diff(-0.06, -0.1, 0) : diff(-0.09 + i / 100, -0.1, -0.05),
              // Each reason a variant is not told apart from the baseline: an interval holding 0, none, clearly slower.
              ...(name === 'b'
                ? {}
                : Object.fromEntries(
                    ['convergenceP50Ms', 'convergenceP95Ms'].map((m) => [
                      m,
                      name === 'c' ? diff(500, 100, 900) : diff(0, -100, 100),
                    ]),
                  )),
            },
          }),
        ),
      ],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'Availability is clearly worse under a (90.00%), b (91.00%) and c (92.00%) than under the baseline push (99.00%). ' +
        'At p50, no variant converges clearly faster than the others: the baseline push has the lowest figure (1.0s), but a (1.0s) and d (1.0s) differ from it within the 95% interval of their paired difference; b (1.0s) has no paired 95% interval with it (that needs 2 replications where both have a converged change); c is clearly slower than the baseline. ' +
        'At p95, no variant converges clearly faster than the others: the baseline push has the lowest figure (2.0s), but a (2.0s) and d (2.0s) differ from it within the 95% interval of their paired difference; b (2.0s) has no paired 95% interval with it (that needs 2 replications where both have a converged change); c is clearly slower than the baseline.',
    ],
    [
      'drift undone clearly later under a variant, and the baseline clearly less available',
      [
        variant('push', {
          p50: 1000,
          p95: 2000,
          metrics: { availability: mi(0.9), driftOpenMeanMs: mi(60_000) },
        }),
        variant('pull', {
          p50: 1000,
          p95: 2000,
          metrics: { availability: mi(0.99), driftOpenMeanMs: mi(120_000) },
          vsBaseline: { availability: diff(0.09, 0.05, 0.1), driftOpenMeanMs: diff(60_000, 1000, 90_000) },
        }),
      ],
      'No variant ran other bytes than Git intends while showing in sync. ' +
        'Availability is clearly worse under the baseline push (90.00%) than under pull (99.00%). ' +
        'The time until drift is undone is clearly worse under pull (2m 0s) than under the baseline push (1m 0s). ' +
        'At p50, no variant converges clearly faster than the others: the baseline push has the lowest figure (1.0s), but pull (1.0s) has no paired 95% interval with it (that needs 2 replications where both have a converged change). ' +
        'At p95, no variant converges clearly faster than the others: the baseline push has the lowest figure (2.0s), but pull (2.0s) has no paired 95% interval with it (that needs 2 replications where both have a converged change).',
    ],
  ];
  for (const [name, variants, expected] of sentences) {
    it(`findings: ${name}`, () => assert.equal(findings(summaryMarkdown(summary(variants))), expected));
  }

  it('compares with the baseline the summary names, wherever it is listed', () => {
    const text = summaryMarkdown(summary([pullDigest, pushTag], 'push/tag'));
    assert.ok(text.includes('| metric | pull/digest | push/tag (baseline) |\n'));
    assert.ok(text.includes('## Against the baseline push/tag\n'));
    assert.ok(text.includes('| metric | pull/digest |\n'));
    assert.ok(findings(text).includes('At p50, the baseline push/tag converges fastest (12.3s);'));
  });

  it('describes a single variant without differences', () => {
    const text = summaryMarkdown(summary([pushTag]));
    assert.ok(!text.includes('## Against the baseline'));
    assert.equal(
      findings(text),
      'push/tag converges in 12.3s at p50 and 21.0s at p95; there is no other variant to compare with.',
    );
  });

  it('calls a variant faster than the baseline only when the paired difference says so', () => {
    const text = summaryMarkdown(
      summary([
        variant('push', { p50: 1000, p95: 2000 }),
        variant('pull', { p50: 500, p95: 1500, vsBaseline: { convergenceP50Ms: diff(-500, -600, -400) } }),
      ]),
    );
    assert.ok(
      findings(text).includes(
        'At p50, pull converges fastest: 500ms, 500ms less than the baseline push (1.0s), the only variant clearly faster than it. ',
      ),
    );
    assert.ok(findings(text).includes('At p95, no variant converges clearly faster than the baseline push (2.0s)'));
  });

  it('does not call the fastest figure fastest when another variant also beats the baseline', () => {
    const text = summaryMarkdown(
      summary([
        variant('push', { p50: 1000, p95: 2000 }),
        variant('pull', { p50: 500, p95: 1500, vsBaseline: { convergenceP50Ms: diff(-500, -600, -400) } }),
        variant('flux', { p50: 510, p95: 1500, vsBaseline: { convergenceP50Ms: diff(-490, -600, -380) } }),
      ]),
    );
    assert.ok(
      findings(text).includes(
        "At p50, the lowest figure is pull's (500ms), 500ms less than the baseline push (1.0s); flux is also clearly faster than the baseline, and these are not ranked against each other here.",
      ),
      findings(text),
    );
  });

  it('warns and judges thresholds before the key metrics', () => {
    const base = summary([pushTag]);
    const text = summaryMarkdown({
      ...base,
      warnings: [{ kind: 'fewReplications', replications: 3, minimum: 5 }],
      thresholds: [
        {
          variant: 'push/tag',
          metric: 'convergenceP95Ms',
          expression: '< 5m',
          state: 'fail',
          value: { mean: 400_000, ci95: { low: 350_000, high: 450_000 } },
          suggestedReplications: null,
          reason: null,
        },
        {
          variant: 'push/tag',
          metric: 'correctness',
          expression: '> 0.999',
          state: 'inconclusive',
          value: { mean: 0.999, ci95: { low: 0.998, high: 0.9995 } },
          suggestedReplications: 40,
          reason: 'interval holds the limit',
        },
      ],
    });
    const warnings = text.indexOf('## Warnings');
    const thresholds = text.indexOf('## Thresholds');
    assert.ok(warnings > 0 && thresholds > warnings && text.indexOf('## Key metrics') > thresholds);
    assert.ok(
      text.includes(
        '- only 3 replications: intervals from fewer than 5 are rough (with 1 only shares have one); run with --replications 10 or more',
      ),
    );
    assert.ok(text.includes('1 threshold missed: judged on the 95% interval'));
    assert.ok(
      text.includes(
        '| push/tag | `convergenceP95Ms < 5m` | 6m 40s [5m 50s, 7m 30s] | FAIL: the 95% interval lies wholly outside the limit |',
      ),
    );
    assert.ok(
      text.includes(
        '| push/tag | `correctness > 0.999` | 99.90% [99.80%, 99.95%] | INCONCLUSIVE: the 95% interval holds the limit; about 40 replications would decide it |',
      ),
    );
  });

  it("gives the scenario's headline metrics rows too, whichever they are", () => {
    const canary = variant('canary', { p50: 12_300, p95: 21_000, metrics: { failedRequests: mi(2817, 2280, 3439) } });
    const text = summaryMarkdown({ ...summary([canary]), headline: ['failedRequests', 'correctness'] });
    assert.match(text, /\n\| `failedRequests` \| 2817\.0 \[2280\.0, 3439\.0\] \|\n/);
    assert.match(text, /\n- `failedRequests` \(lower is better\): /);
    // A key metric is listed once, where the key metrics list it.
    assert.equal(text.match(/\n- `correctness` /g)?.length, 1);
  });

  it('says where the Argo CD controller waited, or in one line that it never did', () => {
    const waits = (ms: number) => ({ 'status processors': ms, 'Application client QPS': 0 });
    const argo = (ms: number, attributed: number): VariantSummary => ({
      ...variant('argocd', { p50: 12_300, p95: 21_000 }),
      bottleneck: ms > 0 ? 'status processors' : 'none',
      waitMsPerRun: waits(ms),
      attributedWaitMsPerRun: waits(attributed),
    });
    const quiet = summaryMarkdown(summary([argo(0, 0)]));
    assert.match(quiet, /## Where the controller waited\n\nThe Argo CD controller's work never waited for any of its resources\.\n/);
    assert.doesNotMatch(quiet, /\| resource \|/);
    const busy = summaryMarkdown(summary([argo(90_000, 60_000)]));
    assert.match(busy, /with the most waiting in parentheses\./);
    assert.match(busy, /\n\| status processors \| 1m 30s \(1m 0s\) \|\n/);
  });

  it('has no warnings or thresholds section without any', () => {
    const text = summaryMarkdown(summary([pushTag]));
    assert.ok(!text.includes('## Warnings') && !text.includes('## Thresholds'));
  });

  it('handles no variants', () =>
    assert.equal(
      summaryMarkdown(summary([])),
      '# push-vs-pull\n\nSeed 42 · horizon 7d · 3 replications · input hash `abc123` · gitops-sim 0.1.0\n\n' +
        '## Findings\n\nNo variant was run.\n',
    ));
});
