/**
 * Bad sweep input: a --set that names no field or gives a value the schema
 * refuses, a bad --shard, a results folder from another sweep, a missing
 * point. The CLI turns it into exit code 2; nothing has been run.
 */
export class SweepError extends Error {
  override readonly name = 'SweepError';
}
