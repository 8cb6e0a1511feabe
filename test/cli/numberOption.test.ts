import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/cli/errors.ts';
import { seedOption, wholeNumberOption } from '../../src/cli/numberOption.ts';

test('wholeNumberOption: digits only, within the limits; says what it found', () => {
  const ok: [unknown, number][] = [['1', 1], ['10000', 10000], [5, 5], ['007', 7]];
  for (const [value, expected] of ok) assert.equal(wholeNumberOption('--n', value, 1, 10_000), expected);
  const bad: [unknown, RegExp][] = [
    ['abc', /found "abc"/],
    ['', /found nothing/],
    [undefined, /found nothing/],
    [' 3', /found " 3"/],
    ['1.5', /found "1\.5"/],
    ['-1', /found "-1"/],
    ['1e3', /found "1e3"/],
    ['0', /from 1 to 10000, found 0/],
    ['10001', /found 10001/],
    [1.5, /found "1\.5"/],
  ];
  for (const [value, message] of bad) {
    assert.throws(() => wholeNumberOption('--n', value, 1, 10_000), (e: unknown) => e instanceof UsageError && message.test(e.message), String(value));
  }
});

test('seedOption: an integer or a word; nothing, spaces or a second one refused', () => {
  assert.equal(seedOption('7'), 7);
  assert.equal(seedOption('-7'), -7);
  assert.equal(seedOption('blue'), 'blue');
  assert.equal(seedOption('two words'), 'two words');
  for (const [value, message] of [
    ['', /found nothing/],
    [' 7 ', /without spaces around it, found " 7 "/],
    ['99999999999999999999', /at most 9007199254740991/],
  ] as const) {
    assert.throws(() => seedOption(value), (e: unknown) => e instanceof UsageError && message.test(e.message));
  }
});
