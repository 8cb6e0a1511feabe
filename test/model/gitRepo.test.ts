import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { type Commit, GitRepo } from '../../src/model/gitRepo.ts';
import { ROLLING } from './fixtures.ts';

const manifest = (image: string, replicas = 2) => ({ image, replicas, strategy: ROLLING });

function repo(webhookDelayMs = 2000) {
  const engine = new Engine();
  const git = new GitRepo(
    engine,
    [
      { desired: manifest('a@0'), intendedDigest: 'd-a0' },
      { desired: manifest('b@0'), intendedDigest: 'd-b0' },
    ],
    webhookDelayMs,
  );
  return { engine, git };
}

test('commits advance HEAD, set the desired manifest and notify listeners in order', () => {
  const { engine, git } = repo();
  const seen: string[] = [];
  git.onCommit((c: Commit) => seen.push(`first:${c.revision}`));
  git.onCommit((c: Commit) => seen.push(`second:${c.revision}:${git.desiredAt(c.app).image}`));
  assert.equal(git.head, 0);
  engine.at(100, () => git.commit(1, manifest('b@1'), 'd-b1'));
  engine.at(200, () => git.commit(0, manifest('a@1', 3), 'd-a1'));
  engine.run();
  assert.equal(git.head, 2);
  assert.deepEqual(git.desiredAt(0), manifest('a@1', 3));
  assert.equal(git.latest(0).revision, 2);
  assert.equal(git.latest(0).atMs, 200);
  assert.equal(git.latest(1).intendedDigest, 'd-b1');
  assert.deepEqual(seen, ['first:1', 'second:1:b@1', 'first:2', 'second:2:a@1']);
});

test('revert makes a new commit restoring an earlier manifest and its intended bytes', () => {
  const { git } = repo();
  git.commit(0, manifest('a@1'), 'd-a1');
  git.commit(0, manifest('a@2'), 'd-a2');
  const revert = git.revert(0, 1);
  assert.equal(revert.revision, 3);
  assert.equal(revert.kind, 'revert');
  assert.deepEqual(revert.desired, manifest('a@1'));
  assert.equal(revert.intendedDigest, 'd-a1');
  assert.deepEqual(
    git.historyOf(0).map((c) => c.revision),
    [0, 1, 2, 3],
  );
  assert.throws(() => git.revert(0, -1), RangeError);
});

test('webhooks arrive after the delay, in commit order', () => {
  const { engine, git } = repo(2000);
  const seen: [number, number][] = [];
  git.onWebhook((c) => seen.push([engine.now, c.revision]));
  engine.at(100, () => git.commit(0, manifest('a@1'), 'd'));
  engine.at(100, () => git.commit(1, manifest('b@1'), 'd'));
  engine.run();
  assert.deepEqual(seen, [
    [2100, 1],
    [2100, 2],
  ]);
});

test('fetches fail during an outage and succeed after it', () => {
  const { engine, git } = repo();
  engine.at(1000, () => git.startOutage(5000));
  const results: boolean[] = [];
  for (const t of [500, 1000, 5999, 6000]) engine.at(t, () => results.push(git.fetch()));
  engine.run();
  assert.deepEqual(results, [true, false, false, true]);
  assert.equal(git.fetches, 2);
  assert.equal(git.failedFetches, 2);
});

test('folders of one repository share its revisions and its outages; separate repositories do not', () => {
  const { engine, git: staging } = repo();
  const initial = [{ desired: manifest('a@0'), intendedDigest: 'd-a0' }];
  const production = new GitRepo(engine, initial, 0, staging);
  const elsewhere = new GitRepo(engine, initial, 0);
  engine.at(100, () => staging.commit(0, manifest('a@1'), 'd'));
  engine.at(200, () => production.commit(0, manifest('a@1'), 'd'));
  engine.at(300, () => staging.startOutage(1000));
  const available: boolean[] = [];
  engine.at(500, () => available.push(staging.isAvailable(), production.isAvailable(), elsewhere.isAvailable()));
  engine.run();
  assert.equal(staging.head, 2, "production's commit is a new revision of the repository");
  assert.equal(production.head, 2);
  assert.equal(production.latest(0).revision, 2);
  assert.equal(elsewhere.head, 0);
  assert.deepEqual(available, [false, false, true]);
});

test('a push waiting for the server lands when the outage ends (after an outage that extends it), in the order made', () => {
  const { engine, git } = repo();
  const landed: [number, string][] = [];
  const push = (image: string) => () => git.whenUp(() => landed.push([engine.now, image]));
  engine.at(100, push('up'));
  engine.at(1000, () => git.startOutage(5000));
  engine.at(2000, push('first'));
  engine.at(3000, push('second'));
  // A second outage from 5000 to 9000 extends the first, which would have ended at 6000.
  engine.at(5000, () => git.startOutage(4000));
  engine.at(9500, push('after'));
  engine.run();
  assert.deepEqual(landed, [
    [100, 'up'],
    [9000, 'first'],
    [9000, 'second'],
    [9500, 'after'],
  ]);
});
