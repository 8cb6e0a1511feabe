/**
 * The bench JSON file: what `--format json` prints and what a baseline file
 * holds. Read back strictly, so a hand-edited or foreign file is an error
 * that says where, not a comparison against garbage.
 */
import * as z from 'zod';
import { inMetricRange, metricNamed, metricRangeText } from '../metrics/definitions.ts';
import type { BenchResult } from './results.ts';
import { MAX_RESULT_FILE_BYTES } from '../scenario/limits.ts';
import { readTextFile, TextFileError } from '../scenario/textFile.ts';

export const BENCH_FILE_FORMAT = 'gitops-sim-bench/1';

export interface BenchFile {
  readonly format: typeof BENCH_FILE_FORMAT;
  readonly results: readonly BenchResult[];
}

/** A baseline file that is missing, not JSON, or not a bench file. */
export class BenchFileError extends Error {
  override readonly name = 'BenchFileError';
}

const better = z.enum(['lower', 'higher']);
const subject = z.string().nullable();

const benchFileSchema = z.strictObject({
  format: z.literal(BENCH_FILE_FORMAT),
  // `--format json` adds the comparison it made; a saved output can serve as a baseline.
  gate: z.unknown().optional(),
  results: z.array(
    z.strictObject({
      name: z.string(),
      fingerprint: z.strictObject({
        scenarioHash: z.string(),
        seed: z.union([z.number(), z.string()]).nullable(),
        tool: z.string(),
        node: z.string(),
        cpu: z.string(),
      }),
      figures: z.array(
        z.discriminatedUnion('kind', [
          z
            .strictObject({
              kind: z.literal('exact'),
              subject,
              measure: z.string(),
              unit: z.string(),
              value: z.union([z.number(), z.string()]).nullable(),
              better: better.optional(),
            })
            // A metric's figure is one the metric can take: a share from 0 to 1, a time or count >= 0.
            .refine(
              (f) => {
                const metric = metricNamed(f.measure);
                return metric === undefined || typeof f.value !== 'number' || inMetricRange(metric, f.value);
              },
              {
                path: ['value'],
                error: (issue) => {
                  const figure = issue.input as { measure: string; value: number };
                  const range = metricRangeText(metricNamed(figure.measure)!);
                  return `expected a number ${range} (${figure.measure}), found ${figure.value}`;
                },
              },
            ),
          z.strictObject({
            kind: z.literal('speed'),
            subject,
            measure: z.string(),
            unit: z.string(),
            better,
            // Rates, times and bytes: positive, so relative changes are defined.
            value: z.number().positive(),
            lower: z.number().nonnegative(),
            upper: z.number().nonnegative(),
            noise: z.number().nonnegative(),
            target: z.number().positive().optional(),
            samples: z.number().int().positive(),
            processes: z.number().int().positive(),
          }),
        ]),
      ),
    }),
  ),
});

/** 2-space JSON with a trailing newline, keys in a fixed order, so a re-baselined file diffs well. */
export function benchFileJson(results: readonly BenchResult[]): string {
  const file: BenchFile = { format: BENCH_FILE_FORMAT, results };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function parseBenchFile(text: string, file: string): BenchFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BenchFileError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = benchFileSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length === 0 ? 'the top level' : issue.path.join('.');
  throw new BenchFileError(
    `${file}: not a gitops-sim bench file (${BENCH_FILE_FORMAT}): ${where}: ${issue.message}`,
  );
}

export function readBenchFile(file: string): BenchFile {
  let text: string;
  try {
    text = readTextFile(file, MAX_RESULT_FILE_BYTES);
  } catch (error) {
    if (error instanceof TextFileError) throw new BenchFileError(error.kind === 'file' ? `${file}: cannot read the baseline: ${error.what}` : error.message);
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new BenchFileError(`${file}: cannot read the baseline: ${reason}`);
  }
  return parseBenchFile(text, file);
}
