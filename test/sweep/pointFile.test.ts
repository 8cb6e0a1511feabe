import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkPointFile, manifestProblem, readResultFile } from '../../src/sweep/pointFile.ts';
import { tempDir } from '../cli/helpers.ts';
import { pointFileJson } from '../../src/sweep/resultsFolder.ts';
import type { ScenarioSummary } from '../../src/metrics/results.ts';

const summary = {
  tool: { name: 'gitops-sim', version: '0.1.0' },
  scenario: { name: 's', seed: 1, horizonMs: 1000, replications: 1, resolved: {} },
  inputHash: 'a'.repeat(64),
  baseline: 'push',
  variants: [{ name: 'push', metrics: { correctness: { mean: 0.5, ci95: null } } }],
} as unknown as ScenarioSummary;
const text = pointFileJson({ index: 0, id: 'seed=1', params: { seed: 1 } }, summary);

test('a point file as a sweep writes it passes, with its bytes kept', () => {
  const checked = checkPointFile(text);
  assert.ok('file' in checked);
  assert.deepEqual(checked.file, JSON.parse(text));
});

test('every way a point file can be wrong is named', () => {
  const cases: [string, string, RegExp][] = [
    ['cut short', text.slice(0, 100), /not JSON/],
    ['no results', JSON.stringify({ point: { index: 0, id: 'x', params: {} }, summary: { inputHash: 'a'.repeat(64) } }), /not a point file: summary\./],
    ['an edited metric', text.replace('"mean": 0.5', '"mean": 0.9'), /checksum does not match/],
    ['an edited parameter', text.replace('"seed": 1', '"seed": 2'), /checksum does not match/],
    ['no checksum', JSON.stringify({ ...JSON.parse(text), checksum: undefined }), /not a point file: checksum/],
    ['an array', '[]', /not a point file/],
  ];
  for (const [name, bad, problem] of cases) {
    const checked = checkPointFile(bad);
    assert.ok('problem' in checked && problem.test(checked.problem), `${name}: ${JSON.stringify(checked)}`);
  }
});

test('manifest point names must be safe file names', () => {
  const manifest = (name: string) => ({ sweep: { inputHash: 'h', params: [], points: [{ index: 0, id: 'a=1', name, inputHash: 'h' }] } });
  assert.equal(manifestProblem(manifest('000-a=1')), undefined);
  for (const name of ['../../evil', '000-a/b', '', '..']) assert.match(manifestProblem(manifest(name)) ?? '', /name/);
});

test('result files: a folder, a pipe or a missing file are told apart without reading', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'folder'));
  execFileSync('mkfifo', [path.join(dir, 'pipe')]);
  writeFileSync(path.join(dir, 'ok.json'), '{}');
  assert.deepEqual(await readResultFile(path.join(dir, 'folder')), { problem: 'a directory, not a regular file' });
  assert.deepEqual(await readResultFile(path.join(dir, 'pipe')), { problem: 'a named pipe (FIFO), not a regular file' });
  assert.equal(await readResultFile(path.join(dir, 'none')), undefined);
  assert.deepEqual(await readResultFile(path.join(dir, 'ok.json')), { text: '{}' });
});
