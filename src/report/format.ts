/**
 * Human-readable values for reports. Durations in one format throughout, unit
 * letters as in scenario files, two units at most, precision that fits the
 * magnitude: "850ms", "12.3s", "1m 32s", "2h 5m", "3d 4h". Metric values by
 * their unit: shares as percentages, counts and rates plain, bytes in
 * decimal units.
 */
import type { MetricUnit } from '../metrics/definitions.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Formats a duration in milliseconds (a mean may be fractional or, at a CI bound, negative). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  const text = formatAbs(abs);
  return ms < 0 && text !== '0ms' ? `-${text}` : text;
}

/**
 * Each tier is chosen on the value rounded to that tier's resolution, so
 * rounding carries into the next unit ("60.0s" never appears: it is "1m 0s").
 */
function formatAbs(ms: number): string {
  if (Math.round(ms) < SECOND) return `${Math.round(ms)}ms`;
  const tenthsOfSecond = Math.round(ms / 100);
  if (tenthsOfSecond < 600) return `${(tenthsOfSecond / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / SECOND);
  if (seconds < HOUR / SECOND) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < DAY / MINUTE) return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
  const hours = Math.round(ms / HOUR);
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** A metric's value in its unit: "1m 32s", "99.95%", "1234.5", "5.60/day", "1.5 GB". */
export function formatMetric(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'ratio':
      return `${fixed(value * 100, 2)}%`;
    case 'count':
      return fixed(value, 1);
    case 'perDay':
      return `${fixed(value, 2)}/day`;
    case 'bytes':
      return formatBytes(value);
  }
}

/** Decimals of a difference in a unit shown with a fixed number of them (of percentage points for shares). */
const CHANGE_DECIMALS: Partial<Record<MetricUnit, number>> = { ratio: 2, count: 1, perDay: 2 };
/** The most decimals `intervalChangeFormat` adds: past that a difference is zero for any reader. */
const MAX_CHANGE_DECIMALS = 12;

/**
 * A difference of two values of a metric, signed unless it rounds to zero:
 * "+1m 2s", "-850ms", "0ms". A difference of shares is in percentage points
 * ("+2.90 pp"): "+2.90%" would read as a relative change.
 */
export function formatMetricChange(change: number, unit: MetricUnit): string {
  return signedChange(change, unit, CHANGE_DECIMALS[unit] ?? 0);
}

/**
 * How to show a difference and its interval [low, high]: as formatMetricChange, with as many more decimals as
 * an interval that leaves out 0 needs to show it, so a difference called better or worse never reads
 * "0.00 pp [0.00 pp, 0.00 pp]" ("+0.0031 pp [+0.0012 pp, +0.0050 pp]"). Durations and bytes keep their format.
 */
export function intervalChangeFormat(unit: MetricUnit, low: number, high: number): (change: number) => string {
  const needed = intervalDecimals(unit, low, high);
  if (needed === undefined) return (change) => formatMetricChange(change, unit);
  return (change) => signedChange(change, unit, needed);
}

/**
 * The decimals (of points for a ratio) that show an interval [low, high] leaving out 0 as leaving it out;
 * undefined for a unit written without decimals, or an interval that holds 0.
 */
export function intervalDecimals(unit: MetricUnit, low: number, high: number): number | undefined {
  const decimals = CHANGE_DECIMALS[unit];
  if (decimals === undefined || (low <= 0 && high >= 0)) return undefined;
  const nearest = Math.min(Math.abs(low), Math.abs(high)) * (unit === 'ratio' ? 100 : 1);
  return Math.min(MAX_CHANGE_DECIMALS, Math.max(decimals, 1 - Math.floor(Math.log10(nearest))));
}

function signedChange(change: number, unit: MetricUnit, decimals: number): string {
  const text = changeMagnitude(Math.abs(change), unit, decimals);
  return text === changeMagnitude(0, unit, decimals) ? text : `${change < 0 ? '-' : '+'}${text}`;
}

function changeMagnitude(abs: number, unit: MetricUnit, decimals: number): string {
  switch (unit) {
    case 'ratio':
      return `${fixed(abs * 100, decimals)} pp`;
    case 'count':
      return fixed(abs, decimals);
    case 'perDay':
      return `${fixed(abs, decimals)}/day`;
    default:
      return formatMetric(abs, unit);
  }
}

/** toFixed without "-0.00": a value that rounds to zero has no sign, as in formatMs. */
function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

const BYTE_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal units, as scenario files read them: "850 B", "30.0 MB", "1.5 GB". */
function formatBytes(bytes: number): string {
  const text = formatBytesAbs(Math.abs(bytes));
  return bytes < 0 && text !== '0 B' ? `-${text}` : text;
}

function formatBytesAbs(bytes: number): string {
  if (Math.round(bytes) < 1000) return `${Math.round(bytes)} B`;
  let value = bytes / 1000;
  let unit = 0;
  // Chosen on the rounded value, so 999,960 bytes is "1.0 MB", not "1000.0 kB".
  while (unit < BYTE_UNITS.length - 1 && Math.round(value * 10) >= 10_000) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}
