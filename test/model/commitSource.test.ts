import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { CommitSource } from '../../src/model/commitSource.ts';
import { type Commit, GitRepo } from '../../src/model/gitRepo.ts';
import { digestReference } from '../../src/model/image.ts';

function run(seed: number, every: string, horizonMs: number) {
  const engine = new Engine();
  const repositories = ['r/a', 'r/b', 'r/c'];
  const git = new GitRepo(repositories.map((r) => ({ image: digestReference(r, 0), replicas: 2 })));
  const commits: Commit[] = [];
  git.onCommit((c) => commits.push(c));
  new CommitSource(engine, git, {
    every: compileSampler(parseDistribution(every)),
    timing: createStream(seed, 'times', 0),
    choice: createStream(seed, 'apps', 0),
    repositories,
  }).start();
  engine.run(horizonMs);
  return commits;
}

test('commits arrive at the configured rate, each a new build of one app', () => {
  const commits = run(5, 'exp(1h)', 1000 * 3_600_000);
  assert.ok(Math.abs(commits.length - 1000) < 100, `${commits.length} commits in 1000h at one per hour`);
  const perApp = [0, 0, 0];
  for (const c of commits) perApp[c.app]++;
  for (const n of perApp) assert.ok(Math.abs(n / commits.length - 1 / 3) < 0.05);
  assert.equal(new Set(commits.map((c) => c.desired.image)).size, commits.length);
  assert.ok(commits.every((c) => c.desired.replicas === 2));
});

test('the same seed gives the same commits', () => {
  assert.deepEqual(run(9, 'exp(30m)', 86_400_000), run(9, 'exp(30m)', 86_400_000));
});
