import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a report folder so that a killed or failed run never leaves a half
 * file: every file goes to a temporary name in its own folder (same file
 * system, so the rename is atomic), and only when all are written are they
 * renamed into place.
 */

/** Text made and written a chunk at a time (a large table); `chunks` starts again at each call. */
export interface TextChunks {
  readonly chunks: () => Iterable<string>;
}

/** A report file's content: text, bytes, or text in chunks. */
export type ReportContent = string | Buffer | TextChunks;

/** The whole text of `content` (for hashing or comparing; writing takes it chunk by chunk). */
export function contentText(content: string | TextChunks): string {
  return typeof content === 'string' ? content : [...content.chunks()].join('');
}

/** Distinguishes temporary names of concurrent writes within this process; the pid separates processes. */
let tmpCounter = 0;

/** Throws unless `name` is a relative path with forward slashes that stays inside the report folder. */
function checkRelativePath(name: string): void {
  const segments = name.split('/');
  const bad =
    name.includes('\\') ||
    path.posix.isAbsolute(name) ||
    path.win32.isAbsolute(name) ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad)
    throw new Error(
      `report file paths must be relative, with forward slashes and no '.' or '..': ${JSON.stringify(name)}`,
    );
}

async function writeDurably(file: string, content: ReportContent): Promise<void> {
  // 'wx': never write through an existing name (a stale temporary file or a symlink).
  const handle = await open(file, 'wx');
  try {
    if (typeof content === 'string' || Buffer.isBuffer(content)) await handle.writeFile(content);
    else for (const chunk of content.chunks()) await handle.writeFile(chunk);
    // On disk before the rename, so a crash cannot leave the final name pointing at an empty file.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `files` (relative path -> content) under `dir`, creating folders as
 * needed. On failure, removes every temporary file it made and rethrows;
 * files already renamed into place are whole and stay.
 */
export async function writeReportFiles(
  dir: string,
  files: ReadonlyMap<string, ReportContent>,
): Promise<void> {
  for (const name of files.keys()) checkRelativePath(name);
  const pending: { tmp: string; target: string }[] = [];
  let renamed = 0;
  try {
    for (const [name, content] of files) {
      const target = path.join(dir, ...name.split('/'));
      const folder = path.dirname(target);
      await mkdir(folder, { recursive: true });
      const tmp = path.join(folder, `.${path.basename(target)}.tmp-${process.pid}-${tmpCounter++}`);
      // Listed before writing: a write that fails half-way leaves a file to remove too.
      pending.push({ tmp, target });
      await writeDurably(tmp, content);
    }
    for (; renamed < pending.length; renamed++) await rename(pending[renamed].tmp, pending[renamed].target);
  } catch (error) {
    await Promise.all(pending.slice(renamed).map(({ tmp }) => rm(tmp, { force: true })));
    throw error;
  }
}
