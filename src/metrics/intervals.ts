/**
 * 95% intervals that stay inside the range their figure can take, from few
 * replications of skewed, bounded data. Pure and deterministic: the random
 * resamples come from a stream seeded by the caller (scenario seed + metric
 * name), so the same samples give the same interval, bit for bit.
 *
 * - bootstrapInterval: the expanded percentile bootstrap (Hesterberg, "What
 *   Teachers Should Know About the Bootstrap", The American Statistician 69(4),
 *   2015, section 5.1). A plain percentile bootstrap is too narrow with few
 *   units (it misses the n / (n - 1) and t-versus-z corrections); expanding
 *   the tail probability to Φ(-√(n/(n-1)) · t(0.975, n-1)) fixes both for
 *   moderate n. With very few units it cannot: its bounds are values the
 *   statistic took on resamples, and at n <= 4 the expanded tail lies below
 *   the chance of the most extreme resample, so a mean's interval is the
 *   data's range, which holds the true mean only 50%, 75% and 88% of the time
 *   at n = 2, 3 and 4 for a symmetric distribution (Efron & Tibshirani, An
 *   Introduction to the Bootstrap, 1993, ch. 13: no percentile interval
 *   reaches outside the data). So the interval is widened, where narrower, to
 *   the Student t interval of the bootstrap's standard error (studentFloor),
 *   the textbook t interval for a mean, then clipped to the values the figure
 *   can take (Bounds).
 * - wilsonInterval: the Wilson score interval for k successes in n trials
 *   (Wilson 1927; Brown, Cai & DasGupta, Statistical Science 16(2), 2001,
 *   recommend it over the Wald interval, which leaves [0, 1] near the ends).
 */
import seedrandom from 'seedrandom';
import { AleaStream } from '../engine/alea.ts';
import type { Interval } from './results.ts';
import { percentile, studentT975 } from './statistics.ts';

/** Resamples per bootstrap interval: enough that the 0.1% tail used at n = 5 rests on 2 order statistics. */
export const BOOTSTRAP_RESAMPLES = 2000;

/** The most units whose resamples fewResamples keys exactly: (n + 1)^n stays below 2^53. */
const KEYED_UNITS_MAX = 13;

/** z(0.975) of the standard normal. */
const Z975 = 1.959963984540054;

/** The values a statistic can take: its interval is clipped to them (a share to [0, 1], a duration to >= 0). */
export interface Bounds {
  readonly low: number;
  readonly high: number;
}

/** A statistic with no bounds: a difference of durations. */
export const UNBOUNDED: Bounds = { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** A figure's resample stream by name: the scenario's seed and the figure's key (intervalRandom). */
export interface IntervalStream {
  readonly seed: number | string;
  readonly key: string;
}

/**
 * The resample stream of one figure: Alea seeded by (scenario seed, key), independent of the model's
 * streams. seedrandom seeds it and AleaStream draws it, the same numbers as seedrandom's generator
 * (see alea.ts), at a fraction of the cost: a resample of n replications is n draws.
 */
export function intervalRandom(seed: number | string, key: string): Uniform {
  const stream = new AleaStream(seedrandom.alea(streamSeed({ seed, key }), { state: true }).state());
  return () => stream.next();
}

function streamSeed({ seed, key }: IntervalStream): string {
  return `interval\u0000${seed}\u0000${key}`;
}

/**
 * Φ(x), the standard normal CDF, through erfc by the Chebyshev fit of
 * Numerical Recipes (3rd ed., 6.2.2; relative error below 1.2e-7).
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The lower tail probability of the expanded percentile interval for n units (n >= 2). */
export function expandedTail(n: number): number {
  if (!(Number.isInteger(n) && n >= 2))
    throw new RangeError(`the expanded bootstrap needs n >= 2 units, found ${n}`);
  return normalCdf(-Math.sqrt(n / (n - 1)) * studentT975(n - 1));
}

/**
 * A statistic of a resample of n units, given as how many times each unit was
 * drawn (`counts[i]`, summing to n; all 1 for the sample itself). Null when the
 * resample has nothing to measure (no unit with data was drawn).
 */
export type Statistic = (counts: Int32Array) => number | null;

/**
 * The statistic on the sample and its expanded percentile bootstrap 95%
 * interval over `resamples` resamples of the n units with replacement,
 * widened to at least the Student t interval of the resamples' standard error
 * and clipped to `bounds` (studentFloor). The interval is null with fewer than
 * 2 units, or when fewer than half the resamples had anything to measure. The
 * resamples come from `stream`: a source of uniform numbers, or a stream by
 * name, whose resamples a thread may keep and reuse (drawnResamples).
 */
export function bootstrapInterval(
  n: number,
  statistic: Statistic,
  stream: Uniform | IntervalStream,
  bounds: Bounds,
  resamples = BOOTSTRAP_RESAMPLES,
): { readonly value: number | null; readonly ci95: Interval | null } {
  const counts = new Int32Array(n).fill(1);
  const value = n === 0 ? null : statistic(counts);
  if (value === null || n < 2) return { value, ci95: null };
  if (n <= KEYED_UNITS_MAX && distinctResamples(n) < resamples) {
    const resampled =
      typeof stream === 'function' ? distinctOf(resampleKeys(n, stream, resamples)) : drawnResamples(n, stream, resamples);
    return { value, ci95: fewResamples(n, statistic, resampled, resamples, value, bounds) };
  }
  const random = typeof stream === 'function' ? stream : intervalRandom(stream.seed, stream.key);
  const stats = manyResamples(n, statistic, random, resamples);
  const ci = expandedPercentiles(stats, n, resamples);
  return { value, ci95: ci === null ? null : studentFloor(ci, value, sortedDeviation(stats), n, bounds) };
}

/**
 * `ci` widened, where narrower, to value ± t(0.975, n - 1) · √(n / (n - 1)) · se and clipped to `bounds`.
 * se is the standard deviation of the statistic over the resamples; for a mean √(n / (n - 1)) · se is the
 * sample's s / √n exactly (the resamples' variance is the plug-in variance over n), so the floor is the
 * Student t interval, which holds 95% for a normal mean at any n. It also keeps `value` inside the interval.
 * A statistic that came out NaN on some resample has no standard error: its interval stays as found.
 */
export function studentFloor(ci: Interval, value: number, se: number, n: number, bounds: Bounds): Interval {
  const half = studentT975(n - 1) * Math.sqrt(n / (n - 1)) * se;
  if (Number.isNaN(half)) return ci;
  // + 0: a bound is never -0.
  return {
    low: Math.max(bounds.low, Math.min(ci.low, value - half)) + 0,
    high: Math.min(bounds.high, Math.max(ci.high, value + half)) + 0,
  };
}

/**
 * The standard deviation of the ascending `sorted` values (over their count, not one less: the resamples are
 * the whole population), value by different value, ascending, each weighted by its count: the very arithmetic
 * of weightedDeviation, so both ways of resampling give the same bits. Weights of at most 1 and deviations
 * scaled by the largest keep the sums finite for any finite values.
 */
export function sortedDeviation(sorted: Float64Array): number {
  const runs: number[] = [];
  forEachRun(sorted, (v, count) => runs.push(v, count));
  return deviationOfRuns(runs, sorted.length);
}

/** The standard deviation of values given as [value, count, value, count, ...], ascending, `total` counts in all. */
function deviationOfRuns(runs: readonly number[], total: number): number {
  let mean = 0;
  for (let i = 0; i < runs.length; i += 2) mean += (runs[i + 1] / total) * runs[i];
  const scale = Math.max(Math.abs(runs[0] - mean), Math.abs(runs[runs.length - 2] - mean));
  if (!(scale > 0)) return scale === 0 ? 0 : Number.NaN;
  let squares = 0;
  for (let i = 0; i < runs.length; i += 2) squares += (runs[i + 1] / total) * ((runs[i] - mean) / scale) ** 2;
  return scale * Math.sqrt(squares);
}

/** Each stretch of equal values of `sorted`, in order: the value and how many times it comes. */
function forEachRun(sorted: Float64Array, visit: (value: number, count: number) => void): void {
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    visit(sorted[i], j - i);
    i = j;
  }
}

/** The statistic on each of `resamples` resamples, those with something to measure. */
function manyResamples(n: number, statistic: Statistic, random: Uniform, resamples: number): Float64Array {
  const counts = new Int32Array(n);
  const stats = new Float64Array(resamples);
  let measured = 0;
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]++;
    const s = statistic(counts);
    if (s !== null) stats[measured++] = s;
  }
  return stats.subarray(0, measured);
}

/** The different resamples among those drawn (resampleKeys), each with how many times it was drawn. */
interface DrawnResamples {
  readonly keys: Float64Array;
  readonly times: Int32Array;
}

function distinctOf(keys: Float64Array): DrawnResamples {
  const times = new Map<number, number>();
  for (const key of keys) times.set(key, (times.get(key) ?? 0) + 1);
  return { keys: Float64Array.from(times.keys()), times: Int32Array.from(times.values()) };
}

/**
 * The interval manyResamples and expandedPercentiles give, for n units that have fewer different
 * resamples than there are resamples: most resamples repeat one already drawn (2,000 resamples of
 * 2 units are 3 different ones). The statistic is computed once per different resample, each
 * value counted as often as its resample was drawn (a statistic is a pure function of the counts:
 * each repeat would give the very value, bit for bit), and the percentiles are read off the
 * different values in order, weighted, rather than off 2,000 sorted copies. No statistic call sits
 * in a loop over the resamples, where one call site seeing every metric's statistic made V8
 * deoptimize it again and again (`--trace-deopt`).
 */
function fewResamples(
  n: number,
  statistic: Statistic,
  drawn: DrawnResamples,
  resamples: number,
  value: number,
  bounds: Bounds,
): Interval | null {
  const counts = new Int32Array(n);
  // Per value, the resamples that gave it. A Map merges -0 with 0, which no bound can tell apart (+ 0 below).
  const weights = new Map<number, number>();
  let measured = 0;
  for (let j = 0; j < drawn.keys.length; j++) {
    let rest = drawn.keys[j];
    for (let i = n - 1; i >= 0; i--) {
      counts[i] = rest % (n + 1);
      rest = (rest - counts[i]) / (n + 1);
    }
    const s = statistic(counts);
    if (s === null) continue;
    weights.set(s, (weights.get(s) ?? 0) + drawn.times[j]);
    measured += drawn.times[j];
  }
  if (measured < resamples / 2) return null;
  // The typed sort of expandedPercentiles: ascending, NaN last.
  const values = Float64Array.from(weights.keys()).sort();
  const tail = expandedTail(n) * 100;
  const ci = {
    low: weightedPercentile(values, weights, measured, tail) + 0,
    high: weightedPercentile(values, weights, measured, 100 - tail) + 0,
  };
  return studentFloor(ci, value, weightedDeviation(values, weights, measured), n, bounds);
}

/** sortedDeviation of the ascending different `values` each repeated `weights.get(value)` times (`total` in all). */
function weightedDeviation(values: Float64Array, weights: ReadonlyMap<number, number>, total: number): number {
  const runs: number[] = [];
  for (const v of values) runs.push(v, weights.get(v) as number);
  return deviationOfRuns(runs, total);
}

/**
 * statistics.percentile of the ascending `values` each repeated `weights.get(value)` times
 * (`total` in all), by the same arithmetic on the same numbers.
 */
function weightedPercentile(
  values: Float64Array,
  weights: ReadonlyMap<number, number>,
  total: number,
  p: number,
): number {
  const h = ((total - 1) * p) / 100;
  const lo = Math.floor(h);
  const fraction = h - lo;
  const at = (index: number): number => {
    let seen = 0;
    for (const v of values) {
      seen += weights.get(v) as number;
      if (seen > index) return v;
    }
    throw new RangeError(`index ${index} of ${total} weighted values`);
  };
  const low = at(lo);
  return fraction === 0 ? low : low + fraction * (at(lo + 1) - low);
}

/**
 * The resamples of n units as manyResamples draws them, from the same random numbers in the same
 * order, each as a key: its counts as the digits of a number in base n + 1 (KEYED_UNITS_MAX).
 */
function resampleKeys(n: number, random: Uniform, resamples: number): Float64Array {
  const counts = new Int32Array(n);
  const keys = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]++;
    let key = 0;
    for (let i = 0; i < n; i++) key = key * (n + 1) + counts[i];
    keys[b] = key;
  }
  return keys;
}

/**
 * Resamples drawn in this thread, by stream, unit count and resamples. A stream is the scenario's
 * seed and a figure's name, the same for every variant and every point of a sweep, so each
 * figure's resamples are drawn once per thread rather than once per variant and point (the draws
 * were most of a point's summary once the statistic was computed per different resample).
 */
const drawn = new Map<string, DrawnResamples>();

/**
 * Entries kept in `drawn`: up to 21 kB each (1,716 different resamples of 7 units), a few bytes at
 * 2 units; a sweep uses a few hundred.
 */
const DRAWN_MAX = 1024;

function drawnResamples(n: number, stream: IntervalStream, resamples: number): DrawnResamples {
  const id = `${n}\u0000${resamples}\u0000${streamSeed(stream)}`;
  let resampled = drawn.get(id);
  if (resampled === undefined) {
    resampled = distinctOf(resampleKeys(n, intervalRandom(stream.seed, stream.key), resamples));
    if (drawn.size >= DRAWN_MAX) drawn.clear();
    drawn.set(id, resampled);
  }
  return resampled;
}

/**
 * How many different resamples n units have: multisets of n draws from n, C(2n - 1, n) (3 for 2
 * units, 126 for 5, 92,378 for 10); infinity where that passes what a double counts exactly.
 */
export function distinctResamples(n: number): number {
  let c = 1;
  // C(2n - 1, n) as the product over k = 1..n of (n - 1 + k) / k: C(n - 1 + k, k) after each step, whole.
  for (let k = 1; k <= n; k++) {
    c = (c * (n - 1 + k)) / k;
    if (c > Number.MAX_SAFE_INTEGER / (2 * n)) return Number.POSITIVE_INFINITY;
  }
  return c;
}

/**
 * The expanded percentile interval of n units from the statistic's values
 * on `resamples` resamples (those with nothing to measure left out; sorted
 * in place); null when fewer than half had anything to measure. A typed
 * array sorts numerically without a comparator call per comparison, the
 * larger part of an interval's cost.
 */
export function expandedPercentiles(stats: Float64Array, n: number, resamples: number): Interval | null {
  if (stats.length < resamples / 2) return null;
  stats.sort();
  const tail = expandedTail(n) * 100;
  // + 0: a typed sort orders -0 before 0, where a comparator kept them as drawn; a bound is never -0.
  return { low: percentile(stats, tail) + 0, high: percentile(stats, 100 - tail) + 0 };
}

/**
 * The value every unit has, when there are at least 2 units and all are the same number (null
 * otherwise). Then every resample of a mean (weightedMean keeps it between the smallest and largest
 * value drawn) is exactly that value, and so are both bounds of its interval: the bootstrap's 2,000
 * resamples are skipped with the same result, bit for bit. Many per-run figures are constant
 * (counters that stayed 0, a correctness of 1 in every run).
 */
export function constantOf(values: readonly (number | null)[]): number | null {
  if (values.length < 2) return null;
  const first = values[0];
  if (first === null || Number.isNaN(first)) return null;
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return null;
  // + 0: as expandedPercentiles gives a bound, never -0.
  return first + 0;
}

/**
 * The mean of the drawn values, each as often as it was drawn: weightedMean's arithmetic, in the
 * same order, over a typed copy of the values rather than a call per value. Where every value is
 * finite and none is -0 (otherwise it is weightedMean), the sum also adds the units not drawn: 0 x v is a zero, and adding a zero
 * to a sum that starts at +0 leaves its bits as they were, so the loop needs no branch a resample
 * makes unpredictable (about a third of the units are not drawn). The smallest and largest value
 * drawn, which bound the mean, are then found from the values in order: the first drawn from
 * each end, a step or two on average.
 */
export function resampledMean(values: readonly number[]): Statistic {
  const copy = Float64Array.from(values);
  if (!copy.every((v) => Number.isFinite(v) && !Object.is(v, -0))) return weightedMean(values, (i) => values[i]);
  // Units by value, ascending.
  const order = Int32Array.from(copy.keys()).sort((a, b) => copy[a] - copy[b]);
  return (counts) => {
    let sum = 0;
    let drawn = 0;
    for (let i = 0; i < copy.length; i++) {
      sum += counts[i] * copy[i];
      drawn += counts[i];
    }
    if (drawn === 0) return null;
    let first = 0;
    while (counts[order[first]] === 0) first++;
    let last = order.length - 1;
    while (counts[order[last]] === 0) last--;
    return Math.min(copy[order[last]], Math.max(copy[order[first]], sum / drawn));
  };
}

/**
 * The mean of value(i) over drawn units i (value null: left out), each as
 * often as it was drawn. Kept within the smallest and largest value drawn: a
 * mean lies there, and rounding of the sum must not put a share of 1 at
 * 1.0000000000000002.
 */
export function weightedMean(units: { readonly length: number }, value: (i: number) => number | null): Statistic {
  return (counts) => {
    let sum = 0;
    let drawn = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < units.length; i++) {
      const v = value(i);
      if (v === null || counts[i] === 0) continue;
      sum += counts[i] * v;
      drawn += counts[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return drawn === 0 ? null : Math.min(hi, Math.max(lo, sum / drawn));
  };
}

/** The Wilson score 95% interval of a share: k successes in n trials; null without trials. */
export function wilsonInterval(k: number, n: number): Interval | null {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) {
    throw new RangeError(`a share needs whole 0 <= k <= n, found ${k} of ${n}`);
  }
  if (n === 0) return null;
  const p = k / n;
  const z2 = Z975 * Z975;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z975 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // The exact ends: rounding must not put a bound a hair outside [0, 1], nor exclude p at k = 0 or n.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}
