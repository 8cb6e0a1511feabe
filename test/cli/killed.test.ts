/**
 * kill -9 at random moments of run, sweep and merge (a seeded choice of
 * moments, so a failure repeats): the output folder is always one whole
 * run's (or, cut between the two renames of the swap, briefly absent with
 * the earlier one kept aside), never a mix of two; and after the next run
 * it is that run's, with no temporary file, folder or lock left. The killed
 * writer is the built CLI (dist/), as a user runs it; the references are made
 * in this process from the sources, so they must also agree byte for byte.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';
import { writerArgv } from '../hostile/writerArgv.ts';
import { builtCliModule, captureIo, tempDir } from './helpers.ts';

const FIXTURES = fileURLToPath(new URL('../hostile/', import.meta.url));
const LOOP = path.join(FIXTURES, 'writerLoop.mjs');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TINY = readFileSync(path.join(FIXTURES, 'tiny.yaml'), 'utf8');
const CHILD_TIMEOUT_MS = 60_000;

/** A small seeded generator (LCG), so the kill moments are random but the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Every file under `dir` with its bytes, relative paths sorted. */
function contents(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]));
}

function sameFolder(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([file, bytes]) => b.get(file) === bytes);
}

function strays(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => /(^|\/)\.[^/]*\.(tmp|old)-\d+-\d+$|(^|\/)\.[^/]*\.lock$/.test(name));
}

/** Starts the writer loop and kills it -9 `delayMs` after iteration `iteration` starts. */
function killDuring(mode: string, dir: string, iteration: number, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const argvs = JSON.stringify([writerArgv(mode, dir, 1), writerArgv(mode, dir, 2)]);
    const child = spawn(process.execPath, [LOOP, builtCliModule(), argvs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${mode}: iteration ${iteration} never started`));
    }, CHILD_TIMEOUT_MS);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`start ${iteration}\n`) && !output.includes('killing')) {
        output += 'killing\n';
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve(output);
      else reject(new Error(`${mode}: the writer ended by itself (exit ${code}): ${output}`));
    });
  });
}

const dir = tempDir();
/** Each command's two possible outputs, made in this process. */
const refs = new Map<string, [Map<string, string>, Map<string, string>]>();
/** The folder each command writes, relative to its case folder. */
const TARGET: Record<string, string> = { run: 'out/s', sweep: 'out', merge: 'out' };

async function make(mode: string, caseDir: string, input: 1 | 2): Promise<void> {
  const io = captureIo();
  assert.equal(await main(writerArgv(mode, caseDir, input), io), 0, io.err());
}

function prepare(caseDir: string): void {
  writeFileSync(path.join(caseDir, 's.yaml'), TINY);
}

before(async () => {
  // Shards of both grids, for merge; the whole sweeps are also merge's outputs, byte for byte.
  prepare(dir);
  for (const [g, grid] of [
    [1, 'seed=1,2'],
    [2, 'seed=3,4'],
  ] as const) {
    for (const k of [1, 2]) {
      const io = captureIo();
      const argv = ['sweep', path.join(dir, 's.yaml'), '--set', grid, '--shard', `${k}/2`, '--out', path.join(dir, `g${g}-${k}`), '--workers', '1', '--quiet'];
      assert.equal(await main(argv, io), 0, io.err());
    }
  }
  for (const mode of ['run', 'sweep']) {
    const outs: Map<string, string>[] = [];
    for (const input of [1, 2] as const) {
      const refDir = path.join(dir, `ref-${mode}-${input}`);
      mkdirSync(refDir);
      prepare(refDir);
      await make(mode, refDir, input);
      outs.push(contents(path.join(refDir, TARGET[mode])));
    }
    refs.set(mode, [outs[0], outs[1]]);
  }
  refs.set('merge', refs.get('sweep')!);
});

const random = seeded(12);
// Each span is about one iteration of its writer (a run with its charts 0.8 s, a sweep or merge
// without 0.3-0.6 s), so the moment falls anywhere in one: simulating, drawing, writing, swapping.
for (const [mode, spanMs] of [
  ['run', 800],
  ['sweep', 600],
  ['merge', 600],
] as const) {
  // The second iteration: it replaces the first one's folder, where a mix could happen.
  const iteration = 1;
  const delayMs = Math.floor(random() * spanMs);
  test(`kill -9 during ${mode} (iteration ${iteration}, ${delayMs} ms in): never a mixed folder; the next run cleans up`, { timeout: CHILD_TIMEOUT_MS * 2 }, async () => {
    // The merge loop reads the shards from its own folder.
    const caseDir = mode === 'merge' ? dir : path.join(dir, mode);
    if (mode !== 'merge') {
      mkdirSync(caseDir);
      prepare(caseDir);
    }
    await killDuring(mode, caseDir, iteration, delayMs);
    const target = path.join(caseDir, TARGET[mode]);
    const [one, two] = refs.get(mode)!;
    if (existsSync(target)) {
      const now = contents(target);
      assert.ok(sameFolder(now, one) || sameFolder(now, two), 'the folder is one whole run, not a mix');
    } else {
      // Cut between the swap's two renames: the earlier folder waits aside, the next writer puts it back.
      const aside = readdirSync(path.dirname(target)).filter((n) => n.startsWith(`.${path.basename(target)}.old-`));
      assert.equal(aside.length, 1, 'the earlier folder is kept aside');
    }
    await make(mode, caseDir, 1);
    assert.ok(sameFolder(contents(target), one), 'the next run wrote its folder whole');
    assert.deepEqual(strays(path.dirname(target)), [], 'no temporary file, folder or lock left');
  });
}
