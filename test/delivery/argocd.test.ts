import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ArgoCdOptions,
  ArgoCdController,
  type SyncReason,
} from '../../src/delivery/argocd.ts';
import { createStream, RandomStreams } from '../../src/engine/random.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { argocdSchema } from '../../src/scenario/schema.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

// Constant work times make delays exact: a refresh after a commit takes RENDER + COMPARE, a sync's
// requests land LATENCY after it starts (5 requests fit in the default burst).
const RENDER_MS = 1_500;
const COMPARE_MS = 100;
const LATENCY_MS = 50;
/** The options a scenario's `delivery: pull` resolves to. */
const DEFAULTS: ArgoCdOptions = argocdSchema.parse({ type: 'pull' });
const WATCH_MS = DEFAULTS.watchDelayMs;
const constant = (valueMs: number) => ({ kind: 'constant', valueMs }) as const;
const CONSTANT: Partial<ArgoCdOptions> = {
  renderTime: constant(RENDER_MS),
  compareTime: constant(COMPARE_MS),
  apiLatency: constant(LATENCY_MS),
  autoSync: true,
};
/** From a refresh starting after a commit to the Deployment's apply landing. */
const REFRESH_TO_APPLY_MS = RENDER_MS + COMPARE_MS + LATENCY_MS;
const MIN = 60_000;

test('a scenario resolves to Argo CD 3.x defaults: 120s + [0, 60s) polls, client 50 QPS and burst 100', () => {
  assert.equal(DEFAULTS.intervalMs, 120_000);
  assert.equal(DEFAULTS.jitterMs, 60_000);
  assert.equal(DEFAULTS.qps, 50);
  assert.equal(DEFAULTS.burst, 100);
});

/** `apps` apps of `replicas` replicas (0: no pods, so the cluster costs nothing), all Synced at v1. */
function world(
  options: Partial<ArgoCdOptions>,
  { apps = 1, replicas = 0, webhookDelayMs = 0, seed = 3 } = {},
) {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const initial = { image: v1.ref, replicas, strategy: ROLLING };
  const { engine, cluster } = smallCluster(new Array(apps).fill(initial), {}, registry);
  const git = new GitRepo(
    engine,
    new Array(apps).fill({ desired: initial, intendedDigest: v1.digest }),
    webhookDelayMs,
  );
  const controller = new ArgoCdController(
    { engine, git, cluster },
    { ...DEFAULTS, ...CONSTANT, ...options },
    new RandomStreams(seed, 0),
  );
  controller.start();
  // Times at which the controller's applies changed a spec.
  const applies: number[] = [];
  cluster.onSpecChange((_app, actor) => {
    if (actor === 'delivery') applies.push(engine.now);
  });
  const syncs: { atMs: number; reason: SyncReason; succeeded: boolean }[] = [];
  controller.onSync((_app, reason, succeeded) => syncs.push({ atMs: engine.now, reason, succeeded }));
  /** Commits a new image (v1 <-> v2) to `app`. */
  const commit = (app = 0): void => {
    const image = git.desiredAt(app).image === v1.ref ? v2.ref : v1.ref;
    git.commit(app, { ...initial, image }, image === v1.ref ? v1.digest : v2.digest);
  };
  return { engine, git, cluster, controller, applies, syncs, commit };
}

/** Mean time from commits at Poisson instants (mean gap `meanGapMs` after each apply) to their apply. */
function meanCommitToApplyMs(
  options: Partial<ArgoCdOptions>,
  webhookDelayMs: number,
  commits: number,
  meanGapMs: number,
) {
  const { engine, applies, commit } = world(options, { webhookDelayMs });
  const gaps = createStream(11, 'commit-gaps', 0);
  const committedAt: number[] = [];
  const next = (): void => {
    committedAt.push(engine.now);
    commit();
  };
  const schedule = (): void => {
    engine.after(Math.round(-meanGapMs * Math.log(1 - gaps.next())), next);
  };
  schedule();
  for (let i = 0; i < commits; i++) {
    const before = applies.length;
    while (applies.length === before && engine.step()) {}
    schedule();
  }
  let total = 0;
  for (let i = 0; i < commits; i++) total += applies[i] - committedAt[i];
  assert.equal(applies.length, commits);
  return total / commits;
}

test('without a webhook the mean commit-to-apply delay is E[P^2] / 2E[P] for P = interval + U[0, jitter), plus the work', (t) => {
  const table = [
    { intervalMs: 120_000, jitterMs: 60_000 }, // Argo CD 3.x
    { intervalMs: 180_000, jitterMs: 0 }, // before 3.0
    { intervalMs: 60_000, jitterMs: 120_000 },
  ];
  for (const row of table) {
    const meanPeriod = row.intervalMs + row.jitterMs / 2;
    const secondMoment = meanPeriod ** 2 + row.jitterMs ** 2 / 12;
    const expectedMs = secondMoment / (2 * meanPeriod) + REFRESH_TO_APPLY_MS;
    // Gaps of many periods put each commit at a nearly uniform phase of the refresh timer (bias < 1%).
    const measured = meanCommitToApplyMs(row, 0, 3000, 30 * meanPeriod);
    t.diagnostic(`${JSON.stringify(row)}: ${Math.round(measured)} ms, expected ${Math.round(expectedMs)} ms`);
    assert.ok(
      Math.abs(measured / expectedMs - 1) < 0.04,
      `${JSON.stringify(row)}: ${measured} ms, expected ${expectedMs} ms`,
    );
  }
});

test('with a webhook the delay is the webhook delay plus the render', (t) => {
  for (const webhookDelayMs of [0, 2_000, 5_000]) {
    const expectedMs = webhookDelayMs + REFRESH_TO_APPLY_MS;
    const measured = meanCommitToApplyMs({ webhook: true }, webhookDelayMs, 300, 600_000);
    t.diagnostic(`webhook after ${webhookDelayMs} ms: ${Math.round(measured)} ms, expected ${expectedMs} ms`);
    // Now and then a poll inside the webhook delay applies earlier, or a refresh in flight at the commit
    // (it fetched the revision before) delays the webhook's refresh by its compare.
    assert.ok(Math.abs(measured / expectedMs - 1) < 0.03, `webhook ${webhookDelayMs}: ${measured} ms`);
  }
});

test('drift: without self-heal a scaled Deployment stays OutOfSync; with it, the watch undoes it within seconds', () => {
  const table = [
    { selfHeal: false, replicasAfter: 3, inSync: false, undoneAfterMs: undefined },
    { selfHeal: true, replicasAfter: 1, inSync: true, undoneAfterMs: WATCH_MS + COMPARE_MS + LATENCY_MS },
  ];
  for (const row of table) {
    const { engine, cluster, controller, applies } = world({ selfHeal: row.selfHeal }, { replicas: 1 });
    engine.run(10 * MIN);
    assert.equal(controller.reportsInSync(0), true);
    cluster.scale(0, 3, 'person');
    engine.run(engine.now + 30 * MIN);
    assert.equal(cluster.spec(0)?.replicas, row.replicasAfter, `selfHeal ${row.selfHeal}`);
    assert.equal(controller.reportsInSync(0), row.inSync, `selfHeal ${row.selfHeal}`);
    assert.equal(applies[0] === undefined ? undefined : applies[0] - 10 * MIN, row.undoneAfterMs);
    assert.equal(controller.stats().selfHealSyncs, row.selfHeal ? 1 : 0);
  }
});

test('an HPA fighting Git: self-heal syncs forever, 2, 6, 18, 54, 162 s apart, then every 300 s', (t) => {
  const { engine, cluster, syncs } = world({ selfHeal: true }, { replicas: 2 });
  const HPA_MS = 15_000;
  let hpaPending = false;
  cluster.onSpecChange((app) => {
    if (hpaPending || cluster.spec(app)?.replicas === 3) return;
    hpaPending = true;
    engine.after(HPA_MS, () => {
      hpaPending = false;
      cluster.scale(app, 3, 'hpa');
    });
  });
  engine.at(MIN, () => cluster.scale(0, 3, 'hpa'));
  engine.run(60 * MIN);
  assert.ok(syncs.every((s) => s.reason === 'selfHeal' && s.succeeded));
  const gaps = syncs.slice(1).map((s, i) => s.atMs - syncs[i].atMs);
  t.diagnostic(`gaps between heal syncs (ms): ${gaps.join(', ')}`);
  // A heal is due `backoff` after the previous sync ends, but there is no drift before the HPA acts again
  // (15 s after the sync, seen by the watch 1 s later) and the refresh must compare first.
  const backoffS = [2, 6, 18, 54, 162, 300, 300, 300, 300, 300];
  for (const [i, b] of backoffS.entries()) {
    const expectedMs = Math.max(b * 1000, HPA_MS + WATCH_MS) + LATENCY_MS + COMPARE_MS;
    // A periodic refresh may see the HPA's change before the watch does.
    assert.ok(
      gaps[i] <= expectedMs && gaps[i] >= expectedMs - WATCH_MS,
      `gap ${i}: ${gaps[i]} ms, expected ${expectedMs}`,
    );
  }
});

test('a failing sync is retried 5 times, 5 s doubling, then its revision is not auto-synced again', () => {
  const { engine, git, cluster, controller, syncs, commit } = world({ selfHeal: true, syncFailRate: 1 });
  const image = cluster.spec(0)?.image;
  engine.at(5 * MIN, () => commit());
  engine.run(3 * 60 * MIN);
  assert.deepEqual(
    syncs.map((s) => [s.reason, s.succeeded]),
    [['auto', false], ...new Array(5).fill(['retry', false])],
  );
  // Each attempt ends LATENCY after it starts, its retry `delay` after that.
  const gaps = syncs.slice(1).map((s, i) => s.atMs - syncs[i].atMs);
  assert.deepEqual(
    gaps,
    [5, 10, 20, 40, 80].map((s) => s * 1000 + LATENCY_MS),
  );
  assert.equal(cluster.spec(0)?.image, image);
  assert.equal(controller.reportsInSync(0), false);
  assert.deepEqual(
    [controller.stats().syncs, controller.stats().syncFailures, controller.stats().syncRetries],
    [6, 6, 5],
  );
  // A new revision (one the cluster does not run) is synced again.
  git.commit(0, { ...git.desiredAt(0), replicas: 2 }, 'sha256:unused');
  engine.run(engine.now + 5 * MIN);
  assert.equal(syncs[6]?.reason, 'auto');
});

test('capacity: with a small QPS, bulk sync time after a mass change grows linearly with the apps', (t) => {
  const bulkSyncMs = (apps: number) => {
    const { engine, controller, applies, commit } = world({ webhook: true, qps: 10, burst: 20 }, { apps });
    engine.run(10 * MIN);
    for (let app = 0; app < apps; app++) commit(app);
    engine.run(engine.now + 60 * MIN);
    assert.equal(applies.length, apps);
    const stats = controller.stats();
    assert.ok(stats.maxRefreshQueueDepth >= apps - DEFAULTS.statusProcessors);
    assert.ok(stats.apiThrottledMs > 0);
    return (applies.at(-1) ?? 0) - 10 * MIN;
  };
  const small = bulkSyncMs(1000);
  const large = bulkSyncMs(2000);
  t.diagnostic(
    `bulk sync: 1000 apps ${small} ms, 2000 apps ${large} ms, ratio ${(large / small).toFixed(3)}`,
  );
  // 5 requests per app at 10 per second.
  assert.ok(Math.abs(small / 500_000 - 1) < 0.05, `1000 apps: ${small} ms`);
  assert.ok(Math.abs(large / small / 2 - 1) < 0.25, `1000 apps: ${small} ms, 2000 apps: ${large} ms`);
});

test('capacity: when the refreshes outgrow the status processors, the effective refresh period grows', (t) => {
  const table = [
    { apps: 500, expectedPeriodMs: 150_000 },
    // 20 processors doing 2 s compares serve 10 apps a second: 2000 apps take 200 s.
    { apps: 2000, expectedPeriodMs: 200_000 },
  ];
  for (const { apps, expectedPeriodMs } of table) {
    const { engine, controller } = world({ compareTime: constant(2_000) }, { apps });
    engine.run(4 * 60 * MIN);
    const { meanRefreshPeriodMs, statusProcessorUtilization } = controller.stats();
    t.diagnostic(
      `${apps} apps: mean period ${Math.round(meanRefreshPeriodMs)} ms, utilization ${statusProcessorUtilization.toFixed(3)}`,
    );
    assert.ok(
      Math.abs(meanRefreshPeriodMs / expectedPeriodMs - 1) < 0.1,
      `${apps} apps: period ${meanRefreshPeriodMs} ms, utilization ${statusProcessorUtilization}`,
    );
  }
});

test('a controller outage delays a commit until the controller is back', () => {
  for (const webhook of [false, true]) {
    const { engine, controller, applies, commit } = world({ webhook });
    engine.at(10 * MIN, () => controller.setAvailable(false));
    engine.at(12 * MIN, () => commit());
    engine.at(25 * MIN, () => controller.setAvailable(true));
    engine.run(40 * MIN);
    assert.deepEqual(applies, [25 * MIN + REFRESH_TO_APPLY_MS], `webhook ${webhook}`);
  }
});

test('a Git outage is a comparison error: the status stays, the first refresh after it applies', () => {
  const { engine, git, controller, applies, commit } = world({});
  engine.run(10 * MIN);
  git.startOutage(15 * MIN);
  engine.at(12 * MIN, () => commit());
  engine.run(25 * MIN);
  assert.deepEqual(applies, []);
  assert.equal(controller.reportsInSync(0), true);
  assert.ok(controller.stats().comparisonErrors >= 5);
  engine.run(30 * MIN);
  assert.equal(applies.length, 1);
  assert.ok(applies[0] >= 25 * MIN + REFRESH_TO_APPLY_MS);
});

test('jitter: without it, apps refreshed together after a restart stay together and the queue spikes', (t) => {
  const apps = 2000;
  const table = [
    { jitterMs: 0, spikeAfterRestart: true },
    { jitterMs: 60_000, spikeAfterRestart: false },
  ];
  for (const { jitterMs, spikeAfterRestart } of table) {
    const { engine, controller } = world({ jitterMs, compareTime: constant(10) }, { apps });
    let peak = 0;
    const probe = (): void => {
      peak = Math.max(peak, controller.refreshQueueDepth);
      engine.after(50, probe);
    };
    engine.at(3 * MIN + 1, probe);
    engine.run(10 * MIN);
    // Random phases at start: no spike either way.
    assert.ok(peak < 0.05 * apps, `jitter ${jitterMs}: peak ${peak} before the restart`);
    controller.setAvailable(false);
    engine.run(11 * MIN);
    controller.setAvailable(true);
    // The restart refreshes every app at once; look from half a period later.
    engine.run(12 * MIN);
    peak = 0;
    engine.run(20 * MIN);
    t.diagnostic(`jitter ${jitterMs} ms: peak refresh queue ${peak} of ${apps} apps after the restart`);
    assert.equal(
      peak >= 0.95 * apps,
      spikeAfterRestart,
      `jitter ${jitterMs}: peak ${peak} after the restart`,
    );
    assert.ok(spikeAfterRestart || peak < 0.05 * apps);
  }
});

test('options are checked', () => {
  for (const bad of [{ intervalMs: 0 }, { syncFailRate: 2 }, { statusProcessors: 0 }, { qps: 0 }]) {
    assert.throws(() => world(bad), RangeError, JSON.stringify(bad));
  }
});
