import { stringify } from 'csv-stringify/sync';
import { csvText } from './escape.ts';
import { ENVIRONMENT_METRICS, METRICS, type MetricUnit, metricNamed } from '../metrics/definitions.ts';
import type { DeliveryLoad, RunLoad, RunResult, TimeSeries } from '../metrics/results.ts';
import type { TextChunks } from './write.ts';

/**
 * runs.csv, changes.csv and timeseries.csv: flat tables for spreadsheets and
 * pandas. Values are unrounded; a null becomes an empty cell (what both read
 * as missing). The header row is written even with no rows, so readers always
 * see the columns.
 */

type Cell = string | number | null;

function table(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return rowsText([columns, ...rows]);
}

/** CSV lines, each ending in a newline; lines made apart and joined equal the lines made at once. */
function rowsText(rows: readonly (readonly Cell[])[]): string {
  return stringify(rows.map((row) => row.map((c) => (typeof c === 'string' ? csvText(c) : c))));
}

/** A run counter written to runs.csv as a metric. */
interface Counter {
  readonly name: string;
  readonly unit: MetricUnit;
}

/**
 * Every RunLoad and DeliveryStats counter under its metric name: the RunLoad
 * key itself, or `delivery` + the DeliveryStats key (gitFetches is the
 * delivery system's, and METRICS already names it so). Records, so a new
 * counter cannot be forgotten here.
 */
const LOAD_COUNTERS: Readonly<Record<keyof RunLoad, Counter>> = {
  apiRequests: { name: 'apiRequests', unit: 'count' },
  apiThrottledMs: { name: 'apiThrottledMs', unit: 'ms' },
  imagePulls: { name: 'imagePulls', unit: 'count' },
  imagePullBytes: { name: 'imagePullBytes', unit: 'bytes' },
  failedPulls: { name: 'failedPulls', unit: 'count' },
  podsCreated: { name: 'podsCreated', unit: 'count' },
  nodeFailures: { name: 'nodeFailures', unit: 'count' },
  evictions: { name: 'evictions', unit: 'count' },
  crashes: { name: 'crashes', unit: 'count' },
  ciReleases: { name: 'ciReleases', unit: 'count' },
  ciFailures: { name: 'ciFailures', unit: 'count' },
};
const DELIVERY_COUNTERS: Readonly<Record<keyof DeliveryLoad, Counter>> = {
  gitFetches: { name: 'gitFetches', unit: 'count' },
  refreshes: { name: 'deliveryRefreshes', unit: 'count' },
  syncs: { name: 'deliverySyncs', unit: 'count' },
  syncFailures: { name: 'deliverySyncFailures', unit: 'count' },
  apiRequests: { name: 'deliveryApiRequests', unit: 'count' },
  apiThrottledMs: { name: 'deliveryApiThrottledMs', unit: 'ms' },
  maxQueueDepth: { name: 'deliveryMaxQueueDepth', unit: 'count' },
};

/** A runs.csv row source: a name, its unit and its value in one run. */
interface RunValue extends Counter {
  readonly perRun: (run: RunResult) => number | null;
}

function counters<T>(
  record: Readonly<Record<keyof T & string, Counter>>,
  pick: (run: RunResult) => T,
): RunValue[] {
  return (Object.keys(record) as (keyof T & string)[]).map((key) => ({
    ...record[key],
    perRun: (run) => pick(run)[key] as number,
  }));
}

/**
 * METRICS first, then the counters METRICS does not define: one name, one
 * value (a counter METRICS defines is its own metric under the same name).
 */
const RUN_VALUES: readonly RunValue[] = [
  ...METRICS,
  ...[...counters(LOAD_COUNTERS, (r) => r.load), ...counters(DELIVERY_COUNTERS, (r) => r.delivery)].filter(
    (c) => metricNamed(c.name) === undefined,
  ),
];

/** runs.csv, long form: one row per run (in the order of `runs`) x RUN_VALUES entry (and environment metric, with environments). */
export function runsCsv(runs: readonly RunResult[]): string {
  return table(
    ['variant', 'replication', 'metric', 'value', 'unit'],
    runs.flatMap((run) =>
      (run.environments === undefined ? RUN_VALUES : [...RUN_VALUES, ...ENVIRONMENT_METRICS]).map((v) => [
        run.variant,
        run.replication,
        v.name,
        v.perRun(run),
        v.unit,
      ]),
    ),
  );
}

/**
 * changes.csv: everything that changed what an app should run or runs, per
 * run (in the order of `runs`): its config commits, then its drift events,
 * then its rollbacks, each in recorded order. Columns:
 *
 * - variant, replication: the run.
 * - kind: `release` or `revert` (a config commit), the drift kind
 *   (`manualScale`, `nodeFailure`, ...), or `rollback`.
 * - app: the app's index; empty for drift that hits no one app (an outage, a node).
 * - revision: the config-repo revision of a commit; empty otherwise.
 * - at_ms: when it happened (a rollback: when the bad release was found).
 * - outcome: commits `converged`, `superseded` or `open`; drift `closed`
 *   (undone) or `open` (at the horizon); rollbacks `correct`, `incorrect`
 *   (finished on other bytes) or `unfinished` (not before the app's next
 *   commit or the horizon).
 * - duration_ms: from at_ms to the outcome: convergence, superseded or open
 *   time of a commit; time until drift was undone (or the horizon); a correct
 *   rollback's time to restore (empty for an incorrect one).
 * - code_commit_ms, bad: a release's code commit time and whether it was
 *   bad; empty otherwise.
 * - method: a rollback's method (`revert`, `rerun`, `undo`); empty otherwise.
 */
const CHANGE_COLUMNS = [
  'variant',
  'replication',
  'kind',
  'app',
  'revision',
  'at_ms',
  'outcome',
  'duration_ms',
  'code_commit_ms',
  'bad',
  'method',
] as const;

export function changesCsv(runs: readonly RunResult[]): string {
  return [...changesCsvChunks(runs, CHANGE_ROWS_PER_CHUNK)].join('');
}

/**
 * Rows per stringify call of changes.csv. A call's row arrays and line strings all live until its
 * chunk is joined: a few thousand rows at a time they die young, where a whole run's 50,000 rows
 * were copied by the young-generation collector and promoted, a third of the report's time.
 */
const CHANGE_ROWS_PER_CHUNK = 2048;

/**
 * changes.csv a chunk at a time: the header, then each run's rows, `rowsPerChunk` at a time. A year
 * of changes makes a table of millions of cells; written in chunks, only one chunk's rows exist at once.
 */
export function changesCsvText(runs: readonly RunResult[], rowsPerChunk = CHANGE_ROWS_PER_CHUNK): TextChunks {
  return { chunks: () => changesCsvChunks(runs, rowsPerChunk) };
}

function* changesCsvChunks(runs: readonly RunResult[], rowsPerChunk: number): Generator<string> {
  yield table(CHANGE_COLUMNS, []);
  for (const run of runs) {
    let rows: Cell[][] = [];
    for (const row of changeRows(run)) {
      rows.push(row);
      if (rows.length === rowsPerChunk) {
        yield stringify(rows);
        rows = [];
      }
    }
    if (rows.length > 0) yield stringify(rows);
  }
}

/** A run's rows, their text cells escaped as they are made (rowsText's escaping, without a copy of each row). */
function* changeRows(run: RunResult): Generator<Cell[]> {
  const variant = csvText(run.variant);
  const replication = run.replication;
  for (const c of run.changes) {
    const o = c.outcome;
    const duration =
      o.state === 'converged' ? o.convergenceMs : o.state === 'superseded' ? o.supersededAfterMs : o.openMs;
    yield [
      variant,
      replication,
      c.kind,
      c.app,
      c.revision,
      c.atMs,
      o.state,
      duration,
      c.codeCommitMs,
      c.kind === 'release' ? String(c.bad) : null,
      null,
    ];
  }
  for (const d of run.drifts) {
    yield [
      variant,
      replication,
      csvText(d.kind),
      d.app,
      null,
      d.atMs,
      d.closed ? 'closed' : 'open',
      d.openMs,
      null,
      null,
      null,
    ];
  }
  for (const r of run.rollbacks) {
    yield [
      variant,
      replication,
      'rollback',
      r.app,
      null,
      r.detectedMs,
      r.correct ? 'correct' : r.finished ? 'incorrect' : 'unfinished',
      r.restoreMs,
      null,
      null,
      csvText(r.method),
    ];
  }
}

/** The sampled series of TimeSeries, in timeseries.csv's column order. */
const SERIES: readonly [Exclude<keyof TimeSeries, 'tMs'>, string][] = [
  ['correctShare', 'correct_share'],
  ['readyReplicas', 'ready_replicas'],
  ['openDrift', 'open_drift'],
  ['queueDepth', 'queue_depth'],
  ['apiThrottledMs', 'api_throttled_ms'],
];

/**
 * timeseries.csv: one row per variant (in order of first appearance) x sample
 * instant (ascending), each series the mean over the replications sampled at
 * that instant, and how many there were. Runs of one scenario share their
 * instants; counting them keeps a mean honest if they do not.
 */
export function timeseriesCsv(runs: readonly RunResult[]): string {
  const byVariant = new Map<string, Map<number, { n: number; sums: number[] }>>();
  for (const run of runs) {
    const instants = byVariant.get(run.variant) ?? new Map<number, { n: number; sums: number[] }>();
    byVariant.set(run.variant, instants);
    const { tMs } = run.timeSeries;
    for (let i = 0; i < tMs.length; i++) {
      const sample = instants.get(tMs[i]) ?? { n: 0, sums: SERIES.map(() => 0) };
      instants.set(tMs[i], sample);
      sample.n++;
      for (let s = 0; s < SERIES.length; s++) sample.sums[s] += run.timeSeries[SERIES[s][0]][i];
    }
  }
  const rows: Cell[][] = [];
  for (const [variant, instants] of byVariant) {
    for (const t of [...instants.keys()].sort((a, b) => a - b)) {
      const { n, sums } = instants.get(t)!;
      rows.push([variant, t, n, ...sums.map((sum) => sum / n)]);
    }
  }
  return table(['variant', 't_ms', 'replications', ...SERIES.map(([, column]) => column)], rows);
}
