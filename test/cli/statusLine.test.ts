import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEta, Progress } from '../../src/cli/statusLine.ts';

function fakeStream(isTTY: boolean) {
  let text = '';
  return { stream: { isTTY, write: (t: string) => (text += t) }, text: () => text };
}

test('no line before one second, then a line with the count and an ETA', () => {
  let now = 0;
  const { stream, text } = fakeStream(true);
  const progress = new Progress(stream, () => now, true);
  now = 500;
  progress.update('demo', 1, 10);
  assert.equal(text(), '');
  now = 2000;
  progress.update('demo', 2, 10);
  // 1s per run so far, 8 left.
  assert.match(text(), /demo: 2\/10 runs \(20%\), 8s left$/);
  progress.finish();
  assert.ok(text().endsWith('\r\x1b[K'));
});

test('silent when quiet, on a terminal or not', () => {
  for (const isTTY of [true, false]) {
    let now = 0;
    const { stream, text } = fakeStream(isTTY);
    const progress = new Progress(stream, () => now, false);
    now = 5000;
    progress.update('demo', 1, 2);
    progress.finish();
    assert.equal(text(), '');
  }
});

test('in a log (not a terminal): a plain line every few seconds, none at the end', () => {
  let now = 0;
  const { stream, text } = fakeStream(false);
  const progress = new Progress(stream, () => now, true);
  const at = (ms: number, done: number) => {
    now = ms;
    progress.update('demo', done, 10);
  };
  at(500, 1);
  at(2000, 2);
  at(3000, 3);
  at(7000, 5);
  at(8000, 6);
  at(12_000, 10);
  progress.finish();
  // 2 done in 2s: 8s left; 5 done in 7s: 7s left; nothing for the run that finishes.
  assert.equal(text(), 'demo: 2/10 runs (20%), 8s left\ndemo: 5/10 runs (50%), 7s left\n');
});

test('formatEta', () => {
  assert.equal(formatEta(400), '1s');
  assert.equal(formatEta(59_000), '59s');
  assert.equal(formatEta(61_000), '1m01s');
  assert.equal(formatEta(Number.NaN), 'time');
});
