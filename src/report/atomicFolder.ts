/**
 * Writes an output folder whole: under the folder's lock, everything goes
 * into a fresh sibling folder, which then takes the place of the old one
 * (old renamed aside, new renamed in, old removed). A reader or a killed
 * writer never sees a folder that mixes two runs, and files of an earlier
 * run do not survive into the new one. Left-overs of killed writers are
 * cleaned (or, for a swap cut in half, the old folder put back) first.
 */
import { lstat, mkdir, readdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from './outputError.ts';
import { acquireLock } from './outputLock.ts';
import { recoverStale, releaseTemp, staleSiblings, tempSibling } from './staleFiles.ts';

export interface FolderWrite {
  /** The fresh folder to fill; it becomes the target on commit. */
  readonly staging: string;
  /** Unfinished folders of killed writers of the same target, for a resumed sweep to reuse; removed on commit. */
  readonly leftovers: readonly string[];
  /** Whether commit or abandon has run. */
  readonly done: boolean;
  /** Swaps the staging folder in and releases the lock. */
  commit(): Promise<void>;
  /**
   * Removes the staging folder (`keep`: leaves it, for a resumed sweep to
   * reuse and the next writer to clean) and releases the lock; the target
   * stays as it was.
   */
  abandon(options?: { readonly keep?: boolean }): Promise<void>;
}

/**
 * Locks `target`, cleans up after killed writers, and makes the staging folder. `target` is
 * replaced only if it is missing, empty, or holds `marker` (an earlier output of the same kind):
 * a folder of other files is refused, so a wrong path deletes nothing, whoever calls this.
 */
export async function beginFolderWrite(target: string, marker: string): Promise<FolderWrite> {
  if (target === '') throw new OutputError('expected a folder to write, found an empty path');
  // A symlinked output folder stays a symlink: the folder it points to is what gets replaced.
  const resolved = await resolveExisting(target);
  await mkdir(path.dirname(resolved), { recursive: true });
  const unlock = await acquireLock(resolved);
  let staging: string | undefined;
  try {
    const stale = await staleSiblings(resolved);
    await recoverStale(resolved, { tmp: [], old: stale.old });
    const existing = await lstat(resolved).catch(() => undefined);
    if (existing !== undefined && !existing.isDirectory()) {
      throw new OutputError(`${target} exists and is not a folder; give another --out`);
    }
    if (existing !== undefined) await checkReplaceable(target, marker, resolved);
    staging = tempSibling(resolved, 'tmp');
    await mkdir(staging);
  } catch (error) {
    if (staging !== undefined) releaseTemp(staging);
    await unlock();
    throw error;
  }
  const fresh = staging;
  const leftovers = (await staleSiblings(resolved)).tmp;
  let done = false;
  const finish = async (committed: boolean): Promise<void> => {
    done = true;
    // Left for a later --resume unless this write replaced them.
    if (committed) for (const name of leftovers) await rm(name, { recursive: true, force: true });
    releaseTemp(fresh);
    await unlock();
  };
  return {
    staging: fresh,
    leftovers,
    get done() {
      return done;
    },
    commit: async () => {
      try {
        await swapIn(fresh, resolved);
      } catch (error) {
        await rm(fresh, { recursive: true, force: true });
        await finish(false);
        throw error;
      }
      await finish(true);
    },
    abandon: async (options) => {
      if (!options?.keep) await rm(fresh, { recursive: true, force: true });
      await finish(false);
    },
  };
}

/** Fills a fresh folder with `fill` and swaps it in as `target` (see beginFolderWrite); on failure `target` is untouched. */
export async function writeFolderWhole(
  target: string,
  marker: string,
  fill: (staging: string) => Promise<void>,
): Promise<void> {
  const write = await beginFolderWrite(target, marker);
  try {
    await fill(write.staging);
  } catch (error) {
    await write.abandon();
    throw error;
  }
  await write.commit();
}

/**
 * A folder to replace must be empty or hold `marker`. Checked under the lock by beginFolderWrite, so
 * nothing can slip in between, and early by the command line, so a bad --out costs no simulation.
 */
export async function checkReplaceable(target: string, marker: string, resolved = target): Promise<void> {
  const names = await readdir(resolved);
  if (names.length > 0 && !names.includes(marker)) {
    throw new OutputError(
      `${target} holds files that are not a gitops-sim output (it has no ${marker}), and writing would replace ` +
        'the folder with all its files; give another --out or empty it',
    );
  }
}

async function swapIn(staging: string, target: string): Promise<void> {
  const old = tempSibling(target, 'old');
  let moved = false;
  try {
    await rename(target, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    if (moved) await rename(old, target);
    throw error;
  }
  if (moved) await rm(old, { recursive: true, force: true });
  releaseTemp(old);
}

async function resolveExisting(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path.resolve(target);
    throw error;
  }
}
