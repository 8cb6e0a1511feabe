/**
 * The config repository's history through the `git` command line, read-only:
 * `git rev-parse` to find the repository, `git log` for the commits on the
 * current branch and the paths each touched. Merges count once, with the
 * paths they brought in (first parent), as that is when a change lands.
 * Output is bounded (commit count and bytes), and git runs without taking
 * locks (GIT_OPTIONAL_LOCKS=0).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ImportError } from './errors.ts';

const run = promisify(execFile);

/** Limits: the most recent commits read, and the bytes of `git log` output accepted. */
export const MAX_COMMITS = 100_000;
export const MAX_LOG_BYTES = 64 * 1024 * 1024;

export interface GitCommit {
  readonly sha: string;
  /** Committer time, ms since the epoch. */
  readonly timeMs: number;
  /** Paths touched, relative to the repository root. */
  readonly paths: readonly string[];
}

export interface GitHistory {
  /** Absolute path of the repository's top folder. */
  readonly root: string;
  /** Oldest first. */
  readonly commits: readonly GitCommit[];
}

const RECORD = '\u001e';
const FIELD = '\u001f';

export async function readGitHistory(folder: string): Promise<GitHistory> {
  const root = (
    await git(folder, ['rev-parse', '--show-toplevel'], 'a Git repository (a folder with a .git)')
  ).trim();
  let log: string;
  try {
    log = await git(
      folder,
      [
        '-c',
        'core.quotepath=off',
        'log',
        '--first-parent',
        '--diff-merges=first-parent',
        '--no-renames',
        `--max-count=${MAX_COMMITS}`,
        `--format=${RECORD}%H${FIELD}%ct`,
        '--name-only',
        'HEAD',
      ],
      'a Git history git log can read',
    );
  } catch (error) {
    // A repository without commits has no HEAD: an empty history, not an error.
    if (
      error instanceof ImportError &&
      /does not have any commits|unknown revision|bad default revision/.test(error.message)
    )
      return { root, commits: [] };
    throw error;
  }
  const commits: GitCommit[] = [];
  for (const record of log.split(RECORD)) {
    if (record.trim() === '') continue;
    const [head, ...paths] = record.split('\n');
    const [sha, seconds] = head.split(FIELD);
    commits.push({ sha, timeMs: Number(seconds) * 1000, paths: paths.filter((p) => p !== '') });
  }
  commits.reverse();
  return { root, commits };
}

async function git(folder: string, args: readonly string[], expected: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', folder, ...args], {
      maxBuffer: MAX_LOG_BYTES,
      encoding: 'utf8',
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
    });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    const found =
      e.code === 'ENOENT'
        ? 'no git command on the PATH'
        : e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
          ? `more than ${MAX_LOG_BYTES} bytes of git log output`
          : JSON.stringify((e.stderr ?? e.message).trim().split('\n')[0]);
    throw new ImportError('E_IMPORT_GIT', [{ file: folder, line: 0, column: 0, expected, found }]);
  }
}
