import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { OutputError } from '../../src/report/outputError.ts';
import { acquireLock, lockHolder, UNFILLED_LOCK_GRACE_MS } from '../../src/report/outputLock.ts';
import { tempDir } from '../cli/helpers.ts';

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
