import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readManifests } from '../../src/import/manifests.ts';
import { readFlaggerCanary, readRolloutStrategy } from '../../src/import/rollouts.ts';
import { Warnings } from '../../src/import/warnings.ts';
import { FIXTURES, tempDir } from './helpers.ts';

const ROLLOUTS = join(FIXTURES, 'rollouts', 'rollouts.yaml');

test('an Argo Rollouts canary: steps, traffic routing, background analysis; an analysis step is a warning', () => {
  const warnings = new Warnings();
  const [checkout] = readManifests([ROLLOUTS], warnings);
  assert.deepEqual(readRolloutStrategy(checkout, warnings), {
    value: {
      type: 'Canary',
      steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }, { setWeight: 50 }, { pause: {} }],
      trafficRouting: true,
      analysis: {},
    },
    from: `${ROLLOUTS}:17 spec.strategy.canary`,
  });
  assert.deepEqual(
    warnings.list.map((w) => `${w.where}: ${w.message}`),
    [`${ROLLOUTS}:30 checkout: canary step analysis: not modelled; skipped`],
  );
});

test('an Argo Rollouts blue-green: scale-down delay, auto-promotion, pre-promotion analysis', () => {
  const warnings = new Warnings();
  const payments = readManifests([ROLLOUTS], warnings)[1];
  assert.deepEqual(readRolloutStrategy(payments, warnings), {
    value: { type: 'BlueGreen', scaleDownDelay: '60s', autoPromotion: '120s', prePromotionAnalysis: {} },
    from: `${ROLLOUTS}:51 spec.strategy.blueGreen`,
  });
  assert.deepEqual(warnings.list, []);
});

test('pause durations in seconds, promotion by hand, and a Rollout without a strategy', () => {
  const file = join(tempDir(), 'r.yaml');
  writeFileSync(
    file,
    `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: a }
spec: { strategy: { canary: { steps: [{ pause: { duration: 30 } }, { pause: { duration: "45" } }] } } }
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: b }
spec: { strategy: { blueGreen: { autoPromotionEnabled: false } } }
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: c }
spec: {}
`,
  );
  const warnings = new Warnings();
  const [a, b, c] = readManifests([file], warnings).map((o) => readRolloutStrategy(o, warnings)?.value);
  assert.deepEqual(a, {
    type: 'Canary',
    steps: [{ pause: { duration: '30s' } }, { pause: { duration: '45s' } }],
    trafficRouting: false,
  });
  assert.deepEqual(b, { type: 'BlueGreen', autoPromotion: '10m' });
  assert.equal(c, undefined);
  assert.deepEqual(
    warnings.list.map((w) => w.message),
    [
      'blueGreen.autoPromotionEnabled false: promoted by a person; modelled as autoPromotion 10m',
      'no spec.strategy.canary or blueGreen; strategy not mapped',
    ],
  );
});

test('a Flagger Canary: its target and analysis', () => {
  const file = join(FIXTURES, 'flux', 'apps', 'podinfo', 'canary.yaml');
  const warnings = new Warnings();
  const [canary] = readManifests([file], warnings);
  assert.deepEqual(readFlaggerCanary(canary, warnings), {
    target: 'podinfo',
    strategy: {
      value: { type: 'Flagger', interval: '30s', stepWeight: 20, maxWeight: 60, threshold: 3 },
      from: `${file}:13 spec.analysis`,
    },
  });
  assert.deepEqual(warnings.list, []);
});
