/**
 * A point file's text and checksum, apart from the checks of pointFile.ts,
 * so that the threads that write point files do not load zod.
 */
import type { ScenarioSummary } from '../metrics/results.ts';
import { inputHash } from '../scenario/inputHash.ts';
import type { PointRecord } from './resultsFolder.ts';

/** sha256 of the canonical JSON of a point file's point and summary (as parsed from its text). */
export function pointChecksum(point: unknown, summary: unknown): string {
  return inputHash({ point, summary });
}

/** With a checksum of its content, so a damaged or edited file is found (pointFile.ts). */
export function pointFileJson(point: PointRecord, summary: ScenarioSummary): string {
  const plain = JSON.parse(JSON.stringify({ point, summary })) as { point: unknown; summary: unknown };
  return `${JSON.stringify({ point, summary, checksum: pointChecksum(plain.point, plain.summary) }, null, 2)}\n`;
}
