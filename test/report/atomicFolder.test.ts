import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { beginFolderWrite, writeFolderWhole } from '../../src/report/atomicFolder.ts';
import { OutputError } from '../../src/report/outputError.ts';
import { deadPid, tempDir } from '../cli/helpers.ts';

/** The file that marks a folder as one of ours (a report's summary.json). */
const MARKER = 'summary.json';

test('the new folder replaces the old one whole: no file of the old one survives', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  mkdirSync(target);
  writeFileSync(path.join(target, MARKER), 'old');
  writeFileSync(path.join(target, 'old.png'), 'old');
  await writeFolderWhole(target, MARKER, async (staging) => writeFileSync(path.join(staging, 'new.json'), 'new'));
  assert.deepEqual(readdirSync(target), ['new.json']);
  assert.deepEqual(readdirSync(dir), ['r']);
});

test('a fill that fails leaves the old folder as it was, and nothing else', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  mkdirSync(target);
  writeFileSync(path.join(target, MARKER), 'old');
  writeFileSync(path.join(target, 'old.png'), 'old');
  await assert.rejects(
    writeFolderWhole(target, MARKER, async (staging) => {
      writeFileSync(path.join(staging, 'half.json'), 'half');
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.deepEqual(readdirSync(target).sort(), ['old.png', MARKER]);
  assert.deepEqual(readdirSync(dir), ['r']);
});

test('a second writer in this process is refused naming the holder; the lock goes with the first', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  const first = await beginFolderWrite(target, MARKER);
  await assert.rejects(
    beginFolderWrite(target, MARKER),
    (e: unknown) => e instanceof OutputError && e.code === 'E_OUTPUT_LOCKED' && e.message.includes(`process ${process.pid}`),
  );
  await first.abandon();
  assert.deepEqual(readdirSync(dir), []);
  const second = await beginFolderWrite(target, MARKER);
  await second.commit();
  assert.deepEqual(readdirSync(dir), ['r']);
});

test("a killed writer's swap cut in half: the old folder comes back before the next write", async () => {
  const dir = tempDir();
  const pid = deadPid();
  const aside = path.join(dir, `.r.old-${pid}-3`);
  mkdirSync(aside);
  writeFileSync(path.join(aside, 'summary.json'), 'earlier');
  writeFileSync(path.join(dir, '.r.lock'), `${pid}\n`);
  const write = await beginFolderWrite(path.join(dir, 'r'), MARKER);
  assert.equal(readFileSync(path.join(dir, 'r', 'summary.json'), 'utf8'), 'earlier');
  await write.abandon();
  assert.deepEqual(readdirSync(dir), ['r']);
});

test("a killed writer's unfinished folder is offered for reuse, kept on abandon and removed on commit", async () => {
  const dir = tempDir();
  const left = path.join(dir, `.r.tmp-${deadPid()}-0`);
  mkdirSync(left);
  const first = await beginFolderWrite(path.join(dir, 'r'), MARKER);
  assert.deepEqual(first.leftovers, [left]);
  await first.abandon({ keep: true });
  // The kept staging folder of this process is a left-over too now.
  const second = await beginFolderWrite(path.join(dir, 'r'), MARKER);
  assert.equal(second.leftovers.length, 2);
  await second.commit();
  assert.deepEqual(readdirSync(dir), ['r']);
  assert.equal(existsSync(left), false);
});

test('a file where the folder goes is refused', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'r'), 'a file');
  await assert.rejects(beginFolderWrite(path.join(dir, 'r'), MARKER), /exists and is not a folder/);
  assert.deepEqual(readdirSync(dir), ['r']);
});

test('only an empty folder or one holding the marker is replaced: a folder of other files is refused, untouched', async () => {
  const dir = tempDir();
  const empty = path.join(dir, 'empty');
  mkdirSync(empty);
  await writeFolderWhole(empty, MARKER, async (staging) => writeFileSync(path.join(staging, MARKER), 'new'));
  assert.deepEqual(readdirSync(empty), [MARKER]);

  const mine = path.join(dir, 'mine');
  mkdirSync(mine);
  writeFileSync(path.join(mine, 'thesis.tex'), 'years of work');
  await assert.rejects(
    writeFolderWhole(mine, MARKER, async (staging) => writeFileSync(path.join(staging, MARKER), 'new')),
    (e: unknown) =>
      e instanceof OutputError && /mine holds files that are not a gitops-sim output \(it has no summary\.json\)/.test(e.message),
  );
  assert.deepEqual(readdirSync(mine), ['thesis.tex']);
  assert.deepEqual(readdirSync(dir).sort(), ['empty', 'mine']);
});

test('an empty path is refused: it would resolve to the working folder', async () => {
  await assert.rejects(beginFolderWrite('', MARKER), (e: unknown) => e instanceof OutputError && /empty path/.test(e.message));
});
