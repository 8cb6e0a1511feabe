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
    setAvailable: (up) => calls.push(`${name} ${up ? 'up' : 'down'}`),
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
  const sharded = new ShardedDelivery([part('a', calls), part('b', calls)], (app) => app % 2, false);
  const knownGood = { revision: 7 } as Commit;
  sharded.pause(3, knownGood);
  sharded.resume(3);
  sharded.pause(0, knownGood);
  assert.deepEqual(calls, ['b pause 3 at 7', 'b resume 3', 'a pause 0 at 7']);
  const unpausable = new ShardedDelivery([part('a', calls, false)], () => 0, false);
  assert.throws(() => unpausable.pause(0, knownGood), /cannot be paused/);
  assert.throws(() => unpausable.resume(0), /cannot be paused/);
});

test('parts that fail apart go down one at a time; parts that fail together all go down', () => {
  const calls: string[] = [];
  const apart = new ShardedDelivery([part('a', calls), part('b', calls)], (app) => app % 2, true);
  assert.equal(apart.independentParts, 2);
  apart.setAvailable(false, 1);
  apart.setAvailable(true, 1);
  apart.setAvailable(false);
  assert.deepEqual(calls, ['b down', 'b up', 'a down', 'b down']);
  assert.throws(() => apart.setAvailable(false, 2), /no part 2 of 2/);
  calls.length = 0;
  const together = new ShardedDelivery([part('a', calls), part('b', calls)], (app) => app % 2, false);
  assert.equal(together.independentParts, undefined);
  together.setAvailable(false, 1);
  assert.deepEqual(calls, ['a down', 'b down']);
});
