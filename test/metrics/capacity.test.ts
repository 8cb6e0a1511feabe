import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bottleneckOf, capacityRecord } from '../../src/metrics/capacity.ts';

const WAITS = {
  'status processors': 0,
  'operation processors': 0,
  'client QPS': 0,
  'kubectl parallelism': 0,
};

test('bottleneckOf: the longest wait, blame passed on when processors mostly waited for tokens or slots', () => {
  const table: [Partial<typeof WAITS>, number, string][] = [
    [{}, 0, 'none'],
    [{ 'status processors': 10, 'operation processors': 5 }, 100, 'status processors'],
    [{ 'operation processors': 50, 'client QPS': 40 }, 60, 'client QPS'],
    [{ 'operation processors': 50, 'client QPS': 20 }, 60, 'operation processors'],
    [{ 'operation processors': 50, 'kubectl parallelism': 40 }, 60, 'kubectl parallelism'],
    [{ 'client QPS': 30, 'operation processors': 10 }, 0, 'client QPS'],
  ];
  for (const [waits, busyMs, expected] of table) {
    assert.equal(bottleneckOf({ ...WAITS, ...waits }, busyMs), expected, JSON.stringify(waits));
  }
});

const SHARD = {
  refreshes: 10,
  syncs: 4,
  apiThrottledMs: 0,
  meanRefreshWaitMs: 100,
  meanOperationWaitMs: 50,
  meanRefreshPeriodMs: 0,
  statusProcessorUtilization: 0.5,
  operationProcessorUtilization: 0.25,
  operationBusyMs: 1_000,
  kubectlWaitMs: 0,
};

test('capacityRecord: waits summed over shards, utilization averaged, no record without shards', () => {
  assert.equal(capacityRecord([]), null);
  const record = capacityRecord([
    SHARD,
    { ...SHARD, meanRefreshPeriodMs: 180_000, statusProcessorUtilization: 1 },
  ]);
  assert.equal(record?.refreshWaitMs, 2_000);
  assert.equal(record?.operationWaitMs, 400);
  assert.equal(record?.statusProcessorUtilization, 0.75);
  // Only shards that refreshed twice count towards the period.
  assert.equal(record?.effectiveRefreshPeriodMs, 180_000);
  assert.equal(record?.bottleneck, 'status processors');
});
