import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  RollbackError,
  rollbackTarget,
  type SyncAction,
  syncDeployment,
  type TemplatedDeployment,
  type TemplatedReplicaSet,
} from '../../src/model/deploymentSync.ts';
import { type DeploymentLike, type IntOrPercent, maxSurge } from '../../src/model/rollout.ts';

const rolling = (
  templateHash: string,
  replicas: number,
  maxSurge: IntOrPercent = '25%',
  maxUnavailable: IntOrPercent = '25%',
  revisionHistoryLimit = 10,
): TemplatedDeployment => ({
  templateHash,
  replicas,
  strategy: { type: 'RollingUpdate', maxSurge, maxUnavailable },
  revisionHistoryLimit,
});

const recreate = (templateHash: string, replicas: number): TemplatedDeployment => ({
  templateHash,
  replicas,
  strategy: { type: 'Recreate' },
  revisionHistoryLimit: 10,
});

/**
 * A tiny stand-in for the simulation: holds ReplicaSets, applies a sync's
 * actions (scale-downs remove pods at once, unavailable ones first) and can
 * make every pod exist and be available.
 */
class World {
  readonly rss: TemplatedReplicaSet[] = [];
  private seq = 0;

  /** An RS the controller made earlier for `d`, all its pods available. */
  add(templateHash: string, revision: number, replicas: number, d: DeploymentLike): TemplatedReplicaSet {
    const r: TemplatedReplicaSet = {
      id: ++this.seq,
      createdSeq: this.seq,
      templateHash,
      revision,
      replicas,
      pods: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      desiredReplicas: d.replicas,
      maxReplicas: d.replicas + maxSurge(d),
    };
    this.rss.push(r);
    return r;
  }

  byHash(templateHash: string): TemplatedReplicaSet {
    const found = this.rss.find((r) => r.templateHash === templateHash);
    assert.ok(found, `no RS for ${templateHash}`);
    return found;
  }

  apply(actions: readonly SyncAction[]): void {
    for (const a of actions) {
      if (a.kind === 'create') {
        this.rss.push({
          id: ++this.seq,
          createdSeq: this.seq,
          templateHash: a.templateHash,
          revision: a.revision,
          replicas: a.replicas,
          pods: 0,
          readyReplicas: 0,
          availableReplicas: 0,
          desiredReplicas: a.desiredReplicas,
          maxReplicas: a.maxReplicas,
        });
        continue;
      }
      const i = this.rss.findIndex((r) => r.id === a.id);
      const r = this.rss[i];
      if (a.kind === 'delete') this.rss.splice(i, 1);
      else if (a.kind === 'revision') r.revision = a.revision;
      else {
        r.replicas = a.replicas;
        r.desiredReplicas = a.desiredReplicas;
        r.maxReplicas = a.maxReplicas;
        r.pods = Math.min(r.pods, a.replicas);
        r.readyReplicas = Math.min(r.readyReplicas, a.replicas);
        r.availableReplicas = Math.min(r.availableReplicas, a.replicas);
      }
    }
  }

  /** Every RS gets its pods; with `healthy`, they all become available. */
  settle(healthy: (r: TemplatedReplicaSet) => boolean = () => true): void {
    for (const r of this.rss) {
      r.pods = r.replicas;
      if (healthy(r)) {
        r.readyReplicas = r.replicas;
        r.availableReplicas = r.replicas;
      }
    }
  }

  sum(field: 'replicas' | 'pods' | 'availableReplicas'): number {
    let total = 0;
    for (const r of this.rss) total += r[field];
    return total;
  }
}

/** Syncs, applies and settles until a sync has nothing to do; returns (new, old) replicas after each sync. */
function rollOut(
  world: World,
  d: TemplatedDeployment,
  check: () => void = () => {},
  healthy?: (r: TemplatedReplicaSet) => boolean,
): [number, number][] {
  const seen: [number, number][] = [];
  for (let i = 0; i < 50; i++) {
    const decision = syncDeployment(d, world.rss);
    if (decision.actions.length === 0) return seen;
    world.apply(decision.actions);
    const newRS = world.byHash(d.templateHash);
    seen.push([newRS.replicas, world.sum('replicas') - newRS.replicas]);
    check();
    world.settle(healthy);
  }
  throw new Error('rollout did not settle');
}

test('RollingUpdate 10 @ 25%/25%: at least 8 available, at most 13 pods, one step per sync', () => {
  const world = new World();
  world.add('v1', 1, 10, rolling('v1', 10));
  const d = rolling('v2', 10);
  const steps = rollOut(world, d, () => {
    assert.ok(world.sum('availableReplicas') >= 8, 'available >= minAvailable');
    assert.ok(world.sum('replicas') <= 13, 'replicas <= replicas + maxSurge');
  });
  assert.deepEqual(steps, [
    [3, 8], // new RS created at 3 (13 in all); the same sync scales old 10 -> 8 (13 - 8 - 3 unavailable = 2)
    [5, 8], // 3 new available: room for 2 more
    [5, 3], // 5 new available: 13 available - 8 = 5 old go
    [10, 3], // 8 pods: scale up by min(5, 10 - 5)
    [10, 0], // 13 available: the last 3 old go
  ]);
  const done = syncDeployment(d, world.rss);
  assert.deepEqual(done, { actions: [], newRSId: world.byHash('v2').id, complete: true });
  assert.equal(world.byHash('v2').revision, 2);
});

test('the first sync both creates the new RS and scales the old one', () => {
  const world = new World();
  world.add('v1', 1, 10, rolling('v1', 10));
  assert.deepEqual(syncDeployment(rolling('v2', 10), world.rss), {
    actions: [
      { kind: 'create', templateHash: 'v2', replicas: 3, revision: 2, desiredReplicas: 10, maxReplicas: 13 },
      { kind: 'scale', id: 1, replicas: 8, desiredReplicas: 10, maxReplicas: 13 },
    ],
    newRSId: null,
    complete: false,
  });
});

test('a new RS that never becomes available stalls the rollout at 8 available', () => {
  const world = new World();
  world.add('v1', 1, 10, rolling('v1', 10));
  const d = rolling('bad', 10);
  const steps = rollOut(world, d, undefined, (r) => r.templateHash !== 'bad');
  assert.deepEqual(steps, [
    [3, 8],
    [5, 8],
  ]);
  assert.equal(world.sum('availableReplicas'), 8);
  assert.equal(syncDeployment(d, world.rss).complete, false);
});

test('roll-over onto a stalled rollout: the new RS starts at 0, the crash-looping pods go first', () => {
  // Kubernetes' example (rolling.go): 10 replicas, maxSurge 3, maxUnavailable 2, old 8 + failing 5.
  const world = new World();
  const good = world.add('v1', 1, 8, rolling('v1', 10, 3, 2));
  const failing = world.add('v2', 2, 5, rolling('v2', 10, 3, 2));
  failing.availableReplicas = 0;
  failing.readyReplicas = 0;
  assert.deepEqual(syncDeployment(rolling('v3', 10, 3, 2), world.rss).actions, [
    { kind: 'create', templateHash: 'v3', replicas: 0, revision: 3, desiredReplicas: 10, maxReplicas: 13 },
    { kind: 'scale', id: failing.id, replicas: 0, desiredReplicas: 10, maxReplicas: 13 },
  ]);
  assert.equal(good.replicas, 8);
});

test('39%/39% of 10: surge 4, unavailable 3', () => {
  const world = new World();
  world.add('v1', 1, 10, rolling('v1', 10, '39%', '39%'));
  const steps = rollOut(world, rolling('v2', 10, '39%', '39%'), () => {
    assert.ok(world.sum('availableReplicas') >= 7);
    assert.ok(world.sum('replicas') <= 14);
  });
  assert.deepEqual(steps, [
    [4, 7], // 14 pods; old 10 -> 7 (14 - 7 - 4 unavailable = 3)
    [7, 7],
    [7, 0], // 14 available - 7
    [10, 0],
  ]);
});

test('maxSurge 0 and maxUnavailable 0: unavailable 1, one pod at a time', () => {
  const world = new World();
  world.add('v1', 1, 3, rolling('v1', 3, 0, 0));
  const steps = rollOut(world, rolling('v2', 3, 0, 0), () => {
    assert.ok(world.sum('availableReplicas') >= 2);
    assert.ok(world.sum('replicas') <= 3);
  });
  assert.deepEqual(steps, [
    [0, 2],
    [1, 2],
    [1, 1],
    [2, 1],
    [2, 0],
    [3, 0],
  ]);
});

test('an invalid percent string throws', () => {
  const world = new World();
  world.add('v1', 1, 10, rolling('v1', 10));
  assert.throws(() => syncDeployment(rolling('v2', 10, '25', '25%'), world.rss), /IntOrString/);
});

test('a first Deployment: the RS is created at full size within the surge', () => {
  assert.deepEqual(syncDeployment(rolling('v1', 3), []).actions, [
    { kind: 'create', templateHash: 'v1', replicas: 3, revision: 1, desiredReplicas: 3, maxReplicas: 4 },
  ]);
  assert.deepEqual(syncDeployment(recreate('v1', 3), []).actions, [
    { kind: 'create', templateHash: 'v1', replicas: 3, revision: 1, desiredReplicas: 3, maxReplicas: 3 },
  ]);
});

test('scaling during a rollout is proportional: 5 -> 10 with new 2 / old 3 gives 4 / 6', () => {
  // maxSurge 0 so the total is exactly replicas (with surge it would be replicas + maxSurge).
  const at5 = rolling('v1', 5, 0, 1);
  const world = new World();
  const old = world.add('v1', 1, 3, at5);
  const cur = world.add('v2', 2, 2, at5);
  const up = syncDeployment(rolling('v2', 10, 0, 1), world.rss);
  assert.deepEqual(up.actions, [
    { kind: 'scale', id: old.id, replicas: 6, desiredReplicas: 10, maxReplicas: 10 },
    { kind: 'scale', id: cur.id, replicas: 4, desiredReplicas: 10, maxReplicas: 10 },
  ]);
  world.apply(up.actions);
  world.settle();
  // Back down to 5: the same shares.
  const down = syncDeployment(rolling('v2', 5, 0, 1), world.rss);
  assert.deepEqual(
    down.actions.map((a) => (a.kind === 'scale' ? [a.id, a.replicas] : a.kind)),
    [
      [old.id, 3],
      [cur.id, 2],
    ],
  );
});

test('a scaling event with one active RS scales it; a saturated new RS drains stale old ones', () => {
  const world = new World();
  const only = world.add('v1', 1, 3, rolling('v1', 3));
  assert.deepEqual(syncDeployment(rolling('v1', 6), world.rss).actions, [
    { kind: 'scale', id: only.id, replicas: 6, desiredReplicas: 6, maxReplicas: 8 },
  ]);

  const saturated = new World();
  const old = saturated.add('v1', 1, 2, rolling('v1', 3));
  saturated.add('v2', 2, 5, rolling('v2', 5));
  assert.deepEqual(syncDeployment(rolling('v2', 5), saturated.rss).actions, [
    { kind: 'scale', id: old.id, replicas: 0, desiredReplicas: 5, maxReplicas: 7 },
  ]);
});

test('Recreate: old RSs to 0 first, the new one waits for every old pod to go, then gets all replicas', () => {
  const world = new World();
  const old = world.add('v1', 1, 3, recreate('v1', 3));
  const d = recreate('v2', 3);

  const first = syncDeployment(d, world.rss);
  assert.deepEqual(first.actions, [
    { kind: 'scale', id: old.id, replicas: 0, desiredReplicas: 3, maxReplicas: 3 },
  ]);
  world.apply(first.actions);
  old.pods = 2; // still terminating
  old.availableReplicas = 0;
  old.readyReplicas = 0;
  assert.deepEqual(syncDeployment(d, world.rss).actions, [], 'no new RS while old pods exist');

  old.pods = 0;
  const create = syncDeployment(d, world.rss);
  assert.deepEqual(create.actions, [
    { kind: 'create', templateHash: 'v2', replicas: 3, revision: 2, desiredReplicas: 3, maxReplicas: 3 },
  ]);
  world.apply(create.actions);
  world.settle();
  assert.deepEqual(syncDeployment(d, world.rss), {
    actions: [],
    newRSId: world.byHash('v2').id,
    complete: true,
  });
});

test('Recreate back to an existing RS: it stays at 0 while old pods exist, then goes to replicas', () => {
  const world = new World();
  const v1 = world.add('v1', 1, 0, recreate('v1', 3));
  const v2 = world.add('v2', 2, 3, recreate('v2', 3));
  const d = recreate('v1', 3);
  const first = syncDeployment(d, world.rss);
  assert.deepEqual(first.actions, [
    { kind: 'revision', id: v1.id, revision: 3 },
    { kind: 'scale', id: v2.id, replicas: 0, desiredReplicas: 3, maxReplicas: 3 },
  ]);
  world.apply(first.actions);
  v2.pods = 3;
  assert.deepEqual(syncDeployment(d, world.rss).actions, []);
  v2.pods = 0;
  assert.deepEqual(syncDeployment(d, world.rss).actions, [
    { kind: 'scale', id: v1.id, replicas: 3, desiredReplicas: 3, maxReplicas: 3 },
  ]);
});

test('rollback: undo after v1 -> v2 -> v3 reuses v2 RS, which becomes revision 4', () => {
  const world = new World();
  for (const v of ['v1', 'v2', 'v3']) {
    const d = rolling(v, 10);
    rollOut(world, d);
  }
  assert.deepEqual(
    world.rss.map((r) => [r.templateHash, r.revision, r.replicas]),
    [
      ['v1', 1, 0],
      ['v2', 2, 0],
      ['v3', 3, 10],
    ],
  );
  const target = rollbackTarget(world.rss);
  assert.equal(target, 'v2');
  const v2 = world.byHash('v2');
  const first = syncDeployment(rolling(target, 10), world.rss);
  assert.equal(first.newRSId, v2.id);
  assert.deepEqual(first.actions, [
    { kind: 'revision', id: v2.id, revision: 4 },
    { kind: 'scale', id: v2.id, replicas: 3, desiredReplicas: 10, maxReplicas: 13 },
  ]);
  rollOut(world, rolling(target, 10));
  assert.deepEqual(
    world.rss.map((r) => [r.templateHash, r.revision, r.replicas]),
    [
      ['v1', 1, 0],
      ['v2', 4, 10],
      ['v3', 3, 0],
    ],
  );
  // The previous revision is now v3's.
  assert.equal(rollbackTarget(world.rss), 'v3');
});

test('rollbackTarget: --to-revision, and errors when there is no such revision', () => {
  const world = new World();
  world.add('v1', 1, 0, rolling('v1', 3));
  world.add('v2', 2, 0, rolling('v2', 3));
  world.add('v3', 3, 3, rolling('v3', 3));
  assert.equal(rollbackTarget(world.rss, 1), 'v1');
  assert.equal(rollbackTarget(world.rss, 3), 'v3');
  assert.throws(() => rollbackTarget(world.rss, 7), RollbackError);
  assert.throws(() => rollbackTarget(world.rss, -1), RollbackError);
  assert.throws(() => rollbackTarget(world.rss.slice(2)), RollbackError);
  assert.throws(() => rollbackTarget([]), RollbackError);
});

test('revisionHistoryLimit: once complete, the oldest empty RSs beyond the limit are deleted', () => {
  const table: [number, number[]][] = [
    [2, [1, 2, 3]],
    [0, [1, 2, 3, 4, 5]],
    [5, []],
  ];
  for (const [limit, deleted] of table) {
    const d = rolling('v6', 3, '25%', '25%', limit);
    const world = new World();
    // Created out of revision order: deletion follows revisions.
    for (const revision of [2, 1, 3, 4, 5]) world.add(`v${revision}`, revision, 0, d);
    world.add('v6', 6, 3, d);
    const ids = deleted.map((revision) => world.rss.find((r) => r.revision === revision)?.id);
    assert.deepEqual(
      syncDeployment(d, world.rss).actions,
      ids.map((id) => ({ kind: 'delete', id })),
      `limit ${limit}`,
    );
  }
  // Not complete: nothing is deleted.
  const d = rolling('v6', 3, '25%', '25%', 2);
  const busy = new World();
  for (const revision of [1, 2, 3, 4, 5]) busy.add(`v${revision}`, revision, 0, d);
  busy.add('v6', 6, 3, d).availableReplicas = 2;
  assert.deepEqual(syncDeployment(d, busy.rss).actions, []);
});
