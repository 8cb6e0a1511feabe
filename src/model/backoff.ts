/**
 * Back-off schedules as pure functions: the kubelet's (crash loops and image
 * pulls, each with its own entry) and Argo CD's (self-heal and automated sync retry). The callers keep
 * the counts and times; these functions only do the arithmetic.
 */

export interface BackoffPolicy {
  /** Delay after the first failure of a run. */
  readonly initialMs: number;
  /** Each further failure multiplies the delay by this. */
  readonly factor: number;
  readonly maxMs: number;
  /** A failure more than this long after the previous one starts a new run. */
  readonly resetAfterMs: number;
}

/**
 * The kubelet's back-off for crash loops and image pulls: 10s (backOffPeriod),
 * doubling, capped at 300s (MaxContainerBackOff), in pkg/kubelet/kubelet.go;
 * client-go's flowcontrol.Backoff forgets an entry 2 x max = 600s after its
 * last update (a pull failure; a crash loop's last restart, see nextCrashRestart).
 */
export const KUBELET_BACKOFF: BackoffPolicy = {
  initialMs: 10_000,
  factor: 2,
  maxMs: 300_000,
  resetAfterMs: 600_000,
};

/** Where a run of failures stands after its latest failure. */
export interface BackoffState {
  /** Failures in a row, >= 1. */
  readonly failures: number;
  readonly lastFailureMs: number;
  /** Wait after the latest failure before the next attempt. */
  readonly delayMs: number;
}

/** The wait after the n-th failure in a row (n >= 1): initial x factor^(n-1), capped. */
export function backoffDelayMs(failuresInARow: number, policy: BackoffPolicy = KUBELET_BACKOFF): number {
  checkCount(failuresInARow, 1, 'failuresInARow');
  checkSchedule(policy.initialMs, policy.factor, policy.maxMs);
  return Math.min(policy.maxMs, Math.round(policy.initialMs * policy.factor ** (failuresInARow - 1)));
}

/**
 * The state after a failure at `nowMs`. A first failure, or one more than
 * `resetAfterMs` after the previous (strictly, as in client-go), starts over
 * at the initial delay.
 */
export function nextBackoff(
  state: BackoffState | undefined,
  nowMs: number,
  policy: BackoffPolicy = KUBELET_BACKOFF,
): BackoffState {
  if (state !== undefined && nowMs < state.lastFailureMs) {
    throw new RangeError(`failure at ${nowMs} ms is before the previous one at ${state.lastFailureMs} ms`);
  }
  const failures =
    state === undefined || nowMs - state.lastFailureMs > policy.resetAfterMs ? 1 : state.failures + 1;
  return { failures, lastFailureMs: nowMs, delayMs: backoffDelayMs(failures, policy) };
}

/** A container's crash-loop entry, made when the kubelet restarts it after an exit. */
export interface CrashLoopState {
  /** When the container restarts after its latest exit. */
  readonly restartMs: number;
  /** The wait after its next exit, unless it has run `resetAfterMs` by then. */
  readonly delayMs: number;
}

/**
 * The restart after a container exits at `exitMs`. The kubelet (kuberuntime
 * doBackOff) restarts at once when the container has no live entry, else
 * `delayMs` after the exit, and then updates the entry (flowcontrol.Backoff
 * Next at the restart): so the waits are 0, 10s, 20s, 40s ... 300s. An entry
 * expires when the container ran more than `resetAfterMs` since its last
 * restart (hasExpired(exit, lastUpdate)), so a run of 5 min between crashes
 * keeps the 300s wait.
 */
export function nextCrashRestart(
  state: CrashLoopState | undefined,
  exitMs: number,
  policy: BackoffPolicy = KUBELET_BACKOFF,
): CrashLoopState {
  if (state !== undefined && exitMs < state.restartMs) {
    throw new RangeError(`exit at ${exitMs} ms is before the restart at ${state.restartMs} ms`);
  }
  checkSchedule(policy.initialMs, policy.factor, policy.maxMs);
  if (state === undefined || exitMs - state.restartMs > policy.resetAfterMs) {
    return { restartMs: exitMs, delayMs: policy.initialMs };
  }
  return {
    restartMs: exitMs + state.delayMs,
    delayMs: Math.min(policy.maxMs, Math.round(state.delayMs * policy.factor)),
  };
}

/** True while an attempt at `nowMs` must still wait ("Back-off restarting failed container"). */
export function isInBackoff(state: BackoffState | undefined, nowMs: number): boolean {
  return state !== undefined && nowMs - state.lastFailureMs < state.delayMs;
}

export interface SelfHealPolicy {
  readonly initialMs: number;
  readonly factor: number;
  readonly capMs: number;
}

/**
 * Argo CD's self-heal back-off: argocd-application-controller flags
 * --self-heal-backoff-timeout-seconds 2, --self-heal-backoff-factor 3,
 * --self-heal-backoff-cap-seconds 300.
 */
export const ARGOCD_SELF_HEAL_BACKOFF: SelfHealPolicy = { initialMs: 2_000, factor: 3, capMs: 300_000 };

/**
 * Wait before a self-heal sync, measured from the end of the previous sync,
 * given the self-heal attempts already made for this drift (Argo CD's
 * selfHealAttemptsCount): 0 -> immediate, then 2s, 6s, 18s, 54s, 162s, 300s, 300s...
 */
export function selfHealDelayMs(
  attemptsSoFar: number,
  policy: SelfHealPolicy = ARGOCD_SELF_HEAL_BACKOFF,
): number {
  checkCount(attemptsSoFar, 0, 'attemptsSoFar');
  checkSchedule(policy.initialMs, policy.factor, policy.capMs);
  if (attemptsSoFar === 0) return 0;
  return Math.min(policy.capMs, Math.round(policy.initialMs * policy.factor ** (attemptsSoFar - 1)));
}

export interface SyncRetryPolicy {
  /** Retries after the first failed sync; negative means unlimited. */
  readonly limit: number;
  readonly durationMs: number;
  readonly factor: number;
  readonly maxDurationMs: number;
}

/**
 * Argo CD's retry of a failed automated sync: limit 5, backoff duration 5s,
 * factor 2, maxDuration 3m, so 5s, 10s, 20s, 40s, 80s. The limit is autoSync's
 * own (appcontroller.go `RetryStrategy{Limit: 5}`) for an Application without
 * syncPolicy.retry; one that sets it gets its limit, 0 unless given. The backoff
 * is DefaultSyncRetryDuration, -Factor and -MaxDuration (application_defaults.go).
 */
export const ARGOCD_SYNC_RETRY: SyncRetryPolicy = {
  limit: 5,
  durationMs: 5_000,
  factor: 2,
  maxDurationMs: 180_000,
};

/**
 * Wait before the next retry of a failed sync, given the retries already made
 * (duration x factor^retries, capped at maxDuration, as in Argo CD's
 * NextRetryAt), or undefined when the limit is used up: the sync stays failed.
 */
export function syncRetryDelayMs(
  retriesSoFar: number,
  policy: SyncRetryPolicy = ARGOCD_SYNC_RETRY,
): number | undefined {
  checkCount(retriesSoFar, 0, 'retriesSoFar');
  checkSchedule(policy.durationMs, policy.factor, policy.maxDurationMs);
  if (policy.limit >= 0 && retriesSoFar >= policy.limit) return undefined;
  return Math.min(policy.maxDurationMs, Math.round(policy.durationMs * policy.factor ** retriesSoFar));
}

function checkCount(n: number, min: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${n}`);
  }
}

/** A schedule that starts at an integer delay and only grows, up to its cap. */
function checkSchedule(initialMs: number, factor: number, capMs: number): void {
  if (
    !Number.isSafeInteger(initialMs) ||
    initialMs < 0 ||
    !(factor >= 1) ||
    !Number.isSafeInteger(capMs) ||
    capMs < initialMs
  ) {
    throw new RangeError(
      `a back-off needs an integer initial delay >= 0, a factor >= 1 and an integer cap >= the initial delay; got ${initialMs} ms, x${factor}, ${capMs} ms`,
    );
  }
}
