import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShardedDelivery } from '../../src/delivery/sharded.ts';
import type { Delivery } from '../../src/model/deliverySystem.ts';
import type { Commit } from '../../src/model/gitRepo.ts';

/** A part that records the pauses and resumes it is asked for; `pausable: false` is a push-like part. */
function part(name: string, calls: string[], pausable = true): Delivery {
  const base: Delivery = {
    kind: 'poll',
    credentialsOutsideCluster: false,
    start: () => {},
    reportsInSync: () => true,
    setAvailable: () => {},
    queueDepth: () => 0,
    credentialsHeldMs: () => 0,
    stats: () => ({ gitFetches: 0, refreshes: 0, syncs: 0, syncFailures: 0, apiRequests: 0, apiThrottledMs: 0, maxQueueDepth: 0 }),
  };
  if (!pausable) return base;
  return {
    ...base,
    pause: (app, knownGood) => calls.push(`${name} pause ${app} at ${knownGood.revision}`),
    resume: (app) => calls.push(`${name} resume ${app}`),
  };
}

test('rollback pause and resume reach the part that manages the app, and only a pausable one', () => {
  const calls: string[] = [];
  const sharded = new ShardedDelivery([part('a', calls), part('b', calls)], (app) => app % 2);
  const knownGood = { revision: 7 } as Commit;
  sharded.pause(3, knownGood);
  sharded.resume(3);
  sharded.pause(0, knownGood);
  assert.deepEqual(calls, ['b pause 3 at 7', 'b resume 3', 'a pause 0 at 7']);
  const unpausable = new ShardedDelivery([part('a', calls, false)], () => 0);
  assert.throws(() => unpausable.pause(0, knownGood), /cannot be paused/);
  assert.throws(() => unpausable.resume(0), /cannot be paused/);
});
