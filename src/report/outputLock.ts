/**
 * One writer per output: `<dir>/.<name>.lock`, made with O_EXCL and holding
 * the writer's pid and a newline. A second writer is refused with the
 * holder's pid; a lock whose process is gone (killed) is taken over. A lock
 * file without its newline is still being filled by the process that made
 * it: it is waited for, and taken over only when it stays unfilled.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { OutputError } from './outputError.ts';
import { isStale } from './staleFiles.ts';

/**
 * How long a lock file may go without its pid before it counts as left by a writer killed between
 * making and filling it. Filling takes one small write, well under a millisecond; the margin is for
 * a machine so loaded that the writer's process waits for a core.
 */
export const UNFILLED_LOCK_GRACE_MS = 2000;

/** How often an unfilled lock file is read again while it is waited for. */
const UNFILLED_LOCK_POLL_MS = 10;

/** How long a writer keeps asking while other writers take over a dead writer's lock. */
const TAKEOVER_WAIT_MS = 10_000;

/** Locks held by this process, so a second writer within it is refused too. */
const held = new Set<string>();

export function lockPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.lock`);
}

/** The pid of a live process holding `target`'s lock, or undefined when it is free or stale. */
export async function lockHolder(
  target: string,
  unfilledGraceMs = UNFILLED_LOCK_GRACE_MS,
): Promise<number | undefined> {
  const lock = lockPath(target);
  // A writer of this process holds it from before its file exists.
  return held.has(lock) ? process.pid : otherHolder(lock, unfilledGraceMs);
}

/**
 * The pid of another live process named in the lock file, or undefined (no file, no pid, a dead
 * process, or this one).
 */
async function otherHolder(lock: string, unfilledGraceMs: number): Promise<number | undefined> {
  return (await readLock(lock, unfilledGraceMs)).pid;
}

/**
 * The lock file's text (undefined: no file) and the live other process it names. A file not yet
 * filled (no newline) is read again until it is, or until `unfilledGraceMs` have passed.
 */
async function readLock(
  lock: string,
  unfilledGraceMs: number,
): Promise<{ readonly text: string | undefined; readonly pid: number | undefined }> {
  for (let waitedMs = 0; ; waitedMs += UNFILLED_LOCK_POLL_MS) {
    let text: string;
    try {
      text = await readFile(lock, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: undefined, pid: undefined };
      throw error;
    }
    if (text.endsWith('\n') || waitedMs >= unfilledGraceMs) return { text, pid: liveHolder(lock, text) };
    await sleep(UNFILLED_LOCK_POLL_MS);
  }
}

/** The file that lets one writer at a time remove a dead writer's lock. */
function tokenPath(lock: string): string {
  return `${lock}.takeover`;
}

/**
 * Removes the lock file if it still holds `staleText`, the text judged a dead writer's, holding the
 * takeover token while it does; whether it did. Several writers that find the same dead lock would
 * otherwise each remove it, the later ones removing the lock an earlier one had made since. Without
 * the token (another writer holds it, or its file is left over), false: the caller asks again.
 */
export async function removeStaleLock(lock: string, staleText: string): Promise<boolean> {
  const token = tokenPath(lock);
  const handle = await open(token, 'wx').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') return undefined;
    throw error;
  });
  if (handle === undefined) {
    // A token of a writer killed while it held it (a window of a few file operations) is removed.
    const holder = await readLock(token, UNFILLED_LOCK_GRACE_MS);
    if (holder.text !== undefined && holder.pid === undefined) await rm(token, { force: true });
    return false;
  }
  try {
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    const now = await readFile(lock, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (now !== staleText) return false;
    await rm(lock, { force: true });
    return true;
  } finally {
    await rm(token, { force: true });
  }
}

function liveHolder(lock: string, text: string): number | undefined {
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

/**
 * Takes `target`'s lock (its folder must exist); an OutputError when a live process holds it.
 * A dead writer's lock is removed by one writer at a time (removeStaleLock). Left alone: a writer
 * killed while it held the takeover token, and two writers that both find its token dead at once.
 */
export async function acquireLock(
  target: string,
  unfilledGraceMs = UNFILLED_LOCK_GRACE_MS,
): Promise<() => Promise<void>> {
  const lock = lockPath(target);
  // Marked before the first await: a second writer in this process is refused at once, even before
  // the first has made the file.
  if (held.has(lock)) throw new OutputError(lockedMessage(target, process.pid), 'E_OUTPUT_LOCKED');
  held.add(lock);
  try {
    for (const deadlineMs = Date.now() + TAKEOVER_WAIT_MS; Date.now() < deadlineMs; ) {
      const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return undefined;
        throw error;
      });
      if (handle !== undefined) {
        let filled = false;
        try {
          await handle.writeFile(`${process.pid}\n`);
          filled = true;
        } finally {
          await handle.close();
          // Not left unfilled (a full disk, say), for the next writer to wait out.
          if (!filled) await rm(lock, { force: true });
        }
        return async () => {
          held.delete(lock);
          await rm(lock, { force: true });
        };
      }
      // A file naming this process is no writer's: this process's writers are in `held`, checked above.
      const found = await readLock(lock, unfilledGraceMs);
      if (found.pid !== undefined) {
        throw new OutputError(lockedMessage(target, found.pid), 'E_OUTPUT_LOCKED');
      }
      // Left by a killed writer (filled, or past the grace unfilled): removed, then made again; while
      // another writer holds the takeover token, asked again shortly.
      if (found.text !== undefined && !(await removeStaleLock(lock, found.text))) await sleep(UNFILLED_LOCK_POLL_MS);
    }
    throw new OutputError(`${target}: another writer took the lock ${lock} first`, 'E_OUTPUT_LOCKED');
  } catch (error) {
    held.delete(lock);
    throw error;
  }
}
