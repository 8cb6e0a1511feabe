/**
 * Where a pull controller's time went over a run, summed over its shards,
 * and which resource limited it: the capacity record of a run.
 */
import type { BlockedMs, ControllerCapacityStats } from '../model/deliverySystem.ts';
import { CAPACITY_RESOURCES, type CapacityRecord, type CapacityResource, type RunResult } from './results.ts';

/** Observes the shards of a controller; with none (push, Flux) the run has no capacity record. */
export class CapacityRecorder {
  constructor(private readonly shards: readonly { stats(): ControllerCapacityStats }[]) {}

  /** This recorder's part of the run. */
  slice(): Pick<RunResult, 'capacity'> {
    return { capacity: capacityRecord(this.shards.map((s) => s.stats())) };
  }
}

/** Where the controller's time went, summed over its shards; null without shards. */
export function capacityRecord(stats: readonly ControllerCapacityStats[]): CapacityRecord | null {
  if (stats.length === 0) return null;
  const sum = (pick: (s: ControllerCapacityStats) => number) => stats.reduce((total, s) => total + pick(s), 0);
  // Each wait is measured where it happens: in a queue for a processor, for a repo-server slot
  // (cache misses), for a kubectl slot, for a token of the control plane's clients.
  const waitMs: Record<CapacityResource, number> = {
    'status processors': sum((s) => s.refreshWaitMs),
    'operation processors': sum((s) => s.operationWaitMs),
    'repo-server': sum((s) => s.repoServerWaitMs),
    'kubectl parallelism': sum((s) => s.kubectlWaitMs),
    'Application client QPS': sum((s) => s.applicationThrottledMs),
    'Event client QPS': sum((s) => s.eventThrottledMs),
  };
  const attributedWaitMs: Record<CapacityResource, number> = { ...waitMs };
  for (const s of stats) {
    passOn(attributedWaitMs, 'status processors', s.refreshWaitMs, s.refreshBusyMs, {
      repoServer: s.refreshBlockedRepoServerMs,
      application: s.refreshBlockedApplicationMs,
      event: s.refreshBlockedEventMs,
      kubectl: 0,
    });
    passOn(attributedWaitMs, 'operation processors', s.operationWaitMs, s.operationBusyMs, {
      repoServer: 0,
      application: s.operationBlockedApplicationMs,
      event: s.operationBlockedEventMs,
      kubectl: s.operationBlockedKubectlMs,
    });
  }
  const periods = stats.filter((s) => s.meanRefreshPeriodMs > 0);
  return {
    effectiveRefreshPeriodMs: periods.length === 0 ? 0 : sum((s) => s.meanRefreshPeriodMs) / periods.length,
    statusProcessorUtilization: sum((s) => s.statusProcessorUtilization) / stats.length,
    operationProcessorUtilization: sum((s) => s.operationProcessorUtilization) / stats.length,
    waitMs,
    attributedWaitMs,
    bottleneck: bottleneckOf(attributedWaitMs),
  };
}

/**
 * Work queued for a processor waits because every processor is busy; a processor busy
 * while itself blocked on another resource is held by that resource. So the share of the
 * queue's waiting that matches the blocked share of the processors' busy time passes on
 * to the resources they were blocked on: raising the processors would not shorten it.
 */
function passOn(
  waitMs: Record<CapacityResource, number>,
  pool: 'status processors' | 'operation processors',
  queueWaitMs: number,
  busyMs: number,
  blocked: Readonly<BlockedMs>,
): void {
  if (busyMs <= 0 || queueWaitMs <= 0) return;
  const shares: [CapacityResource, number][] = [
    ['repo-server', blocked.repoServer],
    ['kubectl parallelism', blocked.kubectl],
    ['Application client QPS', blocked.application],
    ['Event client QPS', blocked.event],
  ];
  for (const [resource, blockedMs] of shares) {
    const passedMs = (queueWaitMs * Math.min(blockedMs, busyMs)) / busyMs;
    waitMs[pool] -= passedMs;
    waitMs[resource] += passedMs;
  }
  waitMs[pool] = Math.max(0, waitMs[pool]);
}

/** The resource with the most waiting (as attributed); on a tie the first in CAPACITY_RESOURCES; 'none' when nothing waited. */
export function bottleneckOf(waitMs: Readonly<Record<CapacityResource, number>>): CapacityResource | 'none' {
  let bottleneck: CapacityResource | 'none' = 'none';
  let longest = 0;
  for (const resource of CAPACITY_RESOURCES) {
    if (waitMs[resource] > longest) {
      longest = waitMs[resource];
      bottleneck = resource;
    }
  }
  return bottleneck;
}
