import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Io } from '../../src/cli/io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The built CLI's module (dist/cli/main.js), for tests that run the tool in a child process as a
 * user does. `npm test` builds first; run alone after a change to src/, a test would exercise old
 * code, so a dist/ older than any source file is refused.
 */
export function builtCliModule(): string {
  const main = path.join(ROOT, 'dist', 'cli', 'main.js');
  let builtMs: number;
  try {
    builtMs = statSync(main).mtimeMs;
  } catch {
    throw new Error('dist/ is not built: run `npm run build` (npm test does) before this test');
  }
  const src = path.join(ROOT, 'src');
  const newer = readdirSync(src, { recursive: true })
    .map(String)
    .find((f) => statSync(path.join(src, f)).mtimeMs > builtMs);
  if (newer !== undefined) throw new Error(`src/${newer} is newer than dist/: run \`npm run build\` before this test`);
  return pathToFileURL(main).href;
}

/**
 * The environment for a child process a test starts: this one's, without the test runner's
 * NODE_TEST_CONTEXT, which would make the child act as a test file.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return env;
}

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

/** A key of a JSON object or an index of an array. */
export type JsonKey = string | number;

/** Every place in a JSON value, as the keys that lead there (the value itself first). */
export function jsonPaths(value: unknown, at: JsonKey[] = [], out: JsonKey[][] = []): JsonKey[][] {
  out.push(at);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) jsonPaths(v, [...at, i], out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) jsonPaths(v, [...at, k], out);
  }
  return out;
}

/** What setIn puts at a place to remove it (an array's item, an object's key). */
export const DELETE = Symbol('delete');

/** `json` with `value` at `place` (the root itself is left as it is). */
export function setIn(json: unknown, place: readonly JsonKey[], value: unknown): unknown {
  if (place.length === 0) return json;
  const parent = place.slice(0, -1).reduce<unknown>((o, k) => (o as Record<JsonKey, unknown>)[k], json);
  const key = place[place.length - 1];
  if (value !== DELETE) (parent as Record<JsonKey, unknown>)[key] = value;
  else if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<JsonKey, unknown>)[key];
  return json;
}

/** The pid of a process that has ended: a lock or temporary file naming it is a killed writer's. */
export function deadPid(): number {
  return spawnSync('true').pid ?? 999_999;
}
