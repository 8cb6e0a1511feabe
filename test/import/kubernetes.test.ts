import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readWorkload } from '../../src/import/kubernetes.ts';
import { type ManifestObject, readManifests } from '../../src/import/manifests.ts';
import { Warnings } from '../../src/import/warnings.ts';
import { FIXTURES, tempDir } from './helpers.ts';

function objectsIn(text: string): ManifestObject[] {
  const file = join(tempDir(), 'm.yaml');
  writeFileSync(file, text);
  return readManifests([file], new Warnings());
}

test('a Deployment: replicas, strategy, image by digest, the three apps/v1 settings, each from its line', () => {
  const warnings = new Warnings();
  const file = join(FIXTURES, 'argocd', 'apps', 'api', 'deployment.yaml');
  const deployment = readManifests([file], warnings).find((o) => o.kind === 'Deployment')!;
  const w = readWorkload(deployment, warnings);
  assert.deepEqual(w.replicas, { value: 3, from: `${file}:15 spec.replicas` });
  assert.deepEqual(w.strategy, {
    value: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
    from: `${file}:19 spec.strategy`,
  });
  assert.deepEqual(w.minReadySeconds, { value: 5, from: `${file}:16 spec.minReadySeconds` });
  assert.deepEqual(w.progressDeadlineSeconds, {
    value: 300,
    from: `${file}:17 spec.progressDeadlineSeconds`,
  });
  assert.deepEqual(w.revisionHistoryLimit, { value: 5, from: `${file}:18 spec.revisionHistoryLimit` });
  assert.deepEqual(w.images, [
    {
      value: {
        repository: 'registry.example.com/shop/api',
        digest: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      },
      from: `${file}:32 spec.template.spec.containers.0.image`,
    },
  ]);
  assert.deepEqual(warnings.list, []);
});

test('Recreate, absent fields, and what cannot be mapped', () => {
  const [o] = objectsIn(`apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  strategy: { type: Recreate }
  template:
    spec:
      initContainers: [{ name: init, image: busybox }]
      containers:
        - { name: a, image: "registry.example/a:latest", imagePullPolicy: IfNotPresent }
        - { name: b, image: "Not An Image!" }
`);
  const warnings = new Warnings();
  const w = readWorkload(o, warnings);
  assert.deepEqual(w.strategy?.value, { type: 'Recreate' });
  assert.equal(w.replicas, undefined);
  assert.deepEqual(
    w.images.map((i) => i.value),
    [{ repository: 'registry.example/a', tag: 'latest' }],
  );
  assert.deepEqual(
    warnings.list.map((x) => x.message),
    [
      'initContainers: not modelled',
      '2 containers: the model builds one image per app (the first)',
      'imagePullPolicy IfNotPresent: not a scenario setting; the model uses the API server default for the reference (Always)',
      'spec.template.spec.containers.1.image "Not An Image!" is not an image reference; skipped',
    ],
  );
});

test('StatefulSet and DaemonSet become one-pod-at-a-time rolling updates, with a warning', () => {
  const rows: readonly [string, string, unknown][] = [
    ['StatefulSet', '', { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 }],
    [
      'StatefulSet',
      'updateStrategy: { rollingUpdate: { maxUnavailable: 2 } }',
      { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 2 },
    ],
    ['DaemonSet', '', { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 }],
    [
      'DaemonSet',
      'updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }',
      { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
    ],
  ];
  for (const [kind, extra, strategy] of rows) {
    const [o] = objectsIn(
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata: { name: s }\nspec:\n  replicas: 2\n  ${extra}\n`,
    );
    const warnings = new Warnings();
    const w = readWorkload(o, warnings);
    assert.deepEqual(w.strategy?.value, strategy, `${kind} ${extra}`);
    assert.equal(w.replicas?.value, kind === 'DaemonSet' ? undefined : 2);
    assert.equal(warnings.list.length, 1);
    assert.match(warnings.list[0].message, /^modelled as a Deployment/);
  }
});

test('replicas past the scenario limit: a warning, the default kept (the cluster is sized from the replicas)', () => {
  const [o] = objectsIn(`apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  replicas: 100000
  template: { spec: { containers: [{ name: a, image: "registry.example/a:1" }] } }
`);
  const warnings = new Warnings();
  const w = readWorkload(o, warnings);
  assert.equal(w.replicas, undefined);
  assert.deepEqual(
    warnings.list.map((x) => x.message),
    ["spec.replicas 100000: more than the scenario's 10000; default kept"],
  );
});
