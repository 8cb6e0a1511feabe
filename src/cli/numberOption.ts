/**
 * Whole-number and seed options, parsed here rather than by yargs: yargs
 * turns "abc" into NaN (and the message into "found NaN"), and " 7 " into 7
 * for numbers but not for seeds. Each option takes digits only, within its
 * stated limit, and says what it found.
 */
import { UsageError } from './errors.ts';

/** `text` as a whole number from `min` to `max`; yargs may give a number (a default). */
export function wholeNumberOption(option: string, value: unknown, min: number, max: number): number {
  const expected = `expected a whole number from ${min} to ${max}`;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || text === '') throw new UsageError(`${option}: ${expected}, found nothing`);
  if (!/^\d+$/.test(text)) throw new UsageError(`${option}: ${expected}, found ${JSON.stringify(text)}`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${option}: ${expected}, found ${text}`);
  return n;
}

/** --seed: an integer, or a word; nothing or spaces around it are refused (a second --seed: usage.ts). */
export function seedOption(value: unknown): number | string {
  const expected = 'expected an integer or a word';
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || text === '') throw new UsageError(`--seed: ${expected}, found nothing`);
  if (text.trim() !== text) {
    throw new UsageError(`--seed: ${expected} without spaces around it, found ${JSON.stringify(text)}`);
  }
  if (!/^-?\d+$/.test(text)) return text;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed: ${expected} (at most ${Number.MAX_SAFE_INTEGER}), found ${text}`);
  }
  return seed;
}
