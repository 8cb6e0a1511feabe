import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeReportFiles } from '../../src/report/write.ts';

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gitops-sim-write-'));
  roots.push(root);
  return root;
}

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('writeReportFiles', () => {
  it('creates the folder and subfolders and writes every file with its content', async () => {
    const dir = path.join(await tempDir(), 'reports', 'push-vs-pull');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    await writeReportFiles(
      dir,
      new Map<string, string | Buffer>([
        ['summary.json', '{}\n'],
        ['summary.md', '# ü\n'],
        ['charts/convergence-cdf.png', png],
      ]),
    );
    assert.deepEqual(await listFiles(dir), ['charts/convergence-cdf.png', 'summary.json', 'summary.md']);
    assert.equal(await readFile(path.join(dir, 'summary.json'), 'utf8'), '{}\n');
    assert.equal(await readFile(path.join(dir, 'summary.md'), 'utf8'), '# ü\n');
    assert.deepEqual(await readFile(path.join(dir, 'charts', 'convergence-cdf.png')), png);
  });

  it('writes text given in chunks as the chunks joined', async () => {
    const dir = await tempDir();
    const chunks = { chunks: () => ['a,b\n', '', '1,ü\n', '2,3\n'] };
    await writeReportFiles(dir, new Map([['changes.csv', chunks]]));
    assert.equal(await readFile(path.join(dir, 'changes.csv'), 'utf8'), 'a,b\n1,ü\n2,3\n');
  });

  it('replaces files that exist', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'runs.csv'), 'old content that is longer\n');
    await writeReportFiles(dir, new Map([['runs.csv', 'new\n']]));
    assert.equal(await readFile(path.join(dir, 'runs.csv'), 'utf8'), 'new\n');
    assert.deepEqual(await listFiles(dir), ['runs.csv']);
  });

  it('leaves no temporary file and writes nothing when a write fails', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'charts'), 'a file where a folder is needed');
    const files = new Map([
      ['summary.json', '{}\n'],
      ['charts/convergence-cdf.png', 'png'],
      ['summary.md', '# x\n'],
    ]);
    await assert.rejects(writeReportFiles(dir, files), { code: /^(ENOTDIR|EEXIST)$/ });
    assert.deepEqual(await listFiles(dir), ['charts']);
  });

  it('writes more files than it writes at once, each whole, chunked or not', async () => {
    const dir = await tempDir();
    const files = new Map<string, string | { chunks: () => string[] }>();
    for (let i = 0; i < 30; i++) {
      const text = `file ${i}\n`.repeat(i + 1);
      files.set(`f/${i}.txt`, i % 3 === 0 ? { chunks: () => [text, '', text] } : text);
    }
    await writeReportFiles(dir, files);
    assert.equal((await listFiles(dir)).length, 30);
    for (let i = 0; i < 30; i++) {
      const text = `file ${i}\n`.repeat(i + 1);
      assert.equal(await readFile(path.join(dir, 'f', `${i}.txt`), 'utf8'), i % 3 === 0 ? text + text : text);
    }
  });

  it('leaves no temporary file and writes nothing when one of many writes fails part-way', async () => {
    const dir = await tempDir();
    const files = new Map<string, string | { chunks: () => Iterable<string> }>();
    for (let i = 0; i < 30; i++) files.set(`${i}.txt`, `file ${i}\n`);
    files.set('broken.csv', {
      *chunks() {
        yield 'a,b\n';
        throw new Error('the table failed half-way');
      },
    });
    for (let i = 30; i < 40; i++) files.set(`${i}.txt`, `file ${i}\n`);
    await assert.rejects(writeReportFiles(dir, files), /the table failed half-way/);
    assert.deepEqual(await listFiles(dir), []);
  });

  it('writes content given as a promise once it settles, in the folder as the rest', async () => {
    const dir = await tempDir();
    const late = new Promise<Buffer>((resolve) => setTimeout(() => resolve(Buffer.from([1, 2, 3])), 20));
    await writeReportFiles(dir, new Map<string, string | Promise<Buffer>>([['a.txt', 'a'], ['charts/late.png', late]]));
    assert.deepEqual(await listFiles(dir), ['a.txt', 'charts/late.png']);
    assert.deepEqual(await readFile(path.join(dir, 'charts', 'late.png')), Buffer.from([1, 2, 3]));
  });

  it('writes nothing and leaves no temporary file when a promised content fails', async () => {
    const dir = await tempDir();
    const failing = new Promise<Buffer>((_, reject) => setTimeout(() => reject(new Error('no picture')), 20));
    const files = new Map<string, string | Promise<Buffer>>([['a.txt', 'a'], ['charts/x.png', failing], ['b.txt', 'b']]);
    await assert.rejects(writeReportFiles(dir, files), /no picture/);
    assert.deepEqual(await listFiles(dir), []);
  });

  it('removes the temporary files when a rename fails', async () => {
    const dir = await tempDir();
    // "a" becomes a folder (for a/b.txt) before the file "a" is renamed into place.
    const files = new Map([
      ['first.txt', '1'],
      ['a', 'file'],
      ['a/b.txt', 'nested'],
    ]);
    await assert.rejects(writeReportFiles(dir, files));
    const left = await listFiles(dir);
    assert.ok(!left.some((name) => name.includes('.tmp-')), `temporary files left: ${left.join(', ')}`);
  });

  for (const bad of [
    '/etc/passwd',
    '../outside.txt',
    'charts/../../x',
    'a//b',
    './a',
    'charts\\x.png',
    'C:/x',
    '',
  ]) {
    it(`rejects the path ${JSON.stringify(bad)} before writing anything`, async () => {
      const dir = await tempDir();
      await assert.rejects(
        writeReportFiles(
          dir,
          new Map([
            ['ok.txt', 'x'],
            [bad, 'y'],
          ]),
        ),
        /report file paths must be relative/,
      );
      assert.deepEqual(await listFiles(dir), []);
    });
  }
});
