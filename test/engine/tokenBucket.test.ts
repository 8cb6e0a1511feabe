import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TokenBucket } from '../../src/engine/tokenBucket.ts';

test('a full bucket admits the burst at once, then one request per 1/qps, in order', () => {
  const cases: { qps: number; burst: number; arrivals: number[]; goes: number[] }[] = [
    // 50 QPS: a token every 20 ms.
    { qps: 50, burst: 2, arrivals: [0, 0, 0, 0, 0], goes: [0, 0, 20, 40, 60] },
    // 3 QPS: a token every 333.3 ms; waits round up to whole ms.
    { qps: 3, burst: 1, arrivals: [0, 0, 0, 0], goes: [0, 334, 667, 1000] },
    // Idle time refills the bucket, up to the burst only.
    {
      qps: 10,
      burst: 2,
      arrivals: [0, 0, 0, 10_000, 10_000, 10_000],
      goes: [0, 0, 100, 10_000, 10_000, 10_100],
    },
    // A request that arrives while others wait queues behind them.
    { qps: 10, burst: 1, arrivals: [0, 0, 50, 50], goes: [0, 100, 200, 300] },
    // Half a token has refilled by 50 ms: the second request waits the other 50 ms.
    { qps: 10, burst: 1, arrivals: [0, 50], goes: [0, 100] },
    // Fractional QPS: one request every 2 s.
    { qps: 0.5, burst: 1, arrivals: [0, 0, 1000], goes: [0, 2000, 4000] },
  ];
  for (const { qps, burst, arrivals, goes } of cases) {
    const bucket = new TokenBucket(qps, burst);
    assert.deepEqual(
      arrivals.map((t) => bucket.reserve(t)),
      goes,
      `qps ${qps} burst ${burst}`,
    );
    assert.equal(bucket.requests, arrivals.length);
    assert.equal(
      bucket.throttledMs,
      goes.reduce((sum, go, i) => sum + go - arrivals[i], 0),
    );
  }
});

test('misuse throws', () => {
  assert.throws(() => new TokenBucket(0, 1), /qps/);
  assert.throws(() => new TokenBucket(Number.POSITIVE_INFINITY, 1), /qps/);
  assert.throws(() => new TokenBucket(5, 0), /burst/);
  assert.throws(() => new TokenBucket(5, 1.5), /burst/);
  const bucket = new TokenBucket(5, 1);
  bucket.reserve(100);
  assert.throws(() => bucket.reserve(99), /not before 100 ms/);
  assert.throws(() => bucket.reserve(100.5), /integer/);
});

/** Admission times of requests arriving after the given gaps, or undefined if one went early or out of order. */
function admit(qps: number, burst: number, gaps: readonly number[]): number[] | undefined {
  const bucket = new TokenBucket(qps, burst);
  let now = 0;
  const goes: number[] = [];
  for (const gap of gaps) {
    now += gap;
    const go = bucket.reserve(now);
    if (go < now || (goes.length > 0 && go < goes[goes.length - 1])) return undefined;
    goes.push(go);
  }
  return goes;
}

/** True when, for every i <= j, requests goes[i] .. goes[j] number at most burst + qps x (goes[j] - goes[i] + extraMs) / 1000. */
function withinRate(goes: readonly number[], qps: number, burst: number, extraMs: number): boolean {
  // goes is sorted, so the densest window ending at goes[j] starts at some goes[i].
  for (let i = 0; i < goes.length; i++) {
    for (let j = i; j < goes.length; j++) {
      if (j - i + 1 > burst + (qps * (goes[j] - goes[i] + extraMs)) / 1000) return false;
    }
  }
  return true;
}

const gaps = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 200 });

test('over any window of w whole ms, admitted requests <= burst + qps x w; FIFO; never before arrival', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 30 }), gaps, (qps, burst, g) => {
      const goes = admit(qps, burst, g);
      // The milliseconds goes[i] .. goes[j] make a window of goes[j] - goes[i] + 1 ms.
      return goes !== undefined && withinRate(goes, qps, burst, 1);
    }),
    { numRuns: 500 },
  );
});

test('when 1000 / qps is whole, no rounding: admitted requests <= burst + qps x (last - first)', () => {
  const exactQps = [1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 500, 1000];
  fc.assert(
    fc.property(fc.constantFrom(...exactQps), fc.integer({ min: 1, max: 30 }), gaps, (qps, burst, g) => {
      const goes = admit(qps, burst, g);
      return goes !== undefined && withinRate(goes, qps, burst, 0);
    }),
    { numRuns: 500 },
  );
});

test('the bucket wastes no capacity: under a steady overload it admits exactly qps per second', () => {
  const bucket = new TokenBucket(50, 100);
  let last = 0;
  for (let i = 0; i < 10_100; i++) last = bucket.reserve(0);
  // 100 at once, then 10,000 more at 50 per second.
  assert.equal(last, 200_000);
});
