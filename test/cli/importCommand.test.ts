import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { EXIT } from '../../src/cli/errors.ts';
import { main } from '../../src/cli/main.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { FIXTURES, makeRepo } from '../import/helpers.ts';
import { captureIo, DELETE, jsonPaths, setIn, tempDir } from './helpers.ts';

test('import, then run: the replayed commits are the ones the run builds', async () => {
  const repo = makeRepo([
    { at: '2026-03-02T09:15:00Z', paths: ['apps/api/deployment.yaml'] },
    { at: '2026-03-02T14:00:00Z', paths: ['apps/web/deployment.yaml'] },
    { at: '2026-03-03T11:30:00Z', paths: ['apps/api/deployment.yaml'] },
  ]);
  const out = join(tempDir(), 'mine', 'shop.yaml');
  const io = captureIo();
  const code = await main(
    ['import', join(FIXTURES, 'argocd'), '--git', repo, '--out', out, '--name', 'shop'],
    io,
  );
  assert.equal(code, 0, io.err());
  assert.equal(
    io.out(),
    `wrote ${out} and ${join(out, '..', 'shop.commits.csv')}\n  next: gitops-sim run ${out}\n`,
  );
  assert.match(io.err(), /^warning: \(not Kubernetes\): 1 not mapped \(listed in .*shop\.yaml\)$/m);
  assert.match(io.err(), /^warning: HorizontalPodAutoscaler: 1 not mapped/m);
  assert.equal(
    readFileSync(join(out, '..', 'shop.commits.csv'), 'utf8')
      .split('\n')[1]
      .replace(/,[0-9a-f]{40}$/, ''),
    'shop-api,9h15m',
  );

  const reports = tempDir();
  const run = captureIo();
  assert.equal(
    await main(['run', out, '--replications', '1', '--quiet', '--no-charts', '--out', reports], run),
    0,
    run.err(),
  );
  const rows = readFileSync(join(reports, 'shop', 'changes.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => r.split(','));
  const commitTimes = new Set(rows.filter((r) => r[2] === 'release').map((r) => `${r[3]}@${r[8]}`));
  const h = 3_600_000;
  // Every release comes from a replayed commit (builds can fail, so not every commit releases).
  const replayed = new Set([`0@${9.25 * h}`, `1@${14 * h}`, `0@${35.5 * h}`]);
  assert.ok(commitTimes.size > 0);
  for (const t of commitTimes) assert.ok(replayed.has(t), t);
});

test('the import is deterministic: the same input writes the same bytes', async () => {
  const a = join(tempDir(), 'a.yaml');
  const b = join(tempDir(), 'a.yaml');
  for (const out of [a, b])
    assert.equal(await main(['import', join(FIXTURES, 'flux'), '--out', out, '--quiet'], captureIo()), 0);
  assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
});

/** Hostile inputs: exit 2, a located message, nothing written. */
const HOSTILE: readonly { name: string; setup: (dir: string) => string[]; message: RegExp }[] = [
  {
    name: 'broken YAML',
    setup: (dir) => {
      cpSync(join(FIXTURES, 'argocd'), join(dir, 'in'), { recursive: true });
      writeFileSync(
        join(dir, 'in', 'apps', 'api', 'broken.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n    bad: indent\n',
      );
      return [join(dir, 'in')];
    },
    message:
      /broken\.yaml:4:9: expected valid YAML, found "nested mappings are not allowed in compact mappings"$/m,
  },
  {
    name: 'a --git folder that is not a repository',
    setup: (dir) => [join(FIXTURES, 'argocd'), '--git', dir],
    message: /: expected a Git repository \(a folder with a \.git\), found "fatal: not a git repository/,
  },
  {
    name: 'files that are not Kubernetes objects only',
    setup: (dir) => {
      writeFileSync(join(dir, 'values.yaml'), 'replicaCount: 3\n');
      writeFileSync(join(dir, 'list.yaml'), '- a\n- b\n');
      return [dir];
    },
    message: /expected an app to simulate: .* found no Kubernetes objects$/m,
  },
  {
    name: 'a path that does not exist',
    setup: (dir) => [join(dir, 'nowhere')],
    message: /nowhere: expected a manifest file or folder, found no such file or folder$/m,
  },
];

for (const c of HOSTILE) {
  test(`hostile input: ${c.name} exits 2 and writes nothing`, async () => {
    const dir = tempDir();
    const out = join(dir, 'out', 'x.yaml');
    const io = captureIo();
    const code = await main(['import', ...c.setup(dir), '--out', out], io);
    assert.equal(code, 2);
    assert.match(io.err(), c.message);
    assert.doesNotMatch(io.err(), /\n\s+at /, 'no stack trace');
    assert.equal(io.out(), '');
    assert.equal(existsSync(join(dir, 'out')), false);
  });
}

test('unknown kinds are warnings, not failures', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'm.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec: { replicas: 2 }\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n',
  );
  const out = join(dir, 'x.yaml');
  const io = captureIo();
  assert.equal(await main(['import', dir, '--out', out], io), 0, io.err());
  assert.equal(io.err(), `warning: Widget: 1 not mapped (listed in ${out})\n`);
  assert.match(
    readFileSync(out, 'utf8'),
    /^# {5}\S+m\.yaml:8 w: example\.com\/v1 Widget: not modelled; counted as a resource its app applies$/m,
  );
});

test('the bundled example (examples/import) is what import writes from its history, and it loads', async () => {
  const root = join(FIXTURES, '..', '..', '..');
  const example = join(root, 'examples', 'import');
  const tmp = tempDir();
  execFileSync('sh', [join(example, 'make-history.sh'), join(tmp, 'examples', 'import', 'config')]);
  const cwd = process.cwd();
  process.chdir(tmp);
  try {
    const io = captureIo();
    const args = [
      'import',
      'examples/import/config',
      '--git',
      'examples/import/config',
      '--out',
      'examples/import/shop.yaml',
      '--name',
      'shop',
    ];
    assert.equal(await main(args, io), 0, io.err());
  } finally {
    process.chdir(cwd);
  }
  for (const file of ['shop.yaml', 'shop.commits.csv']) {
    assert.equal(
      readFileSync(join(tmp, 'examples', 'import', file), 'utf8'),
      readFileSync(join(example, file), 'utf8'),
      file,
    );
  }
  const s = loadScenarioFile(join(example, 'shop.yaml'));
  assert.equal(s.ci.commitReplay?.atMs.flat().length, 33);
});

/** Odd values a manifest may hold where a setting is read: out of range, of another type, no duration. */
const ODD_VALUES: readonly unknown[] = [-1, 0, 1e308, 100000, 0.5, 'x', '', '-10%', 'abc%', '1000%', '-1m', 'Recreate', null, true, [], {}, [1, 2]];

test('manifests with any setting changed to an odd value import with warnings, or exit 2: never a scenario that does not load', async () => {
  const sets = ['argocd', 'flux', 'rollouts'];
  const edit = fc.record({ file: fc.nat(), doc: fc.nat(), at: fc.nat(), remove: fc.boolean(), value: fc.constantFrom(...ODD_VALUES) });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...sets), fc.array(edit, { minLength: 1, maxLength: 3 }), async (set, edits) => {
      const dir = tempDir();
      const input = join(dir, 'in');
      cpSync(join(FIXTURES, set), input, { recursive: true });
      const files = readdirSync(input, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml')).sort();
      for (const e of edits) {
        const file = join(input, files[e.file % files.length]);
        const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
        const doc = e.doc % docs.length;
        const places = jsonPaths(docs[doc]).filter((p) => p.length > 0);
        if (places.length === 0) continue;
        docs[doc] = setIn(docs[doc], places[e.at % places.length], e.remove ? DELETE : e.value);
        writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'));
      }
      const out = join(dir, 'out', 'x.yaml');
      const io = captureIo();
      const code = await main(['import', input, '--out', out, '--quiet'], io);
      assert.doesNotMatch(io.err(), /\n\s+at /, 'no stack trace');
      if (code === EXIT.badInput) {
        assert.equal(existsSync(join(dir, 'out')), false);
        return;
      }
      assert.equal(code, EXIT.ok, io.err());
      const validate = captureIo();
      assert.equal(await main(['validate', out], validate), EXIT.ok, validate.err());
    }),
    { numRuns: 40 },
  );
});

test('values the scenario refuses (a Flagger interval that is no duration, replicas past the limit) are warnings, and the scenario loads', async () => {
  const dir = tempDir();
  const input = join(dir, 'in');
  cpSync(join(FIXTURES, 'flux'), input, { recursive: true });
  const canary = join(input, 'apps', 'podinfo', 'canary.yaml');
  writeFileSync(canary, readFileSync(canary, 'utf8').replace('interval: 30s', 'interval: Recreate'));
  const deployment = join(input, 'apps', 'podinfo', 'deployment.yaml');
  writeFileSync(deployment, readFileSync(deployment, 'utf8').replace(/replicas: \d+/, 'replicas: 100000'));
  const out = join(dir, 'x.yaml');
  const io = captureIo();
  assert.equal(await main(['import', input, '--out', out], io), EXIT.ok, io.err());
  const text = readFileSync(out, 'utf8');
  assert.match(text, /canary\.yaml:13 spec\.analysis: Flagger interval "Recreate": a duration like .*; default kept$/m);
  assert.match(text, /deployment\.yaml:\d+ podinfo\/podinfo: spec\.replicas 100000: more than the scenario's 10000; default kept$/m);
  assert.equal(await main(['validate', out], captureIo()), EXIT.ok);
});

test('an --out that cannot be a scenario file exits 2 before reading anything, and writes nothing', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'file'), 'x\n');
  const cases: [string, RegExp][] = [
    [join(dir, 'folder'), /folder is a folder; give a file name$/m],
    [join(dir, 'file', 'x.yaml'), /file[/\\]x\.yaml: a part of this path is a file, not a folder$/m],
    ['', /^gitops-sim: --out: expected a file name, found nothing$/m],
  ];
  for (const [out, message] of cases) {
    const io = captureIo();
    assert.equal(await main(['import', join(FIXTURES, 'flux'), '--out', out], io), EXIT.badInput, out);
    assert.match(io.err(), message);
    assert.doesNotMatch(io.err(), /\n\s+at /, 'no stack trace');
  }
  assert.deepEqual(readdirSync(dir).sort(), ['file', 'folder']);
  assert.deepEqual(readdirSync(join(dir, 'folder')), []);
});

test('import replaces only what an import wrote: a hand-written scenario or CSV at its place is refused, unchanged', async () => {
  const dir = tempDir();
  const out = join(dir, 'shop.yaml');
  const args = ['import', join(FIXTURES, 'flux'), '--out', out, '--quiet'];
  assert.equal(await main(args, captureIo()), EXIT.ok);
  const first = readFileSync(out, 'utf8');
  assert.equal(await main(args, captureIo()), EXIT.ok, 'its own earlier output is replaced');
  assert.equal(readFileSync(out, 'utf8'), first);

  const cases: [string, string, string][] = [
    ['shop.yaml', 'name: mine\n', 'shop.yaml exists and was not written by gitops-sim import'],
    ['shop.commits.csv', 'app,at\napi,1h\n', 'shop.commits.csv exists and was not written by gitops-sim import'],
  ];
  for (const [name, content, message] of cases) {
    const own = tempDir();
    writeFileSync(join(own, name), content);
    const io = captureIo();
    assert.equal(await main(['import', join(FIXTURES, 'flux'), '--out', join(own, 'shop.yaml')], io), EXIT.badInput);
    assert.match(io.err(), new RegExp(`${message.replaceAll('.', '\\.')}; give another --out or remove it$`, 'm'));
    assert.deepEqual(readdirSync(own), [name]);
    assert.equal(readFileSync(join(own, name), 'utf8'), content);
  }
});
