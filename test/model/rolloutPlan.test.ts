/** Table tests of the progressive delivery policy (src/model/rolloutPlan.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  advance,
  basicCanarySplit,
  canaryTrafficShare,
  DEFAULT_MANUAL_PROMOTION_MS,
  HEALTHY,
  measure,
  type ProgressiveStrategy,
  type RolloutState,
  replicaTargets,
  rolloutPlan,
  startRollout,
} from '../../src/model/rolloutPlan.ts';

const CANARY: ProgressiveStrategy = {
  type: 'Canary',
  steps: [{ setWeight: 20 }, { pauseMs: 60_000 }, { setWeight: 50 }, { pauseMs: null }],
  trafficRouting: false,
  analysis: { intervalMs: 30_000, failureLimit: 1 },
};
const ROUTED: ProgressiveStrategy = { ...CANARY, trafficRouting: true };
const BLUE_GREEN: ProgressiveStrategy = {
  type: 'BlueGreen',
  scaleDownDelayMs: 30_000,
  autoPromotionMs: 0,
  prePromotionAnalysis: { intervalMs: 20_000, failureLimit: 2 },
};
const FLAGGER: ProgressiveStrategy = {
  type: 'Flagger',
  intervalMs: 60_000,
  stepWeight: 20,
  maxWeight: 50,
  threshold: 3,
};

describe('rolloutPlan', () => {
  const table: [string, ProgressiveStrategy, ReturnType<typeof rolloutPlan>][] = [
    [
      'canary: a pause without duration waits for the manual promotion default',
      CANARY,
      {
        steps: [
          { kind: 'weight', weight: 20 },
          { kind: 'pause', ms: 60_000 },
          { kind: 'weight', weight: 50 },
          { kind: 'pause', ms: DEFAULT_MANUAL_PROMOTION_MS },
        ],
        analysis: { intervalMs: 30_000, failureLimit: 1 },
        trafficRouting: false,
        preview: false,
        flagger: false,
        scaleDownDelayMs: 0,
      },
    ],
    [
      'flagger: stepWeight up to maxWeight, one interval each; threshold failures abort',
      FLAGGER,
      {
        steps: [
          { kind: 'weight', weight: 20 },
          { kind: 'pause', ms: 60_000 },
          { kind: 'weight', weight: 40 },
          { kind: 'pause', ms: 60_000 },
          { kind: 'weight', weight: 50 },
          { kind: 'pause', ms: 60_000 },
        ],
        analysis: { intervalMs: 60_000, failureLimit: 2 },
        trafficRouting: true,
        preview: false,
        flagger: true,
        scaleDownDelayMs: 0,
      },
    ],
    [
      'blue-green: the switch waits for failureLimit + 1 measurements',
      BLUE_GREEN,
      {
        steps: [{ kind: 'pause', ms: 60_000 }],
        analysis: { intervalMs: 20_000, failureLimit: 2 },
        trafficRouting: true,
        preview: true,
        flagger: false,
        scaleDownDelayMs: 30_000,
      },
    ],
  ];
  for (const [name, strategy, plan] of table) test(name, () => assert.deepEqual(rolloutPlan(strategy), plan));
});

describe('replicaTargets of 10 replicas', () => {
  const at = (weight: number, phase: RolloutState['phase'] = 'Progressing'): RolloutState => ({
    ...startRollout(),
    phase,
    weight,
  });
  const table: [string, ProgressiveStrategy, RolloutState, number, number][] = [
    ['no router, 20%: weights are replica counts', CANARY, at(20), 8, 2],
    ['no router, 25%: the nearest split, 3 of 11 pods (a surge pod)', CANARY, at(25), 8, 3],
    ['no router, 14%: the nearest split, 1 of 10', CANARY, at(14), 9, 1],
    ['flagger, 20%: the canary at full size from the start, the primary full', FLAGGER, at(20), 10, 10],
    ['router, 20%: the stable stays full', ROUTED, at(20), 10, 2],
    ['router, promoting: the canary at full size', ROUTED, at(50, 'Promoting'), 10, 10],
    ['blue-green preview: full size from the start', BLUE_GREEN, at(0), 10, 10],
    ['aborted: the stable back to full, no canary', CANARY, { ...HEALTHY, phase: 'Degraded' }, 10, 0],
  ];
  for (const [name, strategy, state, stable, canary] of table) {
    test(name, () =>
      assert.deepEqual(replicaTargets(rolloutPlan(strategy), state, 10), {
        stableTarget: stable,
        canaryTarget: canary,
      }),
    );
  }
});

describe('advance', () => {
  const plan = rolloutPlan(CANARY);
  test('a weight step waits for the canary pods to be available, the router on the weight before', () => {
    const { state } = advance(plan, startRollout(), 10, { nowMs: 0, canaryAvailable: 0, canaryTarget: 0 });
    assert.deepEqual(state, {
      phase: 'Progressing',
      step: 0,
      weight: 20,
      servedWeight: 0,
      pauseUntilMs: null,
      failures: 0,
    });
  });
  test('then the pause starts, and ends at its time', () => {
    const paused = advance(plan, { ...startRollout(), weight: 20 }, 10, {
      nowMs: 5000,
      canaryAvailable: 2,
      canaryTarget: 2,
    });
    assert.deepEqual(paused.state, {
      phase: 'Progressing',
      step: 1,
      weight: 20,
      servedWeight: 20,
      pauseUntilMs: 65_000,
      failures: 0,
    });
    const still = advance(plan, paused.state, 10, { nowMs: 64_999, canaryAvailable: 2, canaryTarget: 2 });
    assert.equal(still.state.step, 1);
    const next = advance(plan, paused.state, 10, { nowMs: 65_000, canaryAvailable: 2, canaryTarget: 2 });
    // The next weight's pods are not there yet: the router keeps the last one.
    assert.deepEqual(next.state, {
      phase: 'Progressing',
      step: 2,
      weight: 50,
      servedWeight: 20,
      pauseUntilMs: null,
      failures: 0,
    });
  });
  test('after the last step: promoting, promoted once the canary is all available', () => {
    const last: RolloutState = {
      phase: 'Progressing',
      step: 4,
      weight: 50,
      servedWeight: 50,
      pauseUntilMs: null,
      failures: 1,
    };
    const promoting = advance(plan, last, 10, { nowMs: 0, canaryAvailable: 5, canaryTarget: 5 });
    assert.deepEqual(promoting, { state: { ...last, phase: 'Promoting' }, promoted: false });
    const done = advance(plan, promoting.state, 10, { nowMs: 0, canaryAvailable: 10, canaryTarget: 10 });
    assert.deepEqual(done, { state: HEALTHY, promoted: true });
  });
});

describe('basicCanarySplit: Argo Rollouts without a router', () => {
  // [replicas, weight, canary, stable]: cases of argo-rollouts' own tests and comments (utils/replicaset/canary.go).
  const table: [number, number, number, number][] = [
    [10, 20, 2, 8],
    [10, 25, 3, 8],
    [10, 14, 1, 9],
    [4, 10, 1, 4],
    [1, 5, 1, 1],
    [1, 95, 1, 1],
    [3, 50, 2, 2],
    [10, 0, 0, 10],
    [10, 100, 10, 0],
    [0, 50, 0, 0],
  ];
  for (const [replicas, weight, canary, stable] of table) {
    test(`${replicas} replicas at ${weight}%: ${canary} canary, ${stable} stable`, () =>
      assert.deepEqual(basicCanarySplit(replicas, weight), { canary, stable }));
  }
});

describe('measure and traffic', () => {
  const plan = rolloutPlan(CANARY);
  test('failureLimit failures are tolerated, one more aborts', () => {
    const once = measure(plan, startRollout(), true);
    assert.equal(once.failures, 1);
    assert.equal(once.phase, 'Progressing');
    assert.equal(measure(plan, once, false), once);
    assert.equal(measure(plan, once, true).phase, 'Degraded');
  });
  test('flagger: a failed check holds the weight for another interval; argo rollouts steps on', () => {
    const paused = { ...startRollout(), weight: 20, step: 1, pauseUntilMs: 120_000 };
    const flagger = measure(rolloutPlan(FLAGGER), paused, true);
    assert.deepEqual([flagger.failures, flagger.pauseUntilMs], [1, 180_000]);
    const argo = measure(rolloutPlan(ROUTED), paused, true);
    assert.deepEqual([argo.failures, argo.pauseUntilMs], [1, 120_000]);
  });
  test('the canary share: by Ready pods without a router, the weight with one, none for a preview', () => {
    const state = { ...startRollout(), weight: 50, servedWeight: 20 };
    assert.equal(canaryTrafficShare(plan, state), null);
    assert.equal(canaryTrafficShare(rolloutPlan(ROUTED), state), 0.2);
    assert.equal(canaryTrafficShare(rolloutPlan(BLUE_GREEN), state), 0);
  });
});
