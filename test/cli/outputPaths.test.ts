import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  checkOutputFile,
  checkOutputFolder,
  checkOwnFile,
  checkParentFolder,
  reportFolders,
} from '../../src/cli/outputPaths.ts';
import { OutputError } from '../../src/report/outputError.ts';
import { acquireLock } from '../../src/report/outputLock.ts';
import { REPORT_OUTPUT } from '../../src/report/reportFiles.ts';
import { SWEEP_OUTPUT } from '../../src/sweep/resultsFolder.ts';
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

/** summary.json's fields that say it is this tool's; the rest of a summary is not read. */
const SUMMARY = JSON.stringify({
  tool: { name: 'gitops-sim', version: '0.0.0' },
  scenario: { name: 's' },
  inputHash: '0'.repeat(64),
  variants: [{ name: 'push' }],
});

test('an output folder: missing, empty or a report is fine; a file or a folder of other files is refused', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'empty'));
  mkdirSync(path.join(dir, 'report', 'charts'), { recursive: true });
  writeFileSync(path.join(dir, 'report', 'summary.json'), SUMMARY);
  writeFileSync(path.join(dir, 'report', 'index.html'), '');
  writeFileSync(path.join(dir, 'report', 'charts', 'dora.png'), '');
  mkdirSync(path.join(dir, 'thesis'));
  writeFileSync(path.join(dir, 'thesis', 'chapter1.tex'), '');
  writeFileSync(path.join(dir, 'file'), '');
  for (const ok of ['missing', 'empty', 'report', 'missing/deeper']) await checkOutputFolder(path.join(dir, ok), REPORT_OUTPUT);
  await assert.rejects(checkOutputFolder(path.join(dir, 'thesis'), REPORT_OUTPUT), /holds files that are not a gitops-sim output \(chapter1\.tex, no summary\.json\)/);
  await assert.rejects(checkOutputFolder(path.join(dir, 'file'), REPORT_OUTPUT), /exists and is not a folder/);
  await assert.rejects(checkOutputFolder(path.join(dir, 'file', 'sub'), REPORT_OUTPUT), OutputError);
  await assert.rejects(checkParentFolder(path.join(dir, 'file')), /exists and is not a folder/);
});

test("a folder holding a summary.json or manifest.json that is not the tool's, or more than its files, is refused", async () => {
  const dir = tempDir();
  const cases: [string, Record<string, string>, typeof REPORT_OUTPUT, RegExp][] = [
    // A browser extension: its manifest.json is no sweep's.
    ['ext', { 'manifest.json': '{"manifest_version":3}', 'background.js': '' }, SWEEP_OUTPUT, /\(background\.js, manifest\.json \(not a gitops-sim sweep manifest: sweep: /],
    ['empty-summary', { 'summary.json': '{}' }, REPORT_OUTPUT, /\(summary\.json \(not a gitops-sim summary\)\)/],
    ['broken', { 'summary.json': '{"tool":' }, REPORT_OUTPUT, /\(summary\.json \(not JSON\)\)/],
    // A report with the scenario and notes kept beside it.
    ['kept', { 'summary.json': SUMMARY, 'tiny.yaml': '', 'notes.md': '' }, REPORT_OUTPUT, /\(notes\.md, tiny\.yaml\)/],
    ['other-tool', { 'summary.json': SUMMARY.replace('gitops-sim', 'other') }, REPORT_OUTPUT, /not a gitops-sim summary/],
  ];
  for (const [name, files, kind, message] of cases) {
    mkdirSync(path.join(dir, name));
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, name, file), text);
    await assert.rejects(checkOutputFolder(path.join(dir, name), kind), (e: unknown) => e instanceof OutputError && message.test(e.message), name);
  }
});

test("run's --out is refused while a sweep or merge writes it: that one replaces it whole when it ends", async () => {
  const dir = tempDir();
  const unlock = await acquireLock(path.join(dir, 'x'));
  mkdirSync(path.join(dir, 'x'));
  await assert.rejects(checkParentFolder(path.join(dir, 'x')), (e: unknown) => e instanceof OutputError && e.code === 'E_OUTPUT_LOCKED');
  await unlock();
  await checkParentFolder(path.join(dir, 'x'));
});

test("a file the tool would replace must be one it wrote: its first bytes are checked", async () => {
  const dir = tempDir();
  const own = { start: '{\n  "format": "x/1"', writer: 'gitops-sim bench' };
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  checkOwnFile(file('ours.json', '{\n  "format": "x/1",\n  "results": []\n}\n'), own);
  checkOwnFile(file('empty.json', ''), own);
  checkOwnFile(path.join(dir, 'missing.json'), own);
  checkOwnFile(file('header.txt', 'Measured with gitops-sim 1\n'), { start: /^Measured with /, writer: 'w' });
  assert.throws(
    () => checkOwnFile(file('s.yaml', 'name: s\n'), own, '--baseline'),
    (e: unknown) => e instanceof OutputError && /s\.yaml exists and was not written by gitops-sim bench; give another --baseline or remove it$/.test(e.message),
  );
  await assert.rejects(checkOutputFile(path.join(dir, 's.yaml'), '--out', own), /was not written by gitops-sim bench/);
});

test('an output file: a folder is refused; a device is fine; a file in a folder to make is fine', async () => {
  const dir = tempDir();
  await assert.rejects(checkOutputFile(dir), /is a folder; give a file name/);
  await checkOutputFile('/dev/null');
  await checkOutputFile(path.join(dir, 'new', 'out.json'));
});

test('an empty path (an option given without its value) is refused, naming the option', async () => {
  const cases: [() => Promise<void>, RegExp][] = [
    [() => checkOutputFolder('', SWEEP_OUTPUT), /^--out: expected a folder, found nothing$/],
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
