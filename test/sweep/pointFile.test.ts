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
  headline: ['correctness'],
  variants: [{ name: 'push', metrics: { correctness: { mean: 0.5, ci95: null } } }],
} as unknown as ScenarioSummary;
const samples = { seed: 1, variants: [{ name: 'push', replications: [0], metrics: { correctness: [0.5] } }] };
const text = pointFileJson({ index: 0, id: 'seed=1', params: { seed: 1 } }, summary, samples);

/** A point file written with `samples` in place of the right ones, its checksum made for them. */
function withSamples(other: unknown): string {
  return pointFileJson({ index: 0, id: 'seed=1', params: { seed: 1 } }, summary, other as typeof samples);
}

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
    [
      'the format before samples',
      JSON.stringify({ point: JSON.parse(text).point, summary: JSON.parse(text).summary, checksum: 'a'.repeat(64) }),
      /written by an earlier gitops-sim, without the per-replication samples .*sweep --resume/,
    ],
    ['an edited sample', text.replace('"correctness":[0.5]', '"correctness":[0.25]'), /checksum does not match/],
    ['samples of another figure', withSamples({ ...samples, variants: [{ ...samples.variants[0], metrics: { correctness: [0.25] } }] }), /samples: .*correctness: its samples give 0.25, summary.json has 0.5/],
    ['samples of other variants', withSamples({ ...samples, variants: [{ ...samples.variants[0], name: 'pull' }] }), /samples: the variants are not the summary's \(push\)/],
    ['no samples of a headline metric', withSamples({ ...samples, variants: [{ ...samples.variants[0], metrics: {} }] }), /samples: variants\.0\.metrics\.correctness: missing/],
    ['a sample out of range', withSamples({ ...samples, variants: [{ ...samples.variants[0], metrics: { correctness: [2] } }] }), /samples: variants\.0\.metrics\.correctness\.0: expected a number/],
  ];
  for (const [name, bad, problem] of cases) {
    const checked = checkPointFile(bad);
    assert.ok('problem' in checked && problem.test(checked.problem), `${name}: ${JSON.stringify(checked)}`);
  }
});

/** A manifest as a sweep writes it, with one point named `name` and the given shard. */
function manifest(name: string, shard: unknown = null): Record<string, unknown> {
  return {
    sweep: {
      tool: { name: 'gitops-sim', version: '0.1.0' },
      scenario: { name: 's', seed: 1, horizonMs: 3_600_000, replications: 1 },
      inputHash: 'h',
      params: [],
      points: [{ index: 0, id: 'a=1', name, inputHash: 'h' }],
    },
    shard,
  };
}

test('manifest point names must be safe file names', () => {
  assert.equal(manifestProblem(manifest('000-a=1')), undefined);
  for (const name of ['../../evil', '000-a/b', '', '..']) assert.match(manifestProblem(manifest(name)) ?? '', /name/);
});

test('a manifest holds what merge reads of it: the tool, the scenario, and a shard from 1 to its count', () => {
  const { shard: _, ...withoutShard } = manifest('000-a=1');
  assert.equal(manifestProblem(withoutShard), undefined, 'older folders have no shard');
  assert.equal(manifestProblem(manifest('000-a=1', { index: 2, count: 2 })), undefined);
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['no tool', { ...manifest('000-a=1'), sweep: { ...(manifest('000-a=1').sweep as object), tool: undefined } }, /^sweep\.tool: /],
    ['no scenario', { ...manifest('000-a=1'), sweep: { ...(manifest('000-a=1').sweep as object), scenario: 1 } }, /^sweep\.scenario: /],
    ['a shard that is a word', manifest('000-a=1', '/etc/passwd'), /^shard: /],
    ['a shard past its count', manifest('000-a=1', { index: 3, count: 2 }), /^shard: a shard index from 1 to its count$/],
    ['a shard 0', manifest('000-a=1', { index: 0, count: 2 }), /^shard\.index: /],
  ];
  for (const [name, m, problem] of bad) assert.match(manifestProblem(m) ?? '', problem, name);
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
