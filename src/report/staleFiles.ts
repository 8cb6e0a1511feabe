/**
 * Names of the temporary siblings an output gets while it is written, and
 * the removal of those a dead process left behind. Every writer of `<dir>/x`
 * uses `<dir>/.x.tmp-<pid>-<n>` (the new content), `<dir>/.x.old-<pid>-<n>`
 * (the content being replaced) and `<dir>/.x.lock`; the pid says whether the
 * writer still lives.
 */
import { lstat, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Distinguishes temporary names within this process; the pid separates processes. */
let counter = 0;

/** Temporary names made by this process that are still in use: not stale although the pid lives. */
const active = new Set<string>();

export type TempKind = 'tmp' | 'old';

/** A fresh temporary sibling of `target`, marked in use until `release`d. */
export function tempSibling(target: string, kind: TempKind): string {
  const name = path.join(path.dirname(target), `.${path.basename(target)}.${kind}-${process.pid}-${counter++}`);
  active.add(name);
  return name;
}

export function releaseTemp(name: string): void {
  active.delete(name);
}

/** Whether process `pid` exists (signal 0 checks without sending; EPERM: it exists, as another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a temporary name or lock of process `pid` is left over: its writer is gone. */
export function isStale(name: string, pid: number): boolean {
  return pid === process.pid ? !active.has(name) : !processAlive(pid);
}

export interface StaleSiblings {
  /** New content a dead writer did not finish, newest counter last. */
  readonly tmp: readonly string[];
  /** Earlier content a dead writer had moved aside but not yet removed. */
  readonly old: readonly string[];
}

/** The left-over temporary siblings of `target` (none when its folder does not exist). */
export async function staleSiblings(target: string): Promise<StaleSiblings> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { tmp: [], old: [] };
    throw error;
  }
  const tmp: string[] = [];
  const old: string[] = [];
  for (const name of names.sort()) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(tmp|old)-(\d+)-\d+$/.exec(name.slice(prefix.length));
    if (match === null) continue;
    const full = path.join(dir, name);
    if (!isStale(full, Number(match[2]))) continue;
    (match[1] === 'tmp' ? tmp : old).push(full);
  }
  return { tmp, old };
}

/**
 * Puts `target` back as it was before a dead writer's swap, and removes that
 * writer's temporary files and folders. A writer killed between moving the
 * old content aside and moving the new in leaves no `target`: the old
 * content comes back, so nothing is lost.
 */
export async function recoverStale(target: string, stale: StaleSiblings): Promise<void> {
  let old = stale.old;
  if (old.length > 0 && !(await exists(target))) {
    await rename(old[old.length - 1], target);
    old = old.slice(0, -1);
  }
  for (const name of [...stale.tmp, ...old]) {
    await rm(name, { recursive: true, force: true }).catch((error: NodeJS.ErrnoException) => {
      // Made by another user (a CI container run as root): left, as it is in no one's way, rather than
      // failing every later write beside it.
      if (error.code !== 'EACCES' && error.code !== 'EPERM') throw error;
    });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}
