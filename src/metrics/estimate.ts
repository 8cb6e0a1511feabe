/**
 * A metric's figure and 95% interval from its per-replication samples, by the
 * metric's aggregation (definitions.ts), and the difference of two variants or
 * two reports, paired replication by replication when they share seeds.
 * Samples are plain JSON (a number, a list of values, or [successes,
 * trials]), so a report keeps them (samples.json) and `compare` computes the
 * very same statistic from two reports.
 */
import type { MetricDefinition } from './definitions.ts';
import {
  BOOTSTRAP_RESAMPLES,
  type Bounds,
  bootstrapInterval,
  constantOf,
  expandedPercentiles,
  intervalRandom,
  resampledMean,
  type Statistic,
  sortedDeviation,
  studentFloor,
  UNBOUNDED,
  weightedMean,
  wilsonInterval,
} from './intervals.ts';
import type { MeanWithInterval, PairedDifference, RunResult } from './results.ts';

/**
 * One replication's part of a metric: the run's value (runMean, null when it
 * has none), the run's values in ascending order (pooledQuantile), or
 * [successes, trials] (pooledShare).
 */
export type RunSample = number | null | readonly number[];

/** The metric's sample of each run, in the order of `runs`. */
export function metricSamples(metric: MetricDefinition, runs: readonly RunResult[]): RunSample[] {
  const a = metric.aggregation;
  switch (a.kind) {
    case 'runMean':
      return runs.map(metric.perRun);
    case 'pooledQuantile':
      // Already ascending, and read only: no sorted copy per figure (a run's 50,000 times, six times a report).
      return runs.map((run) => a.values(run));
    case 'pooledShare':
      return runs.map((run) => [...a.counts(run)]);
  }
}

/** The metric's statistic over a resample of `samples` (counts: how often each was drawn). */
export function metricStatistic(metric: MetricDefinition, samples: readonly RunSample[]): Statistic {
  const a = metric.aggregation;
  switch (a.kind) {
    case 'runMean': {
      const values = samples as readonly (number | null)[];
      return values.includes(null) ? weightedMean(values, (i) => values[i]) : resampledMean(values as readonly number[]);
    }
    case 'pooledQuantile':
      return pooledQuantile(samples as readonly (readonly number[])[], a.p);
    case 'pooledShare': {
      const pairs = samples as readonly (readonly number[])[];
      return (counts) => {
        let k = 0;
        let n = 0;
        for (let i = 0; i < pairs.length; i++) {
          k += counts[i] * pairs[i][0];
          n += counts[i] * pairs[i][1];
        }
        return n === 0 ? null : k / n;
      };
    }
  }
}

/**
 * The p-th percentile (type 7, as statistics.percentile) of the values of
 * every drawn replication, each as often as it was drawn: a walk over the
 * values sorted once, no sort per resample. The walk starts at the last
 * stretch boundary (pooledStretches) at or before the percentile's position,
 * found by binary search, rather than at the first value: a walk from there
 * finds the same values as one from the start, so the same number, bit for
 * bit. From the start, the 95th percentile of 80 replications of the default
 * scenario walked some 50,000 values per resample, 2,000 resamples a variant.
 */
function pooledQuantile(runs: readonly (readonly number[])[], p: number): Statistic {
  const { values, runOf } = pooledAscending(runs);
  const stretches = pooledStretches(runOf, runs.length);
  const { width, before } = stretches;
  const units = runs.length;
  /** How many values the resample drew before the start of stretch k: each run's count there times its draws. */
  const drawnBefore = (counts: Int32Array, k: number): number => {
    let sum = 0;
    for (let r = 0, at = k * units; r < units; r++, at++) sum += counts[r] * before[at];
    return sum;
  };
  return (counts) => {
    let total = 0;
    for (let i = 0; i < units; i++) total += counts[i] * runs[i].length;
    if (total === 0) return null;
    const h = ((total - 1) * p) / 100;
    const lo = Math.floor(h);
    const fraction = h - lo;
    // The last stretch that starts with at most lo values drawn before it (stretch 0 starts with none).
    let first = 0;
    let last = stretches.count - 1;
    while (first < last) {
      const middle = (first + last + 1) >> 1;
      if (drawnBefore(counts, middle) <= lo) first = middle;
      else last = middle - 1;
    }
    let seen = first === 0 ? 0 : drawnBefore(counts, first);
    let low: number | null = null;
    for (let i = first * width; i < values.length; i++) {
      seen += counts[runOf[i]];
      if (low === null && seen > lo) {
        low = values[i];
        if (fraction === 0) return low;
      }
      // Within its neighbours: rounding must not carry an interpolated value past either.
      if (low !== null && seen > lo + 1) return Math.min(values[i], low + fraction * (values[i] - low));
    }
    return low;
  };
}

/** The least values a stretch holds, and the most counts kept for all stretches (4 MB), whatever the runs. */
const STRETCH_MIN_VALUES = 64;
const STRETCH_COUNTS_MAX = 2 ** 20;

/**
 * The pooled values cut into stretches of `width` values: `before[k x units + r]` is how many of
 * run r's values lie before stretch k. The width grows with the runs so that the counts stay
 * within `maxCounts` (and one stretch's counts more, for the last, short stretch).
 */
export function pooledStretches(
  runOf: Uint32Array,
  units: number,
  maxCounts = STRETCH_COUNTS_MAX,
): { readonly width: number; readonly count: number; readonly before: Int32Array } {
  const width = Math.max(STRETCH_MIN_VALUES, Math.ceil((runOf.length * Math.max(units, 1)) / maxCounts));
  const count = Math.max(1, Math.ceil(runOf.length / width));
  const before = new Int32Array(count * units);
  const seen = new Int32Array(units);
  for (let i = 0; i < runOf.length; i++) {
    if (i % width === 0 && i > 0) before.set(seen, (i / width) * units);
    seen[runOf[i]]++;
  }
  return { width, count, before };
}

/** Values with the run of each, in two typed arrays. */
interface Pooled {
  readonly values: Float64Array;
  readonly runOf: Uint32Array;
}

/**
 * Every run's values with its run, ascending by value and then by run: each run sorted natively
 * (a Float64Array, fast on values that come ascending) and the runs merged pairwise, rather than
 * an object per value sorted with a comparator (3 x 50,000 of them for one capacity run's
 * percentiles).
 */
function pooledAscending(runs: readonly (readonly number[])[]): Pooled {
  let parts: Pooled[] = runs.map((values, run) => ({
    values: Float64Array.from(values).sort(),
    runOf: new Uint32Array(values.length).fill(run),
  }));
  if (parts.length === 0) return { values: new Float64Array(0), runOf: new Uint32Array(0) };
  while (parts.length > 1) {
    const merged: Pooled[] = [];
    for (let i = 0; i < parts.length; i += 2) merged.push(i + 1 < parts.length ? mergeAscending(parts[i], parts[i + 1]) : parts[i]);
    parts = merged;
  }
  return parts[0];
}

/** Two pooled parts merged, ascending; on a tie `a` first (every run of `a` precedes those of `b`). */
function mergeAscending(a: Pooled, b: Pooled): Pooled {
  const n = a.values.length + b.values.length;
  const values = new Float64Array(n);
  const runOf = new Uint32Array(n);
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    if (j >= b.values.length || (i < a.values.length && a.values[i] <= b.values[j])) {
      values[k] = a.values[i];
      runOf[k] = a.runOf[i++];
    } else {
      values[k] = b.values[j];
      runOf[k] = b.runOf[j++];
    }
  }
  return { values, runOf };
}

/** The metric's figure for one variant with its 95% interval (see definitions.ts for the method per metric). */
export function estimateMetric(
  metric: MetricDefinition,
  samples: readonly RunSample[],
  seed: number | string,
): MeanWithInterval {
  const found = pointEstimate(metric, samples);
  if (found.kind === 'share') {
    return found.n === 0 ? { mean: null, ci95: null } : { mean: found.k / found.n, ci95: wilsonInterval(found.k, found.n) };
  }
  if (found.kind === 'constant') return constantInterval(found.value, found.runs, metric.countsEvents ? 'events' : 'measure');
  const { value, ci95 } = bootstrapInterval(
    found.units.length,
    found.statistic,
    { seed, key: metric.name },
    figureBounds(metric),
  );
  return { mean: value, ci95 };
}

/** The values a metric's figure can take (its MetricRange). */
function figureBounds(metric: MetricDefinition): Bounds {
  return metric.range === 'share' ? SHARE : NON_NEGATIVE;
}

/**
 * The exact 95% upper bound on a Poisson count's total when none was seen: -ln(0.025), about 3.69 (the
 * "rule of three" of Hanley & Lippman-Hand, 1983, at the two-sided 95% of these intervals), over the runs.
 */
const NO_EVENTS_UPPER = -Math.log(0.025);

const SHARE: Bounds = { low: 0, high: 1 };
const NON_NEGATIVE: Bounds = { low: 0, high: Number.POSITIVE_INFINITY };
/** A difference of two shares. */
const SHARE_DIFFERENCE: Bounds = { low: -1, high: 1 };

/** The values a difference of two of a metric's figures can take. */
function differenceBounds(metric: MetricDefinition): Bounds {
  return metric.range === 'share' ? SHARE_DIFFERENCE : UNBOUNDED;
}

/** The metric's figure for one variant, without its interval: the `mean` estimateMetric gives, bit for bit. */
export function metricFigure(metric: MetricDefinition, samples: readonly RunSample[]): number | null {
  const found = pointEstimate(metric, samples);
  if (found.kind === 'share') return found.n === 0 ? null : found.k / found.n;
  if (found.kind === 'constant') return found.value;
  return found.units.length === 0 ? null : found.statistic(new Int32Array(found.units.length).fill(1));
}

/** How a figure is made from the samples: pooled counts, one value every run shares, or a statistic of the units. */
function pointEstimate(
  metric: MetricDefinition,
  samples: readonly RunSample[],
):
  | { readonly kind: 'share'; readonly k: number; readonly n: number }
  | { readonly kind: 'constant'; readonly value: number; readonly runs: number }
  | { readonly kind: 'statistic'; readonly units: readonly RunSample[]; readonly statistic: Statistic } {
  if (metric.aggregation.kind === 'pooledShare') {
    let k = 0;
    let n = 0;
    for (const s of samples as readonly (readonly number[])[]) {
      k += s[0];
      n += s[1];
    }
    return { kind: 'share', k, n };
  }
  const units = metric.aggregation.kind === 'runMean' ? samples.filter((s) => s !== null) : samples;
  if (metric.aggregation.kind === 'runMean') {
    const constant = constantOf(units as readonly number[]);
    if (constant !== null) return { kind: 'constant', value: constant, runs: units.length };
  }
  return { kind: 'statistic', units, statistic: metricStatistic(metric, units) };
}

/** What a per-run value counts: events (a count per run), or another measure (a time, bytes, a maximum, a rate). */
export type PerRunKind = 'events' | 'measure';

/**
 * The interval of a figure every one of `runs` runs gave as `value`: that value, except that no event
 * in any run is no proof there are none, so a count of events at 0 gets the exact Poisson bound on
 * its rate per run.
 */
function constantInterval(value: number, runs: number, kind: PerRunKind): MeanWithInterval {
  const high = kind === 'events' && value === 0 ? NO_EVENTS_UPPER / runs : value;
  return { mean: value, ci95: { low: value, high } };
}

/**
 * The mean of per-run values (each >= 0) with its bootstrap interval, for a
 * summary field that is not a metric of its own (load counters); `key` seeds it.
 * A count of `events` at 0 in every run is bounded as a metric's count is.
 */
export function meanInterval(
  values: readonly number[],
  seed: number | string,
  key: string,
  kind: PerRunKind,
): MeanWithInterval {
  const constant = constantOf(values);
  if (constant !== null) return constantInterval(constant, values.length, kind);
  const { value, ci95 } = bootstrapInterval(values.length, resampledMean(values), { seed, key }, NON_NEGATIVE);
  return { mean: value, ci95 };
}

/**
 * The metric of `a` minus that of `b`, paired replication by replication
 * (a[i] and b[i] ran with the same random numbers): resamples draw pairs, so
 * the noise the two share cancels. Only pairs where both runs have something
 * to measure count (for a runMean metric).
 */
export function pairedMetric(
  metric: MetricDefinition,
  a: readonly RunSample[],
  b: readonly RunSample[],
  seed: number | string,
): PairedDifference {
  if (a.length !== b.length)
    throw new RangeError(`paired samples differ in length: ${a.length} and ${b.length}`);
  const keep = a.map((s, i) => metric.aggregation.kind !== 'runMean' || (s !== null && b[i] !== null));
  const pa = a.filter((_, i) => keep[i]);
  const pb = b.filter((_, i) => keep[i]);
  if (metric.aggregation.kind === 'runMean') {
    // Both sides constant: every resample's difference is the difference of the two constants.
    const ca = constantOf(pa as readonly number[]);
    const cb = constantOf(pb as readonly number[]);
    if (ca !== null && cb !== null) {
      const d = ca - cb + 0;
      return { mean: d, ci95: { low: d, high: d }, pairs: pa.length };
    }
  }
  const sa = metricStatistic(metric, pa);
  const sb = metricStatistic(metric, pb);
  const { value, ci95 } = bootstrapInterval(
    pa.length,
    (counts) => {
      const x = sa(counts);
      const y = sb(counts);
      return x === null || y === null ? null : x - y;
    },
    { seed, key: `paired\u0000${metric.name}` },
    differenceBounds(metric),
  );
  return { mean: value, ci95, pairs: pa.length };
}

/**
 * The metric of `a` minus that of `b` for runs that share no random numbers
 * (other seeds): each side resampled on its own, the interval expanded and
 * widened to the Student t floor for the smaller side (the wider: Welch's
 * degrees of freedom are never fewer than its n - 1).
 */
export function unpairedMetric(
  metric: MetricDefinition,
  a: readonly RunSample[],
  b: readonly RunSample[],
  seed: number | string,
): MeanWithInterval {
  const ua = metric.aggregation.kind === 'runMean' ? a.filter((s) => s !== null) : a;
  const ub = metric.aggregation.kind === 'runMean' ? b.filter((s) => s !== null) : b;
  const sa = metricStatistic(metric, ua);
  const sb = metricStatistic(metric, ub);
  const difference = (ca: Int32Array, cb: Int32Array): number | null => {
    const x = sa(ca);
    const y = sb(cb);
    return x === null || y === null ? null : x - y;
  };
  const ca = new Int32Array(ua.length).fill(1);
  const cb = new Int32Array(ub.length).fill(1);
  const value = ua.length === 0 || ub.length === 0 ? null : difference(ca, cb);
  const n = Math.min(ua.length, ub.length);
  if (value === null || n < 2) return { mean: value, ci95: null };
  const random = intervalRandom(seed, `unpaired\u0000${metric.name}`);
  const stats = new Float64Array(BOOTSTRAP_RESAMPLES);
  let measured = 0;
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    ca.fill(0);
    cb.fill(0);
    for (let i = 0; i < ua.length; i++) ca[Math.floor(random() * ua.length)]++;
    for (let i = 0; i < ub.length; i++) cb[Math.floor(random() * ub.length)]++;
    const d = difference(ca, cb);
    if (d !== null) stats[measured++] = d;
  }
  const resampled = stats.subarray(0, measured);
  const ci = expandedPercentiles(resampled, n, BOOTSTRAP_RESAMPLES);
  return {
    mean: value,
    ci95: ci === null ? null : studentFloor(ci, value, sortedDeviation(resampled), n, differenceBounds(metric)),
  };
}
