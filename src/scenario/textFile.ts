/**
 * The one reader of text the tool is given (scenario files, the commit replay
 * CSV, manifests to import, summaries, samples, bench baselines, sweep files):
 * UTF-8 with LF or CRLF line ends, a UTF-8 byte-order mark allowed. Anything
 * else is refused with the place of the first bad byte: a Latin-1 "é" read as
 * UTF-8 became U+FFFD in every report, and a UTF-16 file a wall of NULs.
 */
import { readFileSync, statSync } from 'node:fs';
import { regularFileProblem } from './limits.ts';

/** Text that cannot be read as the tool reads text, or a file that is not a regular one or too large. */
export class TextFileError extends Error {
  override readonly name = 'TextFileError';

  constructor(
    /** 'file': not a regular file, or too large (nothing was read); 'text': its bytes are not UTF-8 text with LF or CRLF. */
    readonly kind: 'file' | 'text',
    /** As the caller gave it. */
    readonly file: string,
    /** 1-based; 0 when the problem concerns the file as a whole. */
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
    readonly hint?: string,
  ) {
    const what = `expected ${expected}, found ${found}${hint === undefined ? '' : ` (${hint})`}`;
    super(`${line > 0 ? `${file}:${line}:${column}` : file}: ${what}`);
    this.what = what;
  }

  /** The message without the file: `expected ..., found ... (hint)`. */
  readonly what: string;
}

/**
 * The file's text, checked before reading (a FIFO would hang, a device never end) and after (the encoding
 * and line ends). Errors of the file system (ENOENT, EACCES) are thrown as they are, for callers to word.
 */
export function readTextFile(file: string, maxBytes: number, noun = 'file'): string {
  const problem = regularFileProblem(statSync(file), maxBytes, noun);
  if (problem !== undefined) throw new TextFileError('file', file, 0, 0, problem.expected, problem.found);
  return decodeText(readFileSync(file), file);
}

const BYTE_ORDER_MARKS: readonly { readonly bytes: readonly number[]; readonly encoding: string }[] = [
  // UTF-32LE first: its mark begins with UTF-16LE's.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'UTF-32LE' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'UTF-32BE' },
  { bytes: [0xff, 0xfe], encoding: 'UTF-16LE' },
  { bytes: [0xfe, 0xff], encoding: 'UTF-16BE' },
];

const convert = (from: string) => `convert it with iconv -f ${from} -t UTF-8`;

/** `bytes` as UTF-8 text without its byte-order mark, or a TextFileError naming `file` and where the text goes wrong. */
export function decodeText(bytes: Uint8Array, file: string): string {
  for (const mark of BYTE_ORDER_MARKS) {
    if (mark.bytes.every((b, i) => bytes[i] === b)) {
      const hex = mark.bytes.map(hexByte).join(' ');
      throw new TextFileError('text', file, 0, 0, 'UTF-8 text', `${mark.encoding} text (byte-order mark ${hex})`, convert(mark.encoding));
    }
  }
  // UTF-16 without a mark: ASCII text with a NUL beside every character (valid UTF-8, and unreadable).
  const littleEndian = bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0;
  if (bytes.length >= 4 && (littleEndian || (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0))) {
    const encoding = littleEndian ? 'UTF-16LE' : 'UTF-16BE';
    throw new TextFileError('text', file, 0, 0, 'UTF-8 text', `${encoding} text without a byte-order mark (a NUL byte beside each character)`, convert(encoding));
  }
  let text: string;
  try {
    // ignoreBOM: the mark is kept in the text, and removed below, so columns count from the first character.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // The decoder says only that the text is bad; where is found by reading the bytes again.
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = positionOf(bytes, bad);
    throw new TextFileError('text', file, line, column, 'UTF-8 text', `byte 0x${hexByte(bytes[bad])}`, `if it is Latin-1 or Windows-1252, ${convert('WINDOWS-1252')}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const cr = loneCarriageReturn(text);
  if (cr >= 0) {
    const line = countLineFeeds(text, cr) + 1;
    const column = cr - (text.lastIndexOf('\n', cr - 1) + 1) + 1;
    throw new TextFileError('text', file, line, column, 'line ends LF or CRLF', 'a line end of CR alone (classic Mac OS)', 'convert it with mac2unix');
  }
  return text;
}

/** The offset of the first CR not followed by LF, or -1. */
function loneCarriageReturn(text: string): number {
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 0x0a) return i;
  }
  return -1;
}

function countLineFeeds(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Line (1-based, counting LF) and column (1-based, in characters as editors count them) of byte `offset`. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // The line's bytes before `offset` are valid UTF-8 (the first bad one is at `offset`).
  const before = new TextDecoder('utf-8', { ignoreBOM: line > 1 }).decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}

/**
 * Where the first ill-formed sequence starts (the Unicode standard's well-formed table, 3.9 D92): overlong
 * forms, surrogates and code points past U+10FFFF are ill-formed, as are truncated sequences. Called only
 * when the decoder refused the text, so there is one.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      // The second byte has the lead's own range; the rest are plain continuation bytes.
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += length;
  }
  return bytes.length;
}

function hexByte(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
