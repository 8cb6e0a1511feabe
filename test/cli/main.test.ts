import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import dc from 'node:diagnostics_channel';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { LARGE_MODEL_APPS } from '../../src/world/collectGarbage.ts';
import { forcedCollections } from '../world/forcedCollections.ts';
import { captureIo, SMALL_SCENARIO, tempDir, writeScenario } from './helpers.ts';
import { assertSameFolder } from '../sweep/helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/gitops-sim.js');

test('run writes every report file into <out>/<file name>/ and says where', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  const out = path.join(dir, 'out');
  const io = captureIo();
  assert.equal(await main(['run', file, '--out', out], io), 0);
  const folder = path.join(out, 'small');
  assert.deepEqual(readdirSync(folder).sort(), [
    'changes.csv',
    'charts',
    'index.html',
    'runs.csv',
    'samples.json',
    'summary.json',
    'summary.md',
    'timeseries.csv',
  ]);
  // No drift, nothing queued or throttled: no chart of either.
  assert.deepEqual(readdirSync(path.join(folder, 'charts')).sort(), [
    'convergence-cdf.png',
    'correctness-over-time.png',
    'dora.png',
  ]);
  const summary = JSON.parse(readFileSync(path.join(folder, 'summary.json'), 'utf8'));
  assert.equal(summary.scenario.name, 'small');
  assert.deepEqual(
    summary.variants.map((v: { name: string }) => v.name),
    ['push', 'pull'],
  );
  // The scenario's headline metrics (the default ones here), then the verdict last.
  assert.match(io.out(), /\n {2}push: correctness .*, convergenceP95Ms /);
  assert.match(io.out(), /report: /);
  assert.match(io.out(), /\n {2}[^\n]*correctness[ :][^\n]*; 2 replications\n {2}[^\n]*convergenceP95Ms[ :][^\n]*; 2 replications\n$/);
  // Two replications: the CLI warns that the intervals are rough.
  assert.match(io.err(), /^warning: only 2 replications: intervals from fewer than 5 are rough/);

  // --no-charts: every other file, byte for byte, and no charts/ (the runs below need no pictures).
  const bare = path.join(dir, 'bare');
  assert.equal(await main(['run', file, '--out', bare, '--quiet', '--no-charts'], captureIo()), 0);
  const files = readdirSync(folder).filter((name) => name !== 'charts');
  assert.deepEqual(readdirSync(path.join(bare, 'small')).sort(), files.sort());
  for (const name of files) {
    assert.ok(readFileSync(path.join(bare, 'small', name)).equals(readFileSync(path.join(folder, name))), name);
  }
});

test('--seed and --replications override the file; --quiet prints nothing but warnings', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  const io = captureIo();
  assert.equal(await main(['run', file, '--out', dir, '--seed', 'other', '--replications', '5', '--quiet', '--no-charts'], io), 0);
  const summary = JSON.parse(readFileSync(path.join(dir, 'small', 'summary.json'), 'utf8'));
  assert.equal(summary.scenario.seed, 'other');
  assert.equal(summary.scenario.replications, 5);
  assert.equal(io.out(), '');
  assert.match(io.err(), /^(warning: [^\n]*\n)*$/);
});

test('run of 1,000 apps: the last run\'s model collected before the report, not between runs', async () => {
  const dir = tempDir();
  const apps = `apps: { count: ${LARGE_MODEL_APPS} }\ncluster: { nodes: 20 }\nvariants: [{ name: push, delivery: push }]\n`;
  const file = writeScenario(dir, 'large.yaml', `name: large\nhorizon: 10m\nreplications: 2\n${apps}`);
  let exitCode: number | undefined;
  const run = async () => {
    exitCode = await main(['run', file, '--out', dir, '--quiet', '--no-charts'], captureIo());
  };
  // Before the report only: between runs only from LARGE_MODEL_BETWEEN_RUNS_APPS (world.test.ts).
  assert.equal(await forcedCollections(run), 1);
  assert.equal(exitCode, 0);
});

/** SMALL_SCENARIO with 5 replications and `thresholds` added. */
function withThresholds(thresholds: string): string {
  return `${SMALL_SCENARIO.replace('replications: 2', 'replications: 5')}thresholds: ${thresholds}\n`;
}

test('thresholds: pass exits 0, a missed one exits 1, an inconclusive one exits 0 with a message; junit.xml', async () => {
  const dir = tempDir();
  // push's deploy jobs hold cluster credentials some minutes of the day (exposureMs), pull never.
  const pass = writeScenario(dir, 'pass.yaml', withThresholds('{ exposureMs: "<= 1d" }'));
  const fail = writeScenario(dir, 'fail.yaml', withThresholds('{ exposureMs: "< 1s" }'));
  const out = path.join(dir, 'out');
  const passIo = captureIo();
  assert.equal(await main(['run', pass, '--out', out, '--no-charts'], passIo), 0);
  assert.match(passIo.out(), /\n {2}PASS push: exposureMs <= 1d: [^[\n]+ \[[^\]]+\] \(the 95% interval lies wholly inside the limit\)\n/);
  assert.match(passIo.out(), /\n {2}PASS pull: exposureMs <= 1d: /);

  const failIo = captureIo();
  assert.equal(await main(['run', fail, '--out', out, '--no-charts'], failIo), 1);
  assert.match(failIo.out(), /\n {2}FAIL push: exposureMs < 1s: [^[\n]+ \[[^\]]+\] \(the 95% interval lies wholly outside the limit\)\n/);
  const junit = readFileSync(path.join(out, 'fail', 'junit.xml'), 'utf8');
  assert.match(junit, /<testsuites name="gitops-sim thresholds" tests="2" failures="1" errors="0" skipped="0">/);
  const summary = JSON.parse(readFileSync(path.join(out, 'fail', 'summary.json'), 'utf8'));
  assert.deepEqual(
    summary.thresholds.map((t: { variant: string; state: string }) => `${t.variant} ${t.state}`),
    ['push fail', 'pull pass'],
  );
  assert.match(readFileSync(path.join(out, 'fail', 'summary.md'), 'utf8'), /## Thresholds\n\n1 threshold missed/);

  // A limit at pull's own p95: its interval holds it whatever the numbers are.
  const p95 = summary.variants[1].metrics.convergenceP95Ms;
  assert.ok(p95.ci95.low < p95.mean && p95.mean < p95.ci95.high);
  const inconclusive = writeScenario(
    dir,
    'inconclusive.yaml',
    withThresholds('{}').replace(
      '{ name: pull, delivery: { type: pull, interval: 60s, jitter: 10s } }',
      `{ name: pull, delivery: { type: pull, interval: 60s, jitter: 10s }, thresholds: { convergenceP95Ms: "< ${Math.round(p95.mean)}ms" } }`,
    ),
  );
  const inconclusiveIo = captureIo();
  assert.equal(await main(['run', inconclusive, '--out', out, '--no-charts'], inconclusiveIo), 0);
  assert.match(
    inconclusiveIo.out(),
    /\n {2}INCONCLUSIVE pull: convergenceP95Ms < \d+ms: .* \(the 95% interval holds the limit; about \d+ replications would decide it\)\n/,
  );
});

test('run --json prints summary.json on stdout and nothing else there', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', withThresholds('{ exposureMs: "< 1s" }'));
  const io = captureIo();
  assert.equal(await main(['run', file, '--out', dir, '--json', '--no-charts'], io), 1);
  assert.equal(io.out(), readFileSync(path.join(dir, 'small', 'summary.json'), 'utf8'));
  assert.match(io.err(), /FAIL push: exposureMs < 1s/);
  assert.match(io.err(), /report: /);
});

test('run --workers shares the runs out over one set of threads: the same report, byte for byte, --precision and a second scenario included', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  const other = writeScenario(dir, 'other.yaml', SMALL_SCENARIO.replace('name: small', 'name: other').replace('seed: 3', 'seed: 4'));
  for (const [name, extra] of [
    ['charts', []],
    ['precision', ['--precision', '10%', '--no-charts']],
    ['two scenarios', [other, '--no-charts']],
  ] as const) {
    const [one, two] = [path.join(dir, `${name}-1`), path.join(dir, `${name}-2`)];
    const threads: number[] = [];
    for (const [out, workers] of [
      [one, '1'],
      [two, '2'],
    ] as const) {
      // Node announces every worker thread it starts on this channel.
      let started = 0;
      const count = () => started++;
      dc.subscribe('worker_threads', count);
      try {
        assert.equal(await main(['run', file, '--out', out, '--workers', workers, '--quiet', ...extra], captureIo()), 0);
      } finally {
        dc.unsubscribe('worker_threads', count);
      }
      threads.push(started);
    }
    // One thread for the whole command: --precision's rounds (here past the file's 2 replications) and the
    // next scenario take it again, warm.
    const replications = JSON.parse(readFileSync(path.join(two, 'small', 'summary.json'), 'utf8')).scenario.replications;
    assert.ok(name !== 'precision' || replications > 2, `${name}: ${replications} replications`);
    assert.equal(threads[0], 0, name);
    assert.equal(threads[1], 1, `${name}: worker threads started on --workers 2`);
    assertSameFolder(two, one);
  }
});

test('run --precision adds replications until the headline figures are within it, or says which are not', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  const loose = captureIo();
  assert.equal(await main(['run', file, '--out', dir, '--precision', '50%', '--no-charts'], loose), 0);
  const reached = /precision ±50%: every headline figure reached it with (\d+) replications/.exec(loose.out());
  assert.ok(reached !== null, loose.out());
  // Never fewer than 5: runs that agree by chance (two close ones, or all zero) are no evidence of precision.
  assert.ok(Number(reached[1]) >= 5, reached[0]);
  const summary = JSON.parse(readFileSync(path.join(dir, 'small', 'summary.json'), 'utf8'));
  assert.equal(summary.scenario.replications, Number(reached[1]));
  // Only a run of that many replications from the start gives the same report (replications added in order).
  const plain = path.join(dir, 'plain');
  assert.equal(await main(['run', file, '--out', plain, '--replications', reached[1], '--quiet', '--no-charts'], captureIo()), 0);
  const again = JSON.parse(readFileSync(path.join(plain, 'small', 'summary.json'), 'utf8'));
  assert.deepEqual(again.variants, summary.variants);

  const bad = captureIo();
  assert.equal(await main(['run', file, '--out', dir, '--precision', 'tight'], bad), 2);
  assert.match(bad.err(), /--precision: expected a share above 0 and below 100%, like 5% or 0.05, found tight/);
});

test('bad input: exit 2, a message naming file, line and column, and nothing written', async () => {
  const dir = tempDir();
  const good = writeScenario(dir, 'good.yaml', SMALL_SCENARIO);
  const bad = writeScenario(dir, 'bad.yaml', SMALL_SCENARIO.replace('replicas: 3', 'replicas: -3'));
  const out = path.join(dir, 'out');
  const io = captureIo();
  // The good file comes first: it must not be run either.
  assert.equal(await main(['run', good, bad, '--out', out], io), 2);
  assert.match(io.err(), /bad\.yaml:5:\d+: apps\.replicas: expected a whole number >= 0, found -3/);
  assert.equal(existsSync(out), false);
});

test('usage errors exit 2: no command, unknown command, unknown option, bad --replications', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  for (const argv of [[], ['frobnicate'], ['run', file, '--no-such-option'], ['run', file, '--replications', '0']]) {
    const io = captureIo();
    assert.equal(await main(argv, io), 2, argv.join(' '));
    assert.match(io.err(), /gitops-sim: /);
  }
  assert.equal(existsSync(path.join(dir, 'small')), false);
});

test('validate reports each good file and fails on a bad one', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  const io = captureIo();
  assert.equal(await main(['validate', file], io), 0);
  assert.match(io.out(), /^ok .*small\.yaml: "small", 2 variant\(s\) x 2 replication\(s\), horizon 1d\n$/);
  const bad = writeScenario(dir, 'typo.yaml', SMALL_SCENARIO.replace('replications:', 'replcias:'));
  const badIo = captureIo();
  assert.equal(await main(['validate', bad], badIo), 2);
  assert.match(badIo.err(), /did you mean "replications"\?/);
  // Every file is checked, a bad one in the middle included, and what run would refuse is refused here.
  const huge = writeScenario(dir, 'huge.yaml', SMALL_SCENARIO.replace(/horizon: \S+/, 'horizon: 3650d').replace(/replications: \d+/, 'replications: 10000'));
  const allIo = captureIo();
  assert.equal(await main(['validate', bad, huge, file], allIo), 2);
  assert.match(allIo.err(), /typo\.yaml:.*did you mean "replications"\?\)\ngitops-sim: .*huge\.yaml: about [\d.e+]+ events/);
  assert.match(allIo.out(), /^ok .*small\.yaml: /);
});

test('schema prints a JSON Schema with the top-level keys', async () => {
  const io = captureIo();
  assert.equal(await main(['schema'], io), 0);
  const schema = JSON.parse(io.out());
  assert.equal(schema.type, 'object');
  for (const key of ['name', 'seed', 'horizon', 'replications', 'apps', 'variants']) assert.ok(key in schema.properties);
});

test('the installed bin: exit codes reach the process (0 valid, 2 bad input, 2 missing file)', () => {
  const dir = tempDir();
  const good = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  const ok = spawnSync(process.execPath, [BIN, 'validate', good], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const missing = spawnSync(process.execPath, [BIN, 'run', path.join(dir, 'nope.yaml'), '--out', dir], {
    encoding: 'utf8',
  });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.yaml: expected a readable scenario file/);
  assert.deepEqual(readdirSync(dir), ['small.yaml']);
  // The project's suite is TypeScript: plain node says how to run it instead of crashing on the import.
  const suite = spawnSync(process.execPath, [BIN, 'bench', '--results-only'], { encoding: 'utf8' });
  assert.equal(suite.status, 2, suite.stderr);
  assert.match(suite.stderr, /bench\/suite\.ts\) is TypeScript: run it with `npm run bench`/);
});

test('the installed bin: a reader that closes the pipe ends it quietly; a full stdout is one line, exit 2', () => {
  // The schema (over 100 KB) fills the pipe, so writes go on after `head` has gone.
  const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" schema | head -c1 >/dev/null; exit \${PIPESTATUS[0]}`], {
    encoding: 'utf8',
  });
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(piped.stderr, '');
  const full = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" schema >/dev/full`], { encoding: 'utf8' });
  assert.equal(full.status, 2, full.stderr);
  assert.equal(full.stderr, 'gitops-sim: cannot write to stdout: no space left on the device\n');
});

test('the bin in a clone before any build: one line saying to build, exit 2, not a stack trace', () => {
  // `npm install` in a clone runs no build (the package would carry an install-time script): only the
  // bin's own files, no dist/ beside them.
  const clone = tempDir();
  mkdirSync(path.join(clone, 'bin'));
  for (const file of readdirSync(path.join(ROOT, 'bin'))) cpSync(path.join(ROOT, 'bin', file), path.join(clone, 'bin', file));
  const child = spawnSync(process.execPath, [path.join(clone, 'bin/gitops-sim.js'), '--version'], { encoding: 'utf8' });
  assert.equal(child.status, 2, child.stderr);
  assert.equal(child.stderr, 'gitops-sim: dist/ is not built: run `npm run build` in this clone first\n');
});

test('--help on each command shows its options and examples, each default and choice in its description', () => {
  const helps = new Map(
    ['run', 'validate', 'schema', 'bench'].map((command) => [
      command,
      execFileSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8' }),
    ]),
  );
  for (const [command, help] of helps) {
    assert.match(help, /Examples:/, command);
    // yargs' own right-hand column ([string] [required] [default: []]) is hidden: at 110 columns it
    // glued `[string]` to the end of run's --out description.
    assert.doesNotMatch(help, /\[(string|boolean|array|number|required|default:|choices:)/, command);
  }
  const runHelp = helps.get('run')!;
  for (const option of ['--seed', '--replications', '--out', '--quiet']) assert.ok(runHelp.includes(option), option);
  assert.match(runHelp, /--out {11}Folder for reports; each scenario writes <out>\/<file name>\/ \(default: reports\)\n/);
  assert.match(helps.get('bench')!, /one of: table, markdown, json, bmf, github-action-benchmark;\s+default: table\)/);
});
