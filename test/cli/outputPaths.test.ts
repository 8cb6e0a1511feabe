import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkOutputFile, checkOutputFolder, checkParentFolder, reportFolders } from '../../src/cli/outputPaths.ts';
import { OutputError } from '../../src/report/outputError.ts';
import { tempDir } from './helpers.ts';

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
