import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RolloutRecorder } from '../../src/metrics/rolloutRecorder.ts';
import type { RolloutListener } from '../../src/model/cluster/rolloutController.ts';
import type { CommitListener } from '../../src/model/gitRepo.ts';

test('promotion times, aborts, and Git ahead of the cluster from an abort to the next commit or the horizon', () => {
  let rollout: RolloutListener = () => {};
  let commit: CommitListener = () => {};
  let now = 0;
  // Git names image b for app 0; after t = 50 it names c (a revert that is not applied yet).
  const head = (app: number) => (app === 0 && now < 50 ? 'b' : 'c');
  const recorder = new RolloutRecorder(
    {
      appCount: 2,
      onRollout: (l) => {
        rollout = l;
      },
      spec: () => ({ image: 'b', replicas: 1 }),
    },
    {
      onCommit: (l) => {
        commit = l;
      },
      desiredAt: (app) => ({ image: head(app), replicas: 1, strategy: { type: 'Recreate' } }),
    },
    () => now,
  );
  rollout(0, 'started', 10, 10);
  rollout(0, 'promoted', 30, 10);
  rollout(0, 'started', 35, 35);
  rollout(0, 'aborted', 40, 35);
  now = 50;
  commit({ app: 0, atMs: 50 } as Parameters<CommitListener>[0]);
  // Git already names c when app 1's rollout of b is aborted: Git is not ahead.
  rollout(1, 'started', 55, 55);
  rollout(1, 'aborted', 60, 55);
  rollout(0, 'started', 65, 65);
  rollout(0, 'aborted', 70, 65);
  now = 100;
  assert.deepEqual(recorder.finish(), { started: 4, promotionMs: [20], aborted: 3, gitAheadMs: 10 });
});
