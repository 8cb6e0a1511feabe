import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ARGOCD_SELF_HEAL_BACKOFF,
  ARGOCD_SYNC_RETRY,
  type BackoffState,
  backoffDelayMs,
  type CrashLoopState,
  isInBackoff,
  KUBELET_BACKOFF,
  nextBackoff,
  nextCrashRestart,
  selfHealDelayMs,
  syncRetryDelayMs,
} from '../../src/model/backoff.ts';

const S = 1000;

test('kubelet back-off: 10s doubling, capped at 300s', () => {
  const cases: [number, number][] = [
    [1, 10 * S],
    [2, 20 * S],
    [3, 40 * S],
    [4, 80 * S],
    [5, 160 * S],
    [6, 300 * S],
    [7, 300 * S],
    [2000, 300 * S],
  ];
  for (const [failures, delayMs] of cases)
    assert.equal(backoffDelayMs(failures), delayMs, `failure ${failures}`);
  assert.deepEqual(KUBELET_BACKOFF, { initialMs: 10 * S, factor: 2, maxMs: 300 * S, resetAfterMs: 600 * S });
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => backoffDelayMs(bad), /failuresInARow/);
});

test('kubelet back-off: a run of failures resets after more than 600s without one', () => {
  // [time of failure, failures in a row after it, delay]
  const cases: [number, number, number][] = [
    [0, 1, 10 * S],
    [10 * S, 2, 20 * S],
    [30 * S, 3, 40 * S],
    [70 * S, 4, 80 * S],
    [150 * S, 5, 160 * S],
    [310 * S, 6, 300 * S],
    [610 * S, 7, 300 * S],
    [1210 * S, 8, 300 * S], // exactly 600 s later: still the same run (client-go: strictly more)
    [1810 * S + 1, 1, 10 * S], // 1 ms more than 600 s: a new run
    [1820 * S + 1, 2, 20 * S],
  ];
  let state: BackoffState | undefined;
  for (const [atMs, failures, delayMs] of cases) {
    state = nextBackoff(state, atMs);
    assert.deepEqual(state, { failures, lastFailureMs: atMs, delayMs }, `failure at ${atMs} ms`);
  }
  assert.throws(() => nextBackoff(state, 0), /before the previous one/);
});

test('crash loop: the first restart is at once, then 10s doubling to 300s; reset only after 600s of running', () => {
  // [how long the container ran since its last start, wait from its exit to the restart]
  const cases: [number, number][] = [
    [S, 0],
    [S, 10 * S],
    [S, 20 * S],
    [S, 40 * S],
    [S, 80 * S],
    [S, 160 * S],
    [S, 300 * S],
    [S, 300 * S],
    [400 * S, 300 * S], // ran 400 s: less than 2 x max since the restart, the wait stays at 300 s
    [600 * S, 300 * S], // exactly 600 s: still the same run (client-go: strictly more)
    [600 * S + 1, 0], // expired: restarts at once, as a first exit
    [S, 10 * S],
  ];
  let state: CrashLoopState | undefined;
  let startedMs = 0;
  for (const [i, [ranMs, waitMs]] of cases.entries()) {
    const exitMs = startedMs + ranMs;
    state = nextCrashRestart(state, exitMs);
    assert.equal(state.restartMs - exitMs, waitMs, `exit ${i + 1} after running ${ranMs} ms`);
    startedMs = state.restartMs;
  }
  assert.throws(() => nextCrashRestart(state, startedMs - 1), /before the restart/);
});

test('isInBackoff: an attempt must wait until the delay after the last failure has passed', () => {
  const state = nextBackoff(nextBackoff(undefined, 0), 10 * S);
  const cases: [number, boolean][] = [
    [10 * S, true],
    [30 * S - 1, true],
    [30 * S, false],
  ];
  for (const [atMs, waiting] of cases) assert.equal(isInBackoff(state, atMs), waiting, `${atMs} ms`);
  assert.equal(isInBackoff(undefined, 0), false);
});

test('Argo CD self-heal: first heal immediate, then 2s x3 each time, capped at 300s', () => {
  const cases: [number, number][] = [
    [0, 0],
    [1, 2 * S],
    [2, 6 * S],
    [3, 18 * S],
    [4, 54 * S],
    [5, 162 * S],
    [6, 300 * S],
    [7, 300 * S],
    [100, 300 * S],
  ];
  for (const [attempts, delayMs] of cases)
    assert.equal(selfHealDelayMs(attempts), delayMs, `after ${attempts}`);
  assert.deepEqual(ARGOCD_SELF_HEAL_BACKOFF, { initialMs: 2 * S, factor: 3, capMs: 300 * S });
  assert.equal(selfHealDelayMs(3, { initialMs: 1 * S, factor: 2, capMs: 3 * S }), 3 * S);
  assert.throws(() => selfHealDelayMs(-1), /attemptsSoFar/);
});

test('Argo CD sync retry: 5s doubling, capped at 3m, 5 retries', () => {
  const cases: [number, number | undefined][] = [
    [0, 5 * S],
    [1, 10 * S],
    [2, 20 * S],
    [3, 40 * S],
    [4, 80 * S],
    [5, undefined],
    [6, undefined],
  ];
  for (const [retries, delayMs] of cases)
    assert.equal(syncRetryDelayMs(retries), delayMs, `after ${retries}`);
  assert.deepEqual(ARGOCD_SYNC_RETRY, { limit: 5, durationMs: 5 * S, factor: 2, maxDurationMs: 180 * S });
  const unlimited = { ...ARGOCD_SYNC_RETRY, limit: -1 };
  const capped: [number, number][] = [
    [5, 160 * S],
    [6, 180 * S],
    [50, 180 * S],
  ];
  for (const [retries, delayMs] of capped) assert.equal(syncRetryDelayMs(retries, unlimited), delayMs);
  assert.equal(syncRetryDelayMs(0, { ...ARGOCD_SYNC_RETRY, limit: 0 }), undefined);
  assert.throws(() => syncRetryDelayMs(0.5), /retriesSoFar/);
});

test('a back-off policy that shrinks or is not in whole ms is refused', () => {
  assert.throws(() => backoffDelayMs(1, { ...KUBELET_BACKOFF, factor: 0.5 }), /factor >= 1/);
  assert.throws(() => backoffDelayMs(1, { ...KUBELET_BACKOFF, maxMs: 5 }), /cap/);
  assert.throws(
    () => selfHealDelayMs(1, { ...ARGOCD_SELF_HEAL_BACKOFF, initialMs: 1.5 }),
    /integer initial delay/,
  );
  assert.throws(() => syncRetryDelayMs(1, { ...ARGOCD_SYNC_RETRY, factor: Number.NaN }), /factor/);
});
