import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { decodeText, firstInvalidUtf8, readTextFile, TextFileError } from '../../src/scenario/textFile.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

function refusal(input: Buffer): TextFileError {
  try {
    decodeText(input, 'f.txt');
  } catch (error) {
    assert.ok(error instanceof TextFileError);
    return error;
  }
  assert.fail('accepted');
}

test('UTF-8 is read as it is, with LF or CRLF line ends, and a byte-order mark dropped', () => {
  assert.equal(decodeText(bytes('café\nnaïve 🚀\n'), 'f'), 'café\nnaïve 🚀\n');
  assert.equal(decodeText(bytes('a\r\nb\r\n'), 'f'), 'a\r\nb\r\n');
  assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], 'name: x\n'), 'f'), 'name: x\n');
  assert.equal(decodeText(bytes(''), 'f'), '');
});

test('a byte that is not UTF-8 is refused at its line and column, in characters', () => {
  // Latin-1 "é" (0xE9): it became U+FFFD, silently, in every report.
  const latin = refusal(bytes('name: caf', [0xe9], '\n'));
  assert.equal(latin.message, 'f.txt:1:10: expected UTF-8 text, found byte 0xE9 (if it is Latin-1 or Windows-1252, convert it with iconv -f WINDOWS-1252 -t UTF-8)');
  // Characters before it on its line count once each, whatever their bytes; a mark on line 1 does not count.
  const later = refusal(bytes([0xef, 0xbb, 0xbf], 'a\r\nb\nü🚀x', [0xff], '\n'));
  assert.deepEqual([later.line, later.column, later.found], [3, 5, 'byte 0xFF']);
  const first = refusal(bytes([0xef, 0xbb, 0xbf], 'ab', [0x80]));
  assert.deepEqual([first.line, first.column], [1, 3]);
});

test('the first ill-formed sequence: overlong forms, surrogates, past U+10FFFF, cut short', () => {
  for (const [input, at] of [
    [[0x61, 0xc0, 0x80], 1], // overlong NUL
    [[0xe0, 0x80, 0x80], 0], // overlong three-byte form
    [[0xf0, 0x80, 0x80, 0x80], 0], // overlong four-byte form
    [[0x61, 0xed, 0xa0, 0x80], 1], // a surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // past U+10FFFF
    [[0xf5, 0x80, 0x80, 0x80], 0],
    [[0xc3, 0xa9, 0xe2, 0x82], 2], // cut short at the end
    [[0xe2, 0x41, 0x42], 0], // a lead byte without its continuation
    [[0x61, 0x80], 1], // a continuation byte alone
  ] as const) {
    const input8 = Uint8Array.from(input);
    assert.equal(firstInvalidUtf8(input8), at, `${input}`);
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(input8), `${input} is refused by the decoder too`);
  }
  assert.equal(firstInvalidUtf8(Uint8Array.from([0xf4, 0x8f, 0xbf, 0xbf, 0xed, 0x9f, 0xbf])), 7, 'U+10FFFF and U+D7FF are fine');
});

test('UTF-16 and UTF-32 are named by their byte-order marks, or by their NULs without one', () => {
  const utf16 = (text: string, le: boolean) => {
    const b = Buffer.from(text, 'utf16le');
    return le ? b : b.swap16();
  };
  assert.equal(refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16('name: x\n', true)])).message, 'f.txt: expected UTF-8 text, found UTF-16LE text (byte-order mark FF FE) (convert it with iconv -f UTF-16LE -t UTF-8)');
  assert.equal(refusal(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16('name: x\n', false)])).found, 'UTF-16BE text (byte-order mark FE FF)');
  assert.equal(refusal(bytes([0xff, 0xfe, 0, 0, 0x6e, 0, 0, 0])).found, 'UTF-32LE text (byte-order mark FF FE 00 00)');
  assert.equal(refusal(bytes([0, 0, 0xfe, 0xff, 0, 0, 0, 0x6e])).found, 'UTF-32BE text (byte-order mark 00 00 FE FF)');
  assert.match(refusal(utf16('name: x\n', true)).found, /^UTF-16LE text without a byte-order mark/);
  assert.match(refusal(utf16('name: x\n', false)).found, /^UTF-16BE text without a byte-order mark/);
});

test('a CR alone as a line end is refused where it first stands', () => {
  const e = refusal(bytes('name: cr\rvariants:\r'));
  assert.equal(e.message, 'f.txt:1:9: expected line ends LF or CRLF, found a line end of CR alone (classic Mac OS) (convert it with mac2unix)');
  assert.deepEqual([refusal(bytes('a\r\nb\n  c\rd')).line, refusal(bytes('a\r\nb\n  c\rd')).column], [3, 4]);
  assert.equal(refusal(bytes('a\r\n\r')).line, 2, 'a CR at the very end');
});

test('readTextFile: a regular file of bounded size, or an error saying what it is', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'textfile-'));
  writeFileSync(path.join(dir, 'ok.txt'), 'ok\n');
  assert.equal(readTextFile(path.join(dir, 'ok.txt'), 100), 'ok\n');
  assert.throws(
    () => readTextFile(path.join(dir, 'ok.txt'), 2, 'CSV'),
    (e: unknown) => e instanceof TextFileError && e.kind === 'file' && /ok\.txt: expected a CSV of at most 2 bytes, found 3 bytes$/.test(e.message),
  );
  execFileSync('mkfifo', [path.join(dir, 'pipe')]);
  assert.throws(
    () => readTextFile(path.join(dir, 'pipe'), 100),
    (e: unknown) => e instanceof TextFileError && e.kind === 'file' && /pipe: expected a regular file, found a named pipe/.test(e.message),
  );
  assert.throws(() => readTextFile(path.join(dir, 'none'), 100), { code: 'ENOENT' });
  writeFileSync(path.join(dir, 'l1.txt'), Buffer.from([0x61, 0xe9]));
  assert.throws(() => readTextFile(path.join(dir, 'l1.txt'), 100), (e: unknown) => e instanceof TextFileError && e.kind === 'text' && e.column === 2);
});
