/**
 * Writes an output folder whole: under the folder's lock, everything goes
 * into a fresh sibling folder, which then takes the place of the old one
 * (old renamed aside, new renamed in, old removed). A reader or a killed
 * writer never sees a folder that mixes two runs, and files of an earlier
 * run do not survive into the new one. Left-overs of killed writers are
 * cleaned (or, for a swap cut in half, the old folder put back) first.
 * Only a folder provably the tool's output is replaced (ownOutput.ts): checked
 * when the write begins, and again at the swap, for what appeared meanwhile.
 */
import { constants } from 'node:fs';
import { access, lstat, mkdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from './outputError.ts';
import { acquireLock } from './outputLock.ts';
import { entryList, foreignEntries, type OutputKind } from './ownOutput.ts';
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

export interface FolderWriteOptions {
  /**
   * Asked when the process is stopped by a signal (abandonOpenWrites): true leaves the staging
   * folder, as `abandon({ keep: true })` does (a sweep's finished points, for --resume).
   */
  readonly keepWhenStopped?: () => boolean;
}

/** This process's writes begun and not yet committed or abandoned, each with how a stop abandons it. */
const openWrites = new Set<() => Promise<void>>();
let openWritesListener: ((open: boolean) => void) | undefined;

/**
 * `listener` is told true when this process begins a write with none other open, and false when
 * its last open write ends: the command line handles stop signals only while it has output to
 * abandon (src/cli/stopSignals.ts).
 */
export function onOpenWrites(listener: ((open: boolean) => void) | undefined): void {
  openWritesListener = listener;
}

/**
 * Abandons every write this process has open, as a stop signal ends it: each staging folder is
 * removed (or left, when its keepWhenStopped says so) and each lock released; a swap under way is
 * let finish. Best effort: a file that is being written into a staging folder meanwhile can keep
 * it from being removed, for the next writer of that folder to clean, as a kill -9 leaves it.
 */
export async function abandonOpenWrites(): Promise<void> {
  await Promise.all([...openWrites].map((stop) => stop().catch(() => undefined)));
}

function trackOpen(stop: () => Promise<void>): () => void {
  openWrites.add(stop);
  if (openWrites.size === 1) openWritesListener?.(true);
  return () => {
    if (openWrites.delete(stop) && openWrites.size === 0) openWritesListener?.(false);
  };
}

/**
 * Locks `target`, cleans up after killed writers, and makes the staging folder. `target` is
 * replaced only if it is missing, empty, or an earlier output of `kind` with nothing else in it:
 * any other folder is refused, so a wrong path deletes nothing, whoever calls this.
 */
export async function beginFolderWrite(
  target: string,
  kind: OutputKind,
  options: FolderWriteOptions = {},
): Promise<FolderWrite> {
  if (target === '') throw new OutputError('expected a folder to write, found an empty path');
  // A symlinked output folder stays a symlink: the folder it points to is what gets replaced.
  const resolved = await resolveExisting(target);
  await mkdir(path.dirname(resolved), { recursive: true });
  const unlock = await acquireLock(resolved);
  let staging: string | undefined;
  let leftovers: readonly string[] = [];
  // Stopped by a signal before the write is handed out: what is made so far goes.
  const beginning = trackOpen(async () => {
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
    await unlock();
  });
  try {
    const stale = await staleSiblings(resolved);
    await recoverStale(resolved, { tmp: [], old: stale.old });
    const existing = await lstat(resolved).catch(() => undefined);
    if (existing !== undefined && !existing.isDirectory()) {
      throw new OutputError(`${target} exists and is not a folder; give another --out`);
    }
    if (existing !== undefined) await checkReplaceable(target, kind, resolved);
    staging = tempSibling(resolved, 'tmp');
    await mkdir(staging);
    leftovers = (await staleSiblings(resolved)).tmp;
  } catch (error) {
    beginning();
    if (staging !== undefined) releaseTemp(staging);
    await unlock();
    throw error;
  }
  const fresh = staging;
  let done = false;
  let committing: Promise<void> | undefined;
  const finish = async (committed: boolean): Promise<void> => {
    done = true;
    closed();
    // Left for a later --resume unless this write replaced them.
    if (committed) for (const name of leftovers) await rm(name, { recursive: true, force: true });
    releaseTemp(fresh);
    await unlock();
  };
  const abandon = async (keep: boolean): Promise<void> => {
    // After a commit (which finishes the write, or has begun the swap) there is nothing left to abandon.
    if (committing !== undefined) return committing.catch(() => undefined);
    if (done) return;
    done = true;
    if (!keep) await rm(fresh, { recursive: true, force: true });
    await finish(false);
  };
  const closed = trackOpen(() => abandon(options.keepWhenStopped?.() ?? false));
  beginning();
  const commit = async (): Promise<void> => {
    if (done) throw new OutputError(`${target}: this write was abandoned`);
    try {
      await swapIn(fresh, resolved, kind, target);
    } catch (error) {
      // Refused (files appeared in the target meanwhile): the new output is kept where the message says.
      if (!(error instanceof OutputError)) await rm(fresh, { recursive: true, force: true });
      await finish(false);
      throw error;
    }
    await finish(true);
  };
  return {
    staging: fresh,
    leftovers,
    get done() {
      return done;
    },
    commit: () => {
      committing ??= commit();
      return committing;
    },
    abandon: (abandonOptions) => abandon(abandonOptions?.keep ?? false),
  };
}

/** Fills a fresh folder with `fill` and swaps it in as `target` (see beginFolderWrite); on failure `target` is untouched. */
export async function writeFolderWhole(
  target: string,
  kind: OutputKind,
  fill: (staging: string) => Promise<void>,
): Promise<void> {
  const write = await beginFolderWrite(target, kind);
  try {
    await fill(write.staging);
  } catch (error) {
    await write.abandon();
    throw error;
  }
  await write.commit();
}

/**
 * A folder to replace must be empty or provably an output of `kind` (ownOutput.ts). Checked under
 * the lock by beginFolderWrite, early by the command line, so a bad --out costs no simulation, and
 * again by the swap.
 */
export async function checkReplaceable(target: string, kind: OutputKind, resolved = target): Promise<void> {
  const foreign = await foreignEntries(resolved, kind);
  if (foreign.length > 0) {
    throw new OutputError(
      `${target} holds files that are not a gitops-sim output (${entryList(foreign)}), and writing would replace ` +
        'the folder with all its files; give another --out, or move those out of it',
    );
  }
  // Its files are removed after the swap: a folder this user may not change (a CI container's, made
  // as root) is refused now, not after the simulation.
  for (const name of ['', ...kind.folders.keys()]) {
    try {
      await access(path.join(resolved, name), constants.W_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      const why = code === 'EROFS' ? 'read-only file system' : 'permission denied';
      throw new OutputError(
        `${target}: cannot remove the earlier output (${name === '' ? '' : `${name}/: `}${why}); ` +
          'remove it as the user that made it, or give another --out',
      );
    }
  }
}

/**
 * Puts `staging` in the place of `target`. The old folder is checked again once it is renamed aside,
 * where no one reaches it by name: a sweep runs for hours, and anything put into its --out meanwhile
 * (another command's report, the user's notes) is kept, the swap refused, and the new output left
 * in `staging`. Only a writer that opened the old folder before the rename can still add to it.
 */
async function swapIn(staging: string, target: string, kind: OutputKind, shown: string): Promise<void> {
  const old = tempSibling(target, 'old');
  let moved = false;
  try {
    await rename(target, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    const foreign = moved ? await foreignEntries(old, kind) : [];
    if (foreign.length > 0) {
      throw new OutputError(
        `${shown} now holds files that are not a gitops-sim output (${entryList(foreign)}), put there while this ` +
          `command ran; it was left as it is, and this command's output is in ${staging} until the next write ` +
          `to ${shown}`,
      );
    }
    await rename(staging, target);
  } catch (error) {
    if (moved) await rename(old, target);
    throw error;
  }
  // The new output is in place; an old one that cannot be removed (made by another user since the
  // check) is left aside, for recoverStale to skip, rather than failing a write that succeeded.
  if (moved) await rm(old, { recursive: true, force: true }).catch(() => {});
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
