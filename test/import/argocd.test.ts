import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type ArgoSettings, cleanPath, readApplication, readArgoConfig } from '../../src/import/argocd.ts';
import { type ManifestObject, readManifests } from '../../src/import/manifests.ts';
import { Warnings } from '../../src/import/warnings.ts';
import { FIXTURES, tempDir } from './helpers.ts';

const DIR = join(FIXTURES, 'argocd', 'argocd');
const APPS = join(DIR, 'applications.yaml');

function read(file: string): ManifestObject[] {
  return readManifests([file], new Warnings());
}

test('Applications: source path, destination, automated sync and self-heal; prune and retry are warnings', () => {
  const warnings = new Warnings();
  const [api, web, project] = read(APPS);
  assert.equal(project.kind, 'AppProject');
  const a = readApplication(api, warnings);
  assert.deepEqual(a.path, { value: 'apps/api', from: `${APPS}:12 spec.source.path` });
  assert.deepEqual(a.destination, {
    value: 'https://kubernetes.default.svc',
    from: `${APPS}:14 spec.destination.server`,
  });
  assert.deepEqual(a.autoSync, { value: true, from: `${APPS}:17 spec.syncPolicy.automated` });
  assert.deepEqual(a.selfHeal, { value: true, from: `${APPS}:19 spec.syncPolicy.automated.selfHeal` });
  const w = readApplication(web, warnings);
  assert.deepEqual(w.path, { value: 'apps/web', from: `${APPS}:37 spec.source.path` });
  assert.deepEqual(
    warnings.list.map((x) => `${x.where}: ${x.message}`),
    [
      `${APPS}:18 shop-api: syncPolicy.automated.prune: not modelled (apps do not remove resources)`,
      `${APPS}:20 shop-api: syncPolicy.retry: not a scenario setting; the model retries like Argo CD's default (5, 5s doubling, 3m cap)`,
    ],
  );
});

test('an Application without automated sync, with several sources and a chart', () => {
  const file = join(tempDir(), 'app.yaml');
  writeFileSync(
    file,
    'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: x }\nspec:\n  sources:\n    - { repoURL: r, chart: redis, targetRevision: 18.1.0 }\n    - { repoURL: r }\n  destination: { name: prod }\n',
  );
  const warnings = new Warnings();
  const a = readApplication(read(file)[0], warnings);
  assert.equal(a.path, undefined);
  assert.deepEqual(a.destination, { value: 'prod', from: `${file}:8 spec.destination.name` });
  assert.deepEqual(a.autoSync, {
    value: false,
    from: `${file}:4 spec.syncPolicy.automated absent (Argo CD default: manual sync)`,
  });
  assert.equal(a.selfHeal.value, false);
  assert.deepEqual(
    warnings.list.map((x) => x.message),
    [
      '2 sources: only the first is mapped to commit paths',
      'spec.sources.0.chart: a Helm chart from a chart repository; its releases are not in Git history',
      "targetRevision 18.1.0: commit history is read from the --git folder's current branch",
    ],
  );
});

test('argocd-cm, argocd-cmd-params-cm and the controller StatefulSet: every setting with its key', () => {
  const settings: ArgoSettings = {};
  const warnings = new Warnings();
  for (const name of ['argocd-cm.yaml', 'argocd-cmd-params-cm.yaml', 'application-controller.yaml']) {
    for (const o of read(join(DIR, name))) readArgoConfig(o, settings, warnings);
  }
  const cm = join(DIR, 'argocd-cm.yaml');
  const params = join(DIR, 'argocd-cmd-params-cm.yaml');
  const sts = join(DIR, 'application-controller.yaml');
  assert.deepEqual(settings, {
    interval: { value: '300s', from: `${cm}:10 data["timeout.reconciliation"]` },
    jitter: { value: '30s', from: `${cm}:11 data["timeout.reconciliation.jitter"]` },
    statusProcessors: { value: 50, from: `${params}:10 data["controller.status.processors"]` },
    operationProcessors: { value: 25, from: `${params}:11 data["controller.operation.processors"]` },
    kubectlParallelism: { value: 40, from: `${params}:12 data["controller.kubectl.parallelism.limit"]` },
    shards: { value: 2, from: `${sts}:7 spec.replicas` },
    qps: { value: 100, from: `${sts}:24 env ARGOCD_K8S_CLIENT_QPS` },
    burst: { value: 200, from: `${sts}:26 env ARGOCD_K8S_CLIENT_BURST` },
  });
  assert.deepEqual(warnings.list, []);
});

test('unusable argocd-cm values keep the default, with a warning', () => {
  const file = join(tempDir(), 'cm.yaml');
  writeFileSync(
    file,
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: argocd-cm }\ndata:\n  timeout.reconciliation: "0"\n  timeout.reconciliation.jitter: soon\n',
  );
  const settings: ArgoSettings = {};
  const warnings = new Warnings();
  readArgoConfig(read(file)[0], settings, warnings);
  assert.deepEqual(settings, {});
  assert.deepEqual(
    warnings.list.map((w) => w.message),
    [
      'timeout.reconciliation: not a duration; default kept',
      'timeout.reconciliation.jitter: not a duration; default kept',
    ],
  );
  writeFileSync(
    file,
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: argocd-cm }\ndata:\n  timeout.reconciliation: 0s\n',
  );
  readArgoConfig(read(file)[0], settings, warnings);
  assert.equal(
    warnings.list[2].message,
    'timeout.reconciliation 0 (no periodic refresh): not modelled; default kept',
  );
});

test('source paths are cleaned to repository-relative folders', () => {
  for (const [given, clean] of [
    ['apps/api', 'apps/api'],
    ['./apps/api/', 'apps/api'],
    ['.', ''],
    ['./', ''],
  ]) {
    assert.equal(cleanPath(given), clean, given);
  }
});
