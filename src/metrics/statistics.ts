import type { DistributionSummary, MeanWithInterval } from './results.ts';

/**
 * Descriptive statistics over samples of numbers (durations in ms, counts per
 * run). Pure and deterministic: the same array gives the same bits.
 */

/** Arithmetic mean. Throws on an empty sample: a caller that can have none must say what that means. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('mean of an empty sample');
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Unbiased sample variance (divides by n - 1). Needs at least two values. */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) throw new RangeError(`sample variance needs at least 2 values, found ${xs.length}`);
  const m = mean(xs);
  // Two passes (deviations from the mean) rather than sum of squares: no cancellation on large ms values.
  let sumSq = 0;
  for (const x of xs) sumSq += (x - m) * (x - m);
  return sumSq / (xs.length - 1);
}

/**
 * The p-th percentile (p in [0, 100]) of an ascending sample, by linear
 * interpolation between the closest ranks: h = (n - 1) * p / 100, then
 * x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]).
 * This is Hyndman & Fan type 7, the default of R's `quantile` and NumPy's
 * `percentile`, so numbers can be checked against either.
 */
export function percentile(sortedXs: ArrayLike<number>, p: number): number {
  if (sortedXs.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], found ${p}`);
  const h = ((sortedXs.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const fraction = h - lo;
  const low = sortedXs[lo];
  // Without a fraction there is nothing to interpolate (and at p = 100 no upper neighbour).
  return fraction === 0 ? low : low + fraction * (sortedXs[lo + 1] - low);
}

/** n, mean, p50, p95, p99 and max of a sample (need not be sorted; it is not modified). */
export function summarizeDistribution(xs: readonly number[]): DistributionSummary {
  if (xs.length === 0) return { n: 0, mean: null, p50: null, p95: null, p99: null, max: null };
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    mean: mean(sorted),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

/** t(0.975, df) for df = 1..30 (index df - 1), to the precision of double arithmetic. */
const T975 = [
  12.706204736174694, 4.302652729749462, 3.1824463052837078, 2.7764451051977934, 2.5705818356363146,
  2.4469118511449786, 2.364624251592784, 2.306004135204166, 2.262157162798205, 2.228138851986274,
  2.200985160091639, 2.1788128296672284, 2.1603686564627913, 2.144786687917804, 2.131449545559776,
  2.1199052992212546, 2.1098155778333156, 2.1009220402410382, 2.0930240544083087, 2.085963447265864,
  2.0796138447276795, 2.0738730679040254, 2.0686576104190486, 2.0638985616280245, 2.0595385527532972,
  2.0555294386428735, 2.0518305164802846, 2.0484071417952454, 2.045229642132703, 2.0422724563012378,
];

/** z(0.975) of the standard normal: the limit of t(0.975, df) as df grows. */
const Z975 = 1.959963984540054;

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom: the
 * multiplier of a two-sided 95% interval. Exact table for df 1..30; beyond,
 * the Cornish-Fisher expansion in 1/df (Abramowitz & Stegun 26.7.5), whose
 * error there is below 3e-8 and shrinks as df grows.
 */
export function studentT975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be >= 1, found ${df}`);
  if (df <= 30) {
    if (!Number.isInteger(df)) throw new RangeError(`degrees of freedom up to 30 must be whole, found ${df}`);
    return T975[df - 1];
  }
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  const v = 1 / df;
  return z + v * (g1 + v * (g2 + v * (g3 + v * g4)));
}

/** Mean with a two-sided 95% Student-t interval: mean ± t(0.975, n-1) · s / √n. */
export function meanWithInterval(xs: readonly number[]): MeanWithInterval {
  if (xs.length === 0) return { mean: null, ci95: null };
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, ci95: null };
  const halfWidth = studentT975(xs.length - 1) * Math.sqrt(sampleVariance(xs) / xs.length);
  return { mean: m, ci95: { low: m - halfWidth, high: m + halfWidth } };
}

/**
 * The mean difference `xs[i] - ys[i]` over the pairs where both are present,
 * with its 95% t-interval. Variants of a replication share their random
 * numbers (commits, failures), so pairing removes that shared noise and the
 * interval is far tighter than the difference of two independent means.
 */
export function pairedDifference(
  xs: readonly (number | null)[],
  ys: readonly (number | null)[],
): MeanWithInterval & { readonly pairs: number } {
  if (xs.length !== ys.length) throw new RangeError(`paired samples differ in length: ${xs.length} and ${ys.length}`);
  const diffs: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x !== null && y !== null) diffs.push(x - y);
  }
  return { ...meanWithInterval(diffs), pairs: diffs.length };
}
