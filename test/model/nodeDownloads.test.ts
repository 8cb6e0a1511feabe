import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeDownloads } from '../../src/model/cluster/nodeDownloads.ts';

test('a download is in progress until its end, then forgotten', () => {
  const clock = { now: 0 };
  const downloads = new NodeDownloads(clock);
  assert.equal(downloads.endOf('sha256:a'), -1);
  downloads.start('sha256:a', 100);
  assert.equal(downloads.has('sha256:a'), true);
  assert.equal(downloads.endOf('sha256:a'), 100);
  assert.equal(downloads.has('sha256:b'), false);
  clock.now = 100;
  // Over at its end instant: the pull that waited for it starts its container then.
  assert.equal(downloads.has('sha256:a'), false);
  assert.equal(downloads.endOf('sha256:a'), -1);
});

test('several downloads are told apart, and removing one keeps the others', () => {
  const clock = { now: 0 };
  const downloads = new NodeDownloads(clock);
  downloads.start('sha256:a', 10);
  downloads.start('sha256:b', 30);
  downloads.start('sha256:c', 20);
  clock.now = 10;
  assert.equal(downloads.endOf('sha256:a'), -1);
  assert.equal(downloads.endOf('sha256:b'), 30);
  assert.equal(downloads.endOf('sha256:c'), 20);
  clock.now = 20;
  assert.equal(downloads.endOf('sha256:c'), -1);
  assert.equal(downloads.endOf('sha256:b'), 30);
});

test('starting a digest again replaces its end; starting drops downloads that are over', () => {
  const clock = { now: 0 };
  const downloads = new NodeDownloads(clock);
  downloads.start('sha256:a', 10);
  downloads.start('sha256:a', 50);
  assert.equal(downloads.endOf('sha256:a'), 50);
  downloads.start('sha256:b', 5);
  downloads.start('sha256:c', 6);
  clock.now = 7;
  // b and c are over, never looked up (their pods went mid-pull): a new download drops them.
  downloads.start('sha256:d', 60);
  assert.equal((downloads as unknown as { digests: string[] }).digests.length, 2);
  assert.equal(downloads.endOf('sha256:a'), 50);
  assert.equal(downloads.endOf('sha256:d'), 60);
  assert.equal(downloads.endOf('sha256:b'), -1);
});

test('a dead node downloads nothing', () => {
  const downloads = new NodeDownloads({ now: 0 });
  downloads.start('sha256:a', 10);
  downloads.start('sha256:b', 20);
  downloads.clear();
  assert.equal(downloads.has('sha256:a'), false);
  assert.equal(downloads.has('sha256:b'), false);
});
