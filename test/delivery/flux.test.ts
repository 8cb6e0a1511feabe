import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Engine } from '../../src/engine/engine.ts';
import { createStream, RandomStreams, type StreamSource } from '../../src/engine/random.ts';
import {
  FLUX_SOURCE_RETRY_MAX_MS,
  FLUX_STREAMS,
  FluxController,
  type FluxOptions,
  jitteredMs,
} from '../../src/delivery/flux.ts';
import type { Manifest } from '../../src/model/cluster/cluster.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { DEFAULT_RESOURCES_PER_APP } from '../../src/model/deliverySystem.ts';
import { fluxSchema } from '../../src/scenario/schema.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

const S = 1000;
const MIN = 60 * S;
const constant = (valueMs: number) => ({ kind: 'constant', valueMs }) as const;
/** The options a scenario's `delivery: { type: pull, profile: flux }` resolves to. */
const DEFAULTS: FluxOptions = fluxSchema.parse({ type: 'pull', profile: 'flux' });

/** Records the time of every fetch, so tests can see the source's schedule. */
class SpyGit extends GitRepo {
  readonly fetchTimes: number[] = [];
  readonly fetchOk: boolean[] = [];
  constructor(
    private readonly clock: Engine,
    initial: { desired: Manifest; intendedDigest: string }[],
    webhookDelayMs: number,
  ) {
    super(clock, initial, webhookDelayMs);
  }
  override fetch(): boolean {
    const ok = super.fetch();
    this.fetchTimes.push(this.clock.now);
    this.fetchOk.push(ok);
    return ok;
  }
}

function world(
  apps: number,
  options: Partial<FluxOptions>,
  {
    webhookDelayMs = 0,
    seed = 1,
    streams = new RandomStreams(seed, 0) as StreamSource,
    objectsPerApp = DEFAULT_RESOURCES_PER_APP,
  } = {},
) {
  const registry = newRegistry();
  const initial = Array.from({ length: apps }, (_, app) => {
    const v1 = build(registry, `r/app${app}`, 1);
    const desired: Manifest = { image: v1.ref, replicas: 1, strategy: ROLLING };
    return { desired, intendedDigest: v1.digest };
  });
  const { engine, cluster } = smallCluster(
    initial.map((s) => s.desired),
    { nodes: Math.max(4, Math.ceil(apps / 50)) },
    registry,
  );
  const git = new SpyGit(engine, initial, webhookDelayMs);
  // A scenario derives retryInterval and timeout from the interval; a test that sets one sets them too.
  const interval = options.intervalMs ?? DEFAULTS.intervalMs;
  const flux = new FluxController(
    { engine, git, cluster },
    {
      ...DEFAULTS,
      retryIntervalMs: interval,
      timeoutMs: Math.max(interval - 30_000, 30_000),
      ...options,
    },
    streams,
    objectsPerApp,
  );
  /** Times the controller changed each app's spec. */
  const applied: number[][] = Array.from({ length: apps }, () => []);
  cluster.onSpecChange((app, actor) => {
    if (actor === 'delivery') applied[app].push(engine.now);
  });
  flux.start();
  const commitReplicas = (app: number, replicas: number) =>
    git.commit(app, { ...git.desiredAt(app), replicas }, git.latest(app).intendedDigest);
  return { engine, git, cluster, flux, applied, commitReplicas };
}

/** Commits at random instants, one at a time; returns each commit-to-apply delay. */
function commitDelays(options: Partial<FluxOptions>, commits: number, webhookDelayMs = 0): number[] {
  const { engine, applied, commitReplicas } = world(1, options, { webhookDelayMs });
  const gaps = createStream(7, 'commit-gaps', 0);
  const delays: number[] = [];
  let committedAt = 0;
  const commit = (): void => {
    committedAt = engine.now;
    commitReplicas(0, 1 + (delays.length % 2) + 1);
    const seen = applied[0].length;
    const wait = (): void => {
      if (applied[0].length === seen) {
        engine.after(100, wait);
        return;
      }
      delays.push(applied[0][seen] - committedAt);
      if (delays.length < commits) engine.after(Math.floor(gaps.next() * 20 * MIN), commit);
    };
    engine.after(0, wait);
  };
  engine.after(30 * MIN, commit);
  engine.run(commits * 60 * MIN);
  assert.equal(delays.length, commits);
  return delays;
}

/**
 * Streams that call `onStart` at each reconcile's start: with an apply time
 * of a zero-width uniform law, each reconcile draws once from the apply stream.
 */
function reconcileSpy(onStart: () => void): {
  streams: StreamSource;
  applyTime: (ms: number) => FluxOptions['applyTime'];
} {
  const plain = new RandomStreams(1, 0);
  const streams: StreamSource = {
    stream: (name) => {
      const stream = plain.stream(name);
      if (name !== FLUX_STREAMS.apply) return stream;
      return {
        next: () => {
          onStart();
          return stream.next();
        },
      };
    },
  };
  return { streams, applyTime: (ms) => ({ kind: 'uniform', minMs: ms, maxMs: ms }) };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('jittered intervals stay within +-fraction; timeout and retry default from the interval', () => {
  const table = [
    { interval: 600_000, fraction: 0.05, u: 0, expected: 570_000 },
    { interval: 600_000, fraction: 0.05, u: 0.5, expected: 600_000 },
    { interval: 600_000, fraction: 0.05, u: 0.999_999, expected: 630_000 },
    { interval: 60_000, fraction: 0, u: 0.9, expected: 60_000 },
  ];
  for (const { interval, fraction, u, expected } of table) {
    assert.equal(jitteredMs(interval, fraction, u), expected, `${interval} ${fraction} ${u}`);
  }
  const timeouts = [
    [600_000, 570_000],
    [60_000, 30_000],
    [40_000, 30_000],
    [3_600_000, 3_570_000],
  ];
  for (const [intervalMs, timeout] of timeouts) {
    const resolved = fluxSchema.parse({ type: 'pull', profile: 'flux', interval: `${intervalMs}ms` });
    assert.equal(resolved.timeoutMs, timeout);
    assert.equal(resolved.retryIntervalMs, intervalMs);
  }
  assert.equal(DEFAULTS.sourceIntervalMs, 60_000);
  assert.equal(DEFAULTS.intervalMs, 600_000);
  assert.equal(DEFAULTS.retryIntervalMs, 600_000);
  assert.equal(DEFAULTS.timeoutMs, 570_000);
  assert.equal(DEFAULTS.concurrent, 4);
  assert.equal(DEFAULTS.jitterFraction, 0.05);
  const world1 = (options: Partial<FluxOptions>) => () => world(1, options);
  assert.throws(world1({ concurrent: 0 }), /concurrent/);
  assert.throws(world1({ jitterFraction: 1 }), /jitterFraction/);
  assert.throws(world1({ failRate: 2 }), /failRate/);
});

test('a commit reaches the cluster within one source interval: mean about half of it plus the apply', () => {
  const table = [
    { sourceIntervalMs: MIN, applyMs: 2 * S },
    { sourceIntervalMs: 5 * MIN, applyMs: 10 * S },
  ];
  for (const { sourceIntervalMs, applyMs } of table) {
    const delays = commitDelays({ sourceIntervalMs, applyTime: constant(applyMs) }, 400);
    // Periods uniform in [0.95 T, 1.05 T]: the mean residual is E[P^2] / 2E[P] ~ T/2.
    const expected = (sourceIntervalMs * (1 + 0.1 ** 2 / 12)) / 2 + applyMs;
    const m = mean(delays);
    assert.ok(
      Math.abs(m / expected - 1) < 0.08,
      `T=${sourceIntervalMs}: mean ${m} ms, expected ${expected} ms`,
    );
    assert.ok(Math.min(...delays) >= applyMs);
    assert.ok(Math.max(...delays) <= sourceIntervalMs * 1.05 + applyMs, `max ${Math.max(...delays)} ms`);
  }
});

test('a webhook makes the apply immediate: webhook delay plus apply time', () => {
  const table = [
    { webhook: true, webhookDelayMs: 2 * S, expectMax: 2 * S + 3 * S },
    { webhook: true, webhookDelayMs: 10 * S, expectMax: 10 * S + 3 * S },
    { webhook: false, webhookDelayMs: 2 * S, expectMax: 63 * S + 3 * S },
  ];
  for (const { webhook, webhookDelayMs, expectMax } of table) {
    // A long Kustomization interval keeps periodic reconciles from delaying the one measured.
    const delays = commitDelays(
      { webhook, applyTime: constant(3 * S), intervalMs: 6 * 60 * MIN },
      50,
      webhookDelayMs,
    );
    assert.ok(Math.max(...delays) <= expectMax, `webhook ${webhook}: max ${Math.max(...delays)} ms`);
    // With a webhook, polling may only win the race (a fetch between push and notification).
    if (webhook) assert.ok(mean(delays) > webhookDelayMs * 0.9 && mean(delays) <= expectMax);
    else assert.ok(mean(delays) > 20 * S, `without webhook the mean ${mean(delays)} ms is ~half an interval`);
  }
});

test('drift stays until the next Kustomization interval, then is corrected (no watch on live objects)', () => {
  const intervalMs = 10 * MIN;
  const { engine, cluster, flux, applied } = world(1, { intervalMs, applyTime: constant(2 * S) });
  const times = createStream(5, 'drift-times', 0);
  const closures: number[] = [];
  const drift = (): void => {
    const at = engine.now;
    cluster.scale(0, 3, 'person');
    const seen = applied[0].length;
    // The Kustomization still shows Ready: it does not look at live objects between intervals.
    if (flux.inFlight === 0) assert.equal(flux.reportsInSync(0), true);
    const wait = (): void => {
      if (applied[0].length === seen) {
        engine.after(1000, wait);
        return;
      }
      assert.equal(cluster.spec(0)?.replicas, 1);
      closures.push(applied[0][seen] - at);
      if (closures.length < 200) engine.after(Math.floor(times.next() * 30 * MIN), drift);
    };
    engine.after(0, wait);
  };
  engine.after(5 * MIN, drift);
  engine.run(200 * 50 * MIN);
  assert.equal(closures.length, 200);
  const m = mean(closures);
  assert.ok(Math.max(...closures) <= intervalMs * 1.05 + 2 * S + 1000, `max ${Math.max(...closures)} ms`);
  assert.ok(Math.abs(m / (intervalMs / 2) - 1) < 0.15, `mean drift ${m} ms, expected ~${intervalMs / 2} ms`);
  const quick = closures.filter((c) => c < 30 * S).length;
  assert.ok(quick / closures.length < 0.1, `${quick} of 200 drifts closed within 30 s`);
});

test('4 workers bound concurrency: a bulk of changed apps takes about apps / workers x applyMs', () => {
  const table = [
    { concurrent: 4, apps: 40, applyMs: 5 * S },
    { concurrent: 8, apps: 40, applyMs: 5 * S },
    { concurrent: 4, apps: 10, applyMs: 20 * S },
  ];
  for (const { concurrent, apps, applyMs } of table) {
    const inFlight: number[] = [];
    let flux: FluxController | undefined;
    const spy = reconcileSpy(() => inFlight.push(flux!.inFlight));
    // A long Kustomization interval keeps periodic reconciles out of the bulk.
    const w = world(
      apps,
      { concurrent, applyTime: spy.applyTime(applyMs), intervalMs: 6 * 60 * MIN },
      { streams: spy.streams },
    );
    flux = w.flux;
    w.engine.run(10 * MIN);
    inFlight.length = 0;
    for (let app = 0; app < apps; app++) w.commitReplicas(app, 2);
    const committedAt = w.engine.now;
    w.engine.run(committedAt + 30 * MIN);
    const firstFetch = w.git.fetchTimes.find((t) => t > committedAt)!;
    const done = Math.max(...w.applied.map((a) => a.at(-1)!)) - firstFetch;
    assert.equal(Math.max(...inFlight), concurrent, 'at most `concurrent` reconciles in flight');
    assert.equal(done, Math.ceil(apps / concurrent) * applyMs, `${apps} apps on ${concurrent} workers`);
    assert.equal(w.flux.stats().maxQueueDepth, apps - concurrent);
    for (let app = 0; app < apps; app++) assert.equal(w.cluster.spec(app)?.replicas, 2);
  }
});

test('a Git outage defers the apply to the first source retry after it; Kustomizations keep reconciling', () => {
  const { engine, git, cluster, applied, commitReplicas } = world(1, { applyTime: constant(2 * S) });
  engine.run(30 * MIN);
  const outageStart = engine.now;
  const outageMs = 20 * MIN;
  git.startOutage(outageMs);
  commitReplicas(0, 2);
  // Someone scales during the outage: the Kustomization still applies its cached artifact.
  engine.at(outageStart + MIN, () => cluster.scale(0, 5, 'person'));
  engine.run(outageStart + outageMs - 1);
  assert.equal(applied[0].filter((t) => t > outageStart).length, 1, 'only the drift correction');
  assert.equal(cluster.spec(0)?.replicas, 1, 'drift undone to the old revision');
  engine.run(outageStart + 2 * outageMs);
  const firstOk = git.fetchTimes.find((t, i) => t >= outageStart && git.fetchOk[i])!;
  assert.ok(firstOk >= outageStart + outageMs);
  assert.equal(
    applied[0].find((t) => t > outageStart + outageMs),
    firstOk + 2 * S,
  );
  assert.equal(cluster.spec(0)?.replicas, 2);
  // The failed fetches back off: 750 ms doubling.
  const failed = git.fetchTimes.filter((t, i) => t >= outageStart && !git.fetchOk[i]);
  for (let i = 1; i < failed.length; i++) {
    assert.equal(failed[i] - failed[i - 1], Math.min(750 * 2 ** (i - 1), FLUX_SOURCE_RETRY_MAX_MS));
  }
  assert.equal(firstOk - failed.at(-1)!, Math.min(750 * 2 ** (failed.length - 1), FLUX_SOURCE_RETRY_MAX_MS));
});

test('a bad manifest fails every reconcile, retried every retryInterval for ever, until a newer commit replaces it', () => {
  const w = world(1, { retryIntervalMs: 2 * MIN, applyTime: constant(2 * S) });
  const { engine, git, flux, applied } = w;
  engine.run(10 * MIN);
  const bad = git.latest(0);
  git.commit(0, { ...bad.desired, replicas: 2 }, bad.intendedDigest, 'release', {
    codeCommitMs: 0,
    bad: false,
    badManifest: true,
  });
  engine.run(15 * MIN);
  // Counted between instants with no reconcile running, so each counted one is whole.
  assert.equal(flux.inFlight, 0);
  const before = flux.stats();
  engine.run(75 * MIN);
  assert.equal(flux.inFlight, 0);
  const during = flux.stats();
  assert.equal(applied[0].length, 0, 'nothing applied');
  assert.equal(flux.reportsInSync(0), false, 'Ready=False');
  // Every reconcile failed, one every 2 min + 2 s: the retry interval after each failure, never jittered.
  const failures = during.syncFailures - before.syncFailures;
  assert.equal(failures, during.refreshes - before.refreshes);
  assert.ok(failures >= 29 && failures <= 30, `${failures} failures in an hour`);
  // Each costs a failing reconcile's requests: a GET and a dry run per object, 4 status patches, the error Event.
  assert.equal(during.apiRequests - before.apiRequests, (2 * DEFAULT_RESOURCES_PER_APP + 4 + 1) * (during.refreshes - before.refreshes));
  // The app's next commit, the manifest fixed, is applied at its first reconcile.
  w.commitReplicas(0, 3);
  engine.run(80 * MIN);
  assert.equal(applied[0].length, 1);
  assert.equal(w.cluster.spec(0)?.replicas, 3);
  assert.equal(flux.reportsInSync(0), true);
});

test('a failed reconcile is retried after exactly retryInterval; one outlasting the timeout fails at the timeout', () => {
  const table = [
    {
      name: 'failRate 1',
      options: { failRate: 1, retryIntervalMs: 2 * MIN, applyTime: constant(2 * S) },
      gap: 2 * MIN,
    },
    {
      name: 'timeout',
      options: { applyTime: constant(40 * S), timeoutMs: 30 * S, retryIntervalMs: MIN },
      gap: MIN,
    },
  ];
  for (const { name, options, gap } of table) {
    const starts: number[] = [];
    let engine: Engine | undefined;
    const spy = reconcileSpy(() => starts.push(engine!.now));
    const w = world(
      1,
      { ...options, applyTime: spy.applyTime(options.applyTime.valueMs) },
      { streams: spy.streams },
    );
    engine = w.engine;
    w.commitReplicas(0, 2);
    engine.run(60 * MIN);
    assert.equal(w.applied[0].length, 0, `${name}: nothing applied`);
    assert.equal(w.flux.reportsInSync(0), false, `${name}: not Ready`);
    const stats = w.flux.stats();
    assert.ok(
      stats.syncFailures >= 10 && stats.syncFailures === stats.refreshes - (w.flux.inFlight > 0 ? 1 : 0),
    );
    // Each retry follows the end of the failed attempt by retryInterval, unjittered (after the
    // first attempts, which the source and the first periodic timer may trigger).
    const attemptMs = name === 'timeout' ? 30 * S : 2 * S;
    for (let i = 3; i < starts.length; i++) {
      assert.equal(starts[i] - starts[i - 1] - attemptMs, gap, `${name}: retry ${i}`);
    }
  }
});

test('API requests per reconcile: GET and dry-run per object, 4 status PATCHes, an Event; an apply PATCH and an Event more per change', () => {
  const table = [
    { objectsPerApp: 5, failRate: 0 },
    { objectsPerApp: 12, failRate: 0 },
    { objectsPerApp: 3, failRate: 1 },
  ];
  for (const { objectsPerApp, failRate } of table) {
    const w = world(3, { applyTime: constant(2 * S), failRate }, { objectsPerApp });
    w.engine.run(30 * MIN);
    w.commitReplicas(0, 2);
    w.cluster.scale(1, 3, 'person');
    w.engine.run(90 * MIN);
    const stats = w.flux.stats();
    const changes = stats.syncs - stats.syncFailures;
    assert.equal(changes, failRate === 1 ? 0 : 2, `${objectsPerApp} objects: the commit and the undone scale`);
    // Every reconcile started has sent its fixed requests; only finished ones their Event.
    const finished = stats.refreshes - w.flux.inFlight;
    assert.equal(
      stats.apiRequests,
      stats.refreshes * (2 * objectsPerApp + 4) + finished + changes * 2,
      `${objectsPerApp} objects, failRate ${failRate}`,
    );
    // A reconcile or two a minute stay far below 50 QPS and a burst of 300.
    assert.equal(stats.apiThrottledMs, 0);
  }
});

test("an app of many objects waits for the client's tokens: the reconcile holds its worker until the last may go", () => {
  // 400 objects: 804 requests per reconcile, 300 at once then 50 per second: about 10 s against 2 s of work.
  const w = world(1, { applyTime: constant(2 * S) }, { objectsPerApp: 400 });
  w.engine.run(30 * MIN);
  const committedAt = w.engine.now;
  w.commitReplicas(0, 2);
  w.engine.run(40 * MIN);
  const stats = w.flux.stats();
  assert.ok(stats.apiThrottledMs > 0);
  // The source fetch (within its 1 m interval) starts the reconcile; its apply lands after the client's wait.
  const delayMs = w.applied[0][0] - committedAt;
  assert.ok(delayMs >= (804 - 300) * 20, `applied ${delayMs} ms after the commit`);
  assert.ok(delayMs <= MIN * 1.05 + (804 - 300) * 20 + S, `applied ${delayMs} ms after the commit`);
});

test('Ready: kept through drift and before the source fetch, Unknown while reconciling', () => {
  const { engine, flux, commitReplicas } = world(1, { applyTime: constant(5 * S) });
  engine.run(30 * MIN);
  commitReplicas(0, 2);
  assert.equal(flux.reportsInSync(0), true, 'Ready at the revision it applied');
  let sawReconciling = false;
  const probe = (): void => {
    if (!flux.reportsInSync(0)) sawReconciling = true;
    if (engine.now < 35 * MIN) engine.after(500, probe);
  };
  engine.after(0, probe);
  engine.run(35 * MIN);
  assert.ok(sawReconciling);
  assert.equal(flux.reportsInSync(0), true);
});

test('a controller outage: nothing runs while down; every Kustomization reconciles when back', () => {
  const apps = 12;
  const { engine, cluster, flux, applied, commitReplicas, git } = world(apps, { applyTime: constant(3 * S) });
  engine.run(30 * MIN);
  // Go down while the new revision's reconciles are in flight: their applies are lost.
  commitReplicas(0, 2);
  while (flux.reportsInSync(0)) engine.step();
  const down = engine.now;
  flux.setAvailable(false);
  const fetches = git.fetchTimes.length;
  cluster.scale(1, 4, 'person');
  engine.run(down + 60 * MIN);
  assert.equal(git.fetchTimes.length, fetches, 'no fetch while down');
  assert.ok(
    applied.every((a) => a.every((t) => t < down)),
    'no apply while down',
  );
  assert.equal(cluster.spec(0)?.replicas, 1);
  assert.equal(flux.reportsInSync(0), false, 'Ready stays Unknown as the lost reconcile left it');
  flux.setAvailable(true);
  const back = engine.now;
  engine.run(back + 2 * MIN);
  assert.equal(cluster.spec(0)?.replicas, 2);
  assert.equal(cluster.spec(1)?.replicas, 1);
  // 12 apps on 4 workers of 3 s each: 9 s.
  assert.ok(applied[1].at(-1)! - back <= 9 * S, 'every app reconciles in the first bulk');
  for (let app = 0; app < apps; app++) assert.equal(flux.reportsInSync(app), true);
  assert.equal(flux.kind, 'flux');
  assert.equal(flux.credentialsOutsideCluster, false);
});

test('same seed, same schedule; 500 apps for a simulated day run in well under a second', () => {
  const run = () => {
    const w = world(500, {}, { seed: 9 });
    const t0 = performance.now();
    w.engine.run(24 * 60 * MIN);
    return { stats: w.flux.stats(), events: w.engine.eventsProcessed, wallMs: performance.now() - t0 };
  };
  const a = run();
  const b = run();
  assert.deepEqual(a.stats, b.stats);
  assert.equal(a.events, b.events);
  // 500 Kustomizations every 10 min +-5%: about 72,000 reconciles a day.
  assert.ok(Math.abs(a.stats.refreshes / 72_000 - 1) < 0.02, `${a.stats.refreshes} reconciles`);
  assert.equal(a.stats.syncs, 0, 'nothing drifted, nothing applied');
  assert.ok(a.wallMs < 1500, `${a.wallMs} ms`);
});
