import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { simulateRun } from '../../src/sweep/simulateRun.ts';

const SCENARIO = loadScenarioText(
  `name: crn
seed: 11
horizon: 2d
apps: { count: 4, replicas: 3 }
ci: { commits: { every: exp(1h) } }
variants:
  - { name: push, delivery: push }
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
      r.changes.filter((c) => c.kind === 'release').map((c) => [c.app, c.codeCommitMs, c.atMs]);
    assert.ok(push.changes.length > 20);
    assert.deepEqual(commits(push), commits(pull));
  }
  const other = simulateRun(SCENARIO, 0, 1).changes.map((c) => c.atMs);
  assert.notDeepEqual(
    simulateRun(SCENARIO, 0, 0).changes.map((c) => c.atMs),
    other,
  );
});

test('push converges faster than a 5-minute poll, and pull fetches Git at every refresh of every app', () => {
  const push = simulateRun(SCENARIO, 0, 0);
  const pull = simulateRun(SCENARIO, 1, 0);
  const meanConvergence = (r: typeof push) => {
    const times = r.changes.flatMap((c) => (c.outcome.state === 'converged' ? [c.outcome.convergenceMs] : []));
    return times.reduce((a, b) => a + b, 0) / times.length;
  };
  assert.ok(meanConvergence(push) < meanConvergence(pull));
  // The mean wait for a fixed 5-minute poll is 2.5 minutes, plus the rollout.
  assert.ok(Math.abs(meanConvergence(pull) - meanConvergence(push) - 150_000) < 40_000);
  assert.equal(push.gitFetches, 0);
  // Four apps, each refreshed every 5 minutes, plus refreshes after its own syncs.
  const periodic = (4 * 2 * 86_400_000) / 300_000;
  assert.ok(pull.gitFetches >= periodic && pull.gitFetches < periodic * 1.5, `${pull.gitFetches} fetches`);
  assert.equal(push.applies, push.changes.length);
});
