/** Same scenario and seed: byte-identical report files, charts included. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { captureIo, tempDir } from '../cli/helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

test('running the default scenario twice writes byte-identical files', async () => {
  const [a, b] = [tempDir(), tempDir()];
  const scenario = path.join(ROOT, 'scenarios/default.yaml');
  // Three of its replications: every variant, drift kind and chart, at a third of the simulation.
  const argv = (out: string) => ['run', scenario, '--out', out, '--quiet', '--replications', '3'];
  assert.equal(await main(argv(a), captureIo()), 0);
  assert.equal(await main(argv(b), captureIo()), 0);
  const files = listFiles(path.join(a, 'default'));
  assert.deepEqual(files, listFiles(path.join(b, 'default')));
  // No controller-load chart: in the default scenario nothing queues or waits for a rate limiter.
  for (const chart of ['convergence-cdf', 'correctness-over-time', 'drift-open', 'drift-by-kind', 'dora']) {
    assert.ok(files.includes(path.join('charts', `${chart}.png`)), `charts/${chart}.png is written`);
  }
  assert.ok(files.includes('index.html'));
  for (const file of files) {
    assert.ok(
      readFileSync(path.join(a, 'default', file)).equals(readFileSync(path.join(b, 'default', file))),
      `${file} differs between runs`,
    );
  }
});
