import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { abandonOpenWrites, beginFolderWrite, onOpenWrites, writeFolderWhole } from '../../src/report/atomicFolder.ts';
import { OutputError } from '../../src/report/outputError.ts';
import type { OutputKind } from '../../src/report/ownOutput.ts';
import { deadPid, tempDir } from '../cli/helpers.ts';

/** The file that marks a folder as one of ours (a report's summary.json). */
const MARKER = 'summary.json';
/** A marker's text as the tool writes it. */
const OURS = '{"tool":"us"}';
/** An output with the marker, two more files, and a charts folder of PNGs. */
const KIND: OutputKind = {
  marker: MARKER,
  files: new Set([MARKER, 'new.json', 'old.png']),
  folders: new Map([['charts', /\.png$/]]),
  markerProblem: (data) => ((data as { tool?: unknown }).tool === 'us' ? undefined : 'not ours'),
};

test('the new folder replaces the old one whole: no file of the old one survives', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  mkdirSync(target);
  writeFileSync(path.join(target, MARKER), OURS);
  writeFileSync(path.join(target, 'old.png'), 'old');
  await writeFolderWhole(target, KIND, async (staging) => writeFileSync(path.join(staging, 'new.json'), 'new'));
  assert.deepEqual(readdirSync(target), ['new.json']);
  assert.deepEqual(readdirSync(dir), ['r']);
});

test('a fill that fails leaves the old folder as it was, and nothing else', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  mkdirSync(target);
  writeFileSync(path.join(target, MARKER), OURS);
  writeFileSync(path.join(target, 'old.png'), 'old');
  await assert.rejects(
    writeFolderWhole(target, KIND, async (staging) => {
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
  const first = await beginFolderWrite(target, KIND);
  await assert.rejects(
    beginFolderWrite(target, KIND),
    (e: unknown) => e instanceof OutputError && e.code === 'E_OUTPUT_LOCKED' && e.message.includes(`process ${process.pid}`),
  );
  await first.abandon();
  assert.deepEqual(readdirSync(dir), []);
  const second = await beginFolderWrite(target, KIND);
  await second.commit();
  assert.deepEqual(readdirSync(dir), ['r']);
});

test("a killed writer's swap cut in half: the old folder comes back before the next write", async () => {
  const dir = tempDir();
  const pid = deadPid();
  const aside = path.join(dir, `.r.old-${pid}-3`);
  mkdirSync(aside);
  writeFileSync(path.join(aside, 'summary.json'), OURS);
  writeFileSync(path.join(dir, '.r.lock'), `${pid}\n`);
  const write = await beginFolderWrite(path.join(dir, 'r'), KIND);
  assert.equal(readFileSync(path.join(dir, 'r', 'summary.json'), 'utf8'), OURS);
  await write.abandon();
  assert.deepEqual(readdirSync(dir), ['r']);
});

test("a killed writer's unfinished folder is offered for reuse, kept on abandon and removed on commit", async () => {
  const dir = tempDir();
  const left = path.join(dir, `.r.tmp-${deadPid()}-0`);
  mkdirSync(left);
  const first = await beginFolderWrite(path.join(dir, 'r'), KIND);
  assert.deepEqual(first.leftovers, [left]);
  await first.abandon({ keep: true });
  // The kept staging folder of this process is a left-over too now.
  const second = await beginFolderWrite(path.join(dir, 'r'), KIND);
  assert.equal(second.leftovers.length, 2);
  await second.commit();
  assert.deepEqual(readdirSync(dir), ['r']);
  assert.equal(existsSync(left), false);
});

test('a stop abandons every open write: staging folders and locks go, one kept when asked; the listener hears', async () => {
  const dir = tempDir();
  const heard: boolean[] = [];
  onOpenWrites((open) => heard.push(open));
  try {
    const a = await beginFolderWrite(path.join(dir, 'a'), KIND);
    const b = await beginFolderWrite(path.join(dir, 'b'), KIND, { keepWhenStopped: () => true });
    assert.deepEqual(readdirSync(dir).sort(), ['.a.lock', path.basename(a.staging), '.b.lock', path.basename(b.staging)].sort());
    await abandonOpenWrites();
    assert.deepEqual(readdirSync(dir), [path.basename(b.staging)]);
    assert.deepEqual(heard, [true, false]);
    // The command goes on until the signal ends it: a commit then changes nothing.
    await assert.rejects(a.commit(), OutputError);
    assert.deepEqual(readdirSync(dir), [path.basename(b.staging)]);
  } finally {
    onOpenWrites(undefined);
  }
});

test('a file where the folder goes is refused', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'r'), 'a file');
  await assert.rejects(beginFolderWrite(path.join(dir, 'r'), KIND), /exists and is not a folder/);
  assert.deepEqual(readdirSync(dir), ['r']);
});

test('only an empty folder or one holding the marker is replaced: a folder of other files is refused, untouched', async () => {
  const dir = tempDir();
  const empty = path.join(dir, 'empty');
  mkdirSync(empty);
  await writeFolderWhole(empty, KIND, async (staging) => writeFileSync(path.join(staging, MARKER), 'new'));
  assert.deepEqual(readdirSync(empty), [MARKER]);

  const mine = path.join(dir, 'mine');
  mkdirSync(mine);
  writeFileSync(path.join(mine, 'thesis.tex'), 'years of work');
  await assert.rejects(
    writeFolderWhole(mine, KIND, async (staging) => writeFileSync(path.join(staging, MARKER), 'new')),
    (e: unknown) =>
      e instanceof OutputError &&
      /mine holds files that are not a gitops-sim output \(thesis\.tex, no summary\.json\)/.test(e.message),
  );
  assert.deepEqual(readdirSync(mine), ['thesis.tex']);
  assert.deepEqual(readdirSync(dir).sort(), ['empty', 'mine']);
});

test('an empty path is refused: it would resolve to the working folder', async () => {
  await assert.rejects(beginFolderWrite('', KIND), (e: unknown) => e instanceof OutputError && /empty path/.test(e.message));
});

/** Names in a folder, sorted, and recursively for subfolders ("sub/x"). */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

test("a folder merely holding a file named like the marker is refused: the marker must be the tool's", async () => {
  const dir = tempDir();
  const ext = path.join(dir, 'ext');
  mkdirSync(ext);
  writeFileSync(path.join(ext, MARKER), '{"manifest_version":3}');
  await assert.rejects(
    writeFolderWhole(ext, KIND, async (staging) => writeFileSync(path.join(staging, MARKER), OURS)),
    (e: unknown) => e instanceof OutputError && /ext holds files that are not a gitops-sim output \(summary\.json \(not ours\)\)/.test(e.message),
  );
  writeFileSync(path.join(ext, MARKER), 'not JSON');
  await assert.rejects(beginFolderWrite(ext, KIND), /summary\.json \(not JSON\)/);
  assert.deepEqual(listing(ext), [MARKER]);
  assert.deepEqual(readdirSync(dir), ['ext']);
});

test('an output with anything added to it is refused, untouched: every foreign entry is named', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  mkdirSync(path.join(target, '.git'), { recursive: true });
  mkdirSync(path.join(target, 'charts'));
  writeFileSync(path.join(target, MARKER), OURS);
  writeFileSync(path.join(target, 'old.png'), 'old');
  writeFileSync(path.join(target, 'charts', 'a.png'), 'png');
  writeFileSync(path.join(target, 'charts', 'mine.svg'), 'svg');
  writeFileSync(path.join(target, 's.yaml'), 'the scenario');
  const before = listing(target);
  await assert.rejects(
    writeFolderWhole(target, KIND, async (staging) => writeFileSync(path.join(staging, MARKER), OURS)),
    (e: unknown) => e instanceof OutputError && /\(\.git\/, charts\/mine\.svg, s\.yaml\)/.test(e.message),
  );
  assert.deepEqual(listing(target), before);
  assert.deepEqual(readdirSync(dir), ['r']);
});

test("only the tool's files and a file browser's view settings: replaced", async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  mkdirSync(path.join(target, 'charts'), { recursive: true });
  writeFileSync(path.join(target, MARKER), OURS);
  writeFileSync(path.join(target, 'charts', 'a.png'), 'png');
  writeFileSync(path.join(target, '.DS_Store'), 'view');
  await writeFolderWhole(target, KIND, async (staging) => writeFileSync(path.join(staging, MARKER), 'new'));
  assert.deepEqual(listing(target), [MARKER]);
});

test('files put into the target while it is written are kept: the swap is refused and the new output left aside', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  mkdirSync(target);
  writeFileSync(path.join(target, MARKER), OURS);
  const write = await beginFolderWrite(target, KIND);
  writeFileSync(path.join(write.staging, MARKER), 'new');
  // Another command's report, or the user's notes, arrive during a long sweep.
  mkdirSync(path.join(target, 'notes'));
  writeFileSync(path.join(target, 'notes', 'todo.txt'), 'keep');
  await assert.rejects(
    write.commit(),
    (e: unknown) =>
      e instanceof OutputError &&
      e.message.includes(`${target} now holds files that are not a gitops-sim output (notes/), put there while this command ran`) &&
      e.message.includes(write.staging),
  );
  assert.deepEqual(listing(target), ['notes', path.join('notes', 'todo.txt'), MARKER]);
  assert.equal(readFileSync(path.join(write.staging, MARKER), 'utf8'), 'new');
  // The lock is released; a later write into the folder is refused at its start, and abandon is a no-op.
  await write.abandon();
  assert.equal(existsSync(write.staging), true);
  await assert.rejects(beginFolderWrite(target, KIND), /\(notes\/\)/);
});

test('a target made by someone else while it is written (it was missing at the start) is not replaced', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  const write = await beginFolderWrite(target, KIND);
  mkdirSync(target);
  writeFileSync(path.join(target, 'thesis.tex'), 'years of work');
  await assert.rejects(write.commit(), /now holds files that are not a gitops-sim output \(thesis\.tex, no summary\.json\)/);
  assert.deepEqual(listing(target), ['thesis.tex']);
});
