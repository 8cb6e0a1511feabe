/**
 * Shards: the K-th of N deterministic slices of a sweep's points, so N
 * machines can share one sweep and `merge` can put it back together.
 *
 * Convention: shards are numbered from 1 (`--shard 1/4` .. `--shard 4/4`),
 * as a CI matrix lists them. A Kubernetes Indexed Job numbers its pods from 0
 * in JOB_COMPLETION_INDEX; `--shard 4` (no K) reads it and runs shard
 * JOB_COMPLETION_INDEX + 1 of 4, so the manifest needs no arithmetic.
 */
import { SweepError } from './sweepError.ts';

export interface Shard {
  /** From 1 to count. */
  readonly index: number;
  readonly count: number;
}

/** The environment variable a Kubernetes Indexed Job sets in each pod: 0, 1, ..., completions - 1. */
export const JOB_INDEX_VARIABLE = 'JOB_COMPLETION_INDEX';

/** Parses `K/N`, or `N` with K from JOB_COMPLETION_INDEX (its value, or undefined when unset). */
export function parseShard(text: string, jobCompletionIndex: string | undefined): Shard {
  const flag = `--shard ${text}`;
  const match = /^\s*(?:(\d+)\s*\/\s*)?(\d+)\s*$/.exec(text);
  if (match === null) {
    throw new SweepError(
      `${flag}: expected K/N (shard K of N, K from 1 to N) or N (K from ${JOB_INDEX_VARIABLE})`,
    );
  }
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new SweepError(`${flag}: expected at least 1 shard`);
  if (match[1] !== undefined) {
    const index = Number(match[1]);
    if (index < 1 || index > count) {
      throw new SweepError(
        `${flag}: shards are numbered from 1 to ${count}` +
          (index === 0 ? ` (${JOB_INDEX_VARIABLE} counts from 0: give --shard ${count} to read it)` : ''),
      );
    }
    return { index, count };
  }
  if (jobCompletionIndex === undefined || jobCompletionIndex === '') {
    throw new SweepError(
      `${flag}: without K the shard comes from ${JOB_INDEX_VARIABLE}, which is not set; give --shard K/${count} (K from 1 to ${count})`,
    );
  }
  const jobIndex = /^\d+$/.test(jobCompletionIndex.trim()) ? Number(jobCompletionIndex) : Number.NaN;
  if (!(jobIndex < count)) {
    throw new SweepError(
      `${flag}: ${JOB_INDEX_VARIABLE}=${jobCompletionIndex} is not an index from 0 to ${count - 1} (the Job's completions must equal the ${count} shards)`,
    );
  }
  return { index: jobIndex + 1, count };
}

/** Round-robin by grid index, so every shard gets a share of each region of the grid (and of its cost). */
export function inShard(pointIndex: number, shard: Shard | undefined): boolean {
  return shard === undefined || pointIndex % shard.count === shard.index - 1;
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
