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

test('silent when quiet or when stderr is not a terminal', () => {
  for (const [isTTY, enabled] of [
    [false, true],
    [true, false],
  ]) {
    let now = 0;
    const { stream, text } = fakeStream(isTTY);
    const progress = new Progress(stream, () => now, enabled);
    now = 5000;
    progress.update('demo', 1, 2);
    progress.finish();
    assert.equal(text(), '');
  }
});

test('formatEta', () => {
  assert.equal(formatEta(400), '1s');
  assert.equal(formatEta(59_000), '59s');
  assert.equal(formatEta(61_000), '1m01s');
  assert.equal(formatEta(Number.NaN), 'time');
});
