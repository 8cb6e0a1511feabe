/**
 * Byte sizes in scenario files: `30MB`, `1.5GiB`, `500kB`, or a whole number
 * of bytes. Decimal units are powers of 1000 (as registries and disks report
 * them), binary units powers of 1024.
 */

const UNIT_BYTES: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

export const BYTE_SIZE_EXAMPLES = '30MB, 1.5GiB, 500kB or a whole number of bytes';

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([kKMGT]i?B|B)\s*$/;

/** Parses a byte size to a whole number of bytes; undefined when the text is not one. */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text);
  if (match === null) return undefined;
  const unit = UNIT_BYTES[match[2]];
  if (unit === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** 30000000 -> "30MB"; the largest decimal unit that divides evenly, else bytes. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['TB', 'GB', 'MB', 'kB'] as const) {
    const size = UNIT_BYTES[unit];
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
