import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvText, markdownCell, markdownText, terminalText } from '../../src/report/escape.ts';

test('markdownText: HTML and markup are shown, not rendered', () => {
  const cases: [string, string][] = [
    ['push/tag', 'push/tag'],
    ['pull (Argo CD)', 'pull (Argo CD)'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['a & b', 'a &amp; b'],
    ['**bold** _it_', '\\*\\*bold\\*\\* \\_it\\_'],
    ['[link](http://x)', '\\[link\\](http://x)'],
    ['`code`', '\\`code\\`'],
    ['a|b', 'a\\|b'],
    ['back\\slash', 'back\\\\slash'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['two\nlines', 'two lines'],
  ];
  for (const [input, expected] of cases) assert.equal(markdownText(input), expected, input);
});

test('markdownCell: newlines become <br>, each line escaped', () => {
  assert.equal(markdownCell('a|b\n<c>'), 'a\\|b<br>&lt;c&gt;');
});

test('csvText: formula starts get an apostrophe, numbers and plain text do not', () => {
  const cases: [string, string][] = [
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['+1+2', "'+1+2"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['-5', '-5'],
    ['+3.5e2', '+3.5e2'],
    ['push', 'push'],
    ['a=b', 'a=b'],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(csvText(input), expected, JSON.stringify(input));
});

test('terminalText: escape sequences and control characters are written as \\u escapes', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['a\nb\tc', 'a\nb\tc'],
    ['\x1b[31mred\x1b[0m', '\\u001b[31mred\\u001b[0m'],
    ['bell\x07', 'bell\\u0007'],
    ['c1\u009b2J', 'c1\\u009b2J'],
    ['del\x7f', 'del\\u007f'],
    ['carriage\rreturn', 'carriage\\u000dreturn'],
  ];
  for (const [input, expected] of cases) assert.equal(terminalText(input), expected, JSON.stringify(input));
});
