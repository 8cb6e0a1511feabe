import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AppShape,
  type ArgoCdOptions,
  ArgoCdController,
  GitRefCache,
  type SyncReason,
} from '../../src/delivery/argocd.ts';
import { createStream, RandomStreams } from '../../src/engine/random.ts';
import { GitRepo, type ReleaseOrigin } from '../../src/model/gitRepo.ts';
import { argocdSchema } from '../../src/scenario/schema.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

// Constant work times make delays exact: a refresh after a commit takes RENDER + COMPARE, a sync's
// change lands SYNC_MS after it starts (its few control-plane requests fit in the default burst).
const RENDER_MS = 1_500;
const COMPARE_MS = 100;
const LATENCY_MS = 50;
/**
 * The default app is 5 objects of 5 kinds: a sync discovers the kinds one after another (5 round
 * trips), dry-runs every object at once (1), applies kind after kind (5 GETs), the last one changed
 * (1 PATCH): 12 round trips, and it ends when the change lands.
 */
const SYNC_MS = 12 * LATENCY_MS;
/** A self-heal syncs the drifted Deployment alone: its kind's discovery, its dry run, its apply GET and PATCH. */
const HEAL_MS = 4 * LATENCY_MS;
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
const REFRESH_TO_APPLY_MS = RENDER_MS + COMPARE_MS + SYNC_MS;
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
  {
    apps = 1,
    replicas = 0,
    webhookDelayMs = 0,
    seed = 3,
    shape = undefined as AppShape | undefined,
  } = {},
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
    undefined,
    shape,
  );
  controller.start();
  // Times at which the controller's applies changed a spec.
  const applies: number[] = [];
  cluster.onSpecChange((_app, actor) => {
    if (actor === 'delivery') applies.push(engine.now);
  });
  const syncs: { atMs: number; reason: SyncReason; succeeded: boolean }[] = [];
  controller.onSync((_app, reason, succeeded) => syncs.push({ atMs: engine.now, reason, succeeded }));
  /** Commits a new image (v1 <-> v2) to `app`, from a release of `origin` if given. */
  const commit = (app = 0, origin?: ReleaseOrigin): void => {
    const image = git.desiredAt(app).image === v1.ref ? v2.ref : v1.ref;
    git.commit(app, { ...initial, image }, image === v1.ref ? v1.digest : v2.digest, 'release', origin);
  };
  return { engine, git, cluster, controller, applies, syncs, commit };
}

/**
 * Mean time from commits at Poisson instants (mean gap `meanGapMs`, from `settleMs` after each apply) to their
 * apply. The refresh that ends a sync sets reconciledAt, so the resync after it finds the app unexpired: commits
 * that come `settleMs` later or more see the polls as they are without syncs.
 */
function meanCommitToApplyMs(
  options: Partial<ArgoCdOptions>,
  webhookDelayMs: number,
  commits: number,
  meanGapMs: number,
  settleMs = 0,
) {
  const { engine, applies, commit } = world(options, { webhookDelayMs });
  const gaps = createStream(11, 'commit-gaps', 0);
  const committedAt: number[] = [];
  const next = (): void => {
    committedAt.push(engine.now);
    commit();
  };
  const schedule = (): void => {
    engine.after(settleMs + Math.round(-meanGapMs * Math.log(1 - gaps.next())), next);
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

/**
 * The first two moments of the time between an app's polls when the informer resyncs every `intervalMs` and each
 * app's resync waits U[0, jitterMs) (jitter at most the interval): the app is refreshed when its last refresh is
 * more than an interval old, so at the next resync if that one's jitter is above the last refresh's, else at the
 * one after. With u the last refresh's jitter over jitterMs, u has the density e^u / (e - 1) in steady state, and
 * a gap is I + W (v - u) for a fresh v > u, or, after a skip (v <= u, probability u), 2I + W (v' - u) with v'
 * fresh. Midpoint sums over u and v.
 */
function resyncGapMoments(intervalMs: number, jitterMs: number): { mean: number; square: number } {
  if (jitterMs === 0) return { mean: intervalMs, square: intervalMs ** 2 };
  const steps = 400;
  let mean = 0;
  let square = 0;
  for (let i = 0; i < steps; i++) {
    const u = (i + 0.5) / steps;
    const weight = Math.exp(u) / (Math.E - 1) / steps;
    for (let j = 0; j < steps; j++) {
      const v = (j + 0.5) / steps;
      const refreshed = v > u ? intervalMs + jitterMs * (v - u) : 0;
      const skipped = 2 * intervalMs + jitterMs * (v - u);
      mean += (weight / steps) * (refreshed + u * skipped);
      square += (weight / steps) * (refreshed ** 2 + u * skipped ** 2);
    }
  }
  return { mean, square };
}

test('without a webhook, refs expiring between polls, the commit-to-apply delay is E[G^2] / 2E[G] for the resyncs\' gaps G, plus the work', (t) => {
  const table = [
    { intervalMs: 120_000, jitterMs: 60_000 }, // Argo CD 3.x
    { intervalMs: 180_000, jitterMs: 0 }, // before 3.0
    { intervalMs: 600_000, jitterMs: 300_000 },
  ];
  for (const row of table) {
    const { mean, square } = resyncGapMoments(row.intervalMs, row.jitterMs);
    const expectedMs = square / (2 * mean) + REFRESH_TO_APPLY_MS;
    // Gaps of many periods put each commit at a nearly uniform phase of the polls (bias < 1%).
    const settleMs = 3 * (row.intervalMs + row.jitterMs);
    const measured = meanCommitToApplyMs({ ...row, revisionCacheExpirationMs: 1_000 }, 0, 3000, 30 * mean, settleMs);
    t.diagnostic(
      `${JSON.stringify(row)}: mean gap ${Math.round(mean)} ms; delay ${Math.round(measured)} ms, expected ${Math.round(expectedMs)} ms`,
    );
    assert.ok(
      Math.abs(measured / expectedMs - 1) < 0.04,
      `${JSON.stringify(row)}: ${measured} ms, expected ${expectedMs} ms`,
    );
  }
});

test('polls are 1 to 2 intervals apart: a resync finds the app unexpired when its jitter is below the last one', () => {
  const { engine, controller } = world({ intervalMs: 120_000, jitterMs: 60_000 }, { apps: 400 });
  engine.run(6 * 60 * MIN);
  const { mean } = resyncGapMoments(120_000, 60_000);
  const stats = controller.stats();
  assert.ok(stats.maxRefreshPeriodMs <= 2 * 120_000 + 60_000 + 1_000, `longest ${stats.maxRefreshPeriodMs} ms`);
  assert.ok(stats.maxRefreshPeriodMs > 2 * 120_000, `longest ${stats.maxRefreshPeriodMs} ms: no resync was skipped`);
  assert.ok(Math.abs(stats.meanRefreshPeriodMs / mean - 1) < 0.02, `mean ${stats.meanRefreshPeriodMs} ms, expected ${mean}`);
});

/** Steps until a refresh that ran ls-remote ends; returns when it began (when it wrote the ref cache). */
function untilFetched(engine: { readonly now: number; step(): boolean }, controller: ArgoCdController): number {
  const before = controller.stats().gitFetches;
  while (controller.stats().gitFetches === before && engine.step()) {}
  const fetchedAt = engine.now;
  untilRefreshed(engine, controller);
  return fetchedAt;
}

test('the repo-server caches refs: a periodic refresh sees a commit only once they expired, a webhook at once', () => {
  const polls = { intervalMs: 120_000, jitterMs: 0, revisionCacheExpirationMs: 180_000 };
  for (const webhook of [false, true]) {
    const { engine, controller, applies, commit } = world({ ...polls, webhook });
    engine.run(10 * MIN);
    const filledAt = untilFetched(engine, controller);
    const committedAt = engine.now + 1_000;
    engine.at(committedAt, () => commit());
    engine.run(committedAt + 10 * MIN);
    // The poll 2 min after the fill reads the cached head; the one at 4 min misses and sees the commit.
    const expectedMs = webhook ? committedAt + REFRESH_TO_APPLY_MS : filledAt + 2 * polls.intervalMs + REFRESH_TO_APPLY_MS;
    assert.ok(
      applies.length === 1 && Math.abs(applies[0] - expectedMs) <= 1_000,
      `webhook ${webhook}: applied at ${applies}, expected ${expectedMs}`,
    );
  }
});

test('ls-remote runs only on a ref cache miss: once per expiry for every app of the repository, across shards', () => {
  const polls = { intervalMs: 120_000, jitterMs: 0, revisionCacheExpirationMs: 180_000 };
  // Resyncs every 2 min hand every app over at once; the refs expire every other one: one fetch per 4 min.
  const { engine, controller } = world(polls, { apps: 3 });
  engine.run(60 * MIN);
  const { gitFetches, refreshes } = controller.stats();
  assert.ok(refreshes >= 3 * 29, `${refreshes} refreshes`);
  assert.ok(gitFetches >= 14 && gitFetches <= 16, `${gitFetches} fetches for ${refreshes} refreshes`);
  // Two shards of one Argo CD read the same cache (argocd-redis); two Argo CDs each their own.
  for (const shared of [true, false]) {
    const registry = newRegistry();
    const v1 = build(registry, 'r/app', 1);
    const initial = { image: v1.ref, replicas: 0, strategy: ROLLING };
    const { engine: shardEngine, cluster } = smallCluster([initial, initial], {}, registry);
    const git = new GitRepo(shardEngine, [0, 1].map(() => ({ desired: initial, intendedDigest: v1.digest })), 0);
    const cache = new GitRefCache(1);
    const shards = [[0], [1]].map(
      (apps, s) =>
        new ArgoCdController(
          { engine: shardEngine, git, cluster },
          { ...DEFAULTS, ...CONSTANT, ...polls },
          new RandomStreams(3, s),
          apps,
          undefined,
          shared ? cache : undefined,
        ),
    );
    for (const shard of shards) shard.start();
    shardEngine.run(60 * MIN);
    const fetches = shards.reduce((sum, shard) => sum + shard.stats().gitFetches, 0);
    const [low, high] = shared ? [14, 16] : [28, 32];
    assert.ok(fetches >= low && fetches <= high, `shared ${shared}: ${fetches} fetches`);
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
    { selfHeal: true, replicasAfter: 1, inSync: true, undoneAfterMs: WATCH_MS + COMPARE_MS + HEAL_MS },
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
    const expectedMs = Math.max(b * 1000, HPA_MS + WATCH_MS) + HEAL_MS + COMPARE_MS;
    // A periodic refresh may see the HPA's change before the watch does.
    assert.ok(
      gaps[i] <= expectedMs && gaps[i] >= expectedMs - WATCH_MS,
      `gap ${i}: ${gaps[i]} ms, expected ${expectedMs}`,
    );
  }
});

test('self-heal attempts carry over while the revision stays: no cooldown resets them (Argo CD 3.3 on)', () => {
  const { engine, cluster, syncs, commit } = world({ selfHeal: true }, { replicas: 2 });
  // Six drifts, 10 minutes apart: each heal is at once (its back-off has long passed), yet each counts.
  for (let i = 0; i < 6; i++) engine.at((10 + 10 * i) * MIN, () => cluster.scale(0, 3, 'person'));
  // A seventh, and another 20 s after its heal: the 8th attempt waits the capped back-off, 300 s.
  engine.at(80 * MIN, () => cluster.scale(0, 3, 'person'));
  engine.at(80 * MIN + 20_000, () => cluster.scale(0, 3, 'person'));
  engine.run(90 * MIN);
  const heals = syncs.filter((s) => s.reason === 'selfHeal');
  assert.equal(heals.length, 8);
  assert.ok(heals[6].atMs < 80 * MIN + 10_000, `7th heal at ${heals[6].atMs}`);
  const gapMs = heals[7].atMs - heals[6].atMs;
  assert.ok(gapMs >= 300_000 && gapMs <= 300_000 + 2 * COMPARE_MS + HEAL_MS, `8th heal ${gapMs} ms after the 7th`);
  // A sync to a new revision starts the count again: the next drift is healed at once.
  engine.at(100 * MIN, () => commit());
  engine.at(110 * MIN, () => cluster.scale(0, 3, 'person'));
  engine.run(111 * MIN);
  const last = syncs.at(-1)!;
  assert.equal(last.reason, 'selfHeal');
  assert.ok(last.atMs < 110 * MIN + 10_000, `heal after a new revision at ${last.atMs}`);
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
  // Each attempt ends SYNC_MS after it starts, its retry `delay` after that.
  const gaps = syncs.slice(1).map((s, i) => s.atMs - syncs[i].atMs);
  assert.deepEqual(
    gaps,
    [5, 10, 20, 40, 80].map((s) => s * 1000 + SYNC_MS),
  );
  assert.equal(cluster.spec(0)?.image, image);
  assert.equal(controller.reportsInSync(0), false);
  assert.deepEqual(
    [controller.stats().syncs, controller.stats().syncFailures, controller.stats().syncRetries],
    [6, 6, 5],
  );
  // A new revision (one the cluster does not run) is synced again.
  git.commit(0, { ...git.desiredAt(0), replicas: 2 }, 'sha256:unused');
  engine.run(engine.now + 10 * MIN);
  assert.equal(syncs[6]?.reason, 'auto');
});

test('a bad manifest fails every attempt: 5 retries, then OutOfSync until the revision moves, again at each new one', () => {
  const { engine, git, cluster, controller, commit } = world({}, { apps: 2 });
  const attempts: [number, SyncReason, boolean][] = [];
  controller.onSync((app, reason, succeeded) => attempts.push([app, reason, succeeded]));
  const image = cluster.spec(0)?.image;
  engine.at(5 * MIN, () => commit(0, { codeCommitMs: 0, bad: false, badManifest: true }));
  engine.run(30 * MIN);
  const refused = [[0, 'auto', false], ...new Array(5).fill([0, 'retry', false])];
  assert.deepEqual(attempts, refused);
  assert.equal(cluster.spec(0)?.image, image);
  assert.equal(controller.reportsInSync(0), false);
  // Another app's commit moves the shared repository's revision: Argo CD tries the bad manifest again, 6 times.
  engine.at(30 * MIN, () => commit(1));
  engine.run(60 * MIN);
  assert.deepEqual(
    attempts.slice(6).filter(([app]) => app === 0),
    refused,
  );
  assert.equal(cluster.spec(0)?.image, image);
  // The app's next release, the same image with its manifest fixed, replaces it.
  const bad = git.latest(0);
  engine.at(60 * MIN, () => git.commit(0, { ...bad.desired, replicas: 1 }, bad.intendedDigest));
  engine.run(90 * MIN);
  assert.deepEqual(attempts.at(-1), [0, 'auto', true]);
  assert.equal(cluster.spec(0)?.image, bad.desired.image);
  assert.equal(controller.reportsInSync(0), true);
});

test('capacity: with a small QPS the Application client binds, and bulk sync time grows linearly with the apps', (t) => {
  const QPS = 10;
  const bulkSyncMs = (apps: number) => {
    const { engine, controller, applies, commit } = world({ webhook: true, qps: QPS, burst: 20 }, { apps });
    engine.run(10 * MIN);
    for (let app = 0; app < apps; app++) commit(app);
    engine.run(engine.now + 60 * MIN);
    assert.equal(applies.length, apps);
    const stats = controller.stats();
    assert.ok(stats.maxRefreshQueueDepth >= apps - DEFAULTS.statusProcessors);
    assert.ok(stats.applicationThrottledMs > 0);
    assert.equal(stats.kubectlWaitMs, 0);
    return (applies.at(-1) ?? 0) - 10 * MIN;
  };
  const small = bulkSyncMs(1000);
  const large = bulkSyncMs(2000);
  t.diagnostic(
    `bulk sync: 1000 apps ${small} ms, 2000 apps ${large} ms, ratio ${(large / small).toFixed(3)}`,
  );
  // Per app 9 Application requests at QPS per second: the webhook refresh's status and annotation
  // patches, the operation's GET and PUT, GET and 3 patches, the refresh after it.
  assert.ok(Math.abs(small / ((1000 * 9 * 1000) / QPS) - 1) < 0.02, `1000 apps: ${small} ms`);
  assert.ok(Math.abs(large / small / 2 - 1) < 0.02, `1000 apps: ${small} ms, 2000 apps: ${large} ms`);
});

/** Runs until the controller finishes its next refresh. */
function untilRefreshed(engine: { step(): boolean }, controller: ArgoCdController): void {
  const before = controller.stats().refreshes;
  while (controller.stats().refreshes === before && engine.step()) {}
}

test('requests per refresh and per sync are the calls counted in argo-cd (control plane, destination, repo-server)', () => {
  // Polls an hour apart so that nothing but the commit moves the counters.
  const quiet = { intervalMs: 60 * MIN, jitterMs: 0 };
  const table = [
    // kinds: discovery GETs; objects: dry-run GETs and apply GETs; one changed object: its PATCH.
    { shape: undefined, destination: 5 + 2 * 5 + 1 },
    { shape: { layout: 'shared' as const, kindCounts: [3] }, destination: 1 + 2 * 3 + 1 },
    { shape: { layout: 'perApp' as const, kindCounts: [2, 4, 1] }, destination: 3 + 2 * 7 + 1 },
  ];
  for (const { shape, destination } of table) {
    const { engine, git, cluster, controller } = world({ ...quiet, webhook: true }, { webhookDelayMs: 1_000, shape });
    engine.run(10 * MIN);
    const before = controller.stats();
    git.commit(0, { ...git.desiredAt(0), replicas: 2 }, 'sha256:two');
    engine.run(11 * MIN);
    const after = controller.stats();
    const delta = (key: keyof typeof after) => (after[key] as number) - (before[key] as number);
    const label = JSON.stringify(shape);
    assert.equal(cluster.spec(0)?.replicas, 2, label);
    assert.deepEqual(
      { refreshes: delta('refreshes'), syncs: delta('syncs') },
      // The webhook's refresh, the one after the operation, the one the watch asks after the apply.
      { refreshes: 3, syncs: 1 },
      label,
    );
    // Application: webhook refresh 1 (status) + 1 (annotation); sync 2 (set operation) + 4 (GET, Running,
    // history, final); the refresh after it 1 (reconciledAt); the watch's refresh finds nothing new: 0.
    assert.equal(delta('applicationRequests'), 2 + 6 + 1, label);
    // Events: OutOfSync, OperationStarted, OperationCompleted, Synced.
    assert.equal(delta('eventRequests'), 4, label);
    assert.equal(delta('destinationRequests'), destination, label);
    // One GenerateManifest per refresh and one for the sync's own comparison.
    assert.equal(delta('repoServerRequests'), 3 + 1, label);
    assert.equal(delta('apiRequests'), 9 + 4 + destination, label);
  }
});

test('a self-heal is a partial sync: only the drifted Deployment, no history PATCH, and so are its retries', () => {
  const quiet = { intervalMs: 60 * MIN, jitterMs: 0, selfHeal: true };
  for (const syncFailRate of [0, 1]) {
    const { engine, cluster, controller, syncs } = world({ ...quiet, syncFailRate }, { replicas: 1 });
    engine.run(10 * MIN);
    const before = controller.stats();
    cluster.scale(0, 3, 'person');
    engine.run(20 * MIN);
    const after = controller.stats();
    const delta = (key: keyof typeof after) => (after[key] as number) - (before[key] as number);
    const attempts = syncFailRate === 0 ? 1 : 6;
    assert.deepEqual(
      syncs.map((s) => s.reason),
      ['selfHeal', ...new Array(attempts - 1).fill('retry')],
    );
    assert.equal(cluster.spec(0)?.replicas, syncFailRate === 0 ? 1 : 3);
    // Each attempt: its kind's discovery GET, the dry-run GET, the apply GET and PATCH (of 16 for a full sync).
    assert.equal(delta('destinationRequests'), 4 * attempts, `failRate ${syncFailRate}`);
    // Refreshes: the watch's (OutOfSync: a PATCH), one after each attempt (reconciledAt: a PATCH), and after a
    // heal that landed the watch's, which finds nothing new.
    const refreshes = syncFailRate === 0 ? 3 : 1 + attempts;
    assert.equal(delta('refreshes'), refreshes, `failRate ${syncFailRate}`);
    // The operation set (GET, PUT) once; each attempt GET, Running and final state, never the history.
    assert.equal(delta('applicationRequests'), 2 + 3 * attempts + 1 + attempts, `failRate ${syncFailRate}`);
  }
});

test('a quiet app costs one Application PATCH per periodic refresh (reconciledAt) and nothing else', () => {
  const { engine, controller } = world({ jitterMs: 0 }, { apps: 3 });
  engine.run(60 * MIN);
  const stats = controller.stats();
  assert.ok(stats.refreshes >= 3 * 29);
  assert.deepEqual(
    [stats.applicationRequests, stats.eventRequests, stats.destinationRequests, stats.repoServerRequests, stats.renders],
    [stats.refreshes, 0, 0, stats.refreshes, 0],
  );
});

test('a live change while a refresh runs: its end compares the live state as it is then', () => {
  const compareMs = 10_000;
  const { engine, cluster, controller } = world(
    { jitterMs: 0, selfHeal: false, compareTime: constant(compareMs) },
    { replicas: 1 },
  );
  engine.run(10 * MIN);
  untilRefreshed(engine, controller);
  // A quiet app's periodic refreshes run from each poll for compareMs; the next starts at nextStart.
  const nextStart = engine.now - compareMs + DEFAULTS.intervalMs;
  engine.at(nextStart + 1_000, () => cluster.scale(0, 3, 'person'));
  engine.run(nextStart + compareMs);
  assert.equal(controller.reportsInSync(0), false);
});

test('a live change does not pull in a pending commit: the watch compares against the last revision', () => {
  const { engine, git, cluster, controller, commit } = world({ jitterMs: 0 }, { replicas: 1 });
  engine.run(10 * MIN);
  untilRefreshed(engine, controller);
  const refreshedAt = engine.now;
  const oldImage = cluster.spec(0)?.image;
  const before = controller.stats();
  engine.at(refreshedAt + 1_000, () => commit());
  engine.at(refreshedAt + 2_000, () => cluster.scale(0, 3, 'person'));
  engine.run(refreshedAt + 30_000);
  // The watch's refresh compared the live change with the previous revision: OutOfSync, nothing synced.
  assert.equal(controller.stats().syncs, 0);
  assert.equal(controller.stats().refreshes, before.refreshes + 1);
  assert.equal(controller.stats().gitFetches, before.gitFetches);
  assert.deepEqual(cluster.spec(0), { image: oldImage, replicas: 3 });
  assert.equal(controller.reportsInSync(0), false);
  // A later periodic refresh, once the cached refs expired, resolves Git and syncs the commit, which also
  // undoes the scale.
  engine.run(refreshedAt + DEFAULTS.revisionCacheExpirationMs + DEFAULTS.intervalMs + 10_000);
  assert.deepEqual(cluster.spec(0), { image: git.desiredAt(0).image, replicas: 1 });
});

test("drift without self-heal: a commit to another app heals it in a shared repository, not per app or with manifest-generate-paths", () => {
  const table = [
    { layout: 'shared' as const, manifestGeneratePaths: false, healed: true },
    { layout: 'shared' as const, manifestGeneratePaths: true, healed: false },
    { layout: 'perApp' as const, manifestGeneratePaths: false, healed: false },
  ];
  for (const { layout, manifestGeneratePaths, healed } of table) {
    const { engine, git, cluster, controller } = world(
      { manifestGeneratePaths },
      { apps: 2, replicas: 1, shape: { layout, kindCounts: [1, 1, 1, 1, 1] } },
    );
    const label = JSON.stringify({ layout, manifestGeneratePaths });
    engine.run(10 * MIN);
    cluster.scale(1, 3, 'person');
    // Periodic refreshes see the drift, but the repository's revision was attempted already.
    engine.run(20 * MIN);
    assert.equal(cluster.spec(1)?.replicas, 3, label);
    assert.equal(controller.reportsInSync(1), false, label);
    git.commit(0, { ...git.desiredAt(0), replicas: 2 }, 'sha256:two');
    // App 1's first periodic refresh after the cached refs expired resolves the new head.
    engine.run(20 * MIN + DEFAULTS.revisionCacheExpirationMs + 2 * DEFAULTS.intervalMs + DEFAULTS.jitterMs + 10_000);
    assert.equal(cluster.spec(0)?.replicas, 2, label);
    assert.equal(cluster.spec(1)?.replicas, healed ? 1 : 3, label);
  }
});

test('repo-server: with a parallelism limit, manifest generations after a mass change wait for its slots', () => {
  const waits = [0, 1, 4].map((repoServerParallelism) => {
    const { engine, controller, commit } = world({ webhook: true, repoServerParallelism }, { apps: 40 });
    engine.run(10 * MIN);
    for (let app = 0; app < 40; app++) commit(app);
    engine.run(30 * MIN);
    return controller.stats().repoServerWaitMs;
  });
  assert.equal(waits[0], 0);
  // 40 renders of 1.5 s on 1 slot: the k-th waits (k-1) x 1.5 s; but the 20 status processors take
  // at most 20 at once, so the waits are smaller than the full series and shrink with more slots.
  assert.ok(waits[1] > waits[2] && waits[2] > 0, JSON.stringify(waits));
});

test('capacity: when the refreshes outgrow the status processors, the effective refresh period grows', (t) => {
  const table = [
    // Below capacity: the resyncs' own mean gap.
    { apps: 500, expectedPeriodMs: resyncGapMoments(DEFAULTS.intervalMs, DEFAULTS.jitterMs).mean },
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

test('jitter: without it every resync hands every app over at once, a storm at every interval', (t) => {
  const apps = 2000;
  const table = [
    { jitterMs: 0, storm: true },
    { jitterMs: 60_000, storm: false },
  ];
  for (const { jitterMs, storm } of table) {
    const { engine, controller } = world({ jitterMs, compareTime: constant(10) }, { apps });
    let peak = 0;
    const probe = (): void => {
      peak = Math.max(peak, controller.refreshQueueDepth);
      engine.after(50, probe);
    };
    engine.at(1, probe);
    const peakBetween = (fromMs: number, toMs: number): number => {
      engine.run(fromMs);
      peak = 0;
      engine.run(toMs);
      return peak;
    };
    const before = peakBetween(3 * MIN, 10 * MIN);
    t.diagnostic(`jitter ${jitterMs} ms: peak refresh queue ${before} of ${apps} apps`);
    assert.equal(before >= 0.5 * apps, storm, `jitter ${jitterMs}: peak ${before}`);
    assert.ok(storm || before < 0.05 * apps, `jitter ${jitterMs}: peak ${before}`);
    // Back after an outage longer than the interval, the new informer lists every app at once, all expired.
    controller.setAvailable(false);
    engine.run(14 * MIN);
    controller.setAvailable(true);
    const restart = peakBetween(14 * MIN, 14 * MIN + 1_000);
    assert.ok(restart >= 0.9 * apps, `jitter ${jitterMs}: peak ${restart} after the restart`);
    // From then on the resyncs spread again, or keep storming.
    const after = peakBetween(16 * MIN, 25 * MIN);
    assert.equal(after >= 0.5 * apps, storm, `jitter ${jitterMs}: peak ${after} after the restart`);
  }
});

test('options are checked', () => {
  for (const bad of [
    { intervalMs: 0 },
    { syncFailRate: 2 },
    { statusProcessors: 0 },
    { qps: 0 },
    { repoServerReplicas: 0 },
    { repoServerParallelism: -1 },
  ]) {
    assert.throws(() => world(bad), RangeError, JSON.stringify(bad));
  }
});

test('pause: auto-sync off, a rollback sync of the known-good revision at once; no auto-sync or self-heal until resumed', () => {
  const table = [
    { name: 'idle', busyAtPause: false, failRate: 0, rolledBack: true },
    // The rollback waits for the running operation (the API server refuses a second one).
    { name: 'during a self-heal', busyAtPause: true, failRate: 0, rolledBack: true },
    // A rollback has no retry strategy: one failed attempt, and the cluster keeps the bad release.
    { name: 'failing', busyAtPause: false, failRate: 1, rolledBack: false },
  ];
  for (const row of table) {
    const { engine, git, cluster, controller, syncs, commit } = world(
      { selfHeal: true, syncFailRate: row.failRate },
      { replicas: 1 },
    );
    const good = git.latest(0);
    engine.at(MIN, () => commit());
    // With every sync failing, the bad release is there as if synced (its own sync fails for good meanwhile).
    if (row.failRate === 1) engine.at(MIN, () => cluster.apply(0, git.latest(0).desired));
    engine.run(10 * MIN);
    const bad = git.latest(0);
    assert.equal(cluster.spec(0)?.image, bad.desired.image, row.name);
    if (row.busyAtPause) cluster.scale(0, 3, 'person');
    engine.run(engine.now + WATCH_MS + COMPARE_MS + 1);
    const pausedAtMs = engine.now;
    const before = syncs.length;
    controller.pause(0, good);
    engine.run(engine.now + MIN);
    const rollbacks = syncs.slice(before).filter((s) => s.reason === 'rollback');
    assert.equal(rollbacks.length, 1, row.name);
    assert.equal(rollbacks[0].succeeded, row.rolledBack, row.name);
    const first = syncs.slice(before)[0];
    assert.equal(first.reason, row.busyAtPause ? 'selfHeal' : 'rollback', row.name);
    assert.ok(rollbacks[0].atMs - pausedAtMs <= (row.busyAtPause ? HEAL_MS + SYNC_MS : SYNC_MS), row.name);
    assert.equal(cluster.spec(0)?.image, row.rolledBack ? good.desired.image : bad.desired.image, row.name);
    // Git still names the bad release: OutOfSync, and neither auto-sync nor self-heal acts, through drift too.
    cluster.scale(0, 2, 'person');
    engine.run(engine.now + 30 * MIN);
    assert.equal(controller.reportsInSync(0), false, row.name);
    assert.equal(syncs.filter((s) => s.atMs > rollbacks[0].atMs).length, 0, row.name);
    assert.equal(cluster.spec(0)?.replicas, 2, row.name);
    if (row.failRate === 1) continue;
    // The fix is committed and the person resumes: the refresh resolves Git and auto-sync deploys it.
    commit();
    commit();
    const fix = git.latest(0);
    const resumedAtMs = engine.now;
    controller.resume(0);
    engine.run(engine.now + MIN);
    const auto = syncs.filter((s) => s.atMs >= resumedAtMs);
    assert.equal(auto[0]?.reason, 'auto', row.name);
    assert.ok(auto[0].atMs - resumedAtMs <= REFRESH_TO_APPLY_MS, row.name);
    assert.equal(cluster.spec(0)?.image, fix.desired.image, row.name);
    assert.equal(cluster.spec(0)?.replicas, fix.desired.replicas, row.name);
    assert.equal(controller.reportsInSync(0), true, row.name);
  }
});
