import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Io } from '../../src/cli/io.ts';

/** An Io that collects what the CLI writes. */
export function captureIo(isTTY = false): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t), isTTY },
    stderr: { write: (t: string) => (err += t), isTTY },
    nowMs: () => 0,
    out: () => out,
    err: () => err,
  };
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'gitops-sim-test-'));
}

/** A small valid scenario, quick to run. */
export const SMALL_SCENARIO = `name: small
seed: 3
horizon: 1d
replications: 2
apps: { count: 2, replicas: 3 }
ci: { commits: { every: exp(2h) } }
variants:
  - { name: push, delivery: push }
  - { name: pull, delivery: { type: pull, interval: 60s, jitter: 10s } }
`;

export function writeScenario(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
