import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/metrics/results.ts';
import { changesCsv, runsCsv } from '../../src/report/csv.ts';
import { QUIET_RUN, ZERO_LOAD } from '../metrics/fixtures.ts';

const runs: readonly RunResult[] = [
  {
    variant: 'push/tag',
    replication: 0,
    horizonMs: 3_600_000,
    changes: [
      {
        app: 0,
        revision: 1,
        kind: 'release',
        atMs: 1000,
        codeCommitMs: 400,
        bad: true,
        outcome: { state: 'converged', convergenceMs: 4000 },
      },
      {
        app: 1,
        revision: 2,
        kind: 'release', codeCommitMs: null, bad: false,
        atMs: 2000,
        outcome: { state: 'converged', convergenceMs: 1000 },
      },
      {
        app: 0,
        revision: 3,
        kind: 'release', codeCommitMs: null, bad: false,
        atMs: 3000,
        outcome: { state: 'superseded', supersededAfterMs: 500 },
      },
      { app: 1, revision: 4, kind: 'release', codeCommitMs: null, bad: false, atMs: 3_599_000, outcome: { state: 'open', openMs: 1000 } },
    ],
    applies: 4,
    gitFetches: 0,
    eventsProcessed: 57, load: { ...ZERO_LOAD, apiRequests: 7, ciFailures: 2 }, ...QUIET_RUN,
  },
  {
    variant: 'pull, "fast"',
    replication: 1,
    horizonMs: 3_600_000,
    changes: [],
    applies: 0,
    gitFetches: 12,
    eventsProcessed: 9, load: ZERO_LOAD, ...QUIET_RUN,
  },
];

const RUNS_HEADER =
  'variant,replication,changes,converged,superseded,open,convergence_mean_ms,convergence_p50_ms,' +
  'convergence_p95_ms,convergence_max_ms,applies,git_fetches,events,api_requests,api_throttled_ms,image_pulls,' +
  'image_pull_bytes,failed_pulls,pods_created,node_failures,evictions,crashes,ci_releases,ci_failures';
const CHANGES_HEADER = 'variant,replication,app,revision,kind,at_ms,outcome,convergence_ms,code_commit_ms,bad';

describe('runsCsv', () => {
  it('writes a row per run with counts and convergence statistics, empty cells for nulls', () =>
    assert.equal(
      runsCsv(runs),
      [
        RUNS_HEADER,
        'push/tag,0,4,2,1,1,2500,2500,3850,4000,4,0,57,7,0,0,0,0,0,0,0,0,0,2',
        '"pull, ""fast""",1,0,0,0,0,,,,,0,12,9,0,0,0,0,0,0,0,0,0,0,0',
        '',
      ].join('\n'),
    ));

  it('writes the header even with no runs', () => assert.equal(runsCsv([]), `${RUNS_HEADER}\n`));
});

describe('changesCsv', () => {
  it('writes a row per change; convergence only for converged ones', () =>
    assert.equal(
      changesCsv(runs),
      [
        CHANGES_HEADER,
        'push/tag,0,0,1,release,1000,converged,4000,400,true',
        'push/tag,0,1,2,release,2000,converged,1000,,false',
        'push/tag,0,0,3,release,3000,superseded,,,false',
        'push/tag,0,1,4,release,3599000,open,,,false',
        '',
      ].join('\n'),
    ));

  it('quotes a variant name with a comma, a quote or a newline', () => {
    const odd: RunResult = {
      ...runs[0],
      variant: 'a, "b"\nc',
      changes: [runs[0].changes[0]],
    };
    assert.equal(changesCsv([odd]), `${CHANGES_HEADER}\n"a, ""b""\nc",0,0,1,release,1000,converged,4000,400,true\n`);
  });

  it('writes the header even with no changes', () =>
    assert.equal(changesCsv(runs.slice(1)), `${CHANGES_HEADER}\n`));
});
