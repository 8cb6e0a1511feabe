/**
 * One writer per output: `<dir>/.<name>.lock`, made with O_EXCL and holding
 * the writer's pid. A second writer is refused with the holder's pid; a lock
 * whose process is gone (killed) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from './outputError.ts';
import { isStale } from './staleFiles.ts';

/** Locks held by this process, so a second writer within it is refused too. */
const held = new Set<string>();

export function lockPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.lock`);
}

/** The pid of a live process holding `target`'s lock, or undefined when it is free or stale. */
export async function lockHolder(target: string): Promise<number | undefined> {
  const lock = lockPath(target);
  // A writer of this process holds it from before its file exists.
  return held.has(lock) ? process.pid : otherHolder(lock);
}

/** The pid of another live process named in the lock file, or undefined (no file, no pid, a dead process, or this one). */
async function otherHolder(lock: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(lock, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  return isStale(lock, pid) ? undefined : pid;
}

export function lockedMessage(target: string, pid: number): string {
  return (
    `${target} is being written by process ${pid} (lock ${lockPath(target)}); ` +
    'wait for it to finish or give another --out'
  );
}

/** Takes `target`'s lock (its folder must exist); an OutputError when a live process holds it. */
export async function acquireLock(target: string): Promise<() => Promise<void>> {
  const lock = lockPath(target);
  // Marked before the first await: a second writer in this process is refused even while the first
  // is still making the file (between its open and its pid written, the file reads as nobody's).
  if (held.has(lock)) throw new OutputError(lockedMessage(target, process.pid), 'E_OUTPUT_LOCKED');
  held.add(lock);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return undefined;
        throw error;
      });
      if (handle !== undefined) {
        try {
          await handle.writeFile(`${process.pid}\n`);
        } finally {
          await handle.close();
        }
        return async () => {
          held.delete(lock);
          await rm(lock, { force: true });
        };
      }
      // A file naming this process is no writer's: this process's writers are in `held`, checked above.
      const holder = await otherHolder(lock);
      if (holder !== undefined) {
        throw new OutputError(lockedMessage(target, holder), 'E_OUTPUT_LOCKED');
      }
      // Left by a killed writer: taken over.
      await rm(lock, { force: true });
    }
    throw new OutputError(`${target}: another writer took the lock ${lock} first`, 'E_OUTPUT_LOCKED');
  } catch (error) {
    held.delete(lock);
    throw error;
  }
}
