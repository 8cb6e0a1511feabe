import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ImportError } from '../../src/import/errors.ts';
import { MAX_FILE_BYTES, readManifests } from '../../src/import/manifests.ts';
import { Warnings } from '../../src/import/warnings.ts';
import { FIXTURES, tempDir } from './helpers.ts';

function importError(f: () => unknown): ImportError {
  try {
    f();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  assert.fail('expected an ImportError');
}

test('a folder is read recursively, documents in file order, with the line of each field', () => {
  const warnings = new Warnings();
  const objects = readManifests([join(FIXTURES, 'argocd', 'apps')], warnings);
  assert.deepEqual(
    objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`),
    [
      'ConfigMap/shop/api-config',
      'Deployment/shop/api',
      'Service/shop/api',
      'Deployment/shop/web',
      'HorizontalPodAutoscaler/shop/web',
    ],
  );
  const api = objects[1];
  const file = join(FIXTURES, 'argocd', 'apps', 'api', 'deployment.yaml');
  assert.equal(api.at('spec.replicas'), `${file}:15`);
  assert.equal(api.at('spec.template.spec.containers.0.image'), `${file}:32`);
  // An absent field points at the object.
  assert.equal(api.at('spec.paused'), `${file}:9`);
  assert.deepEqual(
    warnings.list.map((w) => [w.kind, w.message]),
    [['(not Kubernetes)', 'no apiVersion, kind and metadata.name; skipped']],
  );
});

test('keys with dots are found by segments', () => {
  const [cm] = readManifests([join(FIXTURES, 'argocd', 'argocd', 'argocd-cm.yaml')], new Warnings());
  assert.match(cm.at(['data', 'timeout.reconciliation']), /argocd-cm\.yaml:10$/);
});

test('documents that are not Kubernetes objects, kustomize build files and empty documents', () => {
  const dir = tempDir();
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'hidden.yaml'), 'kind: ConfigMap\n');
  writeFileSync(join(dir, 'notes.txt'), 'not yaml at all: [');
  writeFileSync(
    join(dir, 'mixed.yml'),
    '---\n---\n- a list\n---\njust text\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: s }\n',
  );
  const warnings = new Warnings();
  const objects = readManifests([dir], warnings);
  assert.deepEqual(
    objects.map((o) => o.kind),
    ['Secret'],
  );
  assert.deepEqual(
    warnings.list.map((w) => `${w.kind} ${w.where.slice(dir.length + 1)}: ${w.message}`),
    [
      '(not Kubernetes) mixed.yml:3: not a mapping; skipped',
      '(not Kubernetes) mixed.yml:5: not a mapping; skipped',
      "Kustomization mixed.yml:7: kustomize.config.k8s.io/v1beta1: a kustomize build file; the folder's files are read as they are (no patches or overlays applied)",
    ],
  );
});

test('broken YAML is E_IMPORT_YAML, located, for every broken file', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
  writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: [ConfigMap\n');
  const error = importError(() => readManifests([dir], new Warnings()));
  assert.equal(error.code, 'E_IMPORT_YAML');
  const lines = error.message.split('\n');
  assert.equal(lines[0], `${join(dir, 'a.yaml')}:5:3: expected valid YAML, found "map keys must be unique"`);
  assert.match(lines[1], new RegExp(`^${join(dir, 'b.yaml')}:\\d+:\\d+: expected valid YAML, found "`));
});

test('a missing path and a file over the limit are E_IMPORT_READ', () => {
  const missing = join(tempDir(), 'nope');
  const error = importError(() => readManifests([missing], new Warnings()));
  assert.equal(error.code, 'E_IMPORT_READ');
  assert.equal(error.message, `${missing}: expected a manifest file or folder, found no such file or folder`);
  const big = join(tempDir(), 'big.yaml');
  writeFileSync(big, `# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
  assert.match(
    importError(() => readManifests([big], new Warnings())).message,
    /expected a manifest of at most 4194304 bytes, found 4194307 bytes/,
  );
});

test('a document whose aliases expand past the limit is skipped with a warning naming its kind, file and line', () => {
  const dir = tempDir();
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`)];
  writeFileSync(join(dir, 'd.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec:\n  template:\n    metadata:\n      annotations:\n${bomb.map((l) => `        ${l}`).join('\n')}\n`);
  const warnings = new Warnings();
  assert.deepEqual(readManifests([dir], warnings), []);
  assert.deepEqual(warnings.unread(), [
    {
      kind: 'Deployment',
      where: `${join(dir, 'd.yaml')}:1`,
      message: 'its YAML aliases expand past the limit of 100 (an alias bomb?); the document is skipped',
      unread: true,
    },
  ]);
});

test('symbolic links in a folder: to a file read, to nothing or a folder skipped with a warning', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'base'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'base', 'd.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n');
  symlinkSync(join(dir, 'base', 'd.yaml'), join(dir, 'app', 'linked.yaml'));
  symlinkSync(join(dir, 'none.yaml'), join(dir, 'app', 'gone.yml'));
  symlinkSync(join(dir, 'base'), join(dir, 'app', 'base'));
  symlinkSync(join(dir, 'none'), join(dir, 'app', 'notes.txt'));
  const warnings = new Warnings();
  const objects = readManifests([join(dir, 'app')], warnings);
  assert.deepEqual(objects.map((o) => [o.file, o.name]), [[join(dir, 'app', 'linked.yaml'), 'd']]);
  assert.deepEqual(
    warnings.unread().map((w) => [w.where, w.message]),
    [
      [join(dir, 'app', 'base'), 'a symbolic link to a folder; not followed'],
      [join(dir, 'app', 'gone.yml'), 'a symbolic link to a missing path; skipped'],
    ],
  );
});
