import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gitops-sim-import-test-'));
}

export interface TestCommit {
  /** ISO time, used as both author and committer date. */
  readonly at: string;
  readonly paths: readonly string[];
}

/**
 * A Git repository with a commit per entry, at its time, appending a line to each of its paths: the
 * history `commit` would make one by one, written by one `git fast-import` (two processes per commit
 * cost the suite seconds), then checked out so that later `commit`s continue it.
 */
export function makeRepo(commits: readonly TestCommit[]): string {
  const dir = tempDir();
  git(dir, ['init', '-q', '-b', 'main']);
  if (commits.length === 0) return dir;
  const contents = new Map<string, string>();
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let stream = '';
  for (const c of commits) {
    const when = `${Date.parse(c.at) / 1000} +0000`;
    stream += `commit refs/heads/main\nauthor test <test@example.com> ${when}\ncommitter test <test@example.com> ${when}\n`;
    stream += data(`${c.at}\n`);
    for (const p of c.paths) {
      const text = `${contents.get(p) ?? ''}${c.at}\n`;
      contents.set(p, text);
      stream += `M 100644 inline ${p}\n${data(text)}`;
    }
  }
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: stream });
  git(dir, ['checkout', '-q', '-f', 'main']);
  return dir;
}

export function commit(dir: string, c: TestCommit, extraArgs: readonly string[] = []): void {
  for (const p of c.paths) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    appendFileSync(join(dir, p), `${c.at}\n`);
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', c.at, ...extraArgs], c.at);
}

export function git(dir: string, args: readonly string[], at?: string): string {
  return execFileSync(
    'git',
    [
      '-C',
      dir,
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, ...(at === undefined ? {} : { GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at }) },
    },
  );
}
