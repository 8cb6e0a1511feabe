/**
 * Checks every output location before any work, so a run that cannot write
 * its results is refused at once (exit 2, nothing written) rather than
 * failing after the simulation: a file where a folder should be, a folder
 * of other files that a swap would delete, a folder another process is
 * writing, a place this process may not create anything in, two scenarios
 * whose reports would land in one folder, a name that escapes --out.
 */
import { closeSync, constants, openSync, readSync, type Stats, statSync } from 'node:fs';
import { access, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkReplaceable } from '../report/atomicFolder.ts';
import { OutputError } from '../report/outputError.ts';
import { lockedMessage, lockHolder } from '../report/outputLock.ts';
import type { OutputKind } from '../report/ownOutput.ts';

/**
 * A folder the tool will replace whole: missing, empty, or an earlier output
 * of `kind` with nothing else in it, and not being written now.
 */
export async function checkOutputFolder(dir: string, kind: OutputKind): Promise<void> {
  checkGiven(dir, '--out', 'a folder');
  const existing = await statOrUndefined(dir);
  if (existing === undefined) {
    await checkCreatable(dir);
    return;
  }
  if (!existing.isDirectory()) throw new OutputError(`${dir} exists and is not a folder; give another --out`);
  await checkReplaceable(dir, kind);
  await checkWritable(path.dirname(path.resolve(dir)), dir);
  const holder = await lockHolder(dir);
  if (holder !== undefined) throw new OutputError(lockedMessage(dir, holder), 'E_OUTPUT_LOCKED');
}

/**
 * A folder the tool writes into (the --out of run, which holds a folder per scenario), and not one a
 * sweep or merge is writing now: that one replaces the folder whole when it ends.
 */
export async function checkParentFolder(dir: string): Promise<void> {
  checkGiven(dir, '--out', 'a folder');
  const existing = await statOrUndefined(dir);
  if (existing === undefined) await checkCreatable(dir);
  else if (!existing.isDirectory()) throw new OutputError(`${dir} exists and is not a folder; give another --out`);
  const holder = await lockHolder(dir);
  if (holder !== undefined) throw new OutputError(lockedMessage(dir, holder), 'E_OUTPUT_LOCKED');
}

/** How to tell a file the tool wrote: how its text begins, and the command named when it does not. */
export interface OwnFile {
  /** The exact first bytes, or a pattern for the first OWN_FILE_HEAD_BYTES. */
  readonly start: string | RegExp;
  /** "gitops-sim import". */
  readonly writer: string;
}

/** How much of a file a pattern start is tested against: enough for a few lines of header. */
const OWN_FILE_HEAD_BYTES = 4096;

/**
 * A file the tool writes (a bench output or baseline, an imported scenario): not a folder, in a folder
 * it can make; with `own`, an existing regular file is replaced only if the tool wrote it (checkOwnFile).
 */
export async function checkOutputFile(file: string, option = '--out', own?: OwnFile): Promise<void> {
  checkGiven(file, option, 'a file name');
  const existing = await statOrUndefined(file);
  if (existing?.isDirectory()) throw new OutputError(`${file} is a folder; give a file name`);
  // Devices and pipes are written through; only a regular file or a new name needs its folder.
  if (existing !== undefined && !existing.isFile()) return;
  if (own !== undefined) checkOwnFile(file, own, option);
  await checkCreatable(file);
}

/**
 * A file the tool would replace must be one it wrote (it begins with `own.start`), empty, or absent: a
 * hand-written scenario or anything else given as the output by mistake is refused, not overwritten.
 */
export function checkOwnFile(file: string, own: OwnFile, option = '--out'): void {
  let head: string;
  try {
    if (!statSync(file).isFile()) return;
    // Its first bytes only: the file may be of any size.
    const buffer = Buffer.alloc(typeof own.start === 'string' ? Buffer.byteLength(own.start) : OWN_FILE_HEAD_BYTES);
    const fd = openSync(file, 'r');
    try {
      head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (head === '') return;
  if (typeof own.start === 'string' ? head === own.start : own.start.test(head)) return;
  throw new OutputError(`${file} exists and was not written by ${own.writer}; give another ${option} or remove it`);
}

/**
 * `<out>/<name>` for each scenario file: refused when a name would leave
 * --out (`...yaml` names `..`) or two files would share a folder (also
 * when they differ only in case, as some file systems fold it).
 */
export function reportFolders(files: readonly string[], out: string, nameOf: (file: string) => string): string[] {
  const seen = new Map<string, string>();
  return files.map((file) => {
    const name = nameOf(file);
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\')) {
      throw new OutputError(
        `${file}: its report folder would be named ${JSON.stringify(name)}, which is not a folder inside ${out}; rename the file`,
      );
    }
    const key = name.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) {
      throw new OutputError(
        `${other} and ${file} would both write ${path.join(out, name)}; rename one or run them with different --out folders`,
      );
    }
    seen.set(key, file);
    return path.join(out, name);
  });
}

/**
 * An option given without its value (`--out` last on the line) is an empty path, which resolves to
 * the working folder: a sweep into it replaced the folder the user was in, files and all.
 */
function checkGiven(target: string, option: string, expected: string): void {
  if (target === '') throw new OutputError(`${option}: expected ${expected}, found nothing`);
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // A link to nothing is not "missing": the write could not make it, and "exists and is not a folder" misled.
      const target = await readlink(file).catch(() => undefined);
      if (target !== undefined) {
        throw new OutputError(`${file} is a symbolic link to a missing path (${target}); remove the link or give another path`);
      }
      return undefined;
    }
    if (code === 'ENOTDIR') throw new OutputError(`${file}: a part of this path is a file, not a folder`);
    if (code === 'ELOOP') throw new OutputError(`${file}: a symbolic link loop`);
    throw error;
  }
}

/** The nearest existing ancestor of a path to create must be a writable folder. */
async function checkCreatable(target: string): Promise<void> {
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    const existing = await statOrUndefined(dir);
    if (existing !== undefined) {
      if (!existing.isDirectory()) throw new OutputError(`${target}: ${dir} is a file, not a folder`);
      await checkWritable(dir, target);
      return;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

async function checkWritable(dir: string, target: string): Promise<void> {
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'is on a read-only file system' : 'is not writable by this process';
    throw new OutputError(`${target}: the folder ${dir} ${why}`);
  }
}
