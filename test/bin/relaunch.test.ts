/**
 * bin/relaunch.js: the command line started again with V8 flags. The new process gets this one's
 * options and the flags, its exit code and signals come back, signals sent to this one reach it,
 * and it does not outlive this one even when this one is killed with -9.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { processAlive } from '../../src/report/staleFiles.ts';
import { builtCliModule, tempDir } from '../cli/helpers.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const ROOT = path.resolve(import.meta.dirname, '../..');
const TIMEOUT_MS = 20_000;

/** The driver (started with a V8 flag of its own) relaunching the child fixture with `what`. */
function drive(what: string): { driver: ChildProcessWithoutNullStreams; lines: AsyncIterator<string> } {
  const driver = spawn(process.execPath, [
    '--stack-trace-limit=20',
    path.join(FIXTURES, 'relaunchDriver.mjs'),
    path.join(FIXTURES, 'relaunchChild.mjs'),
    what,
  ]);
  driver.stderr.pipe(process.stderr);
  async function* lines(): AsyncGenerator<string> {
    let buffered = '';
    for await (const chunk of driver.stdout) {
      buffered += chunk;
      let end = buffered.indexOf('\n');
      while (end >= 0) {
        yield buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        end = buffered.indexOf('\n');
      }
    }
  }
  return { driver, lines: lines() };
}

async function nextLine(lines: AsyncIterator<string>): Promise<string> {
  const next = await lines.next();
  assert.equal(next.done, false, 'the driver ended early');
  return next.value;
}

function child(line: string): { pid: number; execArgv: string[] } {
  assert.match(line, /^child /);
  return JSON.parse(line.slice('child '.length));
}

test("the new process has this one's options and the flags, and its exit code comes back", {
  timeout: TIMEOUT_MS,
}, async () => {
  const { lines } = drive('3');
  assert.deepEqual(child(await nextLine(lines)).execArgv, ['--stack-trace-limit=20', '--single-threaded']);
  assert.equal(await nextLine(lines), 'ended {"code":3}');
});

test('a SIGTERM sent to this process ends the new one by the same signal', {
  timeout: TIMEOUT_MS,
}, async () => {
  const { driver, lines } = drive('wait');
  child(await nextLine(lines));
  driver.kill('SIGTERM');
  assert.equal(await nextLine(lines), 'ended {"signal":"SIGTERM"}');
});

test('kill -9 of this process ends the new one too', { timeout: TIMEOUT_MS }, async () => {
  const { driver, lines } = drive('wait');
  const { pid } = child(await nextLine(lines));
  assert.ok(processAlive(pid));
  driver.kill('SIGKILL');
  while (processAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
});

/** The pids of `pid`'s children, where Linux tells (/proc/<pid>/task/<pid>/children). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

test('gitops-sim sweep with a worker on every core runs in a second process with --single-threaded', {
  timeout: 60_000,
  skip: existsSync('/proc/self/task') ? false : 'needs /proc to see the second process',
}, async () => {
  builtCliModule();
  const dir = tempDir();
  const workers = String(Math.max(2, availableParallelism()));
  const cli = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/gitops-sim.js'),
      'sweep',
      path.join(ROOT, 'test/hostile/tiny.yaml'),
      '--set',
      'seed=1,2',
      '--workers',
      workers,
      '--out',
      path.join(dir, 'out'),
      '--quiet',
      '--no-charts',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise((resolve) => cli.on('exit', resolve));
  let seen: string[] | undefined;
  let done = false;
  void exited.then(() => {
    done = true;
  });
  // The first process waits for the second to end, so the second is there to see while it runs.
  while (!done && seen === undefined) {
    const [child] = childPids(cli.pid!);
    if (child !== undefined) {
      try {
        // Until it has started its new program, a child shows the first process's command line (or,
        // in the middle of the start, none): look again then. A second process started without the
        // flag shows the first one's too, so it is never seen, and the test fails below.
        const cmdline = readFileSync(`/proc/${child}/cmdline`, 'utf8');
        if (cmdline !== '' && cmdline !== readFileSync(`/proc/${cli.pid}/cmdline`, 'utf8')) seen = cmdline.split('\0');
      } catch {
        // Gone between the reads: look again.
      }
    }
    if (seen === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(await exited, 0);
  assert.ok(seen !== undefined, 'no second process seen');
  assert.deepEqual(seen.slice(1, 3), ['--single-threaded', path.join(ROOT, 'bin/gitops-sim.js')]);
});
