/**
 * The hostile-input corpus: files, flags, paths, folders, point files and
 * concurrent writers, as a careless or a hostile user gives them. Every case
 * ends in exit 0 with correct output, or exit 2 with a message that names
 * where the problem is; never exit 1, a stack trace or a hang (each case has
 * a timeout); a bad case writes nothing; no case leaves a temporary file or
 * lock. Cases run main() in this process: a spawned CLI costs a second each.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';
import { captureIo, tempDir } from './helpers.ts';

const FIXTURES = fileURLToPath(new URL('../hostile/', import.meta.url));
const TINY = readFileSync(path.join(FIXTURES, 'tiny.yaml'), 'utf8');
const CASE_TIMEOUT_MS = 60_000;

type Io = ReturnType<typeof captureIo>;

interface Case {
  readonly name: string;
  /** Files made in the case's fresh folder before it runs: relative path -> content. */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  readonly setup?: (dir: string) => void;
  readonly argv: (dir: string) => string[];
  /** A second command line started at the same moment (concurrent writers): one of the two must get exit 2. */
  readonly concurrent?: (dir: string) => string[];
  readonly exit: 0 | 2;
  /** Exit 2: the message, which names the file (and line, column), option or path at fault. */
  readonly message?: RegExp;
  /** Exit 0: what the output must be (it may run further commands). */
  readonly check?: (dir: string, io: Io) => void | Promise<void>;
}

/** The tiny scenario with `from` replaced by `to` (asserted present, so a case cannot silently test nothing). */
function tiny(from?: string | RegExp, to?: string): string {
  if (from === undefined) return TINY;
  const text = TINY.replace(from, to ?? '');
  assert.notEqual(text, TINY, `the fixture has ${from}`);
  return text;
}

const at = (dir: string, ...parts: string[]) => path.join(dir, ...parts);
const validate = (file: string) => (dir: string) => ['validate', at(dir, file)];
/**
 * A run without charts (--no-charts): the cases are about paths, folders and locks, which charts do
 * not change; the cases that look at a whole report or odd data draw them (`runWithCharts`).
 */
const runWithCharts = (...args: string[]) => (dir: string) => ['run', ...args.map((a) => a.replace('$DIR', dir)), '--quiet'];
const run = (...args: string[]) => (dir: string) => [...runWithCharts(...args)(dir), '--no-charts'];
const D = '$DIR';

/** Every entry under `dir` with what a write changes (type, size, file mtime), for "a bad case writes nothing". */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      const s = lstatSync(full);
      const kind = s.isDirectory() ? 'dir' : s.isFile() ? `file ${s.size} ${s.mtimeMs}` : 'other';
      return `${path.relative(dir, full)} ${kind}`;
    })
    .sort();
}

/** Temporary files, folders and locks anywhere under `dir`. */
function strays(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => /(^|\/)\.[^/]*\.(tmp|old)-\d+-\d+$|(^|\/)\.[^/]*\.lock$/.test(name));
}

function deadPid(): number {
  const child = spawnSync('true');
  return child.pid ?? 999_999;
}

function summaryJson(variants: readonly string[], metrics: Record<string, unknown> = { convergenceMeanMs: { mean: 1000, ci95: null } }): string {
  return JSON.stringify({
    tool: { name: 'gitops-sim', version: '0.1.0' },
    scenario: { name: 's', seed: 1, replications: 1 },
    inputHash: 'x',
    variants: variants.map((name) => ({ name, metrics })),
  });
}

function reportFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((n) => !n.endsWith('charts'))
    .sort();
}

// A sweep of the tiny scenario in two shards, made once; point-file cases copy and damage them.
let shards: { one: string; two: string; whole: string };

function pointFileOf(folder: string, k = 0): string {
  const points = path.join(folder, 'points');
  return path.join(points, readdirSync(points).sort()[k]);
}

function copyShards(dir: string): void {
  cpSync(shards.one, at(dir, 's1'), { recursive: true });
  cpSync(shards.two, at(dir, 's2'), { recursive: true });
}

const merge = (...args: string[]) => (dir: string) => [
  'merge',
  ...args.map((a) => a.replace(D, dir)),
  '--quiet',
  '--no-charts',
];

const fileCases: Case[] = [
  { name: 'an empty file', files: { 's.yaml': '' }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:\d+:\d+/ },
  { name: 'only a comment', files: { 's.yaml': '# nothing\n' }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:\d+:\d+/ },
  { name: 'a list, not a mapping', files: { 's.yaml': '- a\n- b\n' }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:1:\d+/ },
  { name: 'a bare scalar', files: { 's.yaml': 'hello\n' }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:1:\d+/ },
  { name: 'an unclosed flow mapping', files: { 's.yaml': 'name: {a: 1\n' }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:\d+:\d+/ },
  { name: 'tab indentation', files: { 's.yaml': 'name: x\napps:\n\tcount: 1\n' }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:3:\d+/ },
  { name: 'a key with a typo', files: { 's.yaml': tiny('horizon:', 'horizn:') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:4:1: .*horizn/ },
  { name: 'negative replicas', files: { 's.yaml': tiny('replicas: 1', 'replicas: -1') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:6:\d+: apps\.replicas/ },
  { name: 'replications 0', files: { 's.yaml': tiny('replications: 1', 'replications: 0') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:5:\d+: replications/ },
  { name: 'replications over the cap', files: { 's.yaml': tiny('replications: 1', 'replications: 10001') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:5:\d+: replications: .*10000/ },
  { name: 'replications a billion', files: { 's.yaml': tiny('replications: 1', 'replications: 1000000000') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:5:\d+: replications/ },
  { name: 'horizon zero', files: { 's.yaml': tiny('horizon: 2h', 'horizon: 0s') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:4:\d+: horizon/ },
  { name: 'horizon over ten years', files: { 's.yaml': tiny('horizon: 2h', 'horizon: 3651d') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:4:\d+: horizon: .*3650d/ },
  { name: 'horizon a hundred years', files: { 's.yaml': tiny('horizon: 2h', 'horizon: 36500d') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:4:\d+: horizon/ },
  { name: 'horizon not a duration', files: { 's.yaml': tiny('horizon: 2h', 'horizon: forever') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:4:\d+: horizon/ },
  { name: 'a name over 200 characters', files: { 's.yaml': tiny('name: tiny', `name: ${'n'.repeat(201)}`) }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:2:\d+: name/ },
  { name: 'a description over 10000 characters', files: { 's.yaml': `${tiny()}description: ${'d'.repeat(10_001)}\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:\d+: description/ },
  {
    name: '101 variants',
    files: { 's.yaml': `${tiny(/variants:[\s\S]*$/, 'variants:\n')}${Array.from({ length: 101 }, (_, i) => `  - { name: v${i}, delivery: push }\n`).join('')}` },
    argv: validate('s.yaml'),
    exit: 2,
    message: /s\.yaml:\d+:\d+: variants/,
  },
  { name: 'a variant name over 200 characters', files: { 's.yaml': tiny('name: push', `name: ${'p'.repeat(201)}`) }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.name/ },
  { name: 'two variants of one name', files: { 's.yaml': tiny('name: pull', 'name: push') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:10:\d+: variants\.1\.name/ },
  { name: 'a baseline that is no variant', files: { 's.yaml': `${tiny()}baseline: nope\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:\d+: baseline/ },
  { name: 'a push deploy job failing more than always', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: push, failRate: 1.5 } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.failRate/ },
  // Without a cap, each ran for minutes: a sync applies every resource, and every shard is a controller.
  { name: 'Argo CD resources per app over the cap', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: pull, resourcesPerApp: 100000000 } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.resourcesPerApp: expected a whole number <= 10000/ },
  { name: 'Argo CD shards over the cap', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: pull, shards: 100000000 } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.shards: expected a whole number <= 1000/ },
  { name: 'push retries over the cap', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: push, retries: 1000000 } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.retries: .*10/ },
  { name: 'a push re-run of nothing', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: push, rerun: build } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.rerun/ },
  // A pull system has no deploy job to re-run: rerun was an instant, free apply under Argo CD and Flux.
  { name: 'a re-run of a pull delivery', files: { 's.yaml': tiny('jitter: 10s } }', 'jitter: 10s }, rollback: rerun }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:10:\d+: variants\.1\.rollback: expected revert, undo, pause or none under pull delivery .*, found "rerun"/ },
  // Push has no controller to pause (undo is its equivalent).
  { name: 'a pause of a push delivery', files: { 's.yaml': tiny('delivery: push }', 'delivery: push, rollback: pause }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.rollback: expected rerun, revert, undo or none under push delivery .*, found "pause"/ },
  { name: 'a pause (of every environment) with a push environment', files: { 's.yaml': `${tiny('jitter: 10s } }', 'jitter: 10s }, rollback: pause }')}environments: [{ name: staging, delivery: push }, { name: production }]\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:\d+: environments\.0\.delivery: expected a pull delivery, as variants\.1 rolls back by pause/ },
  { name: 'a re-run (the push default) into a pull environment', files: { 's.yaml': `${tiny()}environments: [{ name: staging, delivery: { type: pull, profile: flux } }, { name: production }]\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:\d+: environments\.0\.delivery: expected a push delivery, as variants\.0 rolls back by rerun/ },
  { name: 'a push job starting in negative time', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: push, startupTime: -5s } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.startupTime/ },
  { name: 'push resources over the cap', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: push, resourcesPerApp: 99999999 } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.resourcesPerApp/ },
  // These passed validate, then crashed run (exit 1 and a stack), never ended, or took minutes and gigabytes: `run` refuses them at once.
  { name: 'an Argo CD interval of 0s', files: { 's.yaml': tiny('interval: 60s', 'interval: 0s') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:10:\d+: variants\.1\.delivery\.interval: expected an interval of at least 1s, found "0s"/ },
  { name: 'a Flux interval of 0s', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: pull, profile: flux, interval: 0s } }') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.interval: expected an interval of at least 1s/ },
  { name: 'a Flux source interval of 0s', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: pull, profile: flux, sourceInterval: 0s } }') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.sourceInterval: expected an interval of at least 1s/ },
  { name: 'a canary analysis interval of 0s (looped for ever)', files: { 's.yaml': tiny('replicas: 1 }', 'replicas: 2, strategy: { type: Canary, analysis: { interval: 0s }, steps: [{ setWeight: 50 }] } }') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:6:\d+: apps\.strategy\.analysis\.interval: expected an interval of at least 1s/ },
  { name: 'a blue-green pre-promotion analysis interval of 0s', files: { 's.yaml': tiny('replicas: 1 }', 'replicas: 2, strategy: { type: BlueGreen, prePromotionAnalysis: { interval: 0s } } }') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:6:\d+: apps\.strategy\.prePromotionAnalysis\.interval: expected an interval of at least 1s/ },
  { name: 'a controller-manager qps of 1e-13', files: { 's.yaml': tiny('replicas: 1 }', 'replicas: 1 }\ncluster: { controllerManager: { qps: 1e-13 } }') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:7:\d+: cluster\.controllerManager\.qps: expected requests per second, at least 0\.001, found 1e-13/ },
  { name: 'an Argo CD qps of 1e-13', files: { 's.yaml': tiny('interval: 60s', 'qps: 1e-13, interval: 60s') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:10:\d+: variants\.1\.delivery\.qps: expected requests per second, at least 0\.001/ },
  { name: 'a push qps of 1e-13', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: push, qps: 1e-13 } }') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.qps: expected requests per second, at least 0\.001/ },
  { name: 'an autoscaler max of 1e9', files: { 's.yaml': `${tiny()}drift:\n  - { kind: hpa, every: exp(6h), min: 1, max: 1000000000 }\n` }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:12:\d+: drift\.0\.max: expected a whole number <= 10000, found 1000000000/ },
  { name: 'Argo CD kubectlParallelism of 1e9', files: { 's.yaml': tiny('interval: 60s', 'kubectlParallelism: 1000000000, interval: 60s') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:10:\d+: variants\.1\.delivery\.kubectlParallelism: expected a whole number <= 10000/ },
  { name: 'Flux wait as the word yes', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: pull, profile: flux, wait: "yes" } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.wait: expected true or false, found "yes"/ },
  { name: 'Flux concurrent of 1e9', files: { 's.yaml': tiny('delivery: push }', 'delivery: { type: pull, profile: flux, concurrent: 1000000000 } }') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery\.concurrent: expected a whole number <= 10000/ },
  { name: 'an interval of 100000000d (past exact integer time)', files: { 's.yaml': tiny('interval: 60s', 'interval: 100000000d') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:10:\d+: variants\.1\.delivery\.interval: expected a duration of at most 3650000d \(10,000 years\)/ },
  ...[
    ['pod startup', tiny('replicas: 1 }', 'replicas: 1 }\ncluster: { podStartup: "lognormal(1ms, 3650d)" }')],
    ['push start-up and API latency', tiny('delivery: push }', 'delivery: { type: push, apiLatency: "lognormal(1ms, 3650d)", startupTime: "lognormal(1ms, 3650d)" } }')],
    ['a CI stage', tiny('exp(30m) } }', 'exp(30m) }, stages: [{ name: b, duration: "lognormal(1ms, 3650d)" }] }')],
    ['drift every', `${tiny()}drift:\n  - { kind: podCrash, every: "lognormal(1ms, 3650d)" }\n`],
  ].map(([where, text]): Case => ({
    // Its upper draws were 10^20 ms and more: now capped at 10,000 years, they fall after the run's end.
    // A day of 5 apps of 3 replicas committing every 10 minutes draws enough for one of them (pod startup, CI stage).
    name: `lognormal(1ms, 3650d) as ${where}`,
    files: { 's.yaml': text.replace('count: 1, replicas: 1', 'count: 5, replicas: 3').replace('exp(30m)', '10m').replace('horizon: 2h', 'horizon: 1d') },
    argv: run(`${D}/s.yaml`, '--out', `${D}/o`),
    exit: 0,
    check: (dir) => assert.ok(existsSync(at(dir, 'o', 's', 'summary.json'))),
  })),
  // A list of 100,000 problems helped no one, and 200,000 overflowed the stack: the first 100 and a count.
  { name: 'more than 100 problems', files: { 's.yaml': `${tiny()}${Array.from({ length: 250 }, (_, i) => `k${i}: 1\n`).join('')}` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:1: k0: unknown key[\s\S]*s\.yaml:110:1: k99: unknown key[^\n]*\n[^\n]*s\.yaml: and 150 more problems \(the first 100 are listed\)/ },
  { name: 'an alias bomb', setup: (dir) => cpSync(path.join(FIXTURES, 'alias-bomb.yaml'), at(dir, 's.yaml')), argv: validate('s.yaml'), exit: 2, message: /s\.yaml:\d+:\d+/ },
  // yaml's message quotes the source after the bad escape, line break included: the problem stays one line.
  { name: 'a bad escape at the end of a quoted line', files: { 's.yaml': tiny('name: tiny', 'name: "ti\\u\n  ny"') }, argv: validate('s.yaml'), exit: 2, message: /^[^\n]*s\.yaml:2:\d+: expected valid YAML, found "\\\\" \(invalid escape sequence \\u\\n {2}n\)\n?$/ },
  { name: 'an alias never defined', files: { 's.yaml': tiny('name: tiny', 'name: *nothing') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:2:\d+/ },
  {
    name: 'random bytes',
    files: { 's.yaml': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) % 251)) },
    argv: validate('s.yaml'),
    exit: 2,
    message: /s\.yaml:\d+:\d+/,
  },
  { name: 'NUL bytes in a value', files: { 's.yaml': tiny('name: tiny', 'name: "ti\\0ny"\nx\u0000: 1') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:\d+:\d+/ },
  { name: 'a byte-order mark', files: { 's.yaml': `\ufeff${tiny()}` }, argv: validate('s.yaml'), exit: 0, check: (_d, io) => assert.match(io.out(), /^ok .*s\.yaml: "tiny"/) },
  { name: 'CRLF line ends', files: { 's.yaml': tiny().replace(/\n/g, '\r\n') }, argv: validate('s.yaml'), exit: 0, check: (_d, io) => assert.match(io.out(), /^ok .*"tiny"/) },
  // Text that is not UTF-8 was read with U+FFFD in place of each bad byte (a Latin-1 name was mangled in
  // every report), or gave a puzzling YAML error (UTF-16, CR line ends): now refused, saying what it is.
  { name: 'Latin-1 text', files: { 's.yaml': Buffer.from(tiny('name: tiny', 'name: café'), 'latin1') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:2:10: expected UTF-8 text, found byte 0xE9 \(if it is Latin-1 or Windows-1252, convert it with iconv -f WINDOWS-1252 -t UTF-8\)/ },
  { name: 'Latin-1 text given to run', files: { 's.yaml': Buffer.from(tiny('name: tiny', 'name: café'), 'latin1') }, argv: run(`${D}/s.yaml`, '--out', `${D}/o`), exit: 2, message: /s\.yaml:2:10: expected UTF-8 text, found byte 0xE9/ },
  { name: 'Latin-1 text given to sweep', files: { 's.yaml': Buffer.from(tiny('name: tiny', 'name: café'), 'latin1') }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--out', at(d, 'o')], exit: 2, message: /s\.yaml:2:10: expected UTF-8 text, found byte 0xE9/ },
  { name: 'UTF-16 text with a byte-order mark', files: { 's.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tiny(), 'utf16le')]) }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml: expected UTF-8 text, found UTF-16LE text \(byte-order mark FF FE\)/ },
  { name: 'UTF-16 text without a byte-order mark', files: { 's.yaml': Buffer.from(tiny(), 'utf16le') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml: expected UTF-8 text, found UTF-16LE text without a byte-order mark/ },
  { name: 'UTF-32 text', files: { 's.yaml': Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), Buffer.from(tiny().split('').flatMap((c) => [0, 0, 0, c.charCodeAt(0)]))]) }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml: expected UTF-8 text, found UTF-32BE text \(byte-order mark 00 00 FE FF\)/ },
  { name: 'CR line ends (classic Mac OS)', files: { 's.yaml': tiny().replace(/\n/g, '\r') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:1:78: expected line ends LF or CRLF, found a line end of CR alone/ },
  { name: 'a !!binary value', files: { 's.yaml': tiny('name: tiny', 'name: !!binary aGk=') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:2:16: name: expected a plain value, without a YAML tag other than !!str, .*, found "aGk=" tagged !!binary/ },
  { name: 'a custom tag', files: { 's.yaml': tiny('replicas: 1', 'replicas: !replicas 1') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:6:\d+: apps\.replicas: expected a plain value, .*, found "1" tagged !replicas/ },
  { name: 'a core tag (!!str) is allowed', files: { 's.yaml': tiny('seed: 3', 'seed: !!str 3') }, argv: validate('s.yaml'), exit: 0, check: (_d, io) => assert.match(io.out(), /^ok .*"tiny"/) },
  { name: 'a replay CSV in Latin-1', files: { 's.yaml': tiny('{ every: exp(30m) }', '{ replay: c.csv }'), 'c.csv': Buffer.from('app,at\nshop-é,2024-01-01T00:00:00Z\n', 'latin1') }, argv: validate('s.yaml'), exit: 2, message: /c\.csv:2:6: expected UTF-8 text, found byte 0xE9/ },
  { name: 'a replay CSV with CR line ends', files: { 's.yaml': tiny('{ every: exp(30m) }', '{ replay: c.csv }'), 'c.csv': 'app,at\rapp-1,2024-01-01T00:00:00Z\r' }, argv: validate('s.yaml'), exit: 2, message: /c\.csv:1:7: expected line ends LF or CRLF/ },
  { name: 'import of a UTF-16 manifest', files: { 'm.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n', 'utf16le')]) }, argv: (d) => ['import', at(d, 'm.yaml'), '--out', at(d, 'x.yaml')], exit: 2, message: /m\.yaml: expected UTF-8 text, found UTF-16LE text/ },
  { name: 'import of a Latin-1 manifest', files: { 'm.yaml': Buffer.from('apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: café }\n', 'latin1') }, argv: (d) => ['import', at(d, 'm.yaml'), '--out', at(d, 'x.yaml')], exit: 2, message: /m\.yaml:3:22: expected UTF-8 text, found byte 0xE9/ },
  { name: 'bench --baseline in Latin-1', files: { 's.yaml': TINY, 'b.json': Buffer.from('{"format": "gitops-sim-bench/1", "results": [], "note": "é"}', 'latin1') }, argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--baseline', at(d, 'b.json')], exit: 2, message: /b\.json:1:58: expected UTF-8 text, found byte 0xE9/ },
  { name: 'compare of a UTF-16 summary.json', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(summaryJson(['push']), 'utf16le')]) }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/summary\.json: expected UTF-8 text, found UTF-16LE text/ },
  { name: 'compare of a Latin-1 samples.json', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push']), 'b/samples.json': Buffer.from('{"format": "é"}', 'latin1') }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/samples\.json:1:13: expected UTF-8 text, found byte 0xE9/ },
  // samples.json was read without the regular-file check the summary beside it had.
  { name: 'compare of a samples.json that is a pipe (would hang)', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push']) }, setup: (d) => execFileSync('mkfifo', [at(d, 'b', 'samples.json')]), argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/samples\.json: expected a regular file, found a named pipe/ },
  { name: 'JSON (YAML 1.2 reads it)', files: { 's.yaml': JSON.stringify({ name: 'j', variants: [{ name: 'push', delivery: 'push' }] }) }, argv: validate('s.yaml'), exit: 0, check: (_d, io) => assert.match(io.out(), /^ok .*"j"/) },
  { name: 'nesting 1000 deep', files: { 's.yaml': `name: ${'['.repeat(1000)}${']'.repeat(1000)}\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:\d+:\d+/ },
  { name: 'a file over 1 MiB', files: { 's.yaml': `${tiny()}# ${'x'.repeat(1024 * 1024)}\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml: expected a file of at most 1048576 bytes/ },
  { name: 'a 10 MB name', files: { 's.yaml': tiny('name: tiny', `name: ${'n'.repeat(10_000_000)}`) }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml: expected a file of at most 1048576 bytes/ },
  { name: 'a folder as the scenario', setup: (dir) => mkdirSync(at(dir, 's.yaml')), argv: validate('s.yaml'), exit: 2, message: /s\.yaml: expected a regular file, found a directory/ },
  { name: 'a missing file', argv: validate('none.yaml'), exit: 2, message: /none\.yaml: expected a readable scenario file, found no such file/ },
  { name: 'a named pipe (would hang)', setup: (dir) => execFileSync('mkfifo', [at(dir, 's.yaml')]), argv: validate('s.yaml'), exit: 2, message: /s\.yaml: expected a regular file, found a named pipe/ },
  { name: '/dev/zero (would fill memory)', argv: () => ['validate', '/dev/zero'], exit: 2, message: /\/dev\/zero: expected a regular file, found a character device/ },
  // The other files read whole get the scenario file's check: a FIFO hung, /dev/zero grew to gigabytes.
  { name: 'a replay CSV that is a named pipe', files: { 's.yaml': tiny('{ every: exp(30m) }', '{ replay: pipe.csv }') }, setup: (dir) => execFileSync('mkfifo', [at(dir, 'pipe.csv')]), argv: validate('s.yaml'), exit: 2, message: /s\.yaml:7:\d+: ci\.commits\.replay: expected a regular file, found "pipe\.csv" \(.*pipe\.csv is a named pipe/ },
  { name: 'a replay CSV that climbs to /dev/zero', files: { 's.yaml': tiny('{ every: exp(30m) }', `{ replay: ${'../'.repeat(40)}dev/zero }`) }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:7:\d+: ci\.commits\.replay: expected a regular file, .*\(\/dev\/zero is a character device\)/ },
  { name: 'import of /dev/zero', argv: (d) => ['import', '/dev/zero', '--out', at(d, 'x.yaml')], exit: 2, message: /\/dev\/zero: expected a regular file, found a character device/ },
  { name: 'import of a named pipe', setup: (dir) => execFileSync('mkfifo', [at(dir, 'm.yaml')]), argv: (d) => ['import', at(d, 'm.yaml'), '--out', at(d, 'x.yaml')], exit: 2, message: /m\.yaml: expected a regular file, found a named pipe/ },
  // A Deployment behind an alias bomb was "found no Kubernetes objects", with no word of the file or the aliases.
  {
    name: 'import of a folder whose only Deployment holds an alias bomb',
    setup: (d) => {
      mkdirSync(at(d, 'm'));
      const bomb = readFileSync(path.join(FIXTURES, 'alias-bomb.yaml'), 'utf8').trimEnd().split('\n').map((l) => `        ${l}`).join('\n');
      writeFileSync(at(d, 'm', 'd.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec:\n  template:\n    metadata:\n      annotations:\n${bomb}\n`);
    },
    argv: (d) => ['import', at(d, 'm'), '--out', at(d, 'x.yaml')],
    exit: 2,
    message: /found no Kubernetes objects \(left unread: .*m\/d\.yaml:1: its YAML aliases expand past the limit of 100 \(an alias bomb\?\); the document is skipped\)/,
  },
  // Symbolic links to manifests were skipped without a word (Dirent.isFile() is false for a link).
  {
    name: 'import of a folder of symbolic links to manifests',
    files: { 'base/d.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n' },
    setup: (d) => {
      mkdirSync(at(d, 'm'));
      symlinkSync('../base/d.yaml', at(d, 'm', 'd.yaml'));
      symlinkSync('../nowhere.yaml', at(d, 'm', 'gone.yaml'));
    },
    argv: (d) => ['import', at(d, 'm'), '--out', at(d, 'x.yaml')],
    exit: 0,
    check: (d, io) => {
      assert.match(readFileSync(at(d, 'x.yaml'), 'utf8'), /# Apps \(1\): d \(Deployment .*m\/d\.yaml:3\)/);
      assert.match(io.err(), /^warning: .*m\/gone\.yaml: a symbolic link to a missing path; skipped$/m);
    },
  },
  { name: 'bench --baseline /dev/zero', files: { 's.yaml': TINY }, argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--baseline', '/dev/zero'], exit: 2, message: /\/dev\/zero: cannot read the baseline: expected a regular file, found a character device/ },
  { name: 'bench --baseline a named pipe', files: { 's.yaml': TINY }, setup: (dir) => execFileSync('mkfifo', [at(dir, 'b.json')]), argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--baseline', at(d, 'b.json')], exit: 2, message: /b\.json: cannot read the baseline: expected a regular file, found a named pipe/ },
  { name: '/dev/urandom', argv: () => ['validate', '/dev/urandom'], exit: 2, message: /\/dev\/urandom: expected a regular file/ },
  { name: '/dev/null', argv: () => ['validate', '/dev/null'], exit: 2, message: /\/dev\/null: expected a regular file/ },
  { name: 'a symbolic link loop', setup: (dir) => symlinkSync(at(dir, 's.yaml'), at(dir, 's.yaml')), argv: validate('s.yaml'), exit: 2, message: /s\.yaml: expected a readable scenario file/ },
  { name: 'a seed that is a list', files: { 's.yaml': tiny('seed: 3', 'seed: [1, 2]') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:3:\d+: seed/ },
  { name: 'a negative exponential mean', files: { 's.yaml': tiny('exp(30m)', 'exp(-1s)') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:7:\d+: ci\.commits\.every/ },
  { name: 'uniform with its bounds reversed', files: { 's.yaml': tiny('exp(30m)', '"uniform(5m, 1m)"') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:7:\d+: ci\.commits\.every/ },
  { name: 'no apps', files: { 's.yaml': tiny('count: 1', 'count: 0') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:6:\d+: apps\.count/ },
  { name: 'more apps than the cap', files: { 's.yaml': tiny('count: 1', 'count: 100001') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:6:\d+: apps\.count/ },
  { name: 'too few nodes for the pods', files: { 's.yaml': tiny('replicas: 1 }', 'replicas: 5000 }\ncluster: { nodes: 1 }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:7:\d+: cluster\.nodes/ },
  { name: 'an unknown drift kind', files: { 's.yaml': `${tiny()}drift:\n  - { kind: meteor, every: exp(1h) }\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:12:\d+: drift\.0\.kind/ },
  { name: 'drift with every and at', files: { 's.yaml': `${tiny()}drift:\n  - { kind: podCrash, every: exp(1h), at: [1h] }\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:12:\d+: drift\.0\.at/ },
  { name: 'drift with neither every nor at', files: { 's.yaml': `${tiny()}drift:\n  - { kind: podCrash }\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:12:\d+: drift\.0/ },
  { name: 'an autoscaler with min above max', files: { 's.yaml': `${tiny()}drift:\n  - { kind: hpa, every: exp(1h), min: 5, max: 2 }\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:12:\d+: drift\.0\.min/ },
  { name: 'a pull spread of 1 (a pull could take no time)', files: { 's.yaml': `${tiny()}registry: { pullSpread: 1 }\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:25: registry\.pullSpread: expected a spread from 0 to less than 1/ },
  { name: 'a probability of 1.5', files: { 's.yaml': tiny('exp(30m) }', 'exp(30m) }, badRelease: 1.5') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:7:\d+: ci\.badRelease/ },
  { name: 'a share of bad manifests below 0', files: { 's.yaml': tiny('exp(30m) }', 'exp(30m) }, badManifest: -0.05') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:7:\d+: ci\.badManifest: expected a probability from 0 to 1/ },
  { name: 'a share of bad manifests as a percentage', files: { 's.yaml': tiny('exp(30m) }', 'exp(30m) }, badManifest: 5%') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:7:\d+: ci\.badManifest/ },
  {
    name: 'every manifest bad: no release ever lands, under push, Argo CD and Flux alike',
    files: {
      's.yaml': tiny('exp(30m) }', 'exp(30m) }, badManifest: 1').replace(
        'jitter: 10s } }',
        'jitter: 10s } }\n  - { name: flux, delivery: { type: pull, profile: flux, interval: 1m } }',
      ),
    },
    argv: run(`${D}/s.yaml`, '--out', `${D}/o`),
    exit: 0,
    check: (dir) => {
      const rows = readFileSync(at(dir, 'o', 's', 'runs.csv'), 'utf8').split('\n');
      const values = (metric: string) => rows.filter((r) => r.split(',')[2] === metric).map((r) => r.split(',')[3]);
      assert.deepEqual(values('deploymentsPerDay'), ['0', '0', '0']);
      assert.deepEqual(values('convergenceUnfinished'), ['1', '1', '1']);
    },
  },
  { name: 'a word where a number goes', files: { 's.yaml': tiny('replicas: 1', 'replicas: many') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:6:\d+: apps\.replicas/ },
  { name: 'a number beyond doubles', files: { 's.yaml': tiny('replicas: 1', 'replicas: 1e400') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:6:\d+: apps\.replicas/ },
  { name: 'a key given twice', files: { 's.yaml': tiny('seed: 3', 'seed: 3\nseed: 4') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:4:\d+/ },
  { name: 'two YAML documents', files: { 's.yaml': `${tiny()}---\nname: other\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:\d+:\d+/ },
  { name: 'no variants', files: { 's.yaml': tiny(/variants:[\s\S]*$/, 'variants: []\n') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:8:\d+: variants/ },
  { name: 'an unknown delivery type', files: { 's.yaml': tiny('delivery: push', 'delivery: { type: teleport }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.delivery/ },
  {
    name: '10001 mass changes',
    files: { 's.yaml': `${tiny()}git:\n  massChanges: [${Array.from({ length: 10_001 }, () => '1h').join(', ')}]\n` },
    argv: validate('s.yaml'),
    exit: 2,
    message: /s\.yaml:12:\d+: git\.massChanges/,
  },
  { name: 'a key that moved', files: { 's.yaml': `${tiny(/ci:.*\n/, '')}git: { commits: { every: 1h } }\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:10:\d+: .*ci\.commits/ },
  {
    name: 'a name with terminal escapes is shown escaped',
    files: { 's.yaml': tiny('name: tiny', 'name: "\\e]0;pwned\\a\\e[2J"') },
    argv: validate('s.yaml'),
    exit: 0,
    check: (_d, io) => {
      assert.ok(!io.out().includes('\x1b') && !io.out().includes('\x07'), 'no raw control character');
      assert.match(io.out(), /\\u001b\]0;pwned\\u0007\\u001b\[2J/);
    },
  },
  // Environments and promotion gates.
  { name: 'a gate into an environment that does not exist', files: { 's.yaml': `${tiny()}environments: [{ name: staging }, { name: production }]\n`.replace('delivery: push }', 'delivery: push, promotion: { prod: { type: auto } } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.promotion\.prod: expected the name of an environment after the first/ },
  { name: 'eleven environments', files: { 's.yaml': `${tiny()}environments: [${Array.from({ length: 11 }, (_, i) => `{ name: e${i} }`).join(', ')}]\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:\d+: environments: expected a list of at most 10 items/ },
  { name: 'an environment name over 200 characters', files: { 's.yaml': `${tiny()}environments: [{ name: ${'e'.repeat(201)} }]\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:\d+: environments\.0\.name/ },
  { name: 'a time zone of NaN hours', files: { 's.yaml': `${tiny()}environments: [{ name: a }, { name: b }]\n`.replace('delivery: push }', 'delivery: push, promotion: { b: { type: manual, workingHours: { utcOffset: .nan } } } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.promotion\.b\.workingHours\.utcOffset/ },
  { name: 'a working day of a nanosecond (a delay would never end)', files: { 's.yaml': `${tiny()}environments: [{ name: a }, { name: b }]\n`.replace('delivery: push }', 'delivery: push, promotion: { b: { type: manual, workingHours: { hours: [9, 9.0000000001] } } } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.promotion\.b\.workingHours\.hours\.1: expected an hour at least a minute after 9/ },
  { name: 'working hours past midnight', files: { 's.yaml': `${tiny()}environments: [{ name: a }, { name: b }]\n`.replace('delivery: push }', 'delivery: push, promotion: { b: { type: manual, workingHours: { hours: [9, 1e400] } } } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.promotion\.b\.workingHours\.hours\.1/ },
  { name: 'a soak of a negative time', files: { 's.yaml': `${tiny()}environments: [{ name: a }, { name: b }]\n`.replace('delivery: push }', 'delivery: push, promotion: { b: { type: auto, soak: -1h } } }') }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:9:\d+: variants\.0\.promotion\.b\.soak/ },
  { name: 'an environment replicas over the cap', files: { 's.yaml': `${tiny()}environments: [{ name: a, replicas: 99999999 }]\n` }, argv: validate('s.yaml'), exit: 2, message: /s\.yaml:11:\d+: environments\.0\.replicas/ },
  {
    name: 'a run with environments, an approval at odd hours and a ten-year delay, writes its environments',
    files: {
      's.yaml': `${tiny()}environments: [{ name: staging, detect: { probability: 0 } }, { name: production }]\n`.replace(
        'delivery: push }',
        'delivery: push, promotion: { production: { type: manual, approveAfter: 3650d, workingHours: { days: [Sun], hours: [23.9, 24], utcOffset: -11.5 } } } }',
      ),
    },
    argv: runWithCharts(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 0,
    check: (dir) => {
      assert.ok(existsSync(at(dir, 'out', 's', 'charts', 'dora.png')));
      const summary = JSON.parse(readFileSync(at(dir, 'out', 's', 'summary.json'), 'utf8'));
      assert.deepEqual(
        summary.variants[0].environments.map((e: { name: string }) => e.name),
        ['staging', 'production'],
      );
      assert.equal(summary.variants[0].metrics.releasesPerApproval.mean, null);
    },
  },
  {
    name: 'a run estimated beyond memory is refused with the estimate',
    files: { 's.yaml': tiny('horizon: 2h', 'horizon: 3650d').replace('exp(30m)', 'exp(1s)') },
    argv: run(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 2,
    message: /s\.yaml: about [\d.e+]+ (events|changes)/,
  },
];

const flagCases: Case[] = [
  { name: 'no command', argv: () => [], exit: 2, message: /Name a command/ },
  { name: 'an unknown command', argv: () => ['runn'], exit: 2, message: /Unknown argument: runn|Did you mean run/ },
  { name: 'run without a scenario', argv: () => ['run'], exit: 2, message: /Not enough non-option arguments/ },
  { name: 'an unknown option', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--frobnicate'), exit: 2, message: /frobnicate/ },
  { name: '--replications abc', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--replications', 'abc'), exit: 2, message: /--replications: expected a whole number from 1 to 10000, found "abc"/ },
  { name: '--replications 0', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--replications', '0'), exit: 2, message: /--replications: .* found 0/ },
  { name: '--replications a billion', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--replications', '1000000000'), exit: 2, message: /--replications: expected a whole number from 1 to 10000, found 1000000000/ },
  { name: '--replications 1.5', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--replications', '1.5'), exit: 2, message: /--replications: .* found "1\.5"/ },
  { name: '--replications with spaces', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--replications', ' 3 '), exit: 2, message: /--replications: .* found " 3 "/ },
  { name: '--replications given twice', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--replications', '1', '--replications', '2'), exit: 2, message: /--replications: given 2 times/ },
  { name: '--replications with no value', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--replications'), exit: 2, message: /--replications: .* found nothing/ },
  { name: '--seed with no value', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--seed'), exit: 2, message: /--seed: expected an integer or a word, found nothing/ },
  { name: '--seed with spaces', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--seed', ' 7 '), exit: 2, message: /--seed: .* without spaces around it, found " 7 "/ },
  { name: '--seed beyond safe integers', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--seed', '99999999999999999999'), exit: 2, message: /--seed: .* found 99999999999999999999/ },
  { name: '--seed given twice', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--seed', '1', '--seed', '2'), exit: 2, message: /--seed: given 2 times/ },
  { name: 'sweep without --set', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml')], exit: 2, message: /--set/ },
  { name: 'sweep --set empty', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', ''], exit: 2, message: /--set/ },
  { name: 'sweep --set of no field', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'nofield=1,2', '--out', at(d, 'o')], exit: 2, message: /--set nofield=1: nofield: unknown key/ },
  { name: 'sweep --set with no values', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'apps.replicas=', '--out', at(d, 'o')], exit: 2, message: /--set apps\.replicas=/ },
  { name: 'sweep --set of a bad value', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'apps.replicas=1,-1', '--out', at(d, 'o')], exit: 2, message: /--set apps\.replicas=-1: apps\.replicas: expected a whole number >= 0, found -1/ },
  // The user's text echoed as typed: .inf was rewritten to Infinity and reported as "found null", ~ as null.
  { name: 'sweep --set of .inf', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'apps.count=.inf', '--out', at(d, 'o')], exit: 2, message: /--set apps\.count=\.inf: apps\.count: expected a whole number, found \.inf/ },
  { name: 'sweep --set of ~', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=~', '--out', at(d, 'o')], exit: 2, message: /--set seed=~: seed: expected a whole number or a string, found ~/ },
  { name: 'run --workers 0', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--workers', '0'), exit: 2, message: /--workers: expected a whole number from 1 to \d+, found 0/ },
  { name: 'run --workers far beyond the cores', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--workers', '1024'), exit: 2, message: /--workers: expected a whole number from 1 to \d+, found 1024/ },
  { name: 'run --workers 1.5', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--workers', '1.5'), exit: 2, message: /--workers: expected a whole number from 1 to \d+, found "1.5"/ },
  { name: 'run --workers given twice', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--workers', '1', '--workers', '2'), exit: 2, message: /--workers: given 2 times/ },
  // One-value options given twice: yargs makes a list, which was taken for a path (a crash) or a name.
  { name: 'run --out given twice', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, '--out', `${D}/a`, '--out', `${D}/b`), exit: 2, message: /--out: given 2 times; give it once/ },
  { name: 'sweep --out given twice', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--out', at(d, 'a'), '--out', at(d, 'b')], exit: 2, message: /--out: given 2 times; give it once/ },
  // An option with a default left without its value, last on the line: yargs gave it the default.
  { name: 'run --out last, with no value', files: { 's.yaml': TINY }, argv: (d) => ['run', at(d, 's.yaml'), '--no-charts', '--out'], exit: 2, message: /--out: expected a folder, found nothing/ },
  { name: 'import --name last, with no value', files: { 'm.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n' }, argv: (d) => ['import', at(d, 'm.yaml'), '--out', at(d, 'x.yaml'), '--name'], exit: 2, message: /--name: expected a scenario name of 1 to 200 characters, found nothing/ },
  { name: 'bench --baseline last, with no value', files: { 's.yaml': TINY }, argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--baseline'], exit: 2, message: /^gitops-sim: --baseline: expected a file name, found nothing$/m },
  { name: 'bench --update-baseline with --baseline last, with no value', files: { 's.yaml': TINY }, argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--update-baseline', '--baseline'], exit: 2, message: /^gitops-sim: --baseline: expected a file name, found nothing$/m },
  { name: 'import --git last, with no value', files: { 'm.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n' }, argv: (d) => ['import', at(d, 'm.yaml'), '--out', at(d, 'x.yaml'), '--git'], exit: 2, message: /^gitops-sim: --git: expected the folder of a Git repository, found nothing$/m },
  { name: 'import --name too long', files: { 'm.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n' }, argv: (d) => ['import', at(d, 'm.yaml'), '--out', at(d, 'x.yaml'), '--name', 'n'.repeat(201)], exit: 2, message: /--name: expected a scenario name of 1 to 200 characters, found 201 characters/ },
  { name: 'import --name given twice', files: { 'm.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n' }, argv: (d) => ['import', at(d, 'm.yaml'), '--out', at(d, 'x.yaml'), '--name', 'a', '--name', 'b'], exit: 2, message: /--name: given 2 times; give it once/ },
  { name: 'compare --metric given twice', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push']) }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b'), '--metric', 'correctness', '--metric', 'convergenceMeanMs'], exit: 2, message: /--metric: given 2 times; give it once/ },
  { name: 'sweep --workers 0', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--workers', '0'], exit: 2, message: /--workers: expected a whole number from 1 to \d+, found 0/ },
  { name: 'sweep --workers far beyond the cores', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--workers', '1024'], exit: 2, message: /--workers: expected a whole number from 1 to \d+, found 1024/ },
  { name: 'sweep --workers abc', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--workers', 'abc'], exit: 2, message: /--workers: .* found "abc"/ },
  { name: 'sweep --replications over the cap', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--replications', '20000'], exit: 2, message: /--replications: expected a whole number from 1 to 10000, found 20000/ },
  { name: 'sweep --set replications over the cap', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'replications=20000', '--out', at(d, 'o')], exit: 2, message: /--set replications=20000: replications: expected a whole number <= 10000/ },
  { name: 'sweep of points beyond the event limit', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'horizon=3000d', '--set', 'ci.commits.every=1s', '--set', 'replications=10000', '--out', at(d, 'o')], exit: 2, message: /s\.yaml \(horizon=3000d,ci\.commits\.every=1s,replications=10000\): about [\d.e+]+ events/ },
  { name: 'sweep --shard 0/2', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--shard', '0/2'], exit: 2, message: /--shard 0\/2/ },
  { name: 'sweep --shard 3/2', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--shard', '3/2'], exit: 2, message: /--shard 3\/2/ },
  { name: 'sweep --shard abc', files: { 's.yaml': TINY }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--shard', 'abc'], exit: 2, message: /--shard abc/ },
  { name: 'compare of missing folders', argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /report folder not found: .*\/a/ },
  { name: 'compare --metric unknown', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push']) }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b'), '--metric', 'speed'], exit: 2, message: /--metric: unknown metric "speed"/ },
  {
    name: 'compare of reports that share no variant',
    files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['pull']) },
    argv: (d) => ['compare', at(d, 'a'), at(d, 'b'), '--fail-if-worse'],
    exit: 2,
    message: /share no variant to compare: .*\/a has "push", .*\/b has "pull"/,
  },
  {
    name: 'compare --metric that one side lacks',
    files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push'], {}) },
    argv: (d) => ['compare', at(d, 'a'), at(d, 'b'), '--metric', 'convergenceMeanMs', '--fail-if-worse'],
    exit: 2,
    message: /--metric convergenceMeanMs: no value to compare in push \(missing in b\)/,
  },
  // Without --metric, a metric one report lacks (renamed or deleted in another version) was skipped without a
  // word, and --fail-if-worse passed: a note now lists it, and the gate refuses what it cannot check.
  {
    name: 'compare of reports where one lacks a metric: a note lists it',
    files: { 'a/summary.json': summaryJson(['push', 'pull']), 'b/summary.json': summaryJson(['push', 'pull'], { correctness: { mean: 1, ci95: null } }) },
    argv: (d) => ['compare', at(d, 'a'), at(d, 'b')],
    exit: 0,
    check: (d, io) => {
      assert.equal(io.err(), `note: not compared, as ${at(d, 'b')} lacks them: convergenceMeanMs (push, pull) (in ${at(d, 'a')} only)\nnote: not compared, as ${at(d, 'a')} lacks them: correctness (push, pull) (in ${at(d, 'b')} only)\n`);
    },
  },
  {
    name: 'compare --fail-if-worse where the later report lacks a metric of the earlier',
    files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push'], {}) },
    argv: (d) => ['compare', at(d, 'a'), at(d, 'b'), '--fail-if-worse'],
    exit: 2,
    message: /--fail-if-worse: .*\/b lacks metrics that .*\/a has, so the gate cannot check them: convergenceMeanMs \(push\); compare reports of one version, or gate on a metric both have with --metric/,
  },
  {
    name: 'compare --fail-if-worse where the later report has a metric more: a note, and the gate passes',
    files: { 'a/summary.json': summaryJson(['push'], {}), 'b/summary.json': summaryJson(['push']) },
    argv: (d) => ['compare', at(d, 'a'), at(d, 'b'), '--fail-if-worse'],
    exit: 0,
    check: (_d, io) => assert.match(io.err(), /^note: not compared, as .*\/a lacks them: convergenceMeanMs \(push\) \(in .*\/b only\)$/m),
  },
  { name: 'compare of a summary.json that is a pipe', files: { 'a/summary.json': summaryJson(['push']) }, setup: (d) => { mkdirSync(at(d, 'b')); execFileSync('mkfifo', [at(d, 'b', 'summary.json')]); }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/summary\.json: expected a regular file, found a named pipe/ },
  // Right shape, figures no run writes: refused by name, not compared into NaN.
  { name: 'compare of a summary with a share above 1', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push'], { correctness: { mean: 1.2, ci95: null } }) }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/summary\.json: not a gitops-sim summary \(variants\.0\.metrics\.correctness\.mean: expected a number from 0 to 1, found 1\.2\)/ },
  { name: 'compare of a summary with an upside-down interval', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push'], { convergenceMeanMs: { mean: 5, ci95: { low: 9, high: 1 } } }) }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /variants\.0\.metrics\.convergenceMeanMs\.ci95: expected low <= high, both >= 0, found \[9, 1\]/ },
  { name: 'compare of samples whose share counts are impossible', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push']), 'b/samples.json': JSON.stringify({ format: 'gitops-sim samples 1', seed: 1, variants: [{ name: 'push', replications: [0], metrics: { changeFailureRate: [[5, 1]] } }] }) }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/samples\.json: not gitops-sim samples \(variants\.0\.metrics\.changeFailureRate\.0: expected \[successes, trials\]/ },
  // zod's "Invalid input: expected ..." said neither what was found nor that another version wrote it.
  { name: 'compare of samples of another format version', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push']), 'b/samples.json': JSON.stringify({ format: 'gitops-sim samples 2', seed: 1, variants: [] }) }, setup: (d) => writeFileSync(at(d, 'b', 'summary.json'), summaryJson(['push']).replace('"0.1.0"', '"9.0.0"')), argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/samples\.json: not gitops-sim samples \(format: expected "gitops-sim samples 1", found "gitops-sim samples 2"\): written by another version of gitops-sim \(summary\.json beside it names gitops-sim 9\.0\.0; this is \d+\.\d+\.\d+\); compare reports of one version, or run both again/ },
  { name: 'compare of samples without a format', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': summaryJson(['push']), 'b/samples.json': '[1, 2]' }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/samples\.json: not gitops-sim samples \(format: expected "gitops-sim samples 1", found no format\)$/m },
  { name: 'compare of a summary.json that is not JSON', files: { 'a/summary.json': summaryJson(['push']), 'b/summary.json': '{"tool":' }, argv: (d) => ['compare', at(d, 'a'), at(d, 'b')], exit: 2, message: /b\/summary\.json: not valid JSON/ },
  { name: '--version', argv: () => ['--version'], exit: 0, check: (_d, io) => assert.match(io.out(), /^gitops-sim \d+\.\d+\.\d+ \(Node v\d+/) },
  { name: 'bench --processes 1', argv: () => ['bench', '--processes', '1'], exit: 2, message: /--processes: expected a whole number from 2 to 64, found 1/ },
  { name: 'bench --processes abc', argv: () => ['bench', '--processes', 'abc'], exit: 2, message: /--processes: .* found "abc"/ },
  { name: 'bench --sample-time NaN', argv: () => ['bench', '--sample-time', 'NaN'], exit: 2, message: /--sample-time: .* found "NaN"/ },
];

const pathCases: Case[] = [
  { name: 'run --out an existing file', files: { 's.yaml': TINY, f: 'keep' }, argv: run(`${D}/s.yaml`, '--out', `${D}/f`), exit: 2, message: /\/f exists and is not a folder/ },
  { name: 'run --out below a file', files: { 's.yaml': TINY, f: 'keep' }, argv: run(`${D}/s.yaml`, '--out', `${D}/f/sub`), exit: 2, message: /\/f\/sub.* (a part of this path is a file|is a file, not a folder)/ },
  { name: "run where the report's folder is a file", files: { 's.yaml': TINY, 'out/s': 'keep' }, argv: run(`${D}/s.yaml`, '--out', `${D}/out`), exit: 2, message: /out\/s exists and is not a folder/ },
  { name: "run where the report's folder holds other files", files: { 's.yaml': TINY, 'out/s/thesis.tex': 'keep' }, argv: run(`${D}/s.yaml`, '--out', `${D}/out`), exit: 2, message: /out\/s holds files that are not a gitops-sim output/ },
  { name: 'run of two files of one name', files: { 'd1/same.yaml': TINY, 'd2/same.yaml': TINY }, argv: run(`${D}/d1/same.yaml`, `${D}/d2/same.yaml`, '--out', `${D}/out`), exit: 2, message: /d1\/same\.yaml and .*d2\/same\.yaml would both write .*out\/same/ },
  { name: 'run of two names that differ in case', files: { 'a.yaml': TINY, 'A.yml': TINY }, argv: run(`${D}/a.yaml`, `${D}/A.yml`, '--out', `${D}/out`), exit: 2, message: /would both write/ },
  { name: 'run of one file twice', files: { 's.yaml': TINY }, argv: run(`${D}/s.yaml`, `${D}/s.yaml`, '--out', `${D}/out`), exit: 2, message: /would both write/ },
  { name: 'a file named ...yaml (its folder would be ..)', files: { '...yaml': TINY }, argv: run(`${D}/...yaml`, '--out', `${D}/out`), exit: 2, message: /\.\.\.yaml: its report folder would be named "\.\."/ },
  { name: 'a file named .yaml (no name)', files: { '.yaml': TINY }, argv: run(`${D}/.yaml`, '--out', `${D}/out`), exit: 2, message: /\.yaml: its report folder would be named ""/ },
  { name: 'a file named ..yaml (its folder would be .)', files: { '..yaml': TINY }, argv: run(`${D}/..yaml`, '--out', `${D}/out`), exit: 2, message: /its report folder would be named "\."/ },
  { name: 'a second bad file stops the first from running', files: { 'a.yaml': TINY, 'b.yaml': 'name: [' }, argv: run(`${D}/a.yaml`, `${D}/b.yaml`, '--out', `${D}/out`), exit: 2, message: /b\.yaml:\d+:\d+/ },
  // A link to nothing was "exists and is not a folder".
  { name: 'sweep --out a symbolic link to nothing', files: { 's.yaml': TINY }, setup: (d) => symlinkSync('nowhere', at(d, 'o')), argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--out', at(d, 'o')], exit: 2, message: /\/o is a symbolic link to a missing path \(nowhere\); remove the link or give another path/ },
  { name: "run where the report's folder is a symbolic link to nothing", files: { 's.yaml': TINY }, setup: (d) => { mkdirSync(at(d, 'out')); symlinkSync('nowhere', at(d, 'out', 's')); }, argv: run(`${D}/s.yaml`, '--out', `${D}/out`), exit: 2, message: /out\/s is a symbolic link to a missing path \(nowhere\)/ },
  { name: 'run --out below a symbolic link to nothing', files: { 's.yaml': TINY }, setup: (d) => symlinkSync('nowhere', at(d, 'dl')), argv: run(`${D}/s.yaml`, '--out', `${D}/dl/out`), exit: 2, message: /\/dl is a symbolic link to a missing path \(nowhere\)/ },
  { name: 'bench --out a symbolic link to nothing', files: { 's.yaml': TINY }, setup: (d) => symlinkSync(at(d, 'nowhere', 'b.json'), at(d, 'b.json')), argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--format', 'json', '--out', at(d, 'b.json')], exit: 2, message: /\/b\.json is a symbolic link to a missing path \(.*nowhere\/b\.json\)/ },
  { name: 'sweep --out an existing file', files: { 's.yaml': TINY, f: 'keep' }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--out', at(d, 'f')], exit: 2, message: /\/f exists and is not a folder/ },
  { name: 'sweep --out a folder of other files', files: { 's.yaml': TINY, 'o/notes.txt': 'keep' }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--out', at(d, 'o')], exit: 2, message: /\/o holds files that are not a gitops-sim output \(notes\.txt, no manifest\.json\)/ },
  { name: 'sweep --out a folder holding a manifest.json of another program (a browser extension)', files: { 's.yaml': TINY, 'ext/manifest.json': '{"manifest_version":3}', 'ext/background.js': 'code', 'ext/.git/HEAD': 'ref' }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--out', at(d, 'ext'), '--no-charts'], exit: 2, message: /\/ext holds files that are not a gitops-sim output \(\.git\/, background\.js, manifest\.json \(not a gitops-sim sweep manifest: / },
  { name: "run where the report's folder also holds the scenario and notes", files: { 'out/s/s.yaml': TINY, 'out/s/summary.json': summaryJson(['push']), 'out/s/notes.md': 'mine' }, argv: run(`${D}/out/s/s.yaml`, '--out', `${D}/out`), exit: 2, message: /out\/s holds files that are not a gitops-sim output \(notes\.md, s\.yaml\)/ },
  { name: 'run --out a folder a sweep is writing (it would replace the run\'s report when it ends)', files: { 's.yaml': TINY, 'out/x': '' }, setup: (d) => writeFileSync(at(d, '.out.lock'), `${process.ppid}\n`), argv: run(`${D}/s.yaml`, '--out', `${D}/out`), exit: 2, message: new RegExp(`out is being written by process ${process.ppid}`) },
  { name: 'sweep --out a run report', files: { 's.yaml': TINY, 'o/summary.json': '{}' }, argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1', '--out', at(d, 'o')], exit: 2, message: /no manifest\.json/ },
  { name: 'bench --out an existing folder', files: { 's.yaml': TINY, 'o/x': 'keep' }, argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--format', 'json', '--out', at(d, 'o')], exit: 2, message: /\/o is a folder; give a file name/ },
  { name: 'bench --out the scenario being benchmarked', files: { 's.yaml': TINY }, argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--format', 'json', '--out', at(d, 's.yaml')], exit: 2, message: /\/s\.yaml exists and was not written by gitops-sim bench; give another --out or remove it/ },
  { name: 'bench --update-baseline over the scenario being benchmarked', files: { 's.yaml': TINY }, argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--baseline', at(d, 's.yaml'), '--update-baseline'], exit: 2, message: /\/s\.yaml exists and was not written by gitops-sim bench; give another --baseline or remove it/ },
  {
    name: 'bench --out an earlier bench output (another format): replaced',
    files: { 's.yaml': TINY, 'o.txt': '{\n  "format": "gitops-sim-bench/1",\n  "results": []\n}\n' },
    argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--format', 'markdown', '--out', at(d, 'o.txt')],
    exit: 0,
    check: (d) => assert.match(readFileSync(at(d, 'o.txt'), 'utf8'), /^## gitops-sim bench\n/),
  },
  { name: 'bench --out a full device: one line naming it, not a stack', files: { 's.yaml': TINY }, argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--format', 'json', '--out', '/dev/full'], exit: 2, message: /^gitops-sim: \/dev\/full: no space left on the device \(write\)$/m },
  {
    name: 'bench --out a character device: written through, not replaced',
    files: { 's.yaml': TINY },
    setup: (d) => execFileSync('mknod', [at(d, 'fakenull'), 'c', '1', '3']),
    argv: (d) => ['bench', at(d, 's.yaml'), '--results-only', '--format', 'json', '--out', at(d, 'fakenull')],
    exit: 0,
    check: (d) => {
      assert.ok(lstatSync(at(d, 'fakenull')).isCharacterDevice(), 'still a device');
      assert.deepEqual(readdirSync(d).sort(), ['fakenull', 's.yaml']);
    },
  },
];

const folderCases: Case[] = [
  {
    name: 'run into a folder of an earlier report: files of the earlier run are gone',
    files: { 's.yaml': TINY, 'out/s/summary.json': summaryJson(['push']), 'out/s/charts/failed-requests.png': 'old chart', 'out/s/.DS_Store': '' },
    argv: run(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 0,
    check: (d) => {
      assert.equal(existsSync(at(d, 'out/s/charts/failed-requests.png')), false);
      assert.ok(readFileSync(at(d, 'out/s/summary.json'), 'utf8').includes('"tiny"'));
    },
  },
  {
    name: 'run with a lock left by a killed writer: taken over and removed',
    files: { 's.yaml': TINY },
    setup: (d) => {
      mkdirSync(at(d, 'out'));
      writeFileSync(at(d, 'out', '.s.lock'), `${deadPid()}\n`);
    },
    argv: run(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 0,
    check: (d) => assert.ok(existsSync(at(d, 'out/s/index.html'))),
  },
  {
    name: 'run with temporary folders of a killed writer: removed',
    files: { 's.yaml': TINY },
    setup: (d) => {
      const pid = deadPid();
      mkdirSync(at(d, 'out', `.s.tmp-${pid}-0`, 'charts'), { recursive: true });
      writeFileSync(at(d, 'out', `.s.tmp-${pid}-0`, 'summary.json'), 'half');
      writeFileSync(at(d, 'out', `.s.tmp-${pid}-1`), 'half');
    },
    argv: run(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 0,
    check: (d) => assert.deepEqual(readdirSync(at(d, 'out')), ['s']),
  },
  {
    name: 'run after a writer killed mid-swap: the earlier report comes back, then is replaced whole',
    files: { 's.yaml': TINY },
    setup: (d) => {
      const pid = deadPid();
      mkdirSync(at(d, 'out', `.s.old-${pid}-0`), { recursive: true });
      writeFileSync(at(d, 'out', `.s.old-${pid}-0`, 'summary.json'), summaryJson(['push']));
      writeFileSync(at(d, 'out', `.s.old-${pid}-0`, 'junit.xml'), 'old');
    },
    argv: run(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 0,
    check: (d) => {
      assert.deepEqual(readdirSync(at(d, 'out')), ['s']);
      assert.equal(existsSync(at(d, 'out/s/junit.xml')), false);
    },
  },
  {
    name: 'run while another live process holds the lock: exit 2 naming it',
    files: { 's.yaml': TINY },
    setup: (d) => {
      mkdirSync(at(d, 'out'));
      writeFileSync(at(d, 'out', '.s.lock'), `${process.ppid}\n`);
    },
    argv: run(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 2,
    message: new RegExp(`out/s is being written by process ${process.ppid}`),
  },
  {
    name: 'run --out through a symbolic link: the link stays',
    files: { 's.yaml': TINY },
    setup: (d) => {
      mkdirSync(at(d, 'real'));
      symlinkSync(at(d, 'real'), at(d, 'out'));
    },
    argv: run(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 0,
    check: (d) => {
      assert.ok(lstatSync(at(d, 'out')).isSymbolicLink());
      assert.ok(existsSync(at(d, 'real/s/summary.json')));
    },
  },
  {
    name: 'names escaped in every medium',
    setup: (d) => cpSync(path.join(FIXTURES, 'hostile-names.yaml'), at(d, 'h.yaml')),
    argv: (d) => ['run', at(d, 'h.yaml'), '--out', at(d, 'out')],
    exit: 0,
    check: async (d, io) => {
      const md = readFileSync(at(d, 'out/h/summary.md'), 'utf8');
      assert.ok(!md.includes('<img') && !md.includes('<b>') && md.includes('&lt;img'), 'summary.md shows HTML as text');
      const csv = readFileSync(at(d, 'out/h/runs.csv'), 'utf8');
      assert.ok(csv.includes(`'=HYPERLINK`) && csv.includes(`'@SUM`), 'CSV formulas neutralised');
      assert.ok(!/^[=@]/m.test(csv.replace(/^"/gm, '')), 'no cell starts a formula');
      assert.ok(!io.out().includes('\x1b'), 'no raw escape on stdout');
      // The trace printed the scenario's name and the seed raw: a seed of `\e]0;pwned\a` set the terminal's title.
      const trace = captureIo();
      assert.equal(await main(['run', at(d, 'h.yaml'), '--trace', '1', '--seed', '\x1b]0;pwned\x07'], trace), 0, trace.err());
      const raw = [...trace.out()].filter((c) => {
        const code = c.charCodeAt(0);
        return code < 0x09 || (code > 0x0a && code < 0x20) || code === 0x7f;
      });
      assert.deepEqual(raw, [], 'no raw control character in the trace');
      assert.match(trace.out(), /^# <img src=x onerror=alert\(1\)> \*\*bold\*\* \\u001b\[31mred\\u001b\[0m: what happened to app-1\n# seed \\u001b\]0;pwned\\u0007, /);
      assert.match(trace.out(), /\n## =HYPERLINK\("http:\/\/x"\)\n/);
    },
  },
  {
    name: 'run writes a whole report and leaves nothing else',
    files: { 's.yaml': TINY },
    argv: runWithCharts(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 0,
    check: (d) => {
      assert.deepEqual(readdirSync(at(d, 'out')), ['s']);
      assert.ok(reportFiles(at(d, 'out/s')).includes('summary.json'));
      assert.ok(reportFiles(at(d, 'out/s')).includes(path.join('charts', 'dora.png')));
    },
  },
];

const pointCases: Case[] = [
  { name: 'merge of a folder that is not a sweep', files: { 'x/a.txt': '' }, argv: merge(`${D}/x`, '--out', `${D}/m`), exit: 2, message: /\/x: no manifest\.json/ },
  { name: 'merge of a folder that does not exist', argv: merge(`${D}/none`, '--out', `${D}/m`), exit: 2, message: /\/none: no manifest\.json/ },
  { name: 'merge of a manifest that is not JSON', files: { 'x/manifest.json': '{"sweep": [' }, argv: merge(`${D}/x`, '--out', `${D}/m`), exit: 2, message: /x\/manifest\.json: not a sweep manifest/ },
  // Merge names what differs between two sweeps by their tools: a manifest without one crashed it.
  { name: 'merge of a manifest without its tool', files: { 'x/manifest.json': JSON.stringify({ sweep: { inputHash: 'h', params: [], points: [] }, shard: null }) }, argv: merge(`${D}/x`, '--out', `${D}/m`), exit: 2, message: /x\/manifest\.json: not a sweep manifest .*sweep\.tool/ },
  { name: 'merge of a manifest that is a folder', setup: (d) => mkdirSync(at(d, 'x/manifest.json'), { recursive: true }), argv: merge(`${D}/x`, '--out', `${D}/m`), exit: 2, message: /x\/manifest\.json: a directory, not a regular file/ },
  {
    name: 'merge of a manifest whose point name escapes the folder',
    setup: (d) => {
      copyShards(d);
      const file = at(d, 's1/manifest.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"name": "0+-seed=1"/, '"name": "../../evil"'));
    },
    argv: merge(`${D}/s1`, '--out', `${D}/m`),
    exit: 2,
    message: /s1\/manifest\.json: not a sweep manifest .*name/,
  },
  {
    name: 'merge of a point file with the right hash but no results',
    setup: (d) => {
      copyShards(d);
      const file = pointFileOf(at(d, 's1'));
      const json = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ point: json.point, summary: { inputHash: json.summary.inputHash } }));
    },
    argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`),
    exit: 2,
    message: /s1\/points\/.*\.json: not a point file/,
  },
  {
    name: 'merge of a point file that is a folder',
    setup: (d) => {
      copyShards(d);
      const file = pointFileOf(at(d, 's1'));
      rmSync(file);
      mkdirSync(file);
    },
    argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`),
    exit: 2,
    message: /s1\/points\/.*\.json: a directory, not a regular file/,
  },
  {
    name: 'merge of a point file with an edited metric',
    setup: (d) => {
      copyShards(d);
      const file = pointFileOf(at(d, 's2'));
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"mean": (\d)/, '"mean": 9$1'));
    },
    argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`),
    exit: 2,
    message: /s2\/points\/.*\.json: its checksum does not match/,
  },
  {
    name: 'merge of a point file cut short',
    setup: (d) => {
      copyShards(d);
      const file = pointFileOf(at(d, 's2'));
      writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200));
    },
    argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`),
    exit: 2,
    message: /s2\/points\/.*\.json: not JSON/,
  },
  {
    name: 'merge of a point file that is a pipe (would hang)',
    setup: (d) => {
      copyShards(d);
      const file = pointFileOf(at(d, 's1'));
      rmSync(file);
      execFileSync('mkfifo', [file]);
    },
    argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`),
    exit: 2,
    message: /s1\/points\/.*\.json: a named pipe/,
  },
  {
    name: 'merge of a point file in Latin-1',
    setup: (d) => {
      copyShards(d);
      const file = pointFileOf(at(d, 's2'));
      writeFileSync(file, Buffer.from(readFileSync(file, 'utf8').replace('"tiny"', '"tïny"'), 'latin1'));
    },
    argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`),
    exit: 2,
    message: /s2\/points\/.*\.json: line \d+, column \d+: expected UTF-8 text, found byte 0xEF/,
  },
  {
    name: 'merge with a point missing',
    setup: (d) => copyShards(d),
    argv: merge(`${D}/s1`, '--out', `${D}/m`),
    exit: 2,
    message: /merge: 1 of 2 points is missing: seed=2 \(shard 2\/2\)/,
  },
  // The points of the shard not given were reported missing, with no word of the repeat.
  { name: 'merge of one shard given twice', setup: (d) => copyShards(d), argv: merge(`${D}/s1`, `${D}/s1`, '--out', `${D}/m`), exit: 2, message: /merge: .*\/s1 is given twice; name each shard's folder once/ },
  { name: 'merge of one shard given twice by two paths', setup: (d) => copyShards(d), argv: merge(`${D}/s1`, `${D}/./s1/`, '--out', `${D}/m`), exit: 2, message: /merge: .*\/\.\/s1\/ is given twice \(as .*\/s1 and .*\/\.\/s1\/\)/ },
  { name: 'merge of two copies of one shard', setup: (d) => { copyShards(d); cpSync(at(d, 's1'), at(d, 's1b'), { recursive: true }); }, argv: merge(`${D}/s1`, `${D}/s1b`, '--out', `${D}/m`), exit: 2, message: /merge: .*\/s1 and .*\/s1b are both shard 1\/2; name each shard's folder once/ },
  { name: 'merge --out an existing file', setup: (d) => { copyShards(d); writeFileSync(at(d, 'm'), 'keep'); }, argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`), exit: 2, message: /\/m exists and is not a folder/ },
  { name: 'merge --out a folder of other files', files: { 'm/keep.txt': 'keep' }, setup: (d) => copyShards(d), argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`), exit: 2, message: /\/m holds files that are not a gitops-sim output/ },
  { name: 'merge --out a folder holding a manifest.json of another program', files: { 'm/manifest.json': '{"name":"app","icons":[]}', 'm/index.html': 'mine' }, setup: (d) => copyShards(d), argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`), exit: 2, message: /\/m holds files that are not a gitops-sim output \(index\.html, manifest\.json \(not a gitops-sim sweep manifest/ },
  {
    name: 'merge of good shards',
    setup: (d) => copyShards(d),
    argv: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/m`),
    exit: 0,
    check: (d) => assert.deepEqual(reportFiles(at(d, 'm')), reportFiles(shards.whole)),
  },
  {
    name: 'sweep --resume with a damaged point file runs that point again',
    files: { 's.yaml': TINY },
    setup: (d) => {
      cpSync(shards.whole, at(d, 'o'), { recursive: true });
      const file = pointFileOf(at(d, 'o'), 1);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"mean": (\d)/, '"mean": 9$1'));
    },
    argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1,2', '--out', at(d, 'o'), '--resume', '--workers', '1', '--no-charts'],
    exit: 0,
    check: (d, io) => {
      assert.match(io.out(), /ran 1 point\(s\), kept 1 from an earlier run/);
      for (const name of reportFiles(shards.whole).filter((n) => n.endsWith('.json'))) {
        assert.equal(readFileSync(at(d, 'o', name), 'utf8'), readFileSync(path.join(shards.whole, name), 'utf8'), name);
      }
    },
  },
  {
    name: 'sweep with another grid into an earlier sweep: nothing of the earlier one stays',
    files: { 's.yaml': TINY },
    setup: (d) => cpSync(shards.whole, at(d, 'o'), { recursive: true }),
    argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'apps.replicas=1', '--out', at(d, 'o'), '--workers', '1', '--quiet'],
    exit: 0,
    check: (d) => {
      const points = readdirSync(at(d, 'o/points'));
      assert.deepEqual(points, ['000-apps.replicas=1.json']);
      // One point: no metric varies, so no chart at all (and none of the earlier seed charts).
      assert.ok(!existsSync(at(d, 'o/charts')));
    },
  },
];

const concurrentCases: Case[] = [
  {
    name: 'two runs into one folder at once: one writes, the other is refused naming the holder',
    files: { 's.yaml': TINY },
    argv: run(`${D}/s.yaml`, '--out', `${D}/out`),
    concurrent: run(`${D}/s.yaml`, '--out', `${D}/out`),
    exit: 0,
    message: new RegExp(`out/s is being written by process ${process.pid}`),
  },
  {
    name: 'two sweeps into one folder at once',
    files: { 's.yaml': TINY },
    // Several points each: whichever takes the lock still holds it when the other asks (with one
    // point, the first could finish before the second got there, and both wrote, one after the other).
    argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1,2,3,4', '--out', at(d, 'o'), '--workers', '1', '--quiet', '--no-charts'],
    concurrent: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=5,6,7', '--out', at(d, 'o'), '--workers', '1', '--quiet', '--no-charts'],
    exit: 0,
    message: new RegExp(`o is being written by process ${process.pid}`),
  },
  {
    name: 'a merge into a folder a sweep is writing',
    files: { 's.yaml': TINY },
    setup: (d) => copyShards(d),
    // Six points, so the sweep still holds the folder when the merge, which reads its shards first, comes to it.
    argv: (d) => ['sweep', at(d, 's.yaml'), '--set', 'seed=1,2,3,4,5,6', '--out', at(d, 'o'), '--workers', '1', '--quiet', '--no-charts'],
    concurrent: merge(`${D}/s1`, `${D}/s2`, '--out', `${D}/o`),
    exit: 0,
    message: new RegExp(`o is being written by process ${process.pid}`),
  },
  {
    name: 'two runs of different scenarios into one --out at once: both write',
    files: { 'a.yaml': TINY, 'b.yaml': TINY },
    argv: run(`${D}/a.yaml`, '--out', `${D}/out`),
    concurrent: run(`${D}/b.yaml`, '--out', `${D}/out`),
    exit: 0,
    check: (d) => assert.deepEqual(readdirSync(at(d, 'out')).sort(), ['a', 'b']),
  },
];

before(async () => {
  const dir = tempDir();
  writeFileSync(at(dir, 's.yaml'), TINY);
  const sweep = (extra: string[]) =>
    main(['sweep', at(dir, 's.yaml'), '--set', 'seed=1,2', '--workers', '1', '--quiet', '--no-charts', ...extra], captureIo());
  shards = { one: at(dir, 'one'), two: at(dir, 'two'), whole: at(dir, 'whole') };
  assert.equal(await sweep(['--shard', '1/2', '--out', shards.one]), 0);
  assert.equal(await sweep(['--shard', '2/2', '--out', shards.two]), 0);
  assert.equal(await sweep(['--out', shards.whole]), 0);
});

const groups: [string, Case[]][] = [
  ['files', fileCases],
  ['flags', flagCases],
  ['paths', pathCases],
  ['folders', folderCases],
  ['point files', pointCases],
  ['concurrent writers', concurrentCases],
];

test('the corpus has at least 100 cases', () => {
  assert.ok(groups.reduce((n, [, cases]) => n + cases.length, 0) >= 100);
});

for (const [group, cases] of groups) {
  describe(group, () => {
    for (const c of cases) {
      test(c.name, { timeout: CASE_TIMEOUT_MS }, async () => {
        const dir = tempDir();
        for (const [name, content] of Object.entries(c.files ?? {})) {
          mkdirSync(path.dirname(at(dir, name)), { recursive: true });
          writeFileSync(at(dir, name), content);
        }
        c.setup?.(dir);
        const before = snapshot(dir);
        const straysBefore = strays(dir);
        const io = captureIo();
        if (c.concurrent === undefined) {
          const code = await main(c.argv(dir), io);
          assert.equal(code, c.exit, `exit ${code}: ${io.err()}`);
        } else {
          const other = captureIo();
          const codes = await Promise.all([main(c.argv(dir), io), main(c.concurrent(dir), other)]);
          const refused = [io, other].filter((_, i) => codes[i] === 2);
          if (c.message === undefined) {
            assert.deepEqual(codes, [0, 0], io.err() + other.err());
          } else {
            assert.deepEqual([...codes].sort(), [0, 2], io.err() + other.err());
            assert.match(refused[0].err(), c.message);
          }
        }
        assert.doesNotMatch(io.err(), /^\s+at /m, 'no stack trace');
        if (c.exit === 2) {
          assert.match(io.err(), c.message ?? /./);
          assert.deepEqual(snapshot(dir), before, 'a bad case writes nothing');
        }
        // A live holder's lock stays; killed writers' left-overs are checked by the cases that plant them.
        assert.deepEqual(
          strays(dir).filter((s) => !straysBefore.includes(s)),
          [],
          'no temporary file or lock left',
        );
        await c.check?.(dir, io);
      });
    }
  });
}
