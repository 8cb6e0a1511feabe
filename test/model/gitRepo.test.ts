import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Commit, GitRepo } from '../../src/model/gitRepo.ts';

test('commits advance HEAD, set the desired state and notify listeners in order', () => {
  const git = new GitRepo([
    { image: 'a@sha256:0', replicas: 1 },
    { image: 'b@sha256:0', replicas: 2 },
  ]);
  const seen: string[] = [];
  git.onCommit((c: Commit) => seen.push(`first:${c.revision}`));
  git.onCommit((c: Commit) => seen.push(`second:${c.revision}:${git.desiredAt(c.app).image}`));
  assert.equal(git.head, 0);
  git.commit(100, 1, { image: 'b@sha256:1', replicas: 2 });
  git.commit(200, 0, { image: 'a@sha256:1', replicas: 3 });
  assert.equal(git.head, 2);
  assert.deepEqual(git.desiredAt(0), { image: 'a@sha256:1', replicas: 3 });
  assert.equal(git.revisionOf(0), 2);
  assert.equal(git.revisionOf(1), 1);
  assert.deepEqual(seen, ['first:1', 'second:1:b@sha256:1', 'first:2', 'second:2:a@sha256:1']);
});
