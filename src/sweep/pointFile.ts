/**
 * A point file's shape and checksum. A results folder may come from anywhere
 * (a CI artifact, a hand edit): a point file is used only when it has the
 * shape a sweep writes and its checksum (sha256 of the canonical JSON of its
 * point and summary) matches, so an edited metric or a truncated file is
 * caught, not reported.
 */
import { lstat, readFile } from 'node:fs/promises';
import * as z from 'zod';
import { kindOf, MAX_RESULT_FILE_BYTES } from '../scenario/limits.ts';
import { decodeText, TextFileError } from '../scenario/textFile.ts';
import { SAMPLES_FORMAT, reportSamplesSchema, samplesProblem, type SummaryFigures, summaryMismatch } from '../report/samples.ts';
import { pointChecksum, sampledMetrics } from './pointFileText.ts';

/** What grid.ts makes: the index, then the point's id with unsafe characters replaced. */
export const POINT_NAME = /^\d+-[A-Za-z0-9._=,+-]*$/;

const variantSchema = z.looseObject({
  name: z.string(),
  metrics: z.record(z.string(), z.unknown()),
});

const pointFileSchema = z.strictObject({
  point: z.strictObject({
    index: z.int().min(0),
    id: z.string(),
    params: z.record(z.string(), z.unknown()),
  }),
  summary: z.looseObject({
    tool: z.looseObject({ name: z.string(), version: z.string() }),
    scenario: z.looseObject({ name: z.string() }),
    inputHash: z.string().regex(/^[0-9a-f]{64}$/),
    baseline: z.string(),
    headline: z.array(z.string()).min(1),
    variants: z.array(variantSchema).min(1),
  }),
  samples: reportSamplesSchema.omit({ format: true }),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});


const manifestSchema = z.looseObject({
  sweep: z.looseObject({
    // Read by merge to name what differs between two folders' sweeps.
    tool: z.looseObject({ name: z.string(), version: z.string() }),
    scenario: z.looseObject({
      name: z.string(),
      seed: z.union([z.number(), z.string()]),
      horizonMs: z.number().positive(),
      replications: z.int().min(1),
    }),
    inputHash: z.string(),
    params: z.array(z.looseObject({ path: z.string(), values: z.array(z.unknown()) })),
    points: z.array(
      z.looseObject({
        index: z.int().min(0),
        id: z.string(),
        name: z.string().regex(POINT_NAME),
        inputHash: z.string(),
      }),
    ),
  }),
  // Which shard the folder is (null: a whole sweep); older folders have none.
  shard: z
    .strictObject({ index: z.int().min(1), count: z.int().min(1) })
    .refine((shard) => shard.index <= shard.count, { error: 'a shard index from 1 to its count' })
    .nullable()
    .optional(),
});

/** Why a manifest's parsed JSON is not one a sweep writes (point names must be safe file names), or undefined. */
export function manifestProblem(data: unknown): string | undefined {
  const parsed = manifestSchema.safeParse(data);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${issue.path.join('.') || 'the file'}: ${issue.message}`;
}

/** A point file as parsed (not as zod rebuilds it, so its bytes are kept), or why it cannot be used. */
export type PointFileCheck = { readonly file: unknown } | { readonly problem: string };

export function checkPointFile(text: string): PointFileCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'not JSON (cut short, or not written by a sweep)' };
  }
  const parsed = pointFileSchema.safeParse(data);
  if (!parsed.success && isEarlierPointFile(data)) {
    return {
      problem:
        'written by an earlier gitops-sim, without the per-replication samples the sweep answer pairs; ' +
        'its point must run again (sweep --resume does)',
    };
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `not a point file: ${issue.path.join('.') || 'the file'}: ${issue.message}` };
  }
  const { point, summary, samples, checksum } = parsed.data;
  if (pointChecksum(point, summary, samples) !== checksum) {
    return { problem: 'its checksum does not match its content (edited or damaged after the sweep wrote it)' };
  }
  const problem = samplesDisagree(parsed.data.summary, samples);
  return problem === undefined ? { file: data } : { problem: `samples: ${problem}` };
}

/** A point file of the format before samples: everything a point file has but them. */
function isEarlierPointFile(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const keys = Object.keys(data).sort().join(',');
  return keys === 'checksum,point,summary';
}

/**
 * Why a point file's samples cannot be those of its runs: not as a run writes them, not of the
 * summary's variants in its order, without a headline metric, or giving other figures than the summary.
 */
function samplesDisagree(
  summary: z.infer<typeof pointFileSchema>['summary'],
  samples: z.infer<typeof pointFileSchema>['samples'],
): string | undefined {
  const shape = samplesProblem({ format: SAMPLES_FORMAT, ...samples });
  if (shape !== undefined) return shape;
  const names = summary.variants.map((v) => v.name);
  if (samples.variants.map((v) => v.name).join('\u0000') !== names.join('\u0000')) {
    return `the variants are not the summary's (${names.join(', ')})`;
  }
  for (const [i, v] of samples.variants.entries()) {
    const missing = sampledMetrics(summary.headline).find((name) => v.metrics[name] === undefined);
    if (missing !== undefined) return `variants.${i}.metrics.${missing}: missing`;
  }
  return summaryMismatch({ format: SAMPLES_FORMAT, ...samples }, summary as unknown as SummaryFigures);
}

/** A result file's text; a problem for anything but a regular file of bounded size (a FIFO would hang). */
export async function readResultFile(
  file: string,
): Promise<{ readonly text: string } | { readonly problem: string } | undefined> {
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  if (!stats.isFile()) return { problem: `${kindOf(stats)}, not a regular file` };
  if (stats.size > MAX_RESULT_FILE_BYTES) {
    return { problem: `${stats.size} bytes, more than the limit of ${MAX_RESULT_FILE_BYTES}` };
  }
  try {
    return { text: decodeText(await readFile(file), file) };
  } catch (error) {
    if (!(error instanceof TextFileError)) throw error;
    return { problem: error.line > 0 ? `line ${error.line}, column ${error.column}: ${error.what}` : error.what };
  }
}
