import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { RandomStreams } from '../../src/engine/random.ts';
import { Rollbacks } from '../../src/disturbance/rollback.ts';
import type { Release } from '../../src/model/ciPipeline.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { type EnvironmentStage, Promotion } from '../../src/model/promotion.ts';
import type { GatePolicy } from '../../src/model/promotionGate.ts';
import { instantPush } from '../delivery/fixtures.ts';
import { build, newRegistry, ROLLING, smallCluster } from './fixtures.ts';

const M = 60_000;
const H = 3_600_000;

/**
 * Two environments (staging, production) of `apps` apps, one replica each,
 * each with its own config repo, cluster and instant push deploys, and
 * revert rollbacks wired to promotion as the world wires them.
 */
function twoEnvironments(gate: GatePolicy, stagingFinds = 1, apps = 1, detectAfter = '10m') {
  const engine = new Engine();
  const registry = newRegistry();
  const repos = Array.from({ length: apps }, (_, app) => `r/app-${app}`);
  const initial = repos.map((repo) => {
    const v0 = build(registry, repo, 0);
    return { desired: { image: v0.ref, replicas: 1, strategy: ROLLING }, intendedDigest: v0.digest };
  });
  const stages: EnvironmentStage[] = ['staging', 'production'].map((name, i) => {
    const git = new GitRepo(engine, initial, 0);
    const { cluster } = smallCluster(
      initial.map((s) => s.desired),
      {},
      registry,
      engine,
    );
    instantPush(engine, git, cluster);
    return {
      name,
      git,
      cluster,
      detectProbability: i === 0 ? stagingFinds : 1,
      detectAfter: parseDistribution(detectAfter),
    };
  });
  const promotion = new Promotion(engine, stages, [gate], new RandomStreams(18, 0), (r) => r.digestRef);
  stages.forEach((s, env) => {
    new Rollbacks(engine, s.git, s.cluster, promotion.releasesInto(env), 'revert').onFound((digest) =>
      promotion.foundBad(digest),
    );
  });
  const log: string[] = [];
  promotion.observe({
    committed: (env, r) => log.push(`${engine.now} commit ${stages[env].name} ${r.app}.${r.build}`),
    reached: (env, r) => log.push(`${engine.now} reached ${stages[env].name} ${r.app}.${r.build}`),
    passed: (env, rs, waited) =>
      log.push(`${engine.now} passed ${stages[env].name} ${rs.map((r) => `${r.app}.${r.build}`)} ${waited}`),
  });
  const builds = new Array(apps).fill(0);
  /** CI releases the next build of `app`. */
  const release = (app: number, bad = false): Release => {
    const n = ++builds[app];
    const b = build(registry, repos[app], n, `1.0.${n}`, engine.now);
    const r: Release = {
      app,
      build: n,
      repository: repos[app],
      tag: `1.0.${n}`,
      digest: b.digest,
      imageRef: b.tagRef,
      digestRef: b.ref,
      sizeBytes: 30_000_000,
      bad,
      badManifest: false,
      detectAfterMs: undefined,
      triggeredMs: engine.now,
      startedMs: engine.now,
      finishedMs: engine.now,
    };
    promotion.release(r);
    return r;
  };
  return { engine, stages, promotion, release, log };
}

test('a release goes to staging, is healthy there, passes the gate and is committed to production as a release', () => {
  const w = twoEnvironments({ type: 'auto', soakMs: H });
  w.engine.at(M, () => w.release(0));
  w.engine.run(3 * H);
  assert.equal(w.log.length, 5, w.log.join('\n'));
  assert.match(w.log[0], /^60000 commit staging 0.1$/);
  assert.match(w.log[1], /reached staging 0.1/);
  assert.match(w.log[2], /passed production 0.1 3600000/);
  assert.match(w.log[3], /commit production 0.1/);
  assert.match(w.log[4], /reached production 0.1/);
  const commit = w.stages[1].git.latest(0);
  assert.equal(commit.kind, 'release');
  assert.deepEqual(commit.origin, { codeCommitMs: M, bad: false, badManifest: false });
  assert.equal(w.stages[1].cluster.readyWith(0, commit.intendedDigest), 1);
});

test('a batch promotes the newest build of each app, once', () => {
  const w = twoEnvironments(
    {
      type: 'manual',
      approveAfter: parseDistribution('2h'),
      workingHours: { days: ['Mon'], hours: [0, 24], utcOffsetHours: 0 },
      batch: true,
    },
    1,
    2,
  );
  w.engine.at(M, () => w.release(0));
  w.engine.at(10 * M, () => w.release(1));
  w.engine.at(20 * M, () => w.release(0));
  w.engine.run(6 * H);
  const commits = w.log.filter((l) => l.includes('commit production'));
  assert.deepEqual(
    commits.map((l) => l.split(' ').slice(3).join(' ')),
    ['0.2', '1.1'],
    w.log.join('\n'),
  );
  assert.ok(
    w.log.some((l) => l.includes('passed production 0.1,1.1,0.2')),
    w.log.join('\n'),
  );
  assert.equal(w.promotion.waitingAt(1), 0);
});

test('a bad release found in staging before the gate opens is rolled back there and never promoted', () => {
  const w = twoEnvironments({ type: 'auto', soakMs: H }, 1);
  w.engine.at(M, () => w.release(0, true));
  w.engine.run(4 * H);
  assert.equal(w.stages[1].git.latest(0).revision, 0, 'production never got a commit');
  assert.equal(w.stages[0].git.latest(0).kind, 'revert');
});

test('a bad release staging does not find goes on, and production finds it', () => {
  const w = twoEnvironments({ type: 'auto', soakMs: H }, 0);
  w.engine.at(M, () => w.release(0, true));
  w.engine.run(4 * H);
  assert.equal(w.stages[0].git.latest(0).kind, 'release');
  assert.equal(w.stages[1].git.latest(0).kind, 'revert');
});

/**
 * First principles: with staging finding a bad release with probability p
 * (and before its soak ends), a share 1 - p of the bad releases reaches
 * production.
 */
test('with detection probability p in staging, the share of bad releases reaching production is 1 - p', () => {
  for (const p of [0, 0.3, 0.7, 1]) {
    const w = twoEnvironments({ type: 'auto', soakMs: H }, p);
    const n = 600;
    let reachedProduction = 0;
    w.promotion.observe({
      reached: (env, r) => {
        if (env === 1 && r.bad) reachedProduction++;
      },
    });
    // One bad release every 4 hours: each is found (10 minutes) or promoted (1 hour) before the next.
    for (let i = 0; i < n; i++) w.engine.at(M + i * 4 * H, () => w.release(0, true));
    w.engine.run(n * 4 * H + 4 * H);
    const share = reachedProduction / n;
    // The binomial standard error is at most 0.02 here; 0.06 is three of them.
    assert.ok(
      Math.abs(share - (1 - p)) <= 0.06,
      `p ${p}: ${reachedProduction} of ${n} reached production (${share.toFixed(3)})`,
    );
  }
});
