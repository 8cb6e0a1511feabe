import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inShard, parseShard } from '../../src/sweep/shard.ts';

describe('parseShard', () => {
  const good: [string, string | undefined, number, number][] = [
    ['1/4', undefined, 1, 4],
    ['4/4', undefined, 4, 4],
    [' 2 / 3 ', undefined, 2, 3],
    ['1/1', undefined, 1, 1],
    // K given: the environment is not read.
    ['2/4', '0', 2, 4],
    // N alone: JOB_COMPLETION_INDEX counts from 0, shards from 1.
    ['4', '0', 1, 4],
    ['4', '3', 4, 4],
  ];
  for (const [text, env, index, count] of good) {
    it(`--shard ${text} with JOB_COMPLETION_INDEX=${env ?? '(unset)'} is ${index}/${count}`, () =>
      assert.deepEqual(parseShard(text, env), { index, count }));
  }

  const bad: [string, string | undefined, RegExp][] = [
    [
      '0/4',
      undefined,
      /shards are numbered from 1 to 4 \(JOB_COMPLETION_INDEX counts from 0: give --shard 4 to read it\)/,
    ],
    ['5/4', undefined, /shards are numbered from 1 to 4$/],
    ['1/0', undefined, /expected at least 1 shard/],
    ['a/b', undefined, /expected K\/N/],
    ['-1/4', undefined, /expected K\/N/],
    ['4', undefined, /JOB_COMPLETION_INDEX, which is not set; give --shard K\/4/],
    ['4', '', /which is not set/],
    ['4', '4', /JOB_COMPLETION_INDEX=4 is not an index from 0 to 3/],
    ['4', 'x', /JOB_COMPLETION_INDEX=x is not an index/],
  ];
  for (const [text, env, message] of bad) {
    it(`refuses --shard ${text} with JOB_COMPLETION_INDEX=${env ?? '(unset)'}`, () =>
      assert.throws(() => parseShard(text, env), message));
  }
});

describe('inShard', () => {
  it('deals points round-robin: every point to exactly one shard', () => {
    const shards = [1, 2, 3].map((index) =>
      Array.from({ length: 8 }, (_, i) => i).filter((i) => inShard(i, { index, count: 3 })),
    );
    assert.deepEqual(shards, [
      [0, 3, 6],
      [1, 4, 7],
      [2, 5],
    ]);
  });

  it('takes every point without a shard', () => assert.equal(inShard(5, undefined), true));
});
