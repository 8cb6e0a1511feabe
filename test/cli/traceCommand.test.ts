import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { captureIo, SMALL_SCENARIO, tempDir, writeScenario } from './helpers.ts';

test('run --trace prints one app’s story per variant and writes no report', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  const io = captureIo();
  assert.equal(await main(['run', file, '--trace', '1', '--out', path.join(dir, 'out')], io), 0);
  assert.match(io.out(), /^# small: what happened to app-1\n# seed 3, replication 1; /);
  assert.match(io.out(), /\n## push\n0d \d\d:\d\d:\d\d\.\d{3} {2}\w+ +\S/);
  assert.match(io.out(), /\n## pull\n/);
  assert.ok(!existsSync(path.join(dir, 'out')));
});

test('run --trace with an app the scenario does not have is a usage error', async () => {
  const dir = tempDir();
  const file = writeScenario(dir, 'small.yaml', SMALL_SCENARIO);
  for (const app of ['0', 'nope', '999']) {
    const io = captureIo();
    assert.equal(await main(['run', file, '--trace', app], io), 2);
    assert.match(io.err(), /--trace: expected an app number from 1 to \d+ or a name like app-1, found "/);
    assert.equal(io.out(), '');
  }
});
