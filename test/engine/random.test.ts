import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { createStream, RandomStreams, streamsOfCopy } from '../../src/engine/random.ts';

const draw = (stream: { next(): number }, n: number) => Array.from({ length: n }, () => stream.next());

test('a stream is a pure function of (seed, name, replication)', () => {
  assert.deepEqual(draw(createStream(42, 'git', 0), 5), draw(createStream(42, 'git', 0), 5));
  assert.notDeepEqual(draw(createStream(42, 'git', 0), 5), draw(createStream(43, 'git', 0), 5));
  assert.notDeepEqual(draw(createStream(42, 'git', 0), 5), draw(createStream(42, 'gitx', 0), 5));
  assert.notDeepEqual(draw(createStream(42, 'git', 0), 5), draw(createStream(42, 'git', 1), 5));
});

test('adding a stream, or drawing from another, does not change a stream', () => {
  const alone = new RandomStreams(7, 3);
  const expected = draw(alone.stream('commits'), 10);
  const crowded = new RandomStreams(7, 3);
  draw(crowded.stream('pods'), 100);
  const commits = crowded.stream('commits');
  draw(crowded.stream('drift'), 17);
  assert.deepEqual(draw(commits, 10), expected);
});

test('stream() returns the same stream object for a name', () => {
  const streams = new RandomStreams(1, 0);
  assert.equal(streams.stream('a'), streams.stream('a'));
});

test('draws are uniform on [0, 1): mean, range and deciles', () => {
  const stream = createStream('uniform-check', 's', 0);
  const n = 100_000;
  const deciles = new Array(10).fill(0);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = stream.next();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    deciles[Math.floor(u * 10)]++;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.005);
  for (const count of deciles) assert.ok(Math.abs(count / n - 0.1) < 0.005);
});

test('copy 0 of a component draws the plain names; copy n draws its own', () => {
  const streams = new RandomStreams(7, 0);
  assert.equal(streamsOfCopy(streams, 0).stream('pods'), streams.stream('pods'));
  assert.equal(streamsOfCopy(streams, 2).stream('pods'), streams.stream('pods#2'));
  assert.notDeepEqual(draw(createStream(7, 'pods', 0), 5), draw(createStream(7, 'pods#2', 0), 5));
});

test('createStream draws what seedrandom.alea draws for (seed, name, replication)', () => {
  const theirs = seedrandom.alea('7\u0000argocd.schedule\u00000');
  assert.deepEqual(draw(createStream(7, 'argocd.schedule', 0), 1000), Array.from({ length: 1000 }, () => theirs()));
});
