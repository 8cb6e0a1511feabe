import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type FluxSettings, isFlux, readFluxApp, readFluxSetting } from '../../src/import/flux.ts';
import { readManifests } from '../../src/import/manifests.ts';
import { Warnings } from '../../src/import/warnings.ts';
import { FIXTURES, tempDir } from './helpers.ts';

const PROD = join(FIXTURES, 'flux', 'clusters', 'prod');
const APPS = join(PROD, 'apps.yaml');

test('Kustomization and HelmRelease: path, interval, retryInterval, timeout; prune, wait and Helm are warnings', () => {
  const warnings = new Warnings();
  const [podinfo, redis] = readManifests([APPS], warnings).map((o) => readFluxApp(o, warnings));
  assert.deepEqual(
    {
      path: podinfo.path,
      interval: podinfo.interval,
      retryInterval: podinfo.retryInterval,
      timeout: podinfo.timeout,
    },
    {
      path: { value: 'apps/podinfo', from: `${APPS}:10 spec.path` },
      interval: { value: '5m', from: `${APPS}:7 spec.interval` },
      retryInterval: { value: '1m', from: `${APPS}:8 spec.retryInterval` },
      timeout: { value: '3m', from: `${APPS}:9 spec.timeout` },
    },
  );
  assert.deepEqual(
    {
      path: redis.path,
      interval: redis.interval,
      retryInterval: redis.retryInterval,
      timeout: redis.timeout,
    },
    {
      path: { value: 'apps/redis', from: `${APPS}:27 spec.chart.spec.chart` },
      interval: { value: '5m', from: `${APPS}:23 spec.interval` },
      retryInterval: undefined,
      timeout: { value: '4m', from: `${APPS}:24 spec.timeout` },
    },
  );
  assert.deepEqual(
    warnings.list.map((w) => `${w.kind}: ${w.message}`),
    [
      'Kustomization: spec.prune: not modelled (apps do not remove resources)',
      'Kustomization: spec.wait: not modelled (health is not awaited by the controller)',
      'HelmRelease: modelled as a Kustomization with the same interval and timeout (Helm hooks and tests are not)',
    ],
  );
});

test('sources, image automation, Receiver and the kustomize-controller flags', () => {
  const settings: FluxSettings = {};
  const warnings = new Warnings();
  const files = [
    join(PROD, 'flux-system', 'gotk-sync.yaml'),
    join(PROD, 'flux-system', 'kustomize-controller.yaml'),
    join(PROD, 'image-automation.yaml'),
  ];
  for (const o of readManifests(files, warnings)) readFluxSetting(o, settings, warnings);
  const sync = files[0];
  const controller = files[1];
  const images = files[2];
  assert.deepEqual(settings, {
    sourceInterval: [{ value: '2m0s', from: `${sync}:7 spec.interval` }],
    concurrent: { value: 8, from: `${controller}:20 spec.template.spec.containers.0.args.2` },
    scanInterval: [{ value: '2m', from: `${images}:8 spec.interval` }],
    policy: [{ value: 'semver', from: `${images}:19 spec.policy.semver` }],
    commitInterval: [{ value: '15m', from: `${images}:28 spec.interval` }],
    webhook: { value: true, from: `${images}:41 metadata.name (a Receiver, type github)` },
  });
  assert.deepEqual(warnings.list, []);
});

test('only toolkit.fluxcd.io objects are Flux; unreadable intervals and policies are warnings', () => {
  const file = join(tempDir(), 'f.yaml');
  writeFileSync(
    file,
    `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: { name: k }
spec: { interval: every hour, path: ./x }
---
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata: { name: p }
spec: { policy: { calver: {} } }
---
apiVersion: example.com/v1
kind: Kustomization
metadata: { name: other }
`,
  );
  const warnings = new Warnings();
  const [k, p, other] = readManifests([file], warnings);
  assert.deepEqual([isFlux(k), isFlux(p), isFlux(other)], [true, true, false]);
  assert.equal(readFluxApp(k, warnings).interval, undefined);
  const settings: FluxSettings = {};
  readFluxSetting(p, settings, warnings);
  assert.deepEqual(settings, {});
  assert.deepEqual(
    warnings.list.map((w) => w.message),
    [
      'spec.interval "every hour": not a duration; default kept',
      'no spec.policy semver, numerical or alphabetical; skipped',
    ],
  );
});
