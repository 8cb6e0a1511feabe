import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DISCOVERY_REQUESTS, type PushOptions, PushDelivery, type RunnerPool } from '../../src/delivery/push.ts';
import { parseDistribution } from '../../src/engine/distribution.ts';
import { RandomStreams } from '../../src/engine/random.ts';
import { Rollbacks } from '../../src/disturbance/rollback.ts';
import { RollbackRecorder } from '../../src/metrics/rollbackRecorder.ts';
import { CiPipeline, type Release } from '../../src/model/ciPipeline.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { build, newRegistry, resolvedScenario, ROLLING, smallCluster } from '../model/fixtures.ts';
import { FREE_JOB } from './fixtures.ts';

const S = 1000;
const MIN = 60 * S;
const BUILD_MS = 10 * MIN;
const STARTUP_MS = 20 * S;
const LATENCY_MS = 100;
const RESOURCES = 5;

/** A job of constant start-up and request latency, so every instant is known. */
const JOB: PushOptions = {
  ...FREE_JOB,
  startupTime: parseDistribution(`${STARTUP_MS}ms`),
  apiLatency: parseDistribution(`${LATENCY_MS}ms`),
  resourcesPerApp: RESOURCES,
};

/**
 * Two apps (app 0 deployed by push, app 1 only built), one CI runner, a
 * pipeline of one 10-minute stage. `busyRunner` starts a build of app 1 at 0.
 */
function world(options: Partial<PushOptions> = {}, rollbackReruns = true, runners = 1) {
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const v2 = build(registry, 'r/app', 2);
  const initial = { image: v1.ref, replicas: 2, strategy: ROLLING };
  const { engine, cluster } = smallCluster([initial], {}, registry);
  const git = new GitRepo(engine, [{ desired: initial, intendedDigest: v1.digest }], 0);
  const streams = new RandomStreams(7, 0);
  const pipeline = new CiPipeline(
    engine,
    registry,
    {
      ...resolvedScenario().ci,
      repositories: ['r/ci-0', 'r/ci-1'],
      imageSizeBytes: resolvedScenario().apps.imageSizeBytes,
      stages: [{ name: 'build', duration: parseDistribution(`${BUILD_MS}ms`), failRate: 0 }],
      runners,
      badReleaseRate: 0,
    },
    streams,
  );
  const push = new PushDelivery({ engine, git, cluster }, pipeline, { ...JOB, ...options }, streams, rollbackReruns);
  const specChanges: number[] = [];
  cluster.onSpecChange(() => specChanges.push(engine.now));
  const commitV2 = () => git.commit(0, { ...initial, image: v2.ref }, v2.digest);
  return { engine, cluster, git, pipeline, push, specChanges, commitV2, v1, v2, initial, registry };
}

test('a deploy job waits for the runner a build holds, exactly until the build ends, then starts and applies', () => {
  const { engine, pipeline, push, specChanges, commitV2 } = world();
  pipeline.trigger(1);
  engine.at(1 * S, commitV2);
  engine.run(BUILD_MS);
  assert.deepEqual(specChanges, [], 'nothing applied while the only runner builds');
  engine.run(BUILD_MS + STARTUP_MS);
  assert.deepEqual(specChanges, [], 'nothing applied during start-up');
  engine.run(2 * BUILD_MS);
  // Discovery, a GET per object and the Deployment's PATCH, one after another.
  const requests = DISCOVERY_REQUESTS + RESOURCES + 1;
  assert.deepEqual(specChanges, [BUILD_MS + STARTUP_MS + requests * LATENCY_MS]);
  assert.equal(push.credentialsHeldMs(), STARTUP_MS + requests * LATENCY_MS);
  assert.equal(pipeline.runnerWaitMs, BUILD_MS - 1 * S);
});

test('requests per deploy are the kubectl calls: discovery, then GET (+ PATCH when changed) per object, or one PATCH server-side', () => {
  const table: { name: string; serverSide: boolean; changed: boolean; requests: number }[] = [
    { name: 'client-side, Deployment changed', serverSide: false, changed: true, requests: DISCOVERY_REQUESTS + RESOURCES + 1 },
    { name: 'client-side, nothing changed', serverSide: false, changed: false, requests: DISCOVERY_REQUESTS + RESOURCES },
    { name: 'server-side, Deployment changed', serverSide: true, changed: true, requests: DISCOVERY_REQUESTS + RESOURCES },
    { name: 'server-side, nothing changed', serverSide: true, changed: false, requests: DISCOVERY_REQUESTS + RESOURCES },
  ];
  for (const row of table) {
    const { engine, git, push, commitV2, initial, v1 } = world({ serverSide: row.serverSide });
    engine.at(1 * S, () => (row.changed ? commitV2() : git.commit(0, initial, v1.digest)));
    engine.run(MIN);
    const stats = push.stats();
    assert.equal(stats.apiRequests, row.requests, row.name);
    assert.equal(stats.syncs, 1, row.name);
    assert.equal(stats.apiThrottledMs, 0, `${row.name}: a fresh bucket of 10 per object never waits`);
    assert.equal(push.credentialsHeldMs(), STARTUP_MS + row.requests * LATENCY_MS, row.name);
  }
});

test("kubectl's client limit is per object: with burst 1 the Deployment's PATCH waits for the next token, the next object does not", () => {
  const qps = 5;
  const { engine, push, specChanges, commitV2 } = world({ qps, burst: 1 });
  engine.at(0, commitV2);
  engine.run(MIN);
  // GET at t, its answer at t + 100 ms, PATCH allowed at t + 1000/qps ms.
  const waitMs = 1000 / qps - LATENCY_MS;
  assert.equal(push.stats().apiThrottledMs, waitMs);
  assert.deepEqual(specChanges, [STARTUP_MS + (DISCOVERY_REQUESTS + RESOURCES + 1) * LATENCY_MS + waitMs]);
});

test('a failed job is re-run through the runner queue; after the last retry the deploy is given up', () => {
  const { engine, cluster, push, specChanges, commitV2, v1 } = world({ failRate: 1, retries: 2 });
  engine.at(0, commitV2);
  engine.run(10 * MIN);
  const stats = push.stats();
  assert.equal(stats.syncs, 3, 'the first attempt and two retries');
  assert.equal(stats.syncFailures, 3);
  assert.equal(push.deploysGivenUp, 1);
  // Each attempt starts, fails at its first request and holds credentials meanwhile.
  assert.equal(stats.apiRequests, 3);
  assert.equal(push.credentialsHeldMs(), 3 * (STARTUP_MS + LATENCY_MS));
  assert.deepEqual(specChanges, []);
  assert.equal(cluster.spec(0)?.image, v1.ref);
});

test('a bad manifest fails every attempt of its job, retries too, after all its requests; a newer commit deploys', () => {
  for (const retries of [0, 2]) {
    const { engine, git, cluster, push, specChanges, initial, v1, v2 } = world({ retries });
    engine.at(0, () =>
      git.commit(0, { ...initial, image: v2.ref }, v2.digest, 'release', { codeCommitMs: 0, bad: false, badManifest: true }),
    );
    engine.run(10 * MIN);
    const attempts = retries + 1;
    const stats = push.stats();
    assert.deepEqual([stats.syncs, stats.syncFailures, push.deploysGivenUp], [attempts, attempts, 1], `retries ${retries}`);
    // kubectl applies every object and fails at the end: discovery, a GET each, the refused PATCH.
    const jobMs = STARTUP_MS + (DISCOVERY_REQUESTS + RESOURCES + 1) * LATENCY_MS;
    assert.equal(stats.apiRequests, attempts * (DISCOVERY_REQUESTS + RESOURCES + 1));
    assert.equal(push.credentialsHeldMs(), attempts * jobMs);
    assert.deepEqual(specChanges, []);
    assert.equal(cluster.spec(0)?.image, v1.ref);
    // The app's next commit, its manifest fixed, is deployed.
    engine.at(10 * MIN, () => git.commit(0, { ...initial, image: v2.ref, replicas: 1 }, v2.digest));
    engine.run(20 * MIN);
    assert.deepEqual(specChanges, [10 * MIN + jobMs]);
    assert.equal(cluster.spec(0)?.image, v2.ref);
  }
});

test('a job that fails is retried until an attempt passes; each failed attempt delays the apply by its length', () => {
  const { engine, push, specChanges, commitV2 } = world({ failRate: 0.5, retries: 3 });
  engine.at(0, commitV2);
  engine.run(10 * MIN);
  const { syncs, syncFailures } = push.stats();
  assert.equal(syncs, syncFailures + 1, 'retried until one attempt passed');
  assert.equal(specChanges.length, 1);
  const failedMs = syncFailures * (STARTUP_MS + LATENCY_MS);
  assert.equal(specChanges[0], failedMs + STARTUP_MS + (DISCOVERY_REQUESTS + RESOURCES + 1) * LATENCY_MS);
});

test('credentials are held while some job runs: overlapping jobs count once', () => {
  const held = (runners: number): number => {
    const { engine, git, push, commitV2, initial, registry } = world({}, true, runners);
    const v3 = build(registry, 'r/app', 3);
    engine.at(0, commitV2);
    engine.at(0, () => git.commit(0, { ...initial, image: v3.ref }, v3.digest));
    engine.run(10 * MIN);
    return push.credentialsHeldMs();
  };
  const jobMs = STARTUP_MS + (DISCOVERY_REQUESTS + RESOURCES + 1) * LATENCY_MS;
  // One runner: the second job runs after the first.
  assert.equal(held(1), 2 * jobMs);
  // Two runners: both jobs run at once, over the same interval.
  assert.equal(held(2), jobMs);
});

/**
 * App 0 deployed by push on runners the test drives: `start(i)` hands the
 * i-th job queued to a runner now, and it ends `extraMs` after the time it
 * says it takes (a slow machine).
 */
function handRunWorld(options: Partial<PushOptions> = {}) {
  const registry = newRegistry();
  const [v1, v2, v3] = [1, 2, 3].map((n) => build(registry, 'r/app', n));
  const initial = { image: v1.ref, replicas: 2, strategy: ROLLING };
  const { engine, cluster } = smallCluster([initial], {}, registry);
  const git = new GitRepo(engine, [{ desired: initial, intendedDigest: v1.digest }], 0);
  const jobs: { work: () => number; done: () => void }[] = [];
  const runners: RunnerPool = { runJob: (work, done) => jobs.push({ work, done }), buildDurationMs: () => 0 };
  const push = new PushDelivery({ engine, git, cluster }, runners, { ...JOB, ...options }, new RandomStreams(7, 0));
  const start = (i: number, extraMs = 0) => {
    const ms = jobs[i].work();
    engine.after(ms + extraMs, jobs[i].done);
  };
  const commit = (v: typeof v1) => git.commit(0, { ...initial, image: v.ref }, v.digest);
  return { engine, cluster, push, jobs, start, commit, v2, v3 };
}

test("a deploy job that ends after a newer commit's job applies nothing: the app never goes back to the older manifest", () => {
  const { engine, cluster, push, start, commit, v2, v3 } = handRunWorld();
  commit(v2);
  commit(v3);
  // Both jobs start at once; v2's machine is a minute slower, so v3's job ends first.
  start(0, MIN);
  start(1);
  engine.run(10 * MIN);
  assert.equal(cluster.spec(0)?.image, v3.ref);
  assert.equal(push.stats().syncs, 2, 'both jobs ran');
});

test('a deploy job taken by a runner after a newer commit was applied (a retry too: it is queued the same way) is dropped before it runs', () => {
  const { engine, cluster, push, jobs, start, commit, v2, v3 } = handRunWorld();
  commit(v2);
  commit(v3);
  start(1);
  engine.run(MIN);
  assert.equal(cluster.spec(0)?.image, v3.ref);
  const held = push.credentialsHeldMs();
  start(0);
  engine.run(10 * MIN);
  assert.equal(cluster.spec(0)?.image, v3.ref);
  assert.equal(push.stats().syncs, 1, 'the outdated job sends no request');
  assert.equal(push.credentialsHeldMs(), held, 'nor takes the credentials');
  assert.equal(jobs.length, 2);
});

/**
 * A bad release found while the only runner builds something else: the
 * rollback's deploy job waits for that build, and time to restore includes
 * the wait and the job.
 */
function rollbackWorld(rollbackReruns: boolean, rerun: PushOptions['rerun']) {
  const w = world({ rerun }, rollbackReruns);
  const { engine, git, cluster } = w;
  const listeners: ((release: Release) => void)[] = [];
  const rollbacks = new Rollbacks(engine, git, cluster, { onRelease: (l) => listeners.push(l) }, rollbackReruns ? 'rerun' : 'revert');
  const recorder = new RollbackRecorder(rollbacks, git, cluster, () => engine.now);
  const detectAfterMs = 30 * MIN;
  // Build 2 is bad: committed (and deployed by a job) at 0.
  engine.at(0, () => {
    w.commitV2();
    const release = { app: 0, digest: w.v2.digest, bad: true, detectAfterMs } as Release;
    for (const l of listeners) l(release);
  });
  return { ...w, recorder };
}

test('a push rollback by re-run of the deploy job: time to restore includes the runner wait and the job', () => {
  const { engine, recorder, specChanges, pipeline, cluster, v1 } = rollbackWorld(true, 'deploy');
  const jobMs = STARTUP_MS + (DISCOVERY_REQUESTS + RESOURCES + 1) * LATENCY_MS;
  // The bad release runs from about jobMs plus its rollout and is found 30m later; a build takes the runner before.
  const buildAt = 25 * MIN;
  engine.at(buildAt, () => pipeline.trigger(1));
  engine.run(2 * 3_600_000);
  const [result] = recorder.finish();
  assert.ok(result.detectedMs > buildAt && result.detectedMs < buildAt + BUILD_MS, 'found while the runner builds');
  const appliedMs = buildAt + BUILD_MS + jobMs;
  assert.deepEqual(specChanges, [jobMs, appliedMs], 'the rollback waits for the build, then runs its job');
  assert.equal(result.correct, true);
  assert.ok(result.restoredMs !== null && result.restoredMs > appliedMs, 'restored after the job, by the rollout');
  assert.equal(cluster.readyWith(0, v1.digest), 2);
});

test('a revert under push (or a re-run of build and deploy) builds first, then deploys', () => {
  for (const [rollbackReruns, rerun] of [
    [false, 'deploy'],
    [true, 'buildAndDeploy'],
  ] as const) {
    const { engine, recorder, specChanges } = rollbackWorld(rollbackReruns, rerun);
    engine.run(3 * 3_600_000);
    const [result] = recorder.finish();
    const jobMs = STARTUP_MS + (DISCOVERY_REQUESTS + RESOURCES + 1) * LATENCY_MS;
    assert.deepEqual(specChanges, [jobMs, result.detectedMs + BUILD_MS + jobMs], `${rollbackReruns} ${rerun}`);
    assert.equal(result.correct, true);
  }
});
