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
import { FLUX_HEALTH_POLL_MS } from '../../src/delivery/fluxHealth.ts';
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
    hasDeployment = true,
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
    undefined,
    hasDeployment,
  );
  /** Times the controller changed each app's spec. */
  const applied: number[][] = Array.from({ length: apps }, () => []);
  cluster.onSpecChange((app, actor) => {
    if (actor === 'delivery') applied[app].push(engine.now);
  });
  flux.start();
  const commitReplicas = (app: number, replicas: number) =>
    git.commit(app, { ...git.desiredAt(app), replicas }, git.latest(app).intendedDigest);
  /** A new release (a new template: a rollout with its progress deadline) at `replicas`. */
  const commitRelease = (app: number, release: number, replicas: number) => {
    const next = build(registry, `r/app${app}`, release);
    git.commit(app, { ...git.desiredAt(app), image: next.ref, replicas }, next.digest);
  };
  return { engine, git, cluster, flux, applied, commitReplicas, commitRelease };
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
  assert.equal(DEFAULTS.wait, false);
  assert.equal(fluxSchema.parse({ type: 'pull', profile: 'flux', wait: true }).wait, true);
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

/** Samples, every 100 ms until `untilMs`, whether the controller runs a reconcile, shows Ready, and the rollout's status. */
function sample(w: ReturnType<typeof world>, untilMs: number) {
  const rows: { t: number; busy: boolean; ready: boolean; status: string }[] = [];
  const probe = (): void => {
    rows.push({ t: w.engine.now, busy: w.flux.inFlight > 0, ready: w.flux.reportsInSync(0), status: w.cluster.readiness(0) });
    if (w.engine.now < untilMs) w.engine.after(100, probe);
  };
  w.engine.after(0, probe);
  w.engine.run(untilMs);
  return rows;
}

test('wait: the reconcile that applied a change holds its worker, not Ready, until a 5 s poll sees the rollout Current', () => {
  const table = [
    { name: 'a scale up', replicas: 3 },
    { name: 'a bigger one', replicas: 12 },
  ];
  for (const { name, replicas } of table) {
    const w = world(1, { applyTime: constant(2 * S), wait: true });
    w.engine.run(30 * MIN);
    w.commitReplicas(0, replicas);
    const rows = sample(w, 40 * MIN);
    const appliedAt = w.applied[0][0];
    const current = rows.find((r) => r.t > appliedAt && r.status === 'Current')!.t;
    const released = rows.find((r) => r.t > appliedAt && !r.busy)!.t;
    // Polls at the apply, then every 5 s: the first one at or after the rollout ended (sampled every 100 ms).
    const polls = Math.ceil((current - 100 - appliedAt) / FLUX_HEALTH_POLL_MS);
    assert.ok(current - appliedAt > FLUX_HEALTH_POLL_MS, `${name}: the rollout takes more than a poll`);
    assert.ok(Math.abs(released - (appliedAt + polls * FLUX_HEALTH_POLL_MS)) <= 100, `${name}: released ${released - appliedAt} ms after the apply, Current after ${current - appliedAt}`);
    for (const r of rows) {
      if (r.t > appliedAt && r.t < released) assert.equal(r.ready, false, `${name}: not Ready at ${r.t - appliedAt} ms`);
    }
    assert.equal(rows.at(-1)!.ready, true);
    assert.equal(w.flux.stats().syncFailures, 0);
  }
});

test('wait: a healthy app is checked at once, so a periodic reconcile holds no longer than without wait', () => {
  const busyMs = (wait: boolean) => {
    const w = world(1, { applyTime: constant(2 * S), wait });
    w.engine.run(30 * MIN);
    const rows = sample(w, 90 * MIN);
    return { busy: rows.filter((r) => r.busy).length, requests: w.flux.stats().apiRequests };
  };
  const off = busyMs(false);
  const on = busyMs(true);
  assert.ok(off.busy > 0);
  assert.equal(on.busy, off.busy);
  // checkHealth patches the status twice more: "Running health checks" and Healthy.
  assert.ok(on.requests > off.requests);
});

test('wait: a mass change through 4 workers is paced by the rollouts, not by the applies', () => {
  const apps = 24;
  const spread = (wait: boolean, hasDeployment = true) => {
    const w = world(apps, { applyTime: constant(2 * S), wait, intervalMs: 6 * 60 * MIN }, { hasDeployment });
    w.engine.run(10 * MIN);
    let maxBusy = 0;
    const probe = (): void => {
      maxBusy = Math.max(maxBusy, w.flux.inFlight);
      w.engine.after(500, probe);
    };
    w.engine.after(0, probe);
    for (let app = 0; app < apps; app++) w.commitReplicas(app, 3);
    w.engine.run(60 * MIN);
    const times = w.applied.map((a) => a[0]);
    return { first: Math.min(...times), last: Math.max(...times), maxBusy, ready: w.flux.reportsInSync(apps - 1) };
  };
  const off = spread(false);
  const on = spread(true);
  // Without wait: 6 rounds of 2 s applies. With it, each round also waits its rollouts (>= one 5 s poll).
  assert.equal(off.last - off.first, 5 * 2 * S);
  assert.ok(on.last - on.first >= 5 * (2 * S + FLUX_HEALTH_POLL_MS), `${on.last - on.first} ms`);
  assert.equal(on.maxBusy, 4);
  assert.equal(on.ready, true);
  // Apps of ConfigMaps only (no Deployment in apps.resources): their objects are ready once applied.
  const noDeployment = spread(true, false);
  assert.equal(noDeployment.last - noDeployment.first, off.last - off.first);
});

test('wait: a rollout that never completes fails the reconcile at the timeout; retried after retryInterval, waiting again', () => {
  const timeoutMs = 2 * MIN;
  const retryIntervalMs = 3 * MIN;
  const starts: number[] = [];
  let engine: Engine | undefined;
  const spy = reconcileSpy(() => starts.push(engine!.now));
  const w = world(1, { applyTime: spy.applyTime(2 * S), wait: true, timeoutMs, retryIntervalMs, intervalMs: 6 * 60 * MIN }, { streams: spy.streams });
  engine = w.engine;
  engine.run(10 * MIN);
  // More pods than the nodes hold: never Current, and well inside the 600 s progress deadline.
  w.commitReplicas(0, 2000);
  const committed = starts.length;
  const rows = sample(w, engine.now + 9 * MIN);
  const attempts = starts.slice(committed);
  assert.ok(attempts.length >= 2, `${attempts.length} attempts`);
  // Each attempt: 2 s of apply, the timeout of health checks, then retryInterval (not jittered).
  for (let i = 1; i < attempts.length; i++) assert.equal(attempts[i] - attempts[i - 1], 2 * S + timeoutMs + retryIntervalMs);
  assert.ok(rows.filter((r) => r.t > attempts[0]).every((r) => !r.ready), 'never Ready');
  const stats = w.flux.stats();
  assert.equal(stats.syncFailures, attempts.length - (w.flux.inFlight > 0 ? 1 : 0));
  assert.equal(w.applied[0].length, 1, 'applied once; the retries find nothing to change');
});

test('wait: a Deployment past its progress deadline fails the health check at the next poll (fail fast)', () => {
  const w = world(1, { applyTime: constant(2 * S), wait: true, timeoutMs: 30 * MIN, retryIntervalMs: 5 * MIN, intervalMs: 6 * 60 * MIN });
  w.engine.run(10 * MIN);
  // A release of more pods than the nodes hold: its new ReplicaSet stops progressing.
  w.commitRelease(0, 2, 2000);
  const rows = sample(w, 45 * MIN);
  const appliedAt = w.applied[0][0];
  const failedAt = rows.find((r) => r.t > appliedAt && r.status === 'Failed')!.t;
  const released = rows.find((r) => r.t > appliedAt && !r.busy)!.t;
  // The deadline (600 s) passes long before the 30 min timeout: the wait ends at the first poll after it.
  assert.ok(failedAt - appliedAt > 600 * S && failedAt - appliedAt < 30 * MIN);
  assert.ok(released >= failedAt - 100 && released <= failedAt + FLUX_HEALTH_POLL_MS, `released ${released - appliedAt} ms after the apply`);
  // The retry after 5 min reads Failed at once: it holds its worker no longer than its apply.
  const retryBusy = rows.filter((r) => r.t > released + 5 * MIN && r.t < released + 6 * MIN && r.busy).length;
  assert.ok(retryBusy > 0 && retryBusy <= 21, `${retryBusy} busy samples`);
  assert.equal(w.flux.reportsInSync(0), false);
});

test('wait: a controller outage during a health check drops its result; back up, the app reconciles and passes', () => {
  const w = world(1, { applyTime: constant(2 * S), wait: true, intervalMs: 6 * 60 * MIN });
  w.engine.run(10 * MIN);
  w.commitRelease(0, 2, 3);
  while (w.applied[0].length === 0) w.engine.step();
  const appliedAt = w.engine.now;
  w.engine.run(appliedAt + 2 * S);
  assert.equal(w.flux.inFlight, 1, 'waiting for the rollout');
  w.flux.setAvailable(false);
  w.engine.run(appliedAt + 10 * MIN);
  assert.equal(w.cluster.readiness(0), 'Current');
  assert.equal(w.flux.inFlight, 0, 'the wait ended');
  assert.equal(w.flux.reportsInSync(0), false, 'its result is lost');
  const { syncs, syncFailures } = w.flux.stats();
  assert.deepEqual({ syncs, syncFailures }, { syncs: 1, syncFailures: 0 });
  w.flux.setAvailable(true);
  w.engine.run(appliedAt + 11 * MIN);
  assert.equal(w.flux.reportsInSync(0), true);
  assert.equal(w.applied[0].length, 1, 'nothing left to apply');
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

test('pause: a suspended Kustomization reconciles nothing (interval, new revisions, restart); resume fetches and applies', () => {
  const table = [
    { name: 'interval and drift', during: (w: ReturnType<typeof world>) => w.cluster.scale(0, 3, 'person') },
    { name: 'a new source revision', during: (w: ReturnType<typeof world>) => w.commitReplicas(1, 2) },
    {
      name: 'a restart',
      during: (w: ReturnType<typeof world>) => {
        w.flux.setAvailable(false);
        w.flux.setAvailable(true);
      },
    },
  ];
  for (const { name, during } of table) {
    const w = world(2, { webhook: false });
    const { engine, git, cluster, flux, applied } = w;
    const good = git.latest(0);
    engine.at(MIN, () => w.commitReplicas(0, 2));
    engine.run(15 * MIN);
    const bad = git.latest(0);
    assert.equal(cluster.spec(0)?.replicas, 2, name);
    const people: number[] = [];
    cluster.onSpecChange((app, actor) => {
      if (app === 0 && actor === 'person') people.push(engine.now);
    });
    flux.pause(0, good);
    // The person's apply of the known-good manifest, at once.
    assert.deepEqual(people, [engine.now], name);
    assert.equal(cluster.spec(0)?.replicas, 1, name);
    assert.equal(flux.reportsInSync(0), false, name);
    const appliesBefore = applied[0].length;
    during(w);
    engine.run(engine.now + 60 * MIN);
    assert.equal(applied[0].length, appliesBefore, `${name}: nothing applied while suspended`);
    assert.equal(git.latest(0), bad, name);
    // The fix lands; the person fetches the source and resumes: it is applied at once, not at the next fetch.
    w.commitReplicas(0, 4);
    const resumedAtMs = engine.now;
    flux.resume(0);
    engine.run(engine.now + 30 * S);
    assert.equal(cluster.spec(0)?.replicas, 4, name);
    assert.ok(applied[0].at(-1)! - resumedAtMs <= 30 * S, name);
    assert.equal(flux.reportsInSync(0), true, name);
  }
});
