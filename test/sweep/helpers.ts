/** What the sweep tests share: a scenario quick to run, and byte-for-byte folder comparison. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Two variants x 2 replications of half a day: a sweep point in a few tens of ms. */
export const TINY_SCENARIO = `name: tiny
seed: 3
horizon: 12h
replications: 2
apps: { count: 2, replicas: 2 }
ci: { commits: { every: exp(2h) } }
variants:
  - { name: push, delivery: push }
  - { name: pull, delivery: { type: pull, interval: 60s, jitter: 10s } }
`;

/**
 * Every file under `dir`, relative, sorted; without the temporary files of
 * writeReportFiles (`.name.tmp-<pid>-<n>`), which a killed sweep may leave
 * behind and which are never part of a result.
 */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/^\..*\.tmp-\d+-\d+$/.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * The same files with the same bytes; with `charts: false`, `actual` was written with --no-charts:
 * it has no charts/ and every other file of `expected`, byte for byte.
 */
export function assertSameFolder(actual: string, expected: string, { charts = true } = {}): void {
  const files = listFiles(expected).filter((f) => charts || !f.startsWith(`charts${path.sep}`));
  assert.deepEqual(listFiles(actual), files);
  for (const file of files) {
    assert.ok(
      readFileSync(path.join(actual, file)).equals(readFileSync(path.join(expected, file))),
      `${file} differs`,
    );
  }
}
