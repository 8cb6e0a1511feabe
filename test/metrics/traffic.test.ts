import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  expectedRequests,
  type TrafficCluster,
  TrafficMonitor,
  type TrafficOptions,
  type TrafficTotals,
} from '../../src/metrics/traffic.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The documented rate, requests per second at `tMs`: the form expectedRequests integrates. */
function rateAt({ ratePerSecond, dailyPattern }: TrafficOptions, tMs: number): number {
  if (dailyPattern === undefined) return ratePerSecond;
  const { amplitude, peakHour } = dailyPattern;
  return ratePerSecond * (1 + amplitude * Math.cos((2 * Math.PI * (tMs - peakHour * HOUR_MS)) / DAY_MS));
}

/** Simpson's rule over [a, b] in 10,000 steps: an integral computed without the closed form. */
function simpson(options: TrafficOptions, a: number, b: number): number {
  const n = 10_000;
  const h = (b - a) / n;
  let sum = rateAt(options, a) + rateAt(options, b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * rateAt(options, a + i * h);
  return (sum * h) / 3 / 1000;
}

function assertClose(actual: number, expected: number, message?: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.abs(expected),
    `${message ?? ''} ${actual} != ${expected}`,
  );
}

describe('expectedRequests', () => {
  test('a whole day of the daily pattern is the mean rate times 86,400 s, wherever the day starts', () => {
    const table: [amplitude: number, peakHour: number, fromMs: number][] = [
      [0, 14, 0],
      [0.5, 14, 0],
      [1, 0, 0],
      [0.5, 14, 5 * HOUR_MS + 123],
      [0.3, 23.5, 6 * DAY_MS + 17],
    ];
    for (const [amplitude, peakHour, fromMs] of table) {
      const options = { ratePerSecond: 50, dailyPattern: { amplitude, peakHour } };
      assert.equal(
        expectedRequests(options, fromMs, fromMs + DAY_MS),
        50 * 86_400,
        `${amplitude} ${peakHour} ${fromMs}`,
      );
    }
  });

  test('equals the integral of the rate computed numerically, for intervals of any length', () => {
    const table: [options: TrafficOptions, fromMs: number, toMs: number][] = [
      [{ ratePerSecond: 100 }, 0, HOUR_MS],
      [{ ratePerSecond: 50, dailyPattern: { amplitude: 0.5, peakHour: 14 } }, 13 * HOUR_MS, 15 * HOUR_MS],
      [{ ratePerSecond: 50, dailyPattern: { amplitude: 0.5, peakHour: 14 } }, 0, 5 * HOUR_MS + 1],
      [{ ratePerSecond: 7, dailyPattern: { amplitude: 1, peakHour: 3 } }, 2 * DAY_MS + 11, 2 * DAY_MS + 5011],
      [{ ratePerSecond: 0.2, dailyPattern: { amplitude: 0.9, peakHour: 20 } }, 1000, 3 * DAY_MS],
    ];
    for (const [options, fromMs, toMs] of table) {
      assertClose(
        expectedRequests(options, fromMs, toMs),
        simpson(options, fromMs, toMs),
        JSON.stringify(options),
      );
    }
    // A constant rate is exact.
    assert.equal(expectedRequests({ ratePerSecond: 100 }, 0, HOUR_MS), 360_000);
  });

  test('the peak hour carries more than the trough hour, by the amplitude', () => {
    const options = { ratePerSecond: 10, dailyPattern: { amplitude: 0.5, peakHour: 14 } };
    const peak = expectedRequests(options, 13.5 * HOUR_MS, 14.5 * HOUR_MS);
    const trough = expectedRequests(options, 1.5 * HOUR_MS, 2.5 * HOUR_MS);
    // The mean of cos over an hour around its extreme: sin(pi/24) / (pi/24).
    const sinc = Math.sin(Math.PI / 24) / (Math.PI / 24);
    assertClose(peak, 36_000 * (1 + 0.5 * sinc));
    assertClose(trough, 36_000 * (1 - 0.5 * sinc));
  });

  test('pieces add up to the whole: a week cut at 10,007 uneven points', () => {
    const options = { ratePerSecond: 50, dailyPattern: { amplitude: 0.5, peakHour: 14 } };
    let sum = 0;
    let from = 0;
    for (let i = 1; i <= 10_007; i++) {
      const to = Math.round((7 * DAY_MS * i * i) / (10_007 * 10_007));
      sum += expectedRequests(options, from, to);
      from = to;
    }
    assertClose(sum, 50 * 7 * 86_400);
  });
});

/** A cluster whose Ready pods per digest (and how many are on dead nodes) the test sets; every change is announced, as the real one does. */
class ScriptedCluster implements TrafficCluster {
  private readonly digests: Map<string, number>[];
  private readonly onDeadNodes: number[];
  private readonly listeners: ((app: number) => void)[] = [];

  constructor(ready: readonly Record<string, number>[]) {
    this.digests = ready.map((r) => new Map(Object.entries(r)));
    this.onDeadNodes = ready.map(() => 0);
  }

  get appCount(): number {
    return this.digests.length;
  }

  onAppChange(listener: (app: number) => void): void {
    this.listeners.push(listener);
  }

  readyDigests(app: number): ReadonlyMap<string, number> {
    return this.digests[app];
  }

  /** A Deployment's: its Ready pods. */
  trafficWeights(app: number): ReadonlyMap<string, number> {
    return this.digests[app];
  }

  readyPods(app: number): number {
    let count = 0;
    for (const n of this.digests[app].values()) count += n;
    return count;
  }

  readyOnUpNodes(app: number): number {
    return this.readyPods(app) - this.onDeadNodes[app];
  }

  /** `onDeadNodes` of the Ready pods are on nodes that have died. */
  set(app: number, ready: Record<string, number>, onDeadNodes = 0): void {
    this.digests[app] = new Map(Object.entries(ready));
    this.onDeadNodes[app] = onDeadNodes;
    for (const listener of this.listeners) listener(app);
  }
}

type Step = readonly [atMs: number, act: (cluster: ScriptedCluster, monitor: TrafficMonitor) => void];

describe('TrafficMonitor: exact failures at a constant 10 requests per second', () => {
  const table: [
    name: string,
    start: Record<string, number>[],
    steps: Step[],
    endMs: number,
    TrafficTotals,
  ][] = [
    [
      'all Ready pods good: nothing fails',
      [{ good: 4 }],
      [],
      HOUR_MS,
      { requests: 36_000, failedRequests: 0, noReadyFailed: 0, deadNodeFailed: 0, badReleaseFailed: 0 },
    ],
    [
      '1 of 4 Ready pods on a bad digest fails a quarter of the requests while it lasts (an hour of two)',
      [{ good: 3, bad: 1 }],
      [
        [0, (_, m) => m.markBad('bad')],
        [HOUR_MS, (c) => c.set(0, { good: 4 })],
      ],
      2 * HOUR_MS,
      { requests: 72_000, failedRequests: 9000, noReadyFailed: 0, deadNodeFailed: 0, badReleaseFailed: 9000 },
    ],
    [
      'no Ready pod fails everything, whatever it runs (10 minutes of an hour)',
      [{ good: 2 }],
      [
        [0, (c) => c.set(0, {})],
        [600_000, (c) => c.set(0, { good: 2 })],
      ],
      HOUR_MS,
      { requests: 36_000, failedRequests: 6000, noReadyFailed: 6000, deadNodeFailed: 0, badReleaseFailed: 0 },
    ],
    [
      'a digest marked bad while pods run it fails from then on, not before',
      [{ v1: 2 }],
      [[1_800_000, (_, m) => m.markBad('v1')]],
      HOUR_MS,
      { requests: 36_000, failedRequests: 18_000, noReadyFailed: 0, deadNodeFailed: 0, badReleaseFailed: 18_000 },
    ],
    [
      'a rollout step by step: each share holds until the next change',
      [{ v1: 4 }],
      [
        [0, (_, m) => m.markBad('v2')],
        // 4 good; then 1 of 5 bad for 100 s; 2 of 4 for 200 s; 4 of 4 for 300 s; none Ready for 400 s.
        [1000, (c) => c.set(0, { v1: 4, v2: 1 })],
        [101_000, (c) => c.set(0, { v1: 2, v2: 2 })],
        [301_000, (c) => c.set(0, { v2: 4 })],
        [601_000, (c) => c.set(0, {})],
      ],
      1_001_000,
      {
        requests: 10_010,
        failedRequests: 200 + 1000 + 3000 + 4000,
        noReadyFailed: 4000,
        deadNodeFailed: 0,
        badReleaseFailed: 200 + 1000 + 3000,
      },
    ],
    [
      'apps add up; a change to one app leaves the other alone',
      [{ a: 2 }, { b: 1, c: 1 }],
      [
        [0, (_, m) => m.markBad('c')],
        [HOUR_MS, (c) => c.set(1, { b: 2 })],
      ],
      2 * HOUR_MS,
      { requests: 144_000, failedRequests: 18_000, noReadyFailed: 0, deadNodeFailed: 0, badReleaseFailed: 18_000 },
    ],
    [
      '1 of 4 Ready pods on a dead node fails a quarter until the pod is NotReady (50 s)',
      [{ good: 4 }],
      [
        [0, (c) => c.set(0, { good: 4 }, 1)],
        [50_000, (c) => c.set(0, { good: 3 })],
      ],
      HOUR_MS,
      { requests: 36_000, failedRequests: 125, noReadyFailed: 0, deadNodeFailed: 125, badReleaseFailed: 0 },
    ],
    [
      'a dead node and a bad release: a request fails once, the bad share counted of the live pods',
      [{ good: 2, bad: 2 }],
      [
        // Half on dead nodes for 100 s: 500 fail there, and a quarter (half of the other half) on the bad digest.
        [0, (_, m) => m.markBad('bad')],
        [0, (c) => c.set(0, { good: 2, bad: 2 }, 2)],
        [100_000, (c) => c.set(0, { good: 1, bad: 1 })],
      ],
      200_000,
      { requests: 2000, failedRequests: 1250, noReadyFailed: 0, deadNodeFailed: 500, badReleaseFailed: 250 + 500 },
    ],
    [
      'every Ready pod on a dead node: everything fails',
      [{ good: 2 }],
      [
        [0, (c) => c.set(0, { good: 2 }, 2)],
        [10_000, (c) => c.set(0, {})],
      ],
      20_000,
      { requests: 200, failedRequests: 200, noReadyFailed: 100, deadNodeFailed: 100, badReleaseFailed: 0 },
    ],
    [
      'marking a digest twice changes nothing',
      [{ v1: 1 }],
      [
        [0, (_, m) => m.markBad('v1')],
        [1000, (_, m) => m.markBad('v1')],
      ],
      2000,
      { requests: 20, failedRequests: 20, noReadyFailed: 0, deadNodeFailed: 0, badReleaseFailed: 20 },
    ],
  ];
  for (const [name, start, steps, endMs, expected] of table) {
    test(name, () => {
      let now = 0;
      const cluster = new ScriptedCluster(start);
      const monitor = new TrafficMonitor(cluster, { ratePerSecond: 10 }, () => now);
      for (const [atMs, act] of steps) {
        now = atMs;
        act(cluster, monitor);
      }
      now = endMs;
      assert.deepEqual(monitor.finish(), expected);
    });
  }
});

test('options out of range are refused', () => {
  const cluster = new ScriptedCluster([]);
  const table: [TrafficOptions, RegExp][] = [
    [{ ratePerSecond: 0 }, /ratePerSecond must be a finite number above 0, got 0/],
    [
      { ratePerSecond: Number.POSITIVE_INFINITY },
      /ratePerSecond must be a finite number above 0, got Infinity/,
    ],
    [
      { ratePerSecond: 1, dailyPattern: { amplitude: 1.5, peakHour: 0 } },
      /amplitude must be in \[0, 1\], got 1.5/,
    ],
    [
      { ratePerSecond: 1, dailyPattern: { amplitude: 0.5, peakHour: 24 } },
      /peakHour must be in \[0, 24\), got 24/,
    ],
  ];
  for (const [options, message] of table)
    assert.throws(() => new TrafficMonitor(cluster, options, () => 0), message);
});

describe('TrafficMonitor on the cluster model', () => {
  const DAILY: TrafficOptions = { ratePerSecond: 50, dailyPattern: { amplitude: 0.5, peakHour: 14 } };

  /** Four Ready pods of v1 at time 0, and a v2 marked bad before anything runs it. */
  function world(image: (v1: ReturnType<typeof build>) => string, strategy = ROLLING) {
    const registry = newRegistry();
    const v1 = build(registry, 'r/app', 1, 'latest');
    const { engine, cluster } = smallCluster([{ image: image(v1), replicas: 4, strategy }], {}, registry);
    const monitor = new TrafficMonitor(cluster, DAILY, () => engine.now);
    // Every change as the test sees it: (time, bad Ready pods, Ready pods), after the monitor heard of it.
    const changes: [number, number, number][] = [[0, 0, 4]];
    return { engine, cluster, registry, monitor, changes, v1 };
  }

  /** The failures the recorded changes imply: each state's share of the requests until the next change. */
  function failuresBetween(changes: readonly [number, number, number][], endMs: number) {
    let noReady = 0;
    let badRelease = 0;
    changes.forEach(([atMs, bad, ready], i) => {
      const requests = expectedRequests(DAILY, atMs, i + 1 < changes.length ? changes[i + 1][0] : endMs);
      if (ready === 0) noReady += requests;
      else badRelease += (requests * bad) / ready;
    });
    return { noReady, badRelease };
  }

  for (const strategy of [ROLLING, { type: 'Recreate' } as const]) {
    test(`a ${strategy.type} to a bad release: the failures integrate each change exactly`, () => {
      const { engine, cluster, registry, monitor, changes } = world((v1) => v1.ref, strategy);
      const v2 = build(registry, 'r/app', 2);
      monitor.markBad(v2.digest);
      cluster.onAppChange(() => {
        changes.push([engine.now, cluster.readyWith(0, v2.digest), cluster.readyPods(0)]);
      });
      engine.at(13 * HOUR_MS, () => cluster.apply(0, { image: v2.ref, replicas: 4, strategy }));
      engine.run(15 * HOUR_MS);
      const totals = monitor.finish();
      const { noReady, badRelease } = failuresBetween(changes, 15 * HOUR_MS);
      assert.equal(cluster.readyWith(0, v2.digest), 4);
      assertClose(totals.requests, expectedRequests(DAILY, 0, 15 * HOUR_MS));
      assertClose(totals.badReleaseFailed, badRelease);
      assertClose(totals.noReadyFailed, noReady);
      const afterApply = expectedRequests(DAILY, 13 * HOUR_MS, 15 * HOUR_MS);
      if (strategy.type === 'Recreate') {
        // The old pods go at once, then nothing is Ready, then only bad pods are: every request fails.
        assert.ok(totals.noReadyFailed > 0, `${totals.noReadyFailed}`);
        assertClose(totals.failedRequests, afterApply);
      } else {
        // Old pods serve part of the requests until the rollout is done, a few minutes.
        assert.equal(totals.noReadyFailed, 0);
        assert.ok(totals.failedRequests < afterApply, `${totals.failedRequests}`);
        assert.ok(
          totals.failedRequests > expectedRequests(DAILY, 13.2 * HOUR_MS, 15 * HOUR_MS),
          `${totals.failedRequests}`,
        );
      }
    });
  }

  test('one pod of four replaced under a moved :latest tag with bad bytes fails exactly a quarter from its Ready', () => {
    const { engine, cluster, registry, monitor, v1 } = world((v) => v.tagRef);
    let badReadyMs = -1;
    cluster.onAppChange(() => {
      if (badReadyMs < 0 && cluster.readyPods(0) === 4 && cluster.readyWith(0, v1.digest) === 3)
        badReadyMs = engine.now;
    });
    engine.at(HOUR_MS, () => {
      monitor.markBad(build(registry, 'r/app', 2, 'latest', engine.now).digest);
      cluster.deletePod(0, 0);
    });
    engine.run(3 * HOUR_MS);
    const totals = monitor.finish();
    assert.ok(badReadyMs > HOUR_MS && badReadyMs < HOUR_MS + 60_000, `${badReadyMs}`);
    assert.equal(totals.noReadyFailed, 0);
    assertClose(totals.badReleaseFailed, expectedRequests(DAILY, badReadyMs, 3 * HOUR_MS) / 4);
  });

  test('a deleted Deployment fails every request from that moment, to the millisecond', () => {
    const { engine, cluster, monitor } = world((v1) => v1.ref);
    engine.at(1234, () => cluster.deleteDeployment(0));
    engine.run(HOUR_MS);
    const totals = monitor.finish();
    assert.equal(totals.badReleaseFailed, 0);
    assertClose(totals.noReadyFailed, expectedRequests(DAILY, 1234, HOUR_MS));
    assertClose(totals.requests, expectedRequests(DAILY, 0, HOUR_MS));
  });
});
