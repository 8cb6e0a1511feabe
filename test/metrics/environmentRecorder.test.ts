import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EnvironmentRecorder } from '../../src/metrics/environmentRecorder.ts';
import type { Release } from '../../src/model/ciPipeline.ts';
import type { PromotionListeners } from '../../src/model/promotion.ts';

const H = 3_600_000;

function release(app: number, build: number, triggeredMs: number, bad = false): Release {
  return {
    app,
    build,
    repository: `r/app-${app}`,
    tag: `1.0.${build}`,
    digest: `sha256:${app}-${build}`,
    imageRef: `r/app-${app}:1.0.${build}`,
    digestRef: `r/app-${app}@sha256:${app}-${build}`,
    sizeBytes: 1,
    bad,
    badManifest: false,
    detectAfterMs: undefined,
    triggeredMs,
    startedMs: triggeredMs,
    finishedMs: triggeredMs,
  };
}

/** A recorder over two environments, driven by hand: what promotion and the rollbacks would report. */
function recorder() {
  let now = 0;
  let listeners: PromotionListeners = {};
  const foundListeners: ((digest: string) => void)[] = [];
  const rec = new EnvironmentRecorder(
    ['staging', 'production'],
    2,
    { observe: (l) => (listeners = l) },
    [0, 1].map((env) => ({ onFound: (l: (digest: string) => void) => (foundListeners[env] = l) })),
    () => now,
  );
  return {
    rec,
    at: (ms: number) => (now = ms),
    on: () => listeners,
    found: (env: number) => foundListeners[env]('sha256:0-2'),
  };
}

test('lead time counts every change: one reached alone, two reached inside a newer build', () => {
  const r = recorder();
  const [b1, b2, b3] = [release(0, 1, 0), release(0, 2, H, true), release(0, 3, 2 * H)];
  for (const b of [b1, b2, b3]) r.on().committed?.(0, b);
  r.at(H / 2);
  r.on().reached?.(0, b1);
  r.at(3 * H);
  r.on().reached?.(0, b3); // staging: b2 was superseded, b3 holds it
  r.on().passed?.(1, [b1, b2, b3], [3 * H, 2 * H, H], true);
  r.at(5 * H);
  r.on().reached?.(1, b3); // production: one deployment of all three changes
  r.found(0);
  const [staging, production] = r.rec.slice().environments!;
  assert.deepEqual(staging, {
    name: 'staging',
    deployments: 2,
    leadTimesMs: [H / 2, 2 * H, H],
    badReached: 0,
    found: 1,
    gateWaitsMs: [],
    releasesPerApproval: [],
  });
  assert.deepEqual(production, {
    name: 'production',
    deployments: 1,
    leadTimesMs: [5 * H, 4 * H, 3 * H],
    badReached: 0,
    found: 0,
    gateWaitsMs: [3 * H, 2 * H, H],
    releasesPerApproval: [3],
  });
});

test('bad releases that reached an environment are counted there; automatic gates count no approvals', () => {
  const r = recorder();
  const bad = release(1, 1, 0, true);
  r.on().committed?.(0, bad);
  r.on().reached?.(0, bad);
  r.on().passed?.(1, [bad], [0], false);
  r.on().reached?.(1, bad);
  const [staging, production] = r.rec.slice().environments!;
  assert.equal(staging.badReached, 1);
  assert.equal(production.badReached, 1);
  assert.deepEqual(production.releasesPerApproval, []);
  assert.deepEqual(production.gateWaitsMs, [0]);
});
