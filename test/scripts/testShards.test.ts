/** test/suites/shard.ts: how `npm test` deals the test files out to its parallel shards. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { COST_S, shardFiles, testFiles } from '../suites/shard.ts';

test('every test file is in exactly one shard, this one included', () => {
  const files = testFiles();
  assert.ok(files.some((f) => f.href.endsWith('/test/scripts/testShards.test.ts')));
  for (const count of [1, 2, 3]) {
    const shards = shardFiles(files, count);
    assert.equal(shards.length, count);
    const dealt = shards.flat().map(String);
    assert.equal(dealt.length, files.length);
    assert.deepEqual([...dealt].sort(), files.map(String).sort());
  }
});

test('the costliest files are dealt first, each to the shard with the least so far', () => {
  const root = new URL('../', import.meta.url);
  const at = (name: string) => new URL(name, root);
  const files = ['cli/killed.test.ts', 'cli/benchCommand.test.ts', 'cli/hostile.test.ts', 'a/small.test.ts'].map(at);
  // benchCommand (7.9) to shard 0, hostile (7.7) to shard 1, killed (7.6) to shard 1 (7.7 < 7.9),
  // the small one to shard 0; each shard's files in name order.
  assert.deepEqual(
    shardFiles(files, 2).map((s) => s.map((f) => f.href.slice(root.href.length))),
    [
      ['a/small.test.ts', 'cli/benchCommand.test.ts'],
      ['cli/hostile.test.ts', 'cli/killed.test.ts'],
    ],
  );
});

test('every file the cost table names exists (a renamed file would be dealt out as a small one)', () => {
  const named = Object.keys(COST_S);
  assert.ok(named.length >= 10);
  for (const name of named) assert.ok(existsSync(new URL(`../${name}`, import.meta.url)), name);
});
