/**
 * Every input has a stated limit (README, "Limits"): file sizes, string
 * lengths, counts, the horizon, and what a run may cost. Past a limit the
 * tool refuses at once with exit code 2 and the limit in the message,
 * rather than hanging, filling memory or crashing after hours.
 */
import type { Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { meanMs } from '../engine/distribution.ts';
import type { Scenario } from './schema.ts';

/** A scenario file: the bundled ones are under 4 KiB; a megabyte is hundreds of variants. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** A JSON file the tool wrote (summary.json, a point file, a manifest, a bench file). */
export const MAX_RESULT_FILE_BYTES = 64 * 1024 * 1024;
/** Names appear in every chart legend and table; longer ones are mistakes. */
export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;
/** Kubernetes objects of one app (apps.resources); a sync costs requests per object. */
export const MAX_RESOURCES_PER_APP = 10_000;
/** Replications of one scenario (the schema's cap; --replications and --set too). */
export const MAX_REPLICATIONS = 10_000;
/** Variants of one scenario, drift entries, fixed times in one list. */
export const MAX_VARIANTS = 100;
export const MAX_DRIFT_ENTRIES = 1000;
export const MAX_TIMES = 10_000;
/** Environments of one scenario: dev, test, staging, production and a few more; each is a world of its own. */
export const MAX_ENVIRONMENTS = 10;
/**
 * Argo CD's revisionCacheExpiration: the model needs one (refs cached for ever would never show a commit to a
 * periodic refresh); a day is far beyond any poll interval.
 */
export const MIN_REVISION_CACHE_EXPIRATION_MS = 1_000;
export const MAX_REVISION_CACHE_EXPIRATION_MS = 86_400_000;
/** Ten years of simulated time per run. */
export const MAX_HORIZON_MS = 10 * 365 * 24 * 3600 * 1000;
/** Events of one whole run (every variant x replication): some hours at the engine's ~10^6 events/s. */
export const MAX_EVENTS = 10_000_000_000;
/**
 * Memory kept per recorded change (one row of changes.csv: the change, its
 * outcome and times) until the report is written. Measured: 162 bytes per
 * change with the run's time series included, since change and drift
 * records are packed (356 before): heap after gc around a second
 * runScenario, a day of commits every 10 s to 10 apps, 2 replications,
 * push. Rounded up, as a run's time series and drift vary; commits that CI
 * coalesces never become changes, so the estimate errs high.
 */
export const BYTES_PER_CHANGE = 256;
/** Events per app per simulated hour at the most (controllers' resyncs, probes, polling); bundled scenarios: 5 to 30. */
export const EVENTS_PER_APP_HOUR = 60;
/** Events per replica of a change (pods created, started, made ready, old ones removed). */
export const EVENTS_PER_REPLICA_CHANGE = 20;
/** Share of the heap a run may plan to fill; the rest is for the engine, charts and the report. */
const HEAP_SHARE = 0.5;

const HOUR_MS = 3600 * 1000;

/** A limit was passed: exit code 2, the message names the input and the limit. */
export class LimitError extends Error {
  override readonly name = 'LimitError';
  readonly code = 'E_LIMIT';
}

/** Worker threads at most: more than the cores only contend (twice them, for machines that hyper-thread). */
export function maxWorkers(): number {
  return Math.max(2, 2 * availableParallelism());
}

/**
 * What is wrong with a file about to be read whole, or undefined: a FIFO would hang, a device never end.
 * `noun` names it in the size limit ("a manifest of at most ...").
 */
export function regularFileProblem(stats: Stats, maxBytes: number, noun = 'file'): { expected: string; found: string } | undefined {
  if (!stats.isFile()) return { expected: 'a regular file', found: kindOf(stats) };
  if (stats.size > maxBytes) return { expected: `a ${noun} of at most ${maxBytes} bytes`, found: `${stats.size} bytes` };
  return undefined;
}

export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export interface RunEstimate {
  readonly events: number;
  readonly changes: number;
  readonly memoryBytes: number;
}

/**
 * An upper estimate of a run's cost: changes (code commits, drift, mass
 * changes) are kept for the report; events grow with apps, time and the
 * replicas each change touches.
 */
export function estimateRun(scenario: Scenario): RunEstimate {
  const runs = scenario.variants.length * scenario.replications;
  const horizon = scenario.horizonMs;
  const perRun = (every: Parameters<typeof meanMs>[0]) => horizon / Math.max(1, meanMs(every));
  const commits = perRun(scenario.ci.commitEvery);
  const drift = scenario.drift.reduce((n, d) => n + (d.every !== undefined ? perRun(d.every) : (d.at?.length ?? 0)), 0);
  const changesPerRun = commits + drift + scenario.git.massChanges.length * scenario.apps.count;
  const changes = changesPerRun * runs;
  // Each environment runs every change on clusters of its own.
  const environments = scenario.environments?.length ?? 1;
  // An autoscaler may scale an app past apps.replicas: each change then touches up to its max.
  const replicas = scenario.drift.reduce((most, d) => (d.kind === 'hpa' ? Math.max(most, d.max) : most), scenario.apps.replicas);
  const events =
    environments *
    runs *
    ((horizon / HOUR_MS) * scenario.apps.count * EVENTS_PER_APP_HOUR +
      changesPerRun * Math.max(1, replicas) * EVENTS_PER_REPLICA_CHANGE);
  return { events, changes, memoryBytes: changes * BYTES_PER_CHANGE };
}

/** Refuses a run that cannot finish or cannot fit in this process's heap, with the estimate. */
export function checkRunFits(scenario: Scenario, file: string, heapBytes = heapLimitBytes()): void {
  const estimate = estimateRun(scenario);
  const runs = `${scenario.variants.length} variant(s) x ${scenario.replications} replication(s)`;
  if (estimate.events > MAX_EVENTS) {
    throw new LimitError(
      `${file}: about ${sci(estimate.events)} events (${runs}), more than the limit of ${sci(MAX_EVENTS)}; ` +
        'shorten the horizon or lower the replications',
    );
  }
  if (estimate.memoryBytes > heapBytes * HEAP_SHARE) {
    throw new LimitError(
      `${file}: about ${sci(estimate.changes)} changes to keep (${runs}), about ${mb(estimate.memoryBytes)} MB, ` +
        `more than ${mb(heapBytes * HEAP_SHARE)} MB (half of this process's heap of ${mb(heapBytes)} MB); ` +
        'shorten the horizon, commit less often or lower the replications',
    );
  }
}

function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}

function sci(n: number): string {
  return n < 1e6 ? String(Math.round(n)) : n.toExponential(1);
}

function mb(bytes: number): string {
  return String(Math.round(bytes / 1e6));
}
