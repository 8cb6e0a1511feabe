import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cleanupUnhealthyReplicas,
  type DeploymentLike,
  getProportion,
  getReplicaSetFraction,
  getScaledValueFromIntOrPercent,
  type IntOrPercent,
  IntOrPercentError,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  type ReplicaSetLike,
  reconcileOldReplicaSets,
  resolveFenceposts,
  type ScaleAction,
  scaleDownOldReplicaSetsForRollingUpdate,
  scaleProportionally,
} from '../../src/model/rollout.ts';

test('getScaledValueFromIntOrPercent: table', () => {
  const table: [IntOrPercent, number, boolean, number][] = [
    [3, 10, true, 3],
    [3, 10, false, 3],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['39%', 10, true, 4],
    ['39%', 10, false, 3],
    ['0%', 10, true, 0],
    ['100%', 7, false, 7],
    ['150%', 4, true, 6],
    ['25%', 0, true, 0],
    ['007%', 100, true, 7],
    ['-10%', 25, true, -2],
    ['-10%', 25, false, -3],
    ['-0%', 10, true, -0],
    // 15 digits are summed exactly; more are read as Number reads them.
    ['999999999999999%', 100, false, 999999999999999],
    ['12345678901234567890%', 100, false, Math.floor(Number('12345678901234567890'))],
  ];
  for (const [value, total, roundUp, expected] of table) {
    assert.equal(
      getScaledValueFromIntOrPercent(value, total, roundUp),
      expected,
      `${value} of ${total} ${roundUp}`,
    );
  }
});

test('a percent string without % is an error, as in Kubernetes', () => {
  for (const bad of ['25', '25 %', 'abc', '%', '', '-%', '+5%', '2.5%', '5%%', ' 5%', '\u0663%']) {
    assert.throws(() => getScaledValueFromIntOrPercent(bad, 10, true), IntOrPercentError);
  }
  assert.throws(() => getScaledValueFromIntOrPercent(2.5, 10, true), IntOrPercentError);
});

test('resolveFenceposts: surge rounds up, unavailable down; both zero gives unavailable 1', () => {
  const table: [
    IntOrPercent | undefined,
    IntOrPercent | undefined,
    number,
    { surge: number; unavailable: number },
  ][] = [
    ['25%', '25%', 10, { surge: 3, unavailable: 2 }],
    ['39%', '39%', 10, { surge: 4, unavailable: 3 }],
    [0, 0, 10, { surge: 0, unavailable: 1 }],
    ['0%', '0%', 10, { surge: 0, unavailable: 1 }],
    ['25%', '25%', 1, { surge: 1, unavailable: 0 }],
    [undefined, undefined, 5, { surge: 0, unavailable: 1 }],
    [1, 0, 3, { surge: 1, unavailable: 0 }],
  ];
  for (const [surge, unavailable, desired, expected] of table) {
    assert.deepEqual(
      resolveFenceposts(surge, unavailable, desired),
      expected,
      `${surge}/${unavailable} of ${desired}`,
    );
  }
  assert.throws(() => resolveFenceposts('25', '25%', 10), IntOrPercentError);
});

const rolling = (replicas: number, maxSurge: IntOrPercent, maxUnavailable: IntOrPercent): DeploymentLike => ({
  replicas,
  strategy: { type: 'RollingUpdate', maxSurge, maxUnavailable },
  revisionHistoryLimit: 10,
});

const recreate = (replicas: number): DeploymentLike => ({
  replicas,
  strategy: { type: 'Recreate' },
  revisionHistoryLimit: 10,
});

/** An RS whose pods all exist; `available` of them are available (all by default). */
function rs(
  id: number,
  replicas: number,
  available = replicas,
  extra: Partial<ReplicaSetLike> = {},
): ReplicaSetLike {
  return {
    id,
    revision: id,
    createdSeq: id,
    replicas,
    pods: replicas,
    readyReplicas: available,
    availableReplicas: available,
    ...extra,
  };
}

/** spec.replicas per RS id after the actions. */
function sizes(rss: readonly ReplicaSetLike[], actions: readonly ScaleAction[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of rss) out[r.id] = r.replicas;
  for (const a of actions) out[a.id] = a.replicas;
  return out;
}

test('maxSurge, maxUnavailable, minAvailable', () => {
  const table: [string, DeploymentLike, number, number, number][] = [
    ['10 @ 25%/25%', rolling(10, '25%', '25%'), 3, 2, 8],
    ['10 @ 39%/39%', rolling(10, '39%', '39%'), 4, 3, 7],
    ['both zero: unavailable 1', rolling(10, 0, 0), 0, 1, 9],
    ['both 0%: unavailable 1', rolling(10, '0%', '0%'), 0, 1, 9],
    ['replicas 0', rolling(0, '25%', '25%'), 0, 0, 0],
    ['unavailable clamped to replicas', rolling(10, 1, 20), 1, 10, 0],
    ['surge may exceed 100%', rolling(4, '150%', 0), 6, 0, 4],
    ['Recreate', recreate(5), 0, 0, 5],
  ];
  for (const [name, d, surge, unavailable, min] of table) {
    assert.equal(maxSurge(d), surge, `${name}: surge`);
    assert.equal(maxUnavailable(d), unavailable, `${name}: unavailable`);
    assert.equal(minAvailable(d), min, `${name}: minAvailable`);
  }
  assert.throws(() => maxSurge(rolling(10, '25', '25%')), IntOrPercentError);
  assert.throws(() => maxUnavailable(rolling(10, '25%', '25')), IntOrPercentError);
});

test('newRSNewReplicas: scale-up step', () => {
  const table: [string, DeploymentLike, number, number, number][] = [
    // name, deployment, new replicas, old replicas, expected new target
    ['first step', rolling(10, '25%', '25%'), 0, 10, 3],
    ['room for 2', rolling(10, '25%', '25%'), 3, 8, 5],
    ['at max total', rolling(10, '25%', '25%'), 5, 8, 5],
    ['capped at replicas', rolling(10, '25%', '25%'), 5, 3, 10],
    ['over max total', rolling(10, '25%', '25%'), 2, 12, 2],
    ['50% surge', rolling(10, '50%', 0), 2, 1, 10],
    ['surge straight from maxSurge: both zero gives no surge', rolling(10, 0, 0), 0, 10, 0],
    ['Recreate: all at once', recreate(4), 0, 0, 4],
  ];
  for (const [name, d, newReplicas, oldReplicas, expected] of table) {
    const newRS = rs(2, newReplicas);
    assert.equal(newRSNewReplicas(d, [rs(1, oldReplicas), newRS], newRS), expected, name);
  }
});

test('cleanupUnhealthyReplicas: unavailable old pods first, oldest RS first, up to the budget', () => {
  const d = rolling(10, '25%', '25%');
  const older = rs(1, 3, 1);
  const newer = rs(2, 4, 2);
  const table: [number, number, Record<number, number>][] = [
    [3, 3, { 1: 1, 2: 3 }],
    [2, 2, { 1: 1, 2: 4 }],
    [10, 4, { 1: 1, 2: 2 }],
    [0, 0, { 1: 3, 2: 4 }],
  ];
  for (const [budget, count, expected] of table) {
    const actions: ScaleAction[] = [];
    // Given newest first: the function orders by creation itself.
    assert.equal(cleanupUnhealthyReplicas([newer, older], d, budget, actions), count, `budget ${budget}`);
    assert.deepEqual(sizes([older, newer], actions), expected, `budget ${budget}`);
  }
  const healthy: ScaleAction[] = [];
  assert.equal(cleanupUnhealthyReplicas([rs(1, 0), rs(2, 5)], d, 5, healthy), 0);
  assert.deepEqual(healthy, []);
});

test('scaleDownOldReplicaSetsForRollingUpdate: available above minAvailable goes, oldest first', () => {
  const d = rolling(10, '25%', '25%');
  const newRS = rs(3, 5);
  const a = rs(1, 3);
  const b = rs(2, 5);
  const actions: ScaleAction[] = [];
  assert.equal(scaleDownOldReplicaSetsForRollingUpdate([a, b, newRS], [b, a], d, actions), 5);
  assert.deepEqual(sizes([a, b], actions), { 1: 0, 2: 3 });
  assert.deepEqual(actions[0], { kind: 'scale', id: 1, replicas: 0, desiredReplicas: 10, maxReplicas: 13 });
  // 8 available = minAvailable: nothing.
  assert.equal(scaleDownOldReplicaSetsForRollingUpdate([rs(1, 8), rs(2, 5, 0)], [rs(1, 8)], d), 0);
});

test('reconcileOldReplicaSets: the budget counts the new RS unavailable pods', () => {
  // Kubernetes' own examples (rolling.go): 10 replicas, maxSurge 3, maxUnavailable 2.
  const d = rolling(10, 3, 2);
  const table: [string, ReplicaSetLike[], ReplicaSetLike, number, Record<number, number>][] = [
    ['first step: old 10 -> 8', [rs(1, 10)], rs(2, 3, 0), 2, { 1: 8, 2: 3 }],
    ['new RS crash-loops: no scale-down', [rs(1, 8)], rs(2, 5, 0), 0, { 1: 8, 2: 5 }],
    ['and an old pod fails: still none', [rs(1, 8, 7)], rs(2, 5, 0), 0, { 1: 8, 2: 5 }],
    // Rolled back to the good RS (8, one unavailable): 13 - 8 - 1 = 4 crash-looping pods go.
    ['rollback: unhealthy pods first', [rs(2, 5, 0)], rs(1, 8, 7), 4, { 1: 8, 2: 1 }],
    ['new pods available: old 8 -> 3', [rs(1, 8)], rs(2, 5), 5, { 1: 3, 2: 5 }],
    ['no old replicas', [rs(1, 0)], rs(2, 10), 0, { 1: 0, 2: 10 }],
  ];
  for (const [name, oldRSs, newRS, count, expected] of table) {
    const actions: ScaleAction[] = [];
    assert.equal(reconcileOldReplicaSets([...oldRSs, newRS], oldRSs, newRS, d, actions), count, name);
    assert.deepEqual(sizes([...oldRSs, newRS], actions), expected, name);
    assert.ok(new Set(actions.map((a) => a.id)).size === actions.length, `${name}: one scale per RS`);
  }
});

test('getReplicaSetFraction and getProportion', () => {
  const d = rolling(10, 0, 1);
  // 3 of a 5-replica Deployment grows to 6 of 10.
  assert.equal(getReplicaSetFraction(rs(1, 3, 3, { maxReplicas: 5 }), d, 5), 3);
  // No annotation: the Deployment's status.replicas is the base.
  assert.equal(getReplicaSetFraction(rs(1, 3), d, 5), 3);
  assert.equal(getReplicaSetFraction(rs(1, 3, 3, { maxReplicas: 0 }), d, 5), 0);
  assert.equal(getReplicaSetFraction(rs(1, 3), rolling(0, 0, 1), 5), -3);
  // Capped by what is left to add or remove.
  assert.equal(getProportion(rs(1, 3, 3, { maxReplicas: 5 }), d, 5, 0, 5), 3);
  assert.equal(getProportion(rs(1, 3, 3, { maxReplicas: 5 }), d, 5, 4, 5), 1);
  assert.equal(getProportion(rs(1, 6, 6, { maxReplicas: 10 }), rolling(5, 0, 1), -5, -4, 10), -1);
  assert.equal(getProportion(rs(1, 0), d, 5, 0, 5), 0);
  assert.equal(getProportion(rs(1, 3), d, 5, 5, 5), 0);
});

test('scaleProportionally: by size, largest first, leftover to the first', () => {
  const ann = (desired: number, max: number) => ({ desiredReplicas: desired, maxReplicas: max });
  const table: [string, DeploymentLike, ReplicaSetLike[], Record<number, number>][] = [
    // id 1 is the older RS, id 2 the newer (the new one in a rollout).
    [
      '5 -> 10: 2 new / 3 old -> 4 / 6',
      rolling(10, 0, 1),
      [rs(1, 3, 3, ann(5, 5)), rs(2, 2, 2, ann(5, 5))],
      { 1: 6, 2: 4 },
    ],
    [
      '10 -> 5: 4 new / 6 old -> 2 / 3',
      rolling(5, 0, 1),
      [rs(1, 6, 6, ann(10, 10)), rs(2, 4, 4, ann(10, 10))],
      { 1: 3, 2: 2 },
    ],
    [
      'tie scaling up: newer first',
      rolling(9, 0, 1),
      [rs(1, 3, 3, ann(6, 6)), rs(2, 3, 3, ann(6, 6))],
      { 1: 4, 2: 5 },
    ],
    [
      'tie scaling down: older first',
      rolling(3, 0, 1),
      [rs(1, 3, 3, ann(6, 6)), rs(2, 3, 3, ann(6, 6))],
      { 1: 1, 2: 2 },
    ],
    // The Kubernetes docs example: 10 -> 15 with maxSurge 3, 8 old / 5 new: 3 more old, 2 more new.
    [
      'docs: 10 -> 15',
      rolling(15, 3, 2),
      [rs(1, 8, 8, ann(10, 13)), rs(2, 5, 0, ann(10, 13))],
      { 1: 11, 2: 7 },
    ],
    // With surge the total goes to replicas + maxSurge (13), leftover to the largest.
    [
      '5 -> 10 at 25%',
      rolling(10, '25%', '25%'),
      [rs(1, 3, 3, ann(5, 7)), rs(2, 2, 2, ann(5, 7))],
      { 1: 9, 2: 4 },
    ],
    ['no annotations: status.replicas is the base', rolling(10, 0, 1), [rs(1, 3), rs(2, 2)], { 1: 6, 2: 4 }],
    ['to zero', rolling(0, 0, 1), [rs(1, 3, 3, ann(5, 5)), rs(2, 2, 2, ann(5, 5))], { 1: 0, 2: 0 }],
    [
      'inactive RS untouched',
      rolling(10, 0, 1),
      [rs(1, 0), rs(2, 3, 3, ann(5, 5)), rs(3, 2, 2, ann(5, 5))],
      { 1: 0, 2: 6, 3: 4 },
    ],
  ];
  for (const [name, d, rss, expected] of table) {
    const actions = scaleProportionally(d, rss);
    assert.deepEqual(sizes(rss, actions), expected, name);
    for (const a of actions) {
      assert.equal(a.desiredReplicas, d.replicas, `${name}: desired annotation`);
      assert.equal(a.maxReplicas, d.replicas + maxSurge(d), `${name}: max annotation`);
    }
  }
  // Same size, stale annotations: only the annotations are written.
  assert.deepEqual(scaleProportionally(rolling(5, 0, 1), [rs(1, 3, 3, ann(4, 4)), rs(2, 2, 2, ann(5, 5))]), [
    { kind: 'scale', id: 1, replicas: 3, desiredReplicas: 5, maxReplicas: 5 },
  ]);
});
