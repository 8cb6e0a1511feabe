/**
 * A run's result as it crosses between a sweep's threads. Its change and drift records are packed
 * tables (metrics/recordTable.ts), which postMessage cannot clone as they are: they travel as plain
 * rows and strings and are rebuilt on arrival, so the receiver reads the same records.
 */
import { CHANGE_CODEC } from '../metrics/changeRecorder.ts';
import { DRIFT_CODEC } from '../metrics/driftRecorder.ts';
import { type PackedRecords, RecordTable } from '../metrics/recordTable.ts';
import type { RunResult } from '../metrics/results.ts';

export interface PackedRun extends Omit<RunResult, 'changes' | 'drifts'> {
  readonly changes: PackedRecords;
  readonly drifts: PackedRecords;
}

export function packRun(run: RunResult): PackedRun {
  return {
    ...run,
    changes: RecordTable.pack(CHANGE_CODEC, run.changes),
    drifts: RecordTable.pack(DRIFT_CODEC, run.drifts),
  };
}

export function unpackRun(run: PackedRun): RunResult {
  return {
    ...run,
    changes: RecordTable.unpack(CHANGE_CODEC, run.changes),
    drifts: RecordTable.unpack(DRIFT_CODEC, run.drifts),
  };
}
