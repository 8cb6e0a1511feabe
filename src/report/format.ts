/**
 * Human-readable durations for reports. One format throughout, unit letters as
 * in scenario files, two units at most, precision that fits the magnitude:
 * "850ms", "12.3s", "1m 32s", "2h 5m", "3d 4h".
 */

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
