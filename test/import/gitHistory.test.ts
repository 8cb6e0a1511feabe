import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { test } from 'node:test';
import { ImportError } from '../../src/import/errors.ts';
import { readGitHistory } from '../../src/import/gitHistory.ts';
import { commit, git, makeRepo, tempDir } from './helpers.ts';

test('commits oldest first, at their committer times, with the paths they touched', async () => {
  const repo = makeRepo([
    { at: '2026-03-02T09:15:00Z', paths: ['apps/api/deployment.yaml'] },
    { at: '2026-03-02T14:00:00Z', paths: ['apps/web/deployment.yaml', 'apps/api/configmap.yaml'] },
    { at: '2026-03-04T10:30:00Z', paths: ['docs/README.md'] },
  ]);
  const history = await readGitHistory(repo);
  assert.equal(history.root, realpathSync(repo));
  assert.deepEqual(
    history.commits.map((c) => [new Date(c.timeMs).toISOString(), c.paths]),
    [
      ['2026-03-02T09:15:00.000Z', ['apps/api/deployment.yaml']],
      ['2026-03-02T14:00:00.000Z', ['apps/api/configmap.yaml', 'apps/web/deployment.yaml']],
      ['2026-03-04T10:30:00.000Z', ['docs/README.md']],
    ],
  );
  assert.ok(history.commits.every((c) => /^[0-9a-f]{40}$/.test(c.sha)));
});

test('a merge counts once, when it lands, with the paths it brought in', async () => {
  const repo = makeRepo([{ at: '2026-03-02T09:00:00Z', paths: ['apps/api/a'] }]);
  git(repo, ['checkout', '-q', '-b', 'feature']);
  commit(repo, { at: '2026-03-03T10:00:00Z', paths: ['apps/web/w'] });
  git(repo, ['checkout', '-q', 'main']);
  commit(repo, { at: '2026-03-03T11:00:00Z', paths: ['apps/api/b'] });
  git(repo, ['merge', '-q', '--no-ff', '--no-edit', 'feature'], '2026-03-04T12:00:00Z');
  const history = await readGitHistory(repo);
  assert.deepEqual(
    history.commits.map((c) => [new Date(c.timeMs).toISOString(), c.paths]),
    [
      ['2026-03-02T09:00:00.000Z', ['apps/api/a']],
      ['2026-03-03T11:00:00.000Z', ['apps/api/b']],
      ['2026-03-04T12:00:00.000Z', ['apps/web/w']],
    ],
  );
});

test('a repository without commits has an empty history', async () => {
  const repo = makeRepo([]);
  assert.deepEqual((await readGitHistory(repo)).commits, []);
});

test('a folder that is not a repository is E_IMPORT_GIT, naming the folder', async () => {
  const dir = tempDir();
  await assert.rejects(readGitHistory(dir), (error: unknown) => {
    assert.ok(error instanceof ImportError);
    assert.equal(error.code, 'E_IMPORT_GIT');
    assert.match(
      error.message,
      new RegExp(
        `^${dir}: expected a Git repository \\(a folder with a \\.git\\), found "fatal: not a git repository`,
      ),
    );
    return true;
  });
  await assert.rejects(
    readGitHistory(`${dir}/missing`),
    /expected a Git repository .*found "fatal: cannot change to/,
  );
});
