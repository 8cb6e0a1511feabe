/**
 * Kubernetes rolling-update arithmetic, named after its originals in
 * k8s.io/kubernetes pkg/controller/deployment/util (reference/kubernetes.md).
 * Pure functions: no state, no time.
 */

/** Kubernetes IntOrString as a Deployment strategy holds it: 3 or "25%". */
export type IntOrPercent = number | string;

/** Thrown for an IntOrString that Kubernetes would reject. */
export class IntOrPercentError extends Error {
  readonly code = 'E_INT_OR_PERCENT';
  constructor(readonly value: unknown) {
    super(`invalid value for IntOrString: ${JSON.stringify(value)}: expected an integer or a string ending in "%"`);
    this.name = 'IntOrPercentError';
  }
}

/**
 * An int passes through; "N%" is N% of total, rounded up or down. A string
 * without "%" is an error, as in Kubernetes ("90" is not 90%).
 */
export function getScaledValueFromIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new IntOrPercentError(value);
    return value;
  }
  const match = /^(-?\d+)%$/.exec(value);
  if (match === null) throw new IntOrPercentError(value);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export interface Fenceposts {
  readonly surge: number;
  readonly unavailable: number;
}

/**
 * Surge rounds up, unavailable rounds down; when both come out 0,
 * unavailable becomes 1 so the rollout can make progress.
 */
export function resolveFenceposts(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  desired: number,
): Fenceposts {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
