import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { captureIo, SMALL_SCENARIO, tempDir, writeScenario } from './helpers.ts';

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
    'summary.json',
    'summary.md',
    'timeseries.csv',
  ]);
  assert.deepEqual(readdirSync(path.join(folder, 'charts')).sort(), [
    'controller-load.png',
    'convergence-cdf.png',
    'correctness-over-time.png',
    'dora.png',
    'drift-open.png',
  ]);
  const summary = JSON.parse(readFileSync(path.join(folder, 'summary.json'), 'utf8'));
  assert.equal(summary.scenario.name, 'small');
  assert.deepEqual(
    summary.variants.map((v: { name: string }) => v.name),
    ['push', 'pull'],
  );
  assert.match(io.out(), /push: convergence p50/);
  assert.match(io.out(), /report: /);
  assert.equal(io.err(), '');
});

test('--seed and --replications override the file; --quiet prints nothing', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  const io = captureIo();
  assert.equal(await main(['run', file, '--out', dir, '--seed', 'other', '--replications', '3', '--quiet'], io), 0);
  const summary = JSON.parse(readFileSync(path.join(dir, 'small', 'summary.json'), 'utf8'));
  assert.equal(summary.scenario.seed, 'other');
  assert.equal(summary.scenario.replications, 3);
  assert.equal(io.out(), '');
  assert.equal(io.err(), '');
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
});

test('--help on each command shows its options and examples', () => {
  for (const command of ['run', 'validate', 'schema']) {
    const help = execFileSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8' });
    assert.match(help, /Examples:/, command);
  }
  const runHelp = execFileSync(process.execPath, [BIN, 'run', '--help'], { encoding: 'utf8' });
  for (const option of ['--seed', '--replications', '--out', '--quiet']) assert.ok(runHelp.includes(option), option);
});
