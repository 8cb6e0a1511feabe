import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ImportError } from '../../src/import/errors.ts';
import { readGitHistory } from '../../src/import/gitHistory.ts';
import { readManifests } from '../../src/import/manifests.ts';
import { buildDraft, type DraftOptions } from '../../src/import/scenarioDraft.ts';
import { Warnings } from '../../src/import/warnings.ts';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';
import { FIXTURES, makeRepo, tempDir } from './helpers.ts';

const OPTIONS: DraftOptions = { name: 'imported', paths: ['x'], commits: 'replay', csvName: 's.commits.csv' };

function draftOf(paths: readonly string[], options: Partial<DraftOptions> = {}) {
  const warnings = new Warnings();
  const draft = buildDraft(readManifests(paths, warnings), { ...OPTIONS, paths, ...options }, warnings);
  return { ...draft, warnings };
}

/** The line of the scenario text that sets `key: value`. */
function line(text: string, keyValue: string): string {
  const found = text
    .split('\n')
    .find((l) => l.trimStart().startsWith(`${keyValue} `) || l.trimStart().startsWith(`- ${keyValue} `));
  assert.ok(found !== undefined, `no line ${keyValue}`);
  return found;
}

test('an Argo CD setup: every mapped value, each with its source', () => {
  const { text, csv, warnings } = draftOf([join(FIXTURES, 'argocd')]);
  assert.equal(csv, undefined);
  const s = loadScenarioText(text, 'imported.yaml');
  assert.deepEqual(
    { count: s.apps.count, replicas: s.apps.replicas, image: s.apps.image, strategy: s.apps.strategy },
    {
      count: 2,
      replicas: 3,
      image: 'registry.example.com/shop/api',
      strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
    },
  );
  assert.deepEqual(
    [s.apps.minReadySeconds, s.apps.revisionHistoryLimit, s.apps.progressDeadlineSeconds],
    [5, 5, 300],
  );
  assert.deepEqual([s.cluster.count, s.cluster.nodes], [1, 3]);
  assert.deepEqual(
    s.variants.map((v) => [v.name, v.delivery.type, v.imageRef]),
    [
      ['argocd', 'pull', 'digest'],
      ['push (added)', 'push', 'digest'],
    ],
  );
  const argo = s.variants[0].delivery;
  assert.ok(argo.type === 'pull' && argo.profile === 'argocd');
  assert.deepEqual(
    [
      argo.intervalMs,
      argo.jitterMs,
      argo.autoSync,
      argo.selfHeal,
      argo.statusProcessors,
      argo.operationProcessors,
      argo.kubectlParallelism,
      argo.qps,
      argo.burst,
      argo.shards,
      argo.resourcesPerApp,
    ],
    [300_000, 30_000, true, true, 50, 25, 40, 100, 200, 2, 3],
  );
  const cm = join(FIXTURES, 'argocd', 'argocd', 'argocd-cm.yaml');
  assert.match(line(text, 'interval: 300s'), new RegExp(`# ${cm}:10 data\\["timeout.reconciliation"\\]$`));
  assert.match(line(text, 'replicas: 3'), /deployment\.yaml:15 spec\.replicas$/);
  assert.match(line(text, 'seed: 1'), /# default \(DEFAULT_SEED\)$/);
  assert.match(
    line(text, 'every: exp(4h)'),
    /# default \(DEFAULT_COMMIT_EVERY; pass --git to read the history\)$/,
  );
  // Every value line has a comment.
  for (const l of text.split('\n').filter((x) => x !== '' && !x.startsWith('#') && !x.endsWith(':')))
    assert.match(l, / # \S/, l);
  assert.deepEqual(
    [...warnings.byKind()].map(([kind, list]) => `${kind} ${list.length}`),
    ['(not Kubernetes) 1', 'AppProject 1', 'Application 2', 'HorizontalPodAutoscaler 1'],
  );
  assert.match(
    text,
    /^# {3}HorizontalPodAutoscaler \(1\):\n# {5}\S+hpa\.yaml:4 web: autoscaling\/v2 HorizontalPodAutoscaler: not modelled; counted as a resource its app applies$/m,
  );
});

test('a Flux setup: intervals, workers, webhook, image automation and a Flagger canary', () => {
  const { text, warnings } = draftOf([join(FIXTURES, 'flux')]);
  const s = loadScenarioText(text, 'imported.yaml');
  assert.equal(s.apps.count, 2);
  assert.deepEqual(s.apps.strategy, {
    type: 'Flagger',
    intervalMs: 30_000,
    stepWeight: 20,
    maxWeight: 60,
    threshold: 3,
  });
  const [flux, push] = s.variants;
  assert.equal(push.delivery.type, 'push');
  assert.ok(flux.delivery.type === 'pull' && flux.delivery.profile === 'flux');
  const d = flux.delivery;
  assert.deepEqual(
    [d.sourceIntervalMs, d.intervalMs, d.retryIntervalMs, d.timeoutMs, d.concurrent, d.webhook],
    [120_000, 300_000, 60_000, 180_000, 8, true],
  );
  assert.deepEqual(flux.imageAutomation, {
    scanIntervalMs: 120_000,
    commitIntervalMs: 900_000,
    policy: 'semver',
    reflectDigest: false,
    jitterFraction: 0.05,
    watchPolicies: false,
  });
  assert.equal(flux.imageRef, 'tag');
  assert.match(
    line(text, 'concurrent: 8'),
    /kustomize-controller\.yaml:20 spec\.template\.spec\.containers\.0\.args\.2$/,
  );
  const where = (w: { where: string }) => w.where.replace(`${FIXTURES}/flux/`, '');
  assert.deepEqual(
    warnings.list.map((w) => `${w.kind} ${where(w)}: ${w.message.replace(/;.*$/, '')}`),
    [
      'Kustomization apps/podinfo/kustomization.yaml:1: kustomize.config.k8s.io/v1beta1: a kustomize build file',
      'StatefulSet apps/redis/statefulset.yaml:4 redis/redis: modelled as a Deployment replacing one pod at a time: no ordering, no volumes',
      'Kustomization clusters/prod/apps.yaml:11 podinfo: spec.prune: not modelled (apps do not remove resources)',
      'Kustomization clusters/prod/apps.yaml:12 podinfo: spec.wait: not modelled (health is not awaited by the controller)',
      'HelmRelease clusters/prod/apps.yaml:20 redis: modelled as a Kustomization with the same interval and timeout (Helm hooks and tests are not)',
      '(apps differ) apps.replicas: podinfo 2, redis 3',
      '(apps differ) apps.strategy: podinfo {"type":"Flagger","interval":"30s","stepWeight":20,"maxWeight":60,"threshold":3}, redis {"type":"RollingUpdate","maxSurge":0,"maxUnavailable":1}',
      '(apps differ) variants.flux.timeout: podinfo "3m", redis "4m"',
    ],
  );
});

test('plain manifests deliver by push; a pull variant is added for comparison', () => {
  const { text } = draftOf([join(FIXTURES, 'rollouts')]);
  const s = loadScenarioText(text, 'imported.yaml');
  assert.deepEqual(
    s.variants.map((v) => [v.name, v.delivery.type]),
    [
      ['push', 'push'],
      ['argocd (added)', 'pull'],
    ],
  );
  assert.equal(s.apps.count, 2);
  assert.equal(s.apps.strategy.type, 'Canary');
  assert.equal(s.apps.replicas, 5);
});

test('plain manifests outside the --git repository have no commits, with a warning', async () => {
  const history = await readGitHistory(makeRepo([{ at: '2026-03-02T09:00:00Z', paths: ['a'] }]));
  const { warnings } = draftOf([join(FIXTURES, 'rollouts')], { history, gitFolder: 'repo' });
  assert.deepEqual(
    warnings.list.filter((w) => w.message.startsWith('outside')).map((w) => w.message),
    [
      `outside the --git repository (${history.root}): no commits are its own`,
      `outside the --git repository (${history.root}): no commits are its own`,
    ],
  );
  assert.deepEqual(
    warnings.list.filter((w) => w.kind === '(git)').map((w) => w.message),
    [
      "1 of 1 commits touch no app's folder: not counted",
      'no commit touches an app folder: commits are drawn at the default rate',
    ],
  );
});

test('with the Git history: replayed commit times per app, beside the scenario', async () => {
  const repo = makeRepo([
    { at: '2026-03-02T09:15:00Z', paths: ['apps/api/deployment.yaml'] },
    { at: '2026-03-03T14:00:00Z', paths: ['apps/web/deployment.yaml', 'apps/api/deployment.yaml'] },
    { at: '2026-03-04T10:30:00Z', paths: ['README.md'] },
    { at: '2026-03-12T16:45:30Z', paths: ['apps/web/deployment.yaml'] },
  ]);
  const history = await readGitHistory(repo);
  const { text, csv, warnings } = draftOf([join(FIXTURES, 'argocd')], {
    history,
    gitFolder: repo,
    csvName: 's.commits.csv',
  });
  const dir = tempDir();
  writeFileSync(join(dir, 's.yaml'), text);
  writeFileSync(join(dir, 's.commits.csv'), csv ?? '');
  const s = loadScenarioFile(join(dir, 's.yaml'));
  const h = 3_600_000;
  assert.deepEqual(s.ci.commitReplay, {
    file: 's.commits.csv',
    apps: ['shop-api', 'shop-web'],
    atMs: [
      [9.25 * h, 24 * h + 14 * h],
      [24 * h + 14 * h, 10 * 24 * h + 16.75 * h + 30_000],
    ],
  });
  assert.equal(s.horizonMs, 11 * 24 * h);
  assert.match(
    line(text, 'horizon: 11d'),
    /# the replay: from Monday 2026-03-02 00:00 UTC to the last commit$/,
  );
  assert.deepEqual(
    warnings.list.filter((w) => w.kind === '(git)').map((w) => w.message),
    ["1 of 4 commits touch no app's folder: not counted"],
  );
});

test('with the Git history, fitted: a rate in the working window, the window, and a share per app', async () => {
  const commits = [];
  for (const day of ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13']) {
    commits.push({ at: `2026-03-${day}T09:30:00Z`, paths: ['apps/api/a'] });
    commits.push({ at: `2026-03-${day}T15:10:00Z`, paths: ['apps/web/w', 'apps/api/a'] });
  }
  commits.push({ at: '2026-03-07T22:00:00Z', paths: ['apps/web/w'] });
  const history = await readGitHistory(makeRepo(commits));
  const { text, csv } = draftOf([join(FIXTURES, 'argocd')], { history, gitFolder: 'repo', commits: 'fit' });
  assert.equal(csv, undefined);
  const s = loadScenarioText(text, 'imported.yaml');
  // 30 commits in 10 weekdays x 7 hours (9:00-16:00); one of 31 outside, in the 201 other hours.
  assert.deepEqual(s.ci.commitEvery, { kind: 'exp', meanMs: 8_400_000 });
  assert.deepEqual(s.ci.commits, {
    every: { kind: 'exp', meanMs: 8_400_000 },
    weekly: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], hours: [9, 16], outside: 0.012 },
    shares: [0.645, 0.355],
  });
  assert.match(
    line(text, 'shares: [0.645, 0.355]'),
    /# commits per app: shop-api 20 commits, 1\.77\/day, 100% on weekdays, 90% within 9:00-16:00 UTC; shop-web 11 commits/,
  );
});

test('nothing to simulate is E_IMPORT_EMPTY', () => {
  const file = join(tempDir(), 'values.yaml');
  writeFileSync(file, 'replicaCount: 2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n');
  assert.throws(
    () => draftOf([file]),
    (error: unknown) =>
      error instanceof ImportError &&
      error.code === 'E_IMPORT_EMPTY' &&
      error.message ===
        `${file}: expected an app to simulate: an Argo CD Application, a Flux Kustomization or HelmRelease, or a Deployment, StatefulSet, DaemonSet or Rollout, found 1 object(s), none of them an app`,
  );
});
