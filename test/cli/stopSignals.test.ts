import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { builtCliModule, childEnv, tempDir } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/gitops-sim.js', import.meta.url));
/** Runs of a few milliseconds each, one a sweep point, far more than the test waits for. */
const TINY = 'name: tiny\nhorizon: 1d\nreplications: 1\napps: { count: 1 }\nvariants:\n  - { name: push, delivery: push }\n';

function start(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Waits (polling) until `ready` holds; fails if the child ends first. */
async function until(child: ChildProcess, ready: () => boolean): Promise<void> {
  while (!ready()) {
    assert.equal(child.exitCode, null, 'the command ended before the test could stop it');
    await sleep(5);
  }
}

function hidden(dir: string, name: string): string[] {
  return readdirSync(dir).filter((entry) => entry.startsWith(`.${name}.`));
}

describe('a stop signal while output is written (bin/gitops-sim.js, stopSignals.ts)', { concurrency: true }, () => {
  builtCliModule(); // refuses a dist/ older than the sources

  for (const signal of ['SIGINT', 'SIGHUP'] as const) {
    it(`${signal} to run: the lock and the staging folder go, and it ends by ${signal}`, async () => {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'tiny.yaml'), TINY);
      const out = path.join(dir, 'r');
      const child = start(['run', path.join(dir, 'tiny.yaml'), '--out', out, '--replications', '10000', '--quiet', '--no-charts']);
      const stderr: string[] = [];
      child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
      // The lock and the staging folder: the write has begun.
      await until(child, () => readdirSync(dir).includes('r') && hidden(out, 'tiny').length === 2);
      child.kill(signal);
      const [code, endedBy] = await once(child, 'exit');
      assert.deepEqual([code, endedBy], [null, signal], stderr.join(''));
      assert.deepEqual(readdirSync(out), [], 'no lock, no staging folder, no report');
    });
  }

  it('SIGTERM to a sweep: the lock goes, the finished points stay for --resume', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'tiny.yaml'), TINY);
    const seeds = Array.from({ length: 500 }, (_, i) => i + 1).join(',');
    const child = start([
      'sweep', path.join(dir, 'tiny.yaml'), '--set', `seed=${seeds}`, '--workers', '1',
      '--out', path.join(dir, 's'), '--quiet', '--no-charts',
    ]);
    const points = () => {
      const staging = hidden(dir, 's').find((name) => name.startsWith('.s.tmp-'));
      if (staging === undefined) return [];
      try {
        return readdirSync(path.join(dir, staging, 'points')).filter((name) => name.endsWith('.json'));
      } catch {
        return [];
      }
    };
    await until(child, () => points().length > 0);
    child.kill('SIGTERM');
    const [code, endedBy] = await once(child, 'exit');
    assert.deepEqual([code, endedBy], [null, 'SIGTERM']);
    const left = hidden(dir, 's');
    assert.equal(left.length, 1, `only the staging folder: ${left}`);
    assert.match(left[0], /^\.s\.tmp-\d+-\d+$/);
    assert.ok(points().length > 0);
  });
});
