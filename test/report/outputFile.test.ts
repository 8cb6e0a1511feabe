import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OutputError } from '../../src/report/outputError.ts';
import { writeOutputFile } from '../../src/report/outputFile.ts';
import { tempDir } from '../cli/helpers.ts';

test('a regular file is replaced whole, through a temporary sibling that does not stay', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'out.json');
  writeFileSync(file, 'old');
  await writeOutputFile(file, 'new');
  assert.equal(readFileSync(file, 'utf8'), 'new');
  assert.deepEqual(readdirSync(dir), ['out.json']);
});

test('a character device is written through, never replaced by a file (mknod c 1 3: /dev/null)', async () => {
  const dir = tempDir();
  const device = path.join(dir, 'fakenull');
  execFileSync('mknod', [device, 'c', '1', '3']);
  await writeOutputFile(device, 'discarded');
  assert.ok(lstatSync(device).isCharacterDevice());
  assert.deepEqual(readdirSync(dir), ['fakenull']);
});

test('a named pipe is written through to its reader', async () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const chunks: Buffer[] = [];
  const read = new Promise<void>((resolve) => {
    createReadStream(fifo)
      .on('data', (c) => chunks.push(c as Buffer))
      .on('end', () => resolve());
  });
  await writeOutputFile(fifo, 'through the pipe');
  await read;
  assert.equal(Buffer.concat(chunks).toString(), 'through the pipe');
  assert.ok(lstatSync(fifo).isFIFO());
});

test('/dev/stdout works (a spawned process, its stdout a pipe)', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const code = "const { writeOutputFile } = await import('./src/report/outputFile.ts'); await writeOutputFile('/dev/stdout', 'to stdout\\n');";
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'to stdout\n');
});

test('a symbolic link to a file stays a link; the file it points to is replaced', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'real.json'), 'old');
  symlinkSync(path.join(dir, 'real.json'), path.join(dir, 'link.json'));
  await writeOutputFile(path.join(dir, 'link.json'), 'new');
  assert.ok(lstatSync(path.join(dir, 'link.json')).isSymbolicLink());
  assert.equal(readFileSync(path.join(dir, 'real.json'), 'utf8'), 'new');
});

test('a folder is refused; a missing parent folder is made', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'f'));
  await assert.rejects(writeOutputFile(path.join(dir, 'f'), 'x'), OutputError);
  await writeOutputFile(path.join(dir, 'new', 'out.txt'), 'x');
  assert.equal(readFileSync(path.join(dir, 'new', 'out.txt'), 'utf8'), 'x');
});
