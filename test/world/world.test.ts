import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';
import { shapeWorld, simulateRun } from '../../src/world/world.ts';

const SCENARIO = loadScenarioText(
  `name: crn
seed: 11
horizon: 2d
apps: { count: 4, replicas: 3 }
ci: { commits: { every: exp(1h) } }
variants:
  - { name: push, delivery: { type: push, startupTime: 0s, apiLatency: 0s } }
  - { name: pull, delivery: { type: pull, interval: 5m, jitter: 0s } }
`,
  'crn.yaml',
);

test('every variant of a replication sees the same commits (common random numbers)', () => {
  for (const replication of [0, 1]) {
    const push = simulateRun(SCENARIO, 0, replication);
    const pull = simulateRun(SCENARIO, 1, replication);
    // Releases come from CI at the same times; reverts of bad releases depend on the delivery.
    const commits = (r: typeof push) =>
      [...r.changes].filter((c) => c.kind === 'release').map((c) => [c.app, c.codeCommitMs, c.atMs]);
    assert.ok(push.changes.length > 20);
    assert.deepEqual(commits(push), commits(pull));
  }
  const other = Array.from(simulateRun(SCENARIO, 0, 1).changes, (c) => c.atMs);
  assert.notDeepEqual(
    Array.from(simulateRun(SCENARIO, 0, 0).changes, (c) => c.atMs),
    other,
  );
});

test('push converges faster than a 5-minute poll, and pull runs ls-remote once per poll of the shared repository', () => {
  const push = simulateRun(SCENARIO, 0, 0);
  const pull = simulateRun(SCENARIO, 1, 0);
  const meanConvergence = (r: typeof push) => {
    const times = [...r.changes].flatMap((c) => (c.outcome.state === 'converged' ? [c.outcome.convergenceMs] : []));
    return times.reduce((a, b) => a + b, 0) / times.length;
  };
  assert.ok(meanConvergence(push) < meanConvergence(pull));
  // The mean wait for a fixed 5-minute poll is 2.5 minutes, plus the rollout (push's deploy job here costs only its runner wait).
  assert.ok(Math.abs(meanConvergence(pull) - meanConvergence(push) - 150_000) < 40_000);
  assert.equal(push.gitFetches, 0);
  // Four apps resynced together every 5 minutes: the first misses the repo-server's ref cache (3 minutes) and
  // fills it for the other three; the refreshes after syncs mostly read it too.
  const periodic = (2 * 86_400_000) / 300_000;
  assert.ok(pull.gitFetches >= periodic && pull.gitFetches < periodic * 1.5, `${pull.gitFetches} fetches`);
  assert.equal(push.applies, push.changes.length);
});

test("during a Git outage CI's commit waits for its end, and push's deploy job follows the commit", () => {
  const scenario = loadScenarioText(
    `name: git-outage
seed: 4
horizon: 2d
apps: { count: 4, replicas: 2 }
ci: { commits: { every: exp(20m) } }
drift: [{ kind: gitOutage, at: [6h, 24h], downFor: 3h }]
variants:
  - { name: push, delivery: push }
`,
    'git-outage.yaml',
  );
  const outages = [6, 24].map((h) => [h * 3_600_000, (h + 3) * 3_600_000]);
  const run = simulateRun(scenario, 0, 0);
  const releases = [...run.changes].filter((c) => c.kind === 'release');
  for (const c of releases) {
    assert.ok(!outages.some(([from, to]) => c.atMs >= from && c.atMs < to), `a commit at ${c.atMs} during an outage`);
  }
  const atEnd = releases.filter((c) => outages.some(([, to]) => c.atMs === to));
  assert.ok(atEnd.length >= 4, `${atEnd.length} commits landed at an outage's end`);
  for (const c of atEnd) {
    assert.ok(c.codeCommitMs !== null && c.codeCommitMs < c.atMs, 'built before the end, committed at it');
    // Deployed by the job its commit started (or replaced by a newer one landing with it).
    assert.notEqual(c.outcome.state, 'open');
  }
});

test('on the same bad releases a canary with analysis fails far fewer requests than a rolling update', () => {
  const scenario = loadScenarioText(
    `name: canary-vs-rolling
seed: 5
horizon: 1d
apps: { count: 4, replicas: 10 }
ci: { commits: { every: exp(2h) }, badRelease: 0.5 }
traffic: { rate: 50 }
variants:
  - { name: rolling, delivery: { type: pull, selfHeal: true } }
  - name: canary
    delivery: { type: pull, selfHeal: true }
    strategy:
      type: Canary
      trafficRouting: true
      steps: [{ setWeight: 10 }, { pause: { duration: 2m } }, { setWeight: 100 }]
      analysis: { interval: 30s, failureLimit: 1 }
`,
    'canary-vs-rolling.yaml',
  );
  const rolling = simulateRun(scenario, 0, 0);
  const canary = simulateRun(scenario, 1, 0);
  assert.ok(rolling.traffic!.badReleaseFailed > 0);
  assert.ok(
    canary.traffic!.failedRequests * 10 < rolling.traffic!.failedRequests,
    `canary ${canary.traffic!.failedRequests} against rolling ${rolling.traffic!.failedRequests}`,
  );
  assert.equal(rolling.rollouts.aborted, 0);
  assert.ok(canary.rollouts.aborted > 0);
  assert.ok(canary.rollouts.promotionMs.length > 0);
  // Each abort leaves Git ahead of the cluster until the revert (or the next release).
  assert.ok(canary.rollouts.gitAheadMs > 0);
});

test('a weekly pattern keeps commits to the working window; shares send them to the apps that have them', () => {
  const s = loadScenarioText(
    `name: weekly
seed: 5
horizon: 7d
apps: { count: 3 }
ci: { commits: { every: exp(20m), weekly: { days: [Mon, Wed], hours: [9, 12] }, shares: [1, 0, 3] } }
variants:
  - { name: push, delivery: push }
`,
    'weekly.yaml',
  );
  const releases = [...simulateRun(s, 0, 0).changes].filter((c) => c.kind === 'release');
  assert.ok(releases.length > 5);
  const h = 3_600_000;
  for (const r of releases) {
    const day = Math.floor((r.codeCommitMs ?? -1) / (24 * h));
    const hour = ((r.codeCommitMs ?? -1) % (24 * h)) / h;
    assert.ok([0, 2].includes(day) && hour >= 9 && hour < 12, `commit at ${r.codeCommitMs}`);
    assert.notEqual(r.app, 1);
  }
});

test('every variant of every bundled scenario makes the one-app world kept across the collection between large runs', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const files = [
    ...['scenarios', 'bench/scenarios'].flatMap((dir) => readdirSync(path.join(root, dir)).map((f) => `${dir}/${f}`)),
    'examples/import/shop.yaml',
  ].filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 12, files.join(' '));
  for (const file of files) {
    const scenario = loadScenarioFile(path.join(root, file));
    for (let v = 0; v < scenario.variants.length; v++) {
      const world = shapeWorld(scenario, v);
      assert.ok(world !== null, `${file} variant ${v}: no one-app world`);
      assert.equal(world.engine.now, 0, `${file} variant ${v}: built, not run`);
    }
  }
});

test("image automation's commits carry their release's origin: its bad releases count, and come back after a revert", () => {
  const scenario = loadScenarioText(
    `name: automation
seed: 5
horizon: 3d
apps: { count: 4, replicas: 2 }
ci: { commits: { every: exp(3h) }, badRelease: 0.3, tag: version }
variants:
  - name: flux + automation
    delivery: { type: pull, profile: flux }
    imageRef: tag
    imageAutomation: { policy: semver }
`,
    'automation.yaml',
  );
  const run = simulateRun(scenario, 0, 0);
  const releases = [...run.changes].filter((c) => c.kind === 'release');
  assert.ok(releases.some((c) => c.codeCommitMs !== null));
  assert.ok(releases.some((c) => c.bad));
  // A revert is undone at the automation's next run, and the bad release is found and reverted again.
  assert.ok(run.rollbacks.length > releases.filter((c) => c.bad && c.codeCommitMs !== null).length);
});
