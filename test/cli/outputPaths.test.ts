import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkOutputFile, checkOutputFolder, checkParentFolder, reportFolders } from '../../src/cli/outputPaths.ts';
import { OutputError } from '../../src/report/outputError.ts';
import { builtCliModule, childEnv, SMALL_SCENARIO, tempDir } from './helpers.ts';

const name = (file: string) => path.basename(file).replace(/\.ya?ml$/i, '');

test('report folders: one per file inside --out; collisions and escapes refused', () => {
  assert.deepEqual(reportFolders(['a/x.yaml', 'b/y.yml'], 'out', name), [path.join('out', 'x'), path.join('out', 'y')]);
  const bad: [string[], RegExp][] = [
    [['d1/same.yaml', 'd2/same.yaml'], /d1\/same\.yaml and d2\/same\.yaml would both write out\/same/],
    [['a.yaml', 'A.yaml'], /would both write/],
    [['...yaml'], /named "\.\."/],
    [['..yaml'], /named "\."/],
    [['.yaml'], /named ""/],
  ];
  for (const [files, message] of bad) {
    assert.throws(() => reportFolders(files, 'out', name), (e: unknown) => e instanceof OutputError && message.test(e.message));
  }
});

test('an output folder: missing, empty or marked is fine; a file or a folder of other files is refused', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'empty'));
  mkdirSync(path.join(dir, 'report'));
  writeFileSync(path.join(dir, 'report', 'summary.json'), '{}');
  mkdirSync(path.join(dir, 'thesis'));
  writeFileSync(path.join(dir, 'thesis', 'chapter1.tex'), '');
  writeFileSync(path.join(dir, 'file'), '');
  for (const ok of ['missing', 'empty', 'report', 'missing/deeper']) await checkOutputFolder(path.join(dir, ok), 'summary.json');
  await assert.rejects(checkOutputFolder(path.join(dir, 'thesis'), 'summary.json'), /holds files that are not a gitops-sim output \(it has no summary\.json\)/);
  await assert.rejects(checkOutputFolder(path.join(dir, 'file'), 'summary.json'), /exists and is not a folder/);
  await assert.rejects(checkOutputFolder(path.join(dir, 'file', 'sub'), 'summary.json'), OutputError);
  await assert.rejects(checkParentFolder(path.join(dir, 'file')), /exists and is not a folder/);
});

test('an output file: a folder is refused; a device is fine; a file in a folder to make is fine', async () => {
  const dir = tempDir();
  await assert.rejects(checkOutputFile(dir), /is a folder; give a file name/);
  await checkOutputFile('/dev/null');
  await checkOutputFile(path.join(dir, 'new', 'out.json'));
});

test('an empty path (an option given without its value) is refused, naming the option', async () => {
  const cases: [() => Promise<void>, RegExp][] = [
    [() => checkOutputFolder('', 'manifest.json'), /^--out: expected a folder, found nothing$/],
    [() => checkParentFolder(''), /^--out: expected a folder, found nothing$/],
    [() => checkOutputFile(''), /^--out: expected a file name, found nothing$/],
    [() => checkOutputFile('', '--baseline'), /^--baseline: expected a file name, found nothing$/],
  ];
  for (const [check, message] of cases) {
    await assert.rejects(check(), (e: unknown) => e instanceof OutputError && message.test(e.message));
  }
});

test('a sweep whose --out is given without a value leaves the working folder as it was', () => {
  builtCliModule(); // refuses a dist/ older than the sources
  // In a child process whose working folder is a fresh one: it is what an empty --out resolved to,
  // and what the sweep replaced (its files deleted) before the check.
  const cwd = tempDir();
  writeFileSync(path.join(cwd, 's.yaml'), SMALL_SCENARIO);
  writeFileSync(path.join(cwd, 'keep.txt'), 'mine\n');
  const bin = path.resolve(import.meta.dirname, '../../bin/gitops-sim.js');
  const child = spawnSync(
    process.execPath,
    [bin, 'sweep', 's.yaml', '--set', 'seed=1', '--workers', '1', '--quiet', '--no-charts', '--out'],
    { cwd, encoding: 'utf8', env: childEnv() },
  );
  assert.equal(child.status, 2, child.stderr);
  assert.match(child.stderr, /^gitops-sim: --out: expected a folder, found nothing$/m);
  assert.deepEqual(readdirSync(cwd).sort(), ['keep.txt', 's.yaml']);
});
