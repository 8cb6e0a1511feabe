import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { OutputError } from '../../src/report/outputError.ts';
import { acquireLock, lockHolder, removeStaleLock, UNFILLED_LOCK_GRACE_MS } from '../../src/report/outputLock.ts';
import { childEnv, deadPid, tempDir } from '../cli/helpers.ts';

const isLocked = (pid: number) => (e: unknown) =>
  e instanceof OutputError && e.code === 'E_OUTPUT_LOCKED' && e.message.includes(`process ${pid}`);

test('writers of one target started at once in this process: exactly one takes the lock, every time', async () => {
  const dir = tempDir();
  for (let round = 0; round < 25; round++) {
    const target = path.join(dir, `r${round}`);
    const outcomes = await Promise.allSettled([acquireLock(target), acquireLock(target), acquireLock(target)]);
    const taken = outcomes.filter((o) => o.status === 'fulfilled');
    assert.equal(taken.length, 1, `round ${round}: ${taken.length} writers took the lock`);
    for (const o of outcomes) if (o.status === 'rejected') assert.ok(isLocked(process.pid)(o.reason), String(o.reason));
    assert.equal(readFileSync(path.join(dir, `.r${round}.lock`), 'utf8'), `${process.pid}\n`);
    await (taken[0] as PromiseFulfilledResult<() => Promise<void>>).value();
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('a lock is reported held from the moment its writer starts taking it', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'r');
  const taking = acquireLock(target);
  assert.equal(await lockHolder(target), process.pid);
  const release = await taking;
  assert.equal(await lockHolder(target), process.pid);
  await release();
  assert.equal(await lockHolder(target), undefined);
});

test('a lock file of this process that no writer of it holds is taken over', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.r.lock'), `${process.pid}\n`);
  const release = await acquireLock(path.join(dir, 'r'));
  await release();
  assert.deepEqual(readdirSync(dir), []);
});

test("a live process's lock is refused naming it, and left in place", async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.r.lock'), `${process.ppid}\n`);
  await assert.rejects(acquireLock(path.join(dir, 'r')), isLocked(process.ppid));
  assert.equal(readFileSync(path.join(dir, '.r.lock'), 'utf8'), `${process.ppid}\n`);
});

// Another process makes its lock file, then writes its pid and a newline into it: in between, the file is not yet filled.
const unfilled: [string, string][] = [
  ['empty', ''],
  ['its pid without the newline', String(process.ppid)],
];

for (const [name, content] of unfilled) {
  test(`a lock file another process is still filling (${name}) is waited for, then refused naming it`, async () => {
    const dir = tempDir();
    const lock = path.join(dir, '.r.lock');
    writeFileSync(lock, content);
    setTimeout(() => writeFileSync(lock, `${process.ppid}\n`), 50);
    await assert.rejects(acquireLock(path.join(dir, 'r')), isLocked(process.ppid));
    assert.equal(readFileSync(lock, 'utf8'), `${process.ppid}\n`);
  });

  test(`the holder of a lock file still being filled (${name}) is known once it is filled`, async () => {
    const dir = tempDir();
    const lock = path.join(dir, '.r.lock');
    writeFileSync(lock, content);
    setTimeout(() => writeFileSync(lock, `${process.ppid}\n`), 50);
    assert.equal(await lockHolder(path.join(dir, 'r')), process.ppid);
  });
}

test('an empty lock file left past the grace (its writer killed before it wrote its pid) is taken over', async () => {
  const dir = tempDir();
  const lock = path.join(dir, '.r.lock');
  writeFileSync(lock, '');
  const graceMs = 50;
  assert.ok(graceMs < UNFILLED_LOCK_GRACE_MS);
  const release = await acquireLock(path.join(dir, 'r'), graceMs);
  assert.equal(readFileSync(lock, 'utf8'), `${process.pid}\n`);
  await release();
  assert.deepEqual(readdirSync(dir), []);
});

test('a stale lock is removed only while it still holds the text judged stale; one made since is put back', async () => {
  const dir = tempDir();
  const lock = path.join(dir, '.r.lock');
  writeFileSync(lock, '999999\n');
  assert.equal(await removeStaleLock(lock, '999999\n'), true);
  assert.deepEqual(readdirSync(dir), []);

  // Judged stale when it held 999999; another writer has taken it over since.
  writeFileSync(lock, `${process.ppid}\n`);
  assert.equal(await removeStaleLock(lock, '999999\n'), false);
  assert.deepEqual(readdirSync(dir), ['.r.lock']);
  assert.equal(readFileSync(lock, 'utf8'), `${process.ppid}\n`);

  rmSync(lock);
  assert.equal(await removeStaleLock(lock, '999999\n'), false);
  assert.deepEqual(readdirSync(dir), []);
});

test('a dead lock is removed by one writer at a time: while another holds the takeover token, not at all', async () => {
  const dir = tempDir();
  const lock = path.join(dir, '.r.lock');
  const token = `${lock}.takeover`;
  writeFileSync(lock, '999999\n');
  writeFileSync(token, `${process.ppid}\n`);
  assert.equal(await removeStaleLock(lock, '999999\n'), false);
  assert.deepEqual(readdirSync(dir).sort(), ['.r.lock', '.r.lock.takeover']);

  // The token of a writer killed while it held it is removed; the next call takes over.
  writeFileSync(token, `${deadPid()}\n`);
  assert.equal(await removeStaleLock(lock, '999999\n'), false);
  assert.deepEqual(readdirSync(dir), ['.r.lock']);
  assert.equal(await removeStaleLock(lock, '999999\n'), true);
  assert.deepEqual(readdirSync(dir), []);
});

test("writers in several processes that find one dead writer's lock at once: exactly one takes it", async () => {
  const writers = 4;
  const dir = tempDir();
  const target = path.join(dir, 'r');
  // A dead writer's lock: a pid no process has.
  writeFileSync(path.join(dir, '.r.lock'), `${deadPid()}\n`);
  const lockModule = pathToFileURL(path.resolve(import.meta.dirname, '../../src/report/outputLock.ts')).href;
  // Each waits for the same moment, then asks; the one that takes the lock holds it until every
  // other has been refused, so two takers would both wait in vain and both report taking it.
  const script = `
    import { existsSync, readdirSync, writeFileSync } from 'node:fs';
    const { acquireLock } = await import(${JSON.stringify(lockModule)});
    const [dir, target, startMs, writers] = [process.argv[1], process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
    while (Date.now() < startMs);
    try {
      const release = await acquireLock(target);
      const until = Date.now() + 10_000;
      while (readdirSync(dir).filter((n) => n.startsWith('refused-')).length < writers - 1 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 5));
      }
      writeFileSync(dir + '/took-' + process.pid, '');
      await release();
    } catch (error) {
      writeFileSync(dir + '/refused-' + process.pid, String(error.message));
    }
  `;
  const startMs = Date.now() + 1500;
  const children = Array.from({ length: writers }, () =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir, target, String(startMs), String(writers)], {
        env: childEnv(),
        stdio: 'inherit',
      });
      child.on('exit', resolve);
    }),
  );
  assert.deepEqual(await Promise.all(children), Array(writers).fill(0));
  const names = readdirSync(dir);
  assert.equal(names.filter((n) => n.startsWith('took-')).length, 1, names.join(', '));
  assert.equal(names.filter((n) => n.startsWith('refused-')).length, writers - 1, names.join(', '));
});
