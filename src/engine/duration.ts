/**
 * Durations in scenario files: `500ms`, `30s`, `2m`, `1h30m`, `7d`.
 * Simulated time is an integer number of milliseconds, so every duration must
 * come out as a whole number of milliseconds.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const UNIT_ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

export const DURATION_EXAMPLES = '500ms, 30s, 2m, 1h30m or 7d';

/**
 * The longest duration: 10,000 years, a thousand times the longest horizon (scenario/limits.ts), so
 * nothing a run can see is cut, yet a time plus a few of them stays an exact integer
 * (Number.MAX_SAFE_INTEGER holds 28). Random draws are capped at it too (distribution.ts).
 */
export const MAX_DURATION_MS = 10_000 * 365 * 86_400_000;
export const DURATION_LIMIT = 'a duration of at most 3650000d (10,000 years)';

/** Thrown for text that is not a duration; `expected` describes the accepted form. */
export class DurationError extends Error {
  readonly code = 'E_DURATION';
  constructor(
    readonly found: string,
    readonly expected = `a duration like ${DURATION_EXAMPLES}`,
  ) {
    super(`expected ${expected}, found ${JSON.stringify(found)}`);
    this.name = 'DurationError';
  }
}

const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y;

/** Parses a duration string to integer milliseconds. Units must appear largest first, each at most once. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') throw new DurationError(text);
  PART.lastIndex = 0;
  let totalMs = 0;
  let lastUnitIndex = -1;
  while (PART.lastIndex < trimmed.length) {
    const match = PART.exec(trimmed);
    if (match === null) throw new DurationError(text);
    const unit = match[2] as Unit;
    const unitIndex = UNIT_ORDER.indexOf(unit);
    if (unitIndex <= lastUnitIndex) throw new DurationError(text);
    lastUnitIndex = unitIndex;
    totalMs += Number(match[1]) * UNIT_MS[unit];
  }
  const rounded = Math.round(totalMs);
  // Decimal parts may leave floating-point dust (1.1s = 1100.0000000000002ms); a real fraction of a ms is an error.
  if (Math.abs(totalMs - rounded) > 1e-6 || !Number.isSafeInteger(rounded)) throw new DurationError(text);
  if (rounded > MAX_DURATION_MS) throw new DurationError(text, DURATION_LIMIT);
  return rounded;
}

/** Formats milliseconds the way scenario files write them (largest units first): 5400000 -> "1h30m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  let text = '';
  for (const unit of UNIT_ORDER) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * UNIT_MS[unit];
    }
  }
  return sign + text;
}
