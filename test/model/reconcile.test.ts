import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AppState, describeAction, reconcile, sameState } from '../../src/model/reconcile.ts';

test('reconcile sets the image, then scales one replica per step', () => {
  const desired = { image: 'app@sha256:abc', replicas: 3 };
  const { state, actions } = reconcile(desired, { image: 'app@sha256:old', replicas: 1 });
  assert.deepEqual(actions.map(describeAction), [
    'set image app@sha256:old -> app@sha256:abc',
    'scale up -> 2',
    'scale up -> 3',
  ]);
  assert.deepEqual(state, desired);
});

test('a second reconcile takes no action (idempotent)', () => {
  const desired = { image: 'app@sha256:abc', replicas: 3 };
  const first = reconcile(desired, { image: 'app@sha256:old', replicas: 1 });
  assert.deepEqual(reconcile(desired, first.state).actions, []);
});

test('after someone scales to 5, the next reconcile scales back down (self-healing)', () => {
  const desired = { image: 'app@sha256:abc', replicas: 3 };
  const converged = reconcile(desired, { image: 'app@sha256:old', replicas: 1 }).state;
  const drifted: AppState = { ...converged, replicas: 5 };
  const healed = reconcile(desired, drifted);
  assert.deepEqual(healed.actions.map(describeAction), ['scale down -> 4', 'scale down -> 3']);
  assert.deepEqual(healed.state, desired);
});

test('table: actions for each (desired, actual)', () => {
  const table: { desired: AppState; actual: AppState; actions: string[] }[] = [
    { desired: { image: 'a', replicas: 0 }, actual: { image: 'a', replicas: 2 }, actions: ['scale down -> 1', 'scale down -> 0'] },
    { desired: { image: 'b', replicas: 1 }, actual: { image: 'a', replicas: 1 }, actions: ['set image a -> b'] },
    { desired: { image: 'a', replicas: 1 }, actual: { image: 'a', replicas: 0 }, actions: ['scale up -> 1'] },
    { desired: { image: 'a', replicas: 4 }, actual: { image: 'a', replicas: 4 }, actions: [] },
  ];
  for (const row of table) {
    const { actions, state } = reconcile(row.desired, row.actual);
    assert.deepEqual(actions.map(describeAction), row.actions);
    assert.ok(sameState(state, row.desired));
  }
});

test('reconcile does not mutate its inputs', () => {
  const actual = Object.freeze({ image: 'a', replicas: 1 });
  const desired = Object.freeze({ image: 'b', replicas: 2 });
  reconcile(desired, actual);
  assert.deepEqual(actual, { image: 'a', replicas: 1 });
});
