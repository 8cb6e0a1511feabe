import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { environmentError } from './outputError.ts';

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
 * Files written at once: while one waits for its fsync (or a thread encodes), the next is made.
 * Bounded, so a folder of many files (a sweep's points) does not open them all at once.
 */
const WRITES_IN_FLIGHT = 8;

/**
 * Writes `files` (relative path -> content, or a promise of it) under `dir`, creating folders as
 * needed. On failure, removes every temporary file it made and rethrows;
 * files already renamed into place are whole and stay.
 */
export async function writeReportFiles(
  dir: string,
  files: ReadonlyMap<string, ReportContent | Promise<ReportContent>>,
): Promise<void> {
  for (const name of files.keys()) checkRelativePath(name);
  const pending = [...files].map(([name, content]) => {
    const target = path.join(dir, ...name.split('/'));
    const folder = path.dirname(target);
    const tmp = path.join(folder, `.${path.basename(target)}.tmp-${process.pid}-${tmpCounter++}`);
    return { folder, tmp, target, content, started: false };
  });
  let renamed = 0;
  try {
    let next = 0;
    let failed = false;
    const writer = async (): Promise<void> => {
      // After a failure no new file starts; those under way finish before the temporary files are removed.
      while (!failed && next < pending.length) {
        const file = pending[next++];
        try {
          // Content still being made (a chart's PNG being encoded) is written once it is there.
          const content = await file.content;
          await mkdir(file.folder, { recursive: true });
          // Marked before writing: a write that fails half-way leaves a file to remove too.
          file.started = true;
          await writeDurably(file.tmp, content);
        } catch (error) {
          failed = true;
          // A full disk or a folder not this user's is said in one line naming the file, exit 2.
          throw environmentError(error, file.target);
        }
      }
    };
    const writers = Array.from({ length: Math.min(WRITES_IN_FLIGHT, pending.length) }, writer);
    const settled = await Promise.allSettled(writers);
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
    // In order, once all are written: a failure part-way leaves no file half-written in place.
    for (; renamed < pending.length; renamed++) await rename(pending[renamed].tmp, pending[renamed].target);
  } catch (error) {
    await Promise.all(pending.slice(renamed).map(({ tmp, started }) => (started ? rm(tmp, { force: true }) : undefined)));
    throw error;
  }
}
