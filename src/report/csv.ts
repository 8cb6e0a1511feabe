import { stringify } from 'csv-stringify/sync';
import type { RunLoad, RunResult } from '../metrics/results.ts';
import { summarizeDistribution } from '../metrics/statistics.ts';

/**
 * runs.csv and changes.csv: flat tables for spreadsheets and pandas. Values
 * are unrounded; a null becomes an empty cell (what both read as missing).
 * The header row is written even with no rows, so readers always see the columns.
 */

type Cell = string | number | null;

const RUN_COLUMNS = [
  'variant',
  'replication',
  'changes',
  'converged',
  'superseded',
  'open',
  'convergence_mean_ms',
  'convergence_p50_ms',
  'convergence_p95_ms',
  'convergence_max_ms',
  'applies',
  'git_fetches',
  'events',
] as const;

/** runs.csv's load columns; a Record so that a new RunLoad field cannot be forgotten here. */
const LOAD_COLUMNS: Readonly<Record<keyof RunLoad, string>> = {
  apiRequests: 'api_requests',
  apiThrottledMs: 'api_throttled_ms',
  imagePulls: 'image_pulls',
  imagePullBytes: 'image_pull_bytes',
  failedPulls: 'failed_pulls',
  podsCreated: 'pods_created',
  nodeFailures: 'node_failures',
  evictions: 'evictions',
  crashes: 'crashes',
  ciReleases: 'ci_releases',
  ciFailures: 'ci_failures',
};
const LOAD_KEYS = Object.keys(LOAD_COLUMNS) as (keyof RunLoad)[];

const CHANGE_COLUMNS = [
  'variant',
  'replication',
  'app',
  'revision',
  'kind',
  'at_ms',
  'outcome',
  'convergence_ms',
  'code_commit_ms',
  'bad',
] as const;

function table(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify([columns, ...rows]);
}

/** One row per variant x replication, in the order of `runs`. */
export function runsCsv(runs: readonly RunResult[]): string {
  return table(
    [...RUN_COLUMNS, ...LOAD_KEYS.map((k) => LOAD_COLUMNS[k])],
    runs.map((run) => {
      const counts = { converged: 0, superseded: 0, open: 0 };
      const convergenceMs: number[] = [];
      for (const change of run.changes) {
        counts[change.outcome.state]++;
        if (change.outcome.state === 'converged') convergenceMs.push(change.outcome.convergenceMs);
      }
      const convergence = summarizeDistribution(convergenceMs);
      return [
        run.variant,
        run.replication,
        run.changes.length,
        counts.converged,
        counts.superseded,
        counts.open,
        convergence.mean,
        convergence.p50,
        convergence.p95,
        convergence.max,
        run.applies,
        run.gitFetches,
        run.eventsProcessed,
        ...LOAD_KEYS.map((k) => run.load[k]),
      ];
    }),
  );
}

/** One row per change, runs in the order of `runs`, changes in each run's order. */
export function changesCsv(runs: readonly RunResult[]): string {
  return table(
    CHANGE_COLUMNS,
    runs.flatMap((run) =>
      run.changes.map((change) => [
        run.variant,
        run.replication,
        change.app,
        change.revision,
        change.kind,
        change.atMs,
        change.outcome.state,
        change.outcome.state === 'converged' ? change.outcome.convergenceMs : null,
        change.codeCommitMs,
        String(change.bad),
      ]),
    ),
  );
}
