import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatByteSize, parseByteSize } from '../../src/scenario/byteSize.ts';

test('parseByteSize: table', () => {
  const table: [string, number | undefined][] = [
    ['30MB', 30_000_000],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['500kB', 500_000],
    ['100GB', 100e9],
    ['12B', 12],
    ['2 MiB', 2 * 1024 ** 2],
    ['30mb', undefined],
    ['30', undefined],
    ['MB', undefined],
    ['-1MB', undefined],
    ['1e3MB', undefined],
  ];
  for (const [text, bytes] of table) assert.equal(parseByteSize(text), bytes, text);
});

test('formatByteSize round-trips decimal sizes', () => {
  for (const bytes of [30_000_000, 100e9, 500_000, 1234]) {
    assert.equal(parseByteSize(formatByteSize(bytes)), bytes);
  }
  assert.equal(formatByteSize(30_000_000), '30MB');
});
