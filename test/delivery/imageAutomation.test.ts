import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStream, RandomStreams } from '../../src/engine/random.ts';
import { FluxController } from '../../src/delivery/flux.ts';
import {
  ImageAutomation,
  type ImageAutomationOptions,
  type ImagePolicyKind,
  newestTag,
  type TagFilter,
} from '../../src/delivery/imageAutomation.ts';
import type { Manifest } from '../../src/model/cluster/cluster.ts';
import type { Release } from '../../src/model/ciPipeline.ts';
import { type Commit, GitRepo } from '../../src/model/gitRepo.ts';
import { DEFAULT_RESOURCES_PER_APP } from '../../src/model/deliverySystem.ts';
import { fluxSchema, imageAutomationSchema } from '../../src/scenario/schema.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

const S = 1000;
const MIN = 60 * S;
const REPO = 'r/app';

test('each policy picks the newest tag its rules allow', () => {
  const buildTag = /^1\.0\.(?<build>\d+)$/;
  const table: {
    tags: string[];
    policy: ImagePolicyKind;
    filter?: TagFilter;
    expected: string | undefined;
  }[] = [
    { tags: ['1.0.9', '1.0.10', '1.0.2'], policy: 'semver', expected: '1.0.10' },
    { tags: ['1.0.9', '1.0.10', 'latest'], policy: 'semver', expected: '1.0.10' },
    { tags: ['v1.2.0', '1.10.0', '1.9.9'], policy: 'semver', expected: '1.10.0' },
    { tags: ['1.0.0', '2.0.0-rc.1', '1.0.0+build.5'], policy: 'semver', expected: '1.0.0' },
    { tags: ['2.0', '01.0.0', 'latest'], policy: 'semver', expected: undefined },
    { tags: ['9', '10', '2'], policy: 'numerical', expected: '10' },
    { tags: ['1.5', '1.25', '-3'], policy: 'numerical', expected: '1.5' },
    { tags: ['10', '1e1', '2'], policy: 'numerical', expected: '1e1' },
    { tags: ['9', '10', 'latest'], policy: 'numerical', expected: undefined },
    {
      tags: ['1.0.9', '1.0.10', 'latest'],
      policy: 'numerical',
      filter: { pattern: buildTag, extract: '$build' },
      expected: '1.0.10',
    },
    {
      tags: ['1.0.9', '1.0.10', 'latest'],
      policy: 'numerical',
      filter: { pattern: buildTag, extract: '$1' },
      expected: '1.0.10',
    },
    { tags: ['9', '10', '2'], policy: 'alphabetical', expected: '9' },
    { tags: ['1.0.9', '1.0.10', 'latest'], policy: 'alphabetical', expected: 'latest' },
    {
      tags: ['1.0.9', '1.0.10', 'latest'],
      policy: 'alphabetical',
      filter: { pattern: buildTag },
      expected: '1.0.9',
    },
    {
      tags: ['RELEASE.2024-01-02', 'RELEASE.2023-12-31'],
      policy: 'alphabetical',
      expected: 'RELEASE.2024-01-02',
    },
    { tags: [], policy: 'semver', expected: undefined },
  ];
  for (const { tags, policy, filter, expected } of table) {
    assert.equal(newestTag(tags, policy, filter), expected, `${policy} ${filter?.pattern ?? ''} of ${tags}`);
  }
});

test('the registry lists the tags that existed at a time, in the order first pushed', () => {
  const registry = newRegistry();
  build(registry, REPO, 1, '1.0.1', 100);
  build(registry, REPO, 2, 'latest', 200);
  build(registry, REPO, 3, '1.0.3', 300);
  build(registry, REPO, 4, 'latest', 400);
  assert.deepEqual(registry.tags(REPO, 99), []);
  assert.deepEqual(registry.tags(REPO, 250), ['1.0.1', 'latest']);
  assert.deepEqual(registry.tags(REPO, 1000), ['1.0.1', 'latest', '1.0.3']);
  assert.deepEqual(registry.tags('r/other', 1000), []);
});

/** The options a scenario's `imageAutomation: {}` resolves to. */
const DEFAULTS: ImageAutomationOptions = imageAutomationSchema.parse({});

function world(tag: string, options: Partial<ImageAutomationOptions>, withFlux = false) {
  const registry = newRegistry();
  const v1 = build(registry, REPO, 1, tag);
  const initial: Manifest = { image: v1.tagRef, replicas: 2, strategy: ROLLING };
  const { engine, cluster } = smallCluster([initial], {}, registry);
  const git = new GitRepo(engine, [{ desired: initial, intendedDigest: v1.digest }], 0);
  const streams = new RandomStreams(3, 0);
  const automation = new ImageAutomation(engine, git, registry, { ...DEFAULTS, ...options }, streams);
  automation.start();
  const flux = withFlux
    ? new FluxController(
        { engine, git, cluster },
        { ...fluxSchema.parse({ type: 'pull', profile: 'flux' }), applyTime: { kind: 'constant', valueMs: 2 * S } },
        streams,
        DEFAULT_RESOURCES_PER_APP,
      )
    : undefined;
  flux?.start();
  const commits: Commit[] = [];
  git.onCommit((c) => commits.push(c));
  return { engine, git, cluster, registry, automation, commits, v1 };
}

/** Pushes version tags at random instants, one at a time; returns each push-to-commit delay. */
function tagToCommitDelays(options: Partial<ImageAutomationOptions>, pushes: number): number[] {
  const { engine, registry, commits } = world('1.0.1', options);
  const gaps = createStream(5, 'push-gaps', 0);
  const delays: number[] = [];
  let pushedAt = 0;
  const push = (): void => {
    pushedAt = engine.now;
    build(registry, REPO, delays.length + 2, `1.0.${delays.length + 2}`, engine.now);
    const seen = commits.length;
    const wait = (): void => {
      if (commits.length === seen) {
        engine.after(S, wait);
        return;
      }
      delays.push(commits[seen].atMs - pushedAt);
      if (delays.length < pushes) engine.after(Math.floor(gaps.next() * 60 * MIN), push);
    };
    engine.after(0, wait);
  };
  engine.after(MIN, push);
  engine.run(pushes * 4 * 60 * MIN);
  assert.equal(delays.length, pushes);
  return delays;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('a new version tag reaches Git within a scan plus a commit interval (at once with a policy watch)', () => {
  const scan = 5 * MIN;
  const commit = 30 * MIN;
  const table = [
    // A pick changes at a uniform phase of the commit period: the wait is both residuals.
    { watchPolicies: false, expectedMean: scan / 2 + commit / 2, max: 1.05 * (scan + commit) },
    { watchPolicies: true, expectedMean: scan / 2, max: 1.05 * scan },
  ];
  for (const { watchPolicies, expectedMean, max } of table) {
    const delays = tagToCommitDelays({ scanIntervalMs: scan, commitIntervalMs: commit, watchPolicies }, 300);
    const m = mean(delays);
    assert.ok(Math.max(...delays) <= max, `watch ${watchPolicies}: max ${Math.max(...delays)} ms`);
    assert.ok(
      Math.abs(m / expectedMean - 1) < 0.1,
      `watch ${watchPolicies}: mean ${m} ms, expected ${expectedMean} ms`,
    );
  }
});

test('with Flux, the committed tag then reaches the cluster', () => {
  const { engine, registry, cluster, commits } = world('1.0.1', {}, true);
  engine.run(10 * MIN);
  const v2 = build(registry, REPO, 2, '1.0.2', engine.now);
  const pushedAt = engine.now;
  engine.run(pushedAt + 40 * MIN);
  assert.equal(commits.length, 1);
  const [c] = commits;
  assert.equal(c.desired.image, v2.tagRef);
  assert.equal(c.intendedDigest, v2.digest);
  assert.ok(c.atMs - pushedAt <= 1.05 * (5 * MIN + 30 * MIN));
  assert.equal(cluster.spec(0)?.image, v2.tagRef);
  assert.equal(cluster.readyWith(0, v2.digest), 2);
});

test('latest re-pushed: invisible without reflectDigest; the new digest is committed with it', () => {
  const table = [
    { reflectDigest: false, expectCommit: false },
    { reflectDigest: true, expectCommit: true },
  ];
  for (const { reflectDigest, expectCommit } of table) {
    // `latest` is not a version: a policy that can pick it (the only tag) is alphabetical.
    const { engine, registry, cluster, commits, v1 } = world(
      'latest',
      { reflectDigest, policy: 'alphabetical' },
      true,
    );
    engine.run(2 * 60 * MIN);
    // With reflectDigest the first run pins the current bytes: r/app:latest -> r/app:latest@<v1>.
    assert.equal(commits.length, reflectDigest ? 1 : 0);
    if (reflectDigest) assert.equal(commits[0].desired.image, `${v1.tagRef}@${v1.digest}`);
    const before = commits.length;
    const v2 = build(registry, REPO, 2, 'latest', engine.now);
    engine.run(engine.now + 2 * 60 * MIN);
    const after = commits.slice(before);
    assert.equal(after.length > 0, expectCommit, `reflectDigest ${reflectDigest}: ${after.length} commits`);
    if (expectCommit) {
      assert.equal(after.length, 1);
      assert.equal(after[0].desired.image, `${v2.tagRef}@${v2.digest}`);
      assert.equal(after[0].intendedDigest, v2.digest);
      assert.equal(cluster.readyWith(0, v2.digest), 2, 'the cluster runs the new bytes');
    } else {
      assert.equal(cluster.spec(0)?.image, v1.tagRef, 'Git and the cluster still name r/app:latest');
      assert.equal(cluster.readyWith(0, v1.digest), 2, 'the old bytes keep running');
    }
  }
});

test('outages: scans fail while the registry is down, runs while Git is down; both resume after', () => {
  const { engine, registry, git, automation, commits } = world('1.0.1', {
    scanIntervalMs: 5 * MIN,
    commitIntervalMs: 30 * MIN,
  });
  engine.run(10 * MIN);
  const v2 = build(registry, REPO, 2, '1.0.2', engine.now);
  registry.setOutage(engine.now, engine.now + 60 * MIN);
  engine.run(engine.now + 59 * MIN);
  assert.equal(commits.length, 0);
  assert.ok(automation.failedScans >= 10);
  assert.equal(automation.latestTag(0), '1.0.1');
  git.startOutage(60 * MIN);
  engine.run(engine.now + 59 * MIN);
  assert.equal(automation.latestTag(0), '1.0.2', 'scanned once the registry was back');
  assert.equal(commits.length, 0, 'Git is down');
  assert.ok(automation.failedRuns >= 1);
  engine.run(engine.now + 40 * MIN);
  assert.equal(commits.length, 1);
  assert.equal(commits[0].intendedDigest, v2.digest);
  assert.equal(automation.commits, 1);
});

test('options are checked', () => {
  const registry = newRegistry();
  const v1 = build(registry, REPO, 1);
  const { engine } = smallCluster([{ image: v1.tagRef, replicas: 1, strategy: ROLLING }], {}, registry);
  const git = new GitRepo(
    engine,
    [{ desired: { image: v1.tagRef, replicas: 1, strategy: ROLLING }, intendedDigest: v1.digest }],
    0,
  );
  const make = (o: Partial<ImageAutomationOptions>) =>
    new ImageAutomation(engine, git, registry, { ...DEFAULTS, ...o }, new RandomStreams(1, 0));
  assert.throws(() => imageAutomationSchema.parse({ scanInterval: '0s' }), /scanInterval/);
  assert.throws(() => imageAutomationSchema.parse({ policy: 'newest' }), /policy/);
  assert.throws(() => make({ filterTags: { pattern: /x/g } }), /g or y flag/);
});

test("a commit carries the origin of CI's release of the picked bytes, and none for bytes CI did not release", () => {
  const registry = newRegistry();
  const v1 = build(registry, REPO, 1);
  const initial: Manifest = { image: v1.tagRef, replicas: 2, strategy: ROLLING };
  const { engine } = smallCluster([initial], {}, registry);
  const git = new GitRepo(engine, [{ desired: initial, intendedDigest: v1.digest }], 0);
  const listeners: ((release: Release) => void)[] = [];
  new ImageAutomation(engine, git, registry, { ...DEFAULTS, watchPolicies: true }, new RandomStreams(3, 0), {
    onRelease: (l) => listeners.push(l),
  }).start();
  const commits: Commit[] = [];
  git.onCommit((c) => commits.push(c));
  engine.at(10 * MIN, () => {
    const b = build(registry, REPO, 2, '1.0.2', engine.now);
    const release = { app: 0, digest: b.digest, bad: true, badManifest: true, triggeredMs: 4 * MIN } as Release;
    for (const listener of listeners) listener(release);
  });
  // A tag pushed outside CI (a person, another pipeline): the automation picks it too.
  engine.at(60 * MIN, () => build(registry, REPO, 3, '1.0.3', engine.now));
  engine.run(2 * 60 * MIN);
  assert.deepEqual(
    commits.map((c) => [c.desired.image, c.kind, c.origin]),
    [
      [`${REPO}:1.0.2`, 'release', { codeCommitMs: 4 * MIN, bad: true, badManifest: true }],
      [`${REPO}:1.0.3`, 'release', undefined],
    ],
  );
});
