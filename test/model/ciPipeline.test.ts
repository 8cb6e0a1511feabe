import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Distribution, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { RandomStreams } from '../../src/engine/random.ts';
import {
  type CiFailure,
  CiPipeline,
  type CiPipelineOptions,
  type CiStage,
  type Release,
} from '../../src/model/ciPipeline.ts';
import { builtImage } from '../../src/model/image.ts';
import { DEFAULTS, newRegistry, resolvedScenario } from './fixtures.ts';

const S = 1000;
const dist = (text: string): Distribution => parseDistribution(text);
const stage = (name: string, duration: string, failRate = 0): CiStage => ({
  name,
  duration: dist(duration),
  failRate,
});

function setup(options: Partial<CiPipelineOptions> = {}, seed = 1) {
  const engine = new Engine();
  const registry = newRegistry();
  const ci = new CiPipeline(
    engine,
    registry,
    {
      ...DEFAULTS.ci,
      repositories: ['shop/api', 'shop/web', 'shop/cart', 'shop/auth', 'shop/mail'],
      imageSizeBytes: DEFAULTS.apps.imageSizeBytes,
      ...options,
    },
    new RandomStreams(seed, 0),
  );
  const releases: Release[] = [];
  const failures: CiFailure[] = [];
  ci.onRelease((r) => releases.push(r));
  ci.onFailure((f) => failures.push(f));
  return { engine, registry, ci, releases, failures };
}

test('a failed stage stops the line: later stages do not run and nothing is pushed', () => {
  const { engine, registry, ci, releases, failures } = setup({
    stages: [stage('build', '1s'), stage('test', '2s', 1), stage('push', '3s')],
  });
  engine.run(500);
  assert.equal(ci.trigger(0), 1);
  engine.run();
  assert.equal(releases.length, 0);
  assert.deepEqual(failures, [
    {
      app: 0,
      build: 1,
      repository: 'shop/api',
      stage: 'test',
      reason: 'stageFailed',
      triggeredMs: 500,
      startedMs: 500,
      finishedMs: 3500,
    },
  ]);
  assert.equal(ci.failures, 1);
  assert.equal(ci.releases, 0);
  assert.equal(registry.resolve('shop/api:1.0.1', engine.now), undefined);
});

test('runners bound concurrency: with 2 runners, 5 simultaneous triggers run 2 at a time, the rest FIFO', () => {
  const { engine, ci, releases } = setup({ runners: 2, stages: [stage('all', '10s')], badReleaseRate: 0 });
  for (let app = 0; app < 5; app++) ci.trigger(app);
  assert.equal(ci.running, 2);
  assert.equal(ci.queued, 3);
  engine.run();
  assert.equal(ci.running, 0);
  assert.equal(ci.queued, 0);
  assert.deepEqual(
    releases.map((r) => [r.app, r.triggeredMs, r.startedMs, r.finishedMs]),
    [
      [0, 0, 0, 10 * S],
      [1, 0, 0, 10 * S],
      [2, 0, 10 * S, 20 * S],
      [3, 0, 10 * S, 20 * S],
      [4, 0, 20 * S, 30 * S],
    ],
  );
});

test('with random durations, never more builds run than runners, and builds start in trigger order', () => {
  const { engine, ci, releases, failures } = setup({ runners: 3, stages: [stage('all', 'exp(5m)', 0.2)] });
  for (let i = 0; i < 200; i++) ci.trigger(i % 5);
  engine.run();
  const builds = [...releases, ...failures];
  assert.equal(builds.length, 200);
  const edges = builds.flatMap((b) => [
    [b.startedMs, 1],
    [b.finishedMs, -1],
  ]);
  // Ends before starts at the same instant: a freed runner is reused at once.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    running += delta;
    peak = Math.max(peak, running);
  }
  assert.equal(peak, 3);
  const order = builds.toSorted((a, b) => a.startedMs - b.startedMs || triggerIndex(a) - triggerIndex(b));
  assert.deepEqual(
    order.map(triggerIndex),
    order.map(triggerIndex).toSorted((a, b) => a - b),
  );
});

/** Builds were triggered round-robin over 5 apps: the n-th trigger is build ceil(n/5) of app n % 5. */
function triggerIndex(b: Release | CiFailure): number {
  return (b.build - 1) * 5 + b.app;
}

test('a build triggered by a listener waits behind the queued ones', () => {
  const { engine, ci, releases } = setup({ runners: 1, stages: [stage('all', '1s')] });
  let retriggered = false;
  ci.onRelease((r) => {
    if (!retriggered) {
      retriggered = true;
      ci.trigger(r.app);
    }
  });
  ci.trigger(0);
  ci.trigger(1);
  engine.run();
  assert.deepEqual(
    releases.map((r) => [r.app, r.build, r.startedMs]),
    [
      [0, 1, 0],
      [1, 1, 1 * S],
      [0, 2, 2 * S],
    ],
  );
});

test('the share of failed builds matches 1 - product of stage success rates', () => {
  const { engine, ci, releases, failures } = setup({ runners: 50 }, 11);
  const n = 20_000;
  for (let i = 0; i < n; i++) ci.trigger(i % 5);
  engine.run();
  assert.equal(releases.length + failures.length, n);
  let reach = 1;
  for (const s of DEFAULTS.ci.stages) {
    // Stage i fails for a share (pass every earlier stage) x failRate of all builds.
    const expected = reach * s.failRate;
    const observed = failures.filter((f) => f.stage === s.name).length / n;
    assert.ok(Math.abs(observed - expected) < 0.005, `${s.name}: ${observed} vs ${expected}`);
    reach *= 1 - s.failRate;
  }
  const failureShare = failures.length / n;
  // sd of the share is about 0.0024 here: 0.01 is four of them.
  assert.ok(Math.abs(failureShare - (1 - reach)) < 0.01, `${failureShare} vs ${1 - reach}`);
  assert.ok(failures.every((f) => f.reason === 'stageFailed'));
});

test('a share of releases is bad, each with a detection delay; good ones have none', () => {
  const { engine, ci, releases } = setup(
    {
      runners: 100,
      stages: [stage('all', '1m')],
      badReleaseRate: 0.1,
      detectAfter: dist('uniform(10m, 20m)'),
    },
    5,
  );
  for (let i = 0; i < 5000; i++) ci.trigger(i % 5);
  engine.run();
  const bad = releases.filter((r) => r.bad);
  assert.ok(Math.abs(bad.length / releases.length - 0.1) < 0.015, `${bad.length} bad of ${releases.length}`);
  for (const r of releases) {
    if (r.bad) assert.ok(r.detectAfterMs! >= 10 * 60 * S && r.detectAfterMs! <= 20 * 60 * S);
    else assert.equal(r.detectAfterMs, undefined);
  }
});

test('a share of releases carries a bad manifest, drawn from its own stream: every other draw stays as it was', () => {
  const run = (badManifest: number) => {
    const { engine, ci, releases, failures } = setup({ badReleaseRate: 0.1, badManifest }, 5);
    for (let i = 0; i < 5000; i++) ci.trigger(i % 5);
    engine.run();
    return { releases, failures };
  };
  const without = run(0);
  const withBad = run(0.2);
  const fate = (r: Release) => [r.app, r.build, r.digest, r.bad, r.detectAfterMs, r.finishedMs];
  assert.deepEqual(withBad.releases.map(fate), without.releases.map(fate));
  assert.deepEqual(withBad.failures, without.failures);
  assert.ok(without.releases.every((r) => !r.badManifest));
  const share = withBad.releases.filter((r) => r.badManifest).length / withBad.releases.length;
  // About 4,350 releases: the share's sd is about 0.006.
  assert.ok(Math.abs(share - 0.2) < 0.025, `${share}`);
  // A bad manifest and a bad release are drawn apart: some releases are both.
  assert.ok(withBad.releases.some((r) => r.bad && r.badManifest));
});

test('under latest every release moves the tag; version tags are new each time', () => {
  const latest = setup({ tagPolicy: 'latest', stages: [stage('all', '1m')] });
  for (let i = 0; i < 3; i++) {
    latest.ci.trigger(0);
    latest.engine.run();
  }
  const moves = latest.registry.tagHistory('shop/api', 'latest');
  assert.deepEqual(
    moves.map((m) => [m.digest, m.atMs]),
    latest.releases.map((r) => [r.digest, r.finishedMs]),
  );
  assert.equal(new Set(moves.map((m) => m.digest)).size, 3);
  assert.equal(latest.registry.resolve('shop/api:latest', latest.engine.now), latest.releases[2].digest);
  assert.deepEqual(
    latest.releases.map((r) => r.imageRef),
    ['shop/api:latest', 'shop/api:latest', 'shop/api:latest'],
  );

  const version = setup({ tagPolicy: 'version', stages: [stage('all', '1m')] });
  for (let i = 0; i < 3; i++) {
    version.ci.trigger(0);
    version.engine.run();
  }
  assert.deepEqual(
    version.releases.map((r) => r.imageRef),
    ['shop/api:1.0.1', 'shop/api:1.0.2', 'shop/api:1.0.3'],
  );
  for (const r of version.releases) {
    assert.deepEqual(version.registry.tagHistory('shop/api', r.tag), [
      { digest: r.digest, atMs: r.finishedMs },
    ]);
    assert.equal(r.digestRef, builtImage('shop/api', r.build).reference);
    assert.equal(r.digestRef, `shop/api@${r.digest}`);
    assert.equal(version.registry.resolve(r.digestRef, version.engine.now), r.digest);
    assert.equal(version.registry.sizeOf(r.digest), r.sizeBytes);
  }
  assert.equal(version.registry.tagHistory('shop/api', 'latest').length, 0);
});

test('a push while the registry is down fails the build', () => {
  const { engine, registry, ci, releases, failures } = setup({
    stages: [stage('build', '1m'), stage('push', '1m')],
  });
  registry.setOutage(60 * S, 3 * 60 * S);
  ci.trigger(0);
  engine.run();
  assert.equal(releases.length, 0);
  assert.deepEqual(
    failures.map((f) => [f.stage, f.reason, f.finishedMs]),
    [['push', 'registryUnavailable', 2 * 60 * S]],
  );
});

test('the fate of each build does not depend on the number of runners (common random numbers)', () => {
  const outcome = (runners: number) => {
    const { engine, ci, releases, failures } = setup({ runners }, 21);
    for (let i = 0; i < 300; i++) ci.trigger(i % 5);
    engine.run();
    return [
      ...releases.map((r) => `${r.app}/${r.build} ok ${r.bad} ${r.finishedMs - r.startedMs} ${r.digest}`),
    ]
      .concat(failures.map((f) => `${f.app}/${f.build} ${f.stage} ${f.finishedMs - f.startedMs}`))
      .sort();
  };
  assert.deepEqual(outcome(1), outcome(40));
});

test('bad options and triggers throw', () => {
  // The scenario schema checks what a file sets; the pipeline checks the repositories it is given.
  const bad = [
    { runners: 0 },
    { stages: [] },
    { stages: [{ name: 'x', duration: '1s', failRate: 1.5 }] },
    { badRelease: -0.1 },
  ];
  for (const ci of bad) {
    const where = (e: { issues: { path: PropertyKey[] }[] }) => e.issues[0].path.slice(0, 2).join('.');
    assert.throws(
      () => resolvedScenario({ ci }),
      (e: never) => where(e) === `ci.${Object.keys(ci)[0]}`,
    );
  }
  assert.throws(() => setup({ repositories: ['a', 'a'] }), /two apps/);
  assert.throws(() => setup({ repositories: ['a:1'] }), /tag or digest/);
  const { ci } = setup();
  assert.throws(() => ci.trigger(5), /app must be an index/);
  assert.throws(() => ci.trigger(-1), /app must be an index/);
});
