/**
 * Writes one output file (bench --out, --update-baseline). A regular file or
 * a new name is written whole: a temporary sibling, then a rename over it.
 * Anything else that exists (/dev/null, /dev/stdout, a pipe) is written
 * through, never renamed over: renaming over a device as root would replace
 * it with a regular file for the whole machine.
 */
import { mkdir, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { environmentError, OutputError } from './outputError.ts';
import { recoverStale, releaseTemp, staleSiblings, tempSibling } from './staleFiles.ts';

export async function writeOutputFile(file: string, content: string | Buffer): Promise<void> {
  // /dev/stdout may be a regular file (`> out.json`): renaming over it would cut off the rest of stdout.
  const stream = standardStream(file);
  if (stream !== undefined) {
    await writeToStream(stream, content);
    return;
  }
  const existing = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing?.isDirectory()) throw new OutputError(`${file} is a folder; give a file name`);
  if (existing !== undefined && !existing.isFile()) {
    await writeFile(file, content).catch((error: unknown) => {
      throw environmentError(error, file);
    });
    return;
  }
  // A symlink to a file stays a symlink: the file it points to is replaced.
  const target = existing === undefined ? file : await realpath(file);
  await mkdir(path.dirname(target), { recursive: true });
  await recoverStale(target, await staleSiblings(target));
  const tmp = tempSibling(target, 'tmp');
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw environmentError(error, file);
  } finally {
    releaseTemp(tmp);
  }
}

/**
 * /dev/stdout and /dev/stderr are written through this process's stream,
 * in order with the rest of its output: reopening them fails when they are
 * sockets (ENXIO, as Node's child processes get) and truncates a file.
 */
async function writeToStream(stream: NodeJS.WriteStream, content: string | Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.write(content, (e) => (e ? reject(e) : resolve()));
  });
}

function standardStream(file: string): NodeJS.WriteStream | undefined {
  const fd = /^\/dev\/(?:std(out|err)|fd\/([12]))$|^\/proc\/self\/fd\/([12])$/.exec(file);
  if (fd === null) return undefined;
  return fd[1] === 'out' || fd[2] === '1' || fd[3] === '1' ? process.stdout : process.stderr;
}
