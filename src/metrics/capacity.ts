/**
 * Where a pull controller's time went over a run, summed over its shards,
 * and which resource limited it: the capacity record of a run.
 */
import type { CapacityRecord, RunResult } from './results.ts';

/** The counters of one controller shard the capacity record reads (Argo CD's stats have them). */
export interface ShardCapacityStats {
  readonly refreshes: number;
  readonly syncs: number;
  readonly apiThrottledMs: number;
  readonly meanRefreshWaitMs: number;
  readonly meanOperationWaitMs: number;
  readonly meanRefreshPeriodMs: number;
  readonly statusProcessorUtilization: number;
  readonly operationProcessorUtilization: number;
  readonly operationBusyMs: number;
  readonly kubectlWaitMs: number;
}

/** Observes the shards of a controller; with none (push, Flux) the run has no capacity record. */
export class CapacityRecorder {
  constructor(private readonly shards: readonly { stats(): ShardCapacityStats }[]) {}

  /** This recorder's part of the run. */
  slice(): Pick<RunResult, 'capacity'> {
    return { capacity: capacityRecord(this.shards.map((s) => s.stats())) };
  }
}

/** Where the controller's time went, summed over its shards; null without shards. */
export function capacityRecord(stats: readonly ShardCapacityStats[]): CapacityRecord | null {
  if (stats.length === 0) return null;
  const sum = (pick: (s: ShardCapacityStats) => number) => stats.reduce((total, s) => total + pick(s), 0);
  const waits = {
    'status processors': sum((s) => s.meanRefreshWaitMs * s.refreshes),
    'operation processors': sum((s) => s.meanOperationWaitMs * s.syncs),
    'client QPS': sum((s) => s.apiThrottledMs),
    'kubectl parallelism': sum((s) => s.kubectlWaitMs),
  };
  const bottleneck = bottleneckOf(
    waits,
    sum((s) => s.operationBusyMs),
  );
  const periods = stats.filter((s) => s.meanRefreshPeriodMs > 0);
  return {
    effectiveRefreshPeriodMs: periods.length === 0 ? 0 : sum((s) => s.meanRefreshPeriodMs) / periods.length,
    statusProcessorUtilization: sum((s) => s.statusProcessorUtilization) / stats.length,
    operationProcessorUtilization: sum((s) => s.operationProcessorUtilization) / stats.length,
    refreshWaitMs: waits['status processors'],
    operationWaitMs: waits['operation processors'],
    clientThrottledMs: waits['client QPS'],
    kubectlWaitMs: waits['kubectl parallelism'],
    bottleneck,
  };
}

/**
 * The resource that made work wait longest. Syncs wait for an operation
 * processor; when the processors themselves spent most of their busy time
 * waiting for client tokens or kubectl slots, that is the real limit, so the
 * blame passes on to it. Otherwise the operations are simply long (hooks,
 * health waits) and the processors are the limit.
 */
export function bottleneckOf(
  waits: Readonly<Record<Exclude<CapacityRecord['bottleneck'], 'none'>, number>>,
  operationBusyMs: number,
): CapacityRecord['bottleneck'] {
  let bottleneck: CapacityRecord['bottleneck'] = 'none';
  let longest = 0;
  for (const [resource, waitMs] of Object.entries(waits) as [keyof typeof waits, number][]) {
    if (waitMs > longest) {
      longest = waitMs;
      bottleneck = resource;
    }
  }
  if (bottleneck === 'operation processors' && operationBusyMs > 0) {
    if (waits['client QPS'] > operationBusyMs / 2) return 'client QPS';
    if (waits['kubectl parallelism'] > operationBusyMs / 2) return 'kubectl parallelism';
  }
  return bottleneck;
}
