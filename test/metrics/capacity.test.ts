import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bottleneckOf, capacityRecord } from '../../src/metrics/capacity.ts';
import { CAPACITY_RESOURCES, type CapacityResource } from '../../src/metrics/results.ts';

const NO_WAITS = Object.fromEntries(CAPACITY_RESOURCES.map((r) => [r, 0])) as Record<CapacityResource, number>;

test('bottleneckOf: the resource with the most waiting, whatever waited inside whatever', () => {
  const table: [Partial<Record<CapacityResource, number>>, string][] = [
    [{}, 'none'],
    [{ 'status processors': 10, 'operation processors': 5 }, 'status processors'],
    // Syncs queued for processors that themselves waited for tokens: the queue wait is the larger.
    [{ 'operation processors': 50, 'Application client QPS': 40 }, 'operation processors'],
    [{ 'operation processors': 50, 'kubectl parallelism': 60 }, 'kubectl parallelism'],
    [{ 'repo-server': 7, 'status processors': 6 }, 'repo-server'],
    [{ 'Application client QPS': 30, 'Event client QPS': 29 }, 'Application client QPS'],
    // A tie goes to the first in the list.
    [{ 'Event client QPS': 5, 'status processors': 5 }, 'status processors'],
  ];
  for (const [waits, expected] of table) {
    assert.equal(bottleneckOf({ ...NO_WAITS, ...waits }), expected, JSON.stringify(waits));
  }
});

const SHARD = {
  refreshBusyMs: 10_000,
  operationBusyMs: 4_000,
  refreshBlockedRepoServerMs: 0,
  refreshBlockedApplicationMs: 0,
  refreshBlockedEventMs: 0,
  operationBlockedApplicationMs: 0,
  operationBlockedEventMs: 0,
  operationBlockedKubectlMs: 0,
  refreshWaitMs: 1_000,
  operationWaitMs: 200,
  repoServerWaitMs: 0,
  kubectlWaitMs: 0,
  applicationThrottledMs: 300,
  eventThrottledMs: 10,
  meanRefreshPeriodMs: 0,
  statusProcessorUtilization: 0.5,
  operationProcessorUtilization: 0.25,
};

test('capacityRecord: waits summed over shards per resource, utilization averaged, no record without shards', () => {
  assert.equal(capacityRecord([]), null);
  const record = capacityRecord([
    SHARD,
    { ...SHARD, meanRefreshPeriodMs: 180_000, statusProcessorUtilization: 1, kubectlWaitMs: 5 },
  ]);
  assert.deepEqual(record?.waitMs, {
    'status processors': 2_000,
    'operation processors': 400,
    'repo-server': 0,
    'kubectl parallelism': 5,
    'Application client QPS': 600,
    'Event client QPS': 20,
  });
  assert.equal(record?.statusProcessorUtilization, 0.75);
  // Only shards that refreshed twice count towards the period.
  assert.equal(record?.effectiveRefreshPeriodMs, 180_000);
  assert.equal(record?.bottleneck, 'status processors');
});

test('capacityRecord: queue waits pass on to what blocked the processors, in the share of their busy time', () => {
  const record = capacityRecord([
    {
      ...SHARD,
      applicationThrottledMs: 7_500,
      eventThrottledMs: 0,
      // Status processors: 3/4 of their busy time blocked on the Application client, 1/10 on the repo-server.
      refreshBusyMs: 10_000,
      refreshBlockedApplicationMs: 7_500,
      refreshBlockedRepoServerMs: 1_000,
      refreshWaitMs: 40_000,
      repoServerWaitMs: 1_000,
      // Operation processors: half blocked on kubectl slots.
      operationBusyMs: 4_000,
      operationBlockedKubectlMs: 2_000,
      operationWaitMs: 1_000,
      kubectlWaitMs: 3_000,
    },
  ]);
  assert.deepEqual(record?.attributedWaitMs, {
    'status processors': 40_000 * 0.15,
    'operation processors': 500,
    'repo-server': 1_000 + 4_000,
    'kubectl parallelism': 3_000 + 500,
    'Application client QPS': 7_500 + 30_000,
    'Event client QPS': 0,
  });
  // Measured alone, the status processors' queue looks longest; it is the Application client that held them.
  assert.equal(bottleneckOf(record!.waitMs), 'status processors');
  assert.equal(record?.bottleneck, 'Application client QPS');
});
