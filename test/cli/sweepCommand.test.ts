import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import dc from 'node:diagnostics_channel';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { type SweepArgs, sweepCommand } from '../../src/cli/sweepCommand.ts';
import { assertSameFolder, TINY_SCENARIO } from '../sweep/helpers.ts';
import { builtCliModule, captureIo, childEnv, tempDir, writeScenario } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The command line of a sweep with these arguments: bad input reaches main.ts, which maps it to exit 2. */
function sweepArgv(args: SweepArgs): string[] {
  const argv = ['sweep', args.scenario, ...args.set.flatMap((s) => ['--set', s])];
  for (const [flag, value] of [
    ['--out', args.out],
    ['--workers', args.workers],
    ['--replications', args.replications],
    ['--shard', args.shard],
  ] as const) {
    if (value !== undefined) argv.push(flag, String(value));
  }
  return argv;
}

/**
 * Runs sweepCommand in a plain `node` process started the way bin/gitops-sim.js
 * starts (tsx registered by the script, not by --import), so worker threads
 * must load TypeScript on their own. Resolves with the exit code.
 */
function sweepInChild(args: SweepArgs, onSpawn?: (kill: () => void) => void): Promise<number | null> {
  // CommonJS with import(): --input-type=module would pass on to the worker threads, which refuse it.
  const script = `(async () => {
    const { register } = await import('tsx/esm/api');
    register();
    const { sweepCommand } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/cli/sweepCommand.ts')).href)});
    process.exitCode = await sweepCommand(JSON.parse(process.argv[1]), {
      stdout: process.stdout, stderr: process.stderr, nowMs: () => performance.now(),
    });
  })();`;
  const child = spawn(process.execPath, ['-e', script, JSON.stringify(args)], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  onSpawn?.(() => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

test('bad --set path or value: exit 2, a message naming the --set, nothing written', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'tiny.yaml', TINY_SCENARIO);
  const out = path.join(dir, 'out');
  const cases: [string[], RegExp][] = [
    [
      ['apps.replicsa=2,3'],
      /^gitops-sim: --set apps\.replicsa=2: apps\.replicsa: unknown key; .*"replicas"\?\)\n/,
    ],
    [
      ['apps.replicas=2,-3'],
      /^gitops-sim: --set apps\.replicas=-3: apps\.replicas: expected a whole number >= 0, found -3\n/,
    ],
    [['variants.5.name=x'], /^gitops-sim: --set variants\.5\.name: variants is a list of 2 items/],
    [['apps.replicas'], /^gitops-sim: --set apps\.replicas: expected path=value1,value2/],
  ];
  for (const [set, message] of cases) {
    const io = captureIo();
    assert.equal(await main(sweepArgv({ scenario: file, set, out }), io), 2, set.join(' '));
    assert.match(io.err(), message);
    assert.match(io.err(), /Run "gitops-sim sweep --help" for usage\.\n$/);
  }
  assert.equal(existsSync(out), false);
});

test('bad options and a bad scenario file: exit 2', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'tiny.yaml', TINY_SCENARIO);
  const bad = writeScenario(dir, 'bad.yaml', TINY_SCENARIO.replace('replicas: 2', 'replicas: -2'));
  const out = path.join(dir, 'out');
  const set = ['seed=1,2'];
  const cases: [SweepArgs, RegExp][] = [
    [{ scenario: file, set, out, workers: 0 }, /--workers: expected a whole number from 1 to \d+, found 0/],
    [
      { scenario: file, set, out, replications: 1.5 },
      /--replications: expected a whole number from 1 to 10000, found "1\.5"/,
    ],
    [{ scenario: file, set, out, shard: '0/2' }, /--shard 0\/2: shards are numbered from 1 to 2/],
    [
      { scenario: bad, set, out, workers: 2 },
      /bad\.yaml:5:\d+: apps\.replicas: expected a whole number >= 0, found -2/,
    ],
    [{ scenario: path.join(dir, 'none.yaml'), set, out, workers: 2 }, /none\.yaml: expected a readable scenario file/],
  ];
  // A refused sweep starts no worker thread (Node publishes each start on this channel).
  const started: unknown[] = [];
  const onWorker = (message: unknown) => started.push(message);
  dc.subscribe('worker_threads', onWorker);
  try {
    for (const [args, message] of cases) {
      const io = captureIo();
      assert.equal(await main(sweepArgv(args), io), 2);
      assert.match(io.err(), message);
    }
  } finally {
    dc.unsubscribe('worker_threads', onWorker);
  }
  assert.deepEqual(started, []);
  assert.equal(existsSync(out), false);
});

test('a sweep by shards: each says what it ran; merge with a missing point exits 2 naming it', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'tiny.yaml', TINY_SCENARIO);
  const shard = (index: number) => path.join(dir, `shard-${index}`);
  const io = captureIo();
  assert.equal(
    await sweepCommand({ scenario: file, set: ['seed=1,2,3'], out: shard(1), shard: '1/2', workers: 1 }, io),
    0,
  );
  assert.match(
    io.out(),
    /sweep of "tiny" over 3 point\(s\) \(seed: 3\), 2 variant\(s\) x 2 replication\(s\) per point\n/,
  );
  assert.match(
    io.out(),
    /shard 1\/2: ran 2 point\(s\)\n {2}results: .*shard-1.* \(combine the shards with: gitops-sim merge/,
  );

  const mergeIo = captureIo();
  assert.equal(await main(['merge', shard(1), '--out', path.join(dir, 'merged')], mergeIo), 2);
  assert.match(
    mergeIo.err(),
    /^gitops-sim: merge: 1 of 3 points is missing: seed=2 \(shard 2\/2\)\. Run the shards/,
  );
  assert.equal(existsSync(path.join(dir, 'merged')), false);

  process.env.JOB_COMPLETION_INDEX = '1';
  try {
    assert.equal(
      await sweepCommand(
        { scenario: file, set: ['seed=1,2,3'], out: shard(2), shard: '2', quiet: true },
        captureIo(),
      ),
      0,
    );
  } finally {
    delete process.env.JOB_COMPLETION_INDEX;
  }
  const okIo = captureIo();
  assert.equal(await main(['merge', shard(1), shard(2), '--out', path.join(dir, 'merged'), '--no-charts'], okIo), 0);
  assert.match(okIo.out(), /^merged 3 point\(s\) from 2 folder\(s\)\n {2}report: /);
  // Then the merged report's answer, as a whole sweep ends with it.
  assert.match(okIo.out(), /\n {2}Along seed \(1, 2, 3\); 2 replications per variant at each value\.\n {2}correctness \(higher is better\):\n/);
});

test('a whole sweep ends with its answer: per parameter and headline metric, each variant that changes, briefly', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'tiny.yaml', TINY_SCENARIO);
  const io = captureIo();
  const out = path.join(dir, 'out');
  const args = { scenario: file, set: ['variants.1.delivery.interval=30s,5m'], out, workers: 1, charts: false };
  assert.equal(await sweepCommand(args, io), 0);
  const lines = io.out().trimEnd().split('\n');
  const answer = lines.slice(lines.findIndex((l) => l.startsWith('  report: ')) + 1);
  assert.equal(answer[0], '  Along variants.1.delivery.interval (30s, 5m); 2 replications per variant at each value.');
  assert.equal(answer[1], '  correctness (higher is better):');
  // The pull variant's figure moves with its interval, push's does not; no figures of differences, sweep.md has them.
  assert.match(answer[2], /^ {4}pull: best (figure )?at (30s|5m), [\d.]+% \[[\d.]+%, [\d.]+%\]\. [^(]*$/);
  assert.equal(answer[3], '    Not changed by variants.1.delivery.interval: push.');
  // --quiet prints nothing, the answer neither.
  const quiet = captureIo();
  assert.equal(await sweepCommand({ ...args, out: path.join(dir, 'quiet'), quiet: true }, quiet), 0);
  assert.equal(quiet.out(), '');
});

test('from a plain node process: worker threads load TypeScript; a killed sweep resumes to the same files', async () => {
  const dir = tempDir();
  // Slow enough points (a few tenths of a second each) for the kill to land mid-sweep.
  const file = writeScenario(
    dir,
    'slow.yaml',
    TINY_SCENARIO.replace('12h', '10d').replace('count: 2', 'count: 4'),
  );
  const set = ['seed=1,2,3,4'];
  // No charts (--no-charts): this is about threads, the kill and the resume.
  const whole = path.join(dir, 'whole');
  assert.equal(
    await sweepCommand({ scenario: file, set, out: whole, workers: 1, quiet: true, charts: false }, captureIo()),
    0,
  );

  // Two worker threads: a point file appears only if a thread could load the TypeScript sources.
  // The sweep writes into a fresh sibling folder (.killed.tmp-<pid>-<n>) that replaces killed/ at the end.
  const killed = path.join(dir, 'killed');
  const pointFiles = (): string[] =>
    readdirSync(dir)
      .filter((name) => name.startsWith('.killed.tmp-'))
      .flatMap((name) => {
        const points = path.join(dir, name, 'points');
        return existsSync(points) ? readdirSync(points).filter((f) => f.endsWith('.json')) : [];
      });
  const code = await sweepInChild({ scenario: file, set, out: killed, workers: 2, quiet: true }, (kill) => {
    const poll = setInterval(() => {
      if (pointFiles().length > 0) {
        clearInterval(poll);
        kill();
      }
    }, 5);
  });
  assert.equal(code, null, 'the sweep was killed');
  const done = pointFiles().length;
  assert.ok(done >= 1 && done < 4, `${done} point files before the kill`);
  assert.equal(existsSync(killed), false, 'nothing half-written in place of the results folder');

  const io = captureIo();
  assert.equal(await sweepCommand({ scenario: file, set, out: killed, workers: 1, resume: true, charts: false }, io), 0);
  assert.match(io.out(), new RegExp(`ran ${4 - done} point\\(s\\), kept ${done} from an earlier run\\n`));
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.startsWith('.killed.')),
    [],
    'no temporary folder or lock left',
  );
  assertSameFolder(killed, whole);
});

test('the built CLI in a process with tsx and a V8 flag (a bench or user script): its worker threads start', async () => {
  builtCliModule();
  const dir = tempDir();
  const file = writeScenario(dir, 'tiny.yaml', TINY_SCENARIO);
  const whole = path.join(dir, 'whole');
  const set = ['seed=1,2'];
  assert.equal(
    await sweepCommand({ scenario: file, set, out: whole, workers: 1, quiet: true, charts: false }, captureIo()),
    0,
  );
  // A thread refuses V8 flags in its options (they hold for every thread anyway); tsx is left out of them.
  const out = path.join(dir, 'threads');
  const child = spawn(
    process.execPath,
    [
      '--stack-trace-limit=20',
      '--import',
      'tsx',
      path.join(ROOT, 'bin/gitops-sim.js'),
      ...sweepArgv({ scenario: file, set, out, workers: 2 }),
      '--quiet',
      '--no-charts',
    ],
    { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, stderr);
  assertSameFolder(out, whole);
});
