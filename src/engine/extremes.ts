/**
 * Largest and smallest of an array of any length. `Math.max(...values)` puts
 * every value on the call stack and throws a RangeError beyond about 125k of
 * them, which long runs reach; these loop instead. As Math.max does, a NaN
 * anywhere gives NaN.
 */

/** The largest value, or `empty` when there is none. */
export function maxOf(values: Iterable<number>, empty = Number.NEGATIVE_INFINITY): number {
  let result = empty;
  for (const v of values) {
    if (Number.isNaN(v)) return v;
    if (v > result) result = v;
  }
  return result;
}

/** The smallest value, or `empty` when there is none. */
export function minOf(values: Iterable<number>, empty = Number.POSITIVE_INFINITY): number {
  let result = empty;
  for (const v of values) {
    if (Number.isNaN(v)) return v;
    if (v < result) result = v;
  }
  return result;
}

/** Appends every item of `items` to `target`, however many (push(...items) is bounded by the stack). */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
