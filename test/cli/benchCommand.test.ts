/**
 * `gitops-sim bench` end to end on a small scenario. One measurement with
 * speed (2 processes, 10 ms of samples per process: quick, and noisy, which
 * is fine as no timing is asserted), then exact-only comparisons against
 * doctored copies of its baseline. The three runs that measure speed are the
 * built CLI's (dist/, as a user runs it): its speed processes start without a
 * TypeScript loader, a second of CPU each less than from the sources.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { type BenchArgs, benchCommand } from '../../src/cli/benchCommand.ts';
import { BENCH_USAGE } from '../../src/cli/registry.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { builtCliModule, captureIo, childEnv, SMALL_SCENARIO, tempDir, writeScenario } from './helpers.ts';

const QUICK = { processes: 2, sampleTime: 10 };
const BIN = path.resolve(import.meta.dirname, '../../bin/gitops-sim.js');

/** A bench file as plain JSON, to doctor. */
interface RawFigure {
  kind: string;
  subject: string | null;
  measure: string;
  value: number | string | null;
  samples?: number;
  processes?: number;
}
interface RawFile {
  results: { name: string; fingerprint: Record<string, unknown>; figures: RawFigure[] }[];
}

describe('bench', () => {
  const dir = tempDir();
  // A quarter of the small scenario's day: a few commits per app, and speed processes that time runs
  // of tens of milliseconds (each process times at least 3, with reference blocks as long between).
  const scenario = writeScenario(dir, 'small.yaml', SMALL_SCENARIO.replace('horizon: 1d', 'horizon: 6h'));
  const baselineFile = path.join(dir, 'baseline.json');
  let baseline: RawFile;

  /** A copy of the baseline with `edit` applied, as a file. */
  function doctored(name: string, edit: (file: RawFile) => void): string {
    const copy = structuredClone(baseline);
    edit(copy);
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(copy));
    return file;
  }

  async function bench(args: Partial<BenchArgs>) {
    const io = captureIo();
    const code = await benchCommand({ scenarios: [scenario], ...QUICK, ...args }, io);
    return { code, out: io.out(), err: io.err() };
  }

  /** The built CLI's bench of the scenario, QUICK, with these options. */
  function builtBench(options: string[]) {
    builtCliModule(); // refuses a dist/ older than the sources
    const argv = ['bench', scenario, '--processes', String(QUICK.processes), '--sample-time', String(QUICK.sampleTime)];
    const child = spawnSync(process.execPath, [BIN, ...argv, ...options], { encoding: 'utf8', env: childEnv() });
    return { code: child.status, out: child.stdout, err: child.stderr };
  }

  before(async () => {
    const { code, err } = builtBench(['--baseline', baselineFile, '--update-baseline']);
    assert.equal(code, 0, err);
    baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
  });

  it('--update-baseline records exact and speed figures with a fingerprint', () => {
    const [result] = baseline.results;
    assert.equal(result.name, scenario.split(path.sep).join('/'));
    assert.equal(result.fingerprint.seed, 3);
    assert.equal(result.fingerprint.node, process.version);
    const keys = result.figures.map((f) => `${f.kind} ${f.subject ?? '-'} ${f.measure}`);
    assert.deepEqual(keys, [
      'exact push convergenceP95Ms',
      'exact push correctness',
      'exact push events',
      'exact pull convergenceP95Ms',
      'exact pull correctness',
      'exact pull events',
      'exact - outputsHash',
      'speed - speedRatio',
      'speed - eventsPerSec',
      'speed - wallMs',
      'speed - referenceEventsPerSec',
      'speed - peakRssBytes',
    ]);
    const events = result.figures.find((f) => f.kind === 'speed' && f.measure === 'eventsPerSec');
    assert.ok(events?.kind === 'speed' && events.processes === 2 && (events.samples ?? 0) >= 6);
  });

  it('exit 0: the same results compare as unchanged', async () => {
    const { code, out } = await bench({ baseline: baselineFile, resultsOnly: true });
    assert.equal(code, 0);
    assert.match(
      out,
      /Pass: nothing got worse \(0 regressed, 0 improved, 0 changed, 0 inconclusive, 7 unchanged\)/,
    );
  });

  it('exit 0: the exact figures are the same on every run, speed is measured again and compared', () => {
    const { code, out } = builtBench(['--baseline', baselineFile]);
    // Speed verdicts depend on this machine's noise: any but a regression, which 10 ms of samples can produce.
    assert.ok(code === 0 || code === 1, out);
    assert.doesNotMatch(
      out,
      / (convergenceP95Ms|correctness|events|outputsHash) {2}.* (REGRESSED|changed|improved)/,
    );
  });

  it('exit 1: an exact figure worse than the baseline, however little', async () => {
    const file = doctored('better-baseline.json', (b) => {
      const f = b.results[0].figures.find((x) => x.subject === 'pull' && x.measure === 'convergenceP95Ms')!;
      f.value = (f.value as number) - 1;
    });
    const { code, out } = await bench({ baseline: file, resultsOnly: true });
    assert.equal(code, 1);
    assert.match(out, /pull +convergenceP95Ms .* REGRESSED\n/);
    assert.match(out, /Regression: .*small\.yaml: pull: convergenceP95Ms \+/);
  });

  it('exit 0 and "improved": better than the baseline', async () => {
    const file = doctored('worse-baseline.json', (b) => {
      const f = b.results[0].figures.find((x) => x.subject === 'push' && x.measure === 'correctness')!;
      f.value = (f.value as number) - 0.01;
    });
    const { code, out } = await bench({ baseline: file, resultsOnly: true, format: 'markdown' });
    assert.equal(code, 0);
    assert.match(out, /: push \| correctness \| \d+\.\d\d% \| \d+\.\d\d% \| \+1\.0% \| improved \|/);
  });

  it('exit 2: a baseline of another seed compares nothing', async () => {
    const file = doctored('seed.json', (b) => {
      b.results[0].fingerprint = { ...b.results[0].fingerprint, seed: 4 };
    });
    const { code, out, err } = await bench({ baseline: file, resultsOnly: true, format: 'json' });
    assert.equal(code, 2);
    assert.equal(JSON.parse(out).gate.outcome, 'mismatch');
    assert.match(err, /the baseline is of other results \(seed 4 -> 3\): nothing compared/);
  });

  it('another CPU: speed ratios compare (exit by the gate), absolute speed only with --same-machine (then exit 2)', async () => {
    const file = doctored('cpu.json', (b) => {
      b.results[0].fingerprint = { ...b.results[0].fingerprint, cpu: 'Imaginary CPU 9000' };
    });
    const ratios = builtBench(['--baseline', file]);
    // 10 ms of samples is too noisy to assert a speed verdict; the point is that the ratio was compared.
    assert.ok(ratios.code === 0 || ratios.code === 1, ratios.out);
    assert.match(ratios.out, /speedRatio .* (unchanged|improved|REGRESSED|inconclusive)/);
    assert.match(ratios.out, /eventsPerSec .* not compared \(absolute; --same-machine gates it\)/);
    assert.match(
      ratios.out,
      /baseline from another machine \(cpu Imaginary CPU 9000 -> .*\); exact results and speed ratios to the reference compared, absolute speed not\./,
    );
    // Known before measuring: exit 2 (a usage error in main) without a minute of benchmarks.
    const sameMachineIo = captureIo();
    await assert.rejects(
      benchCommand({ scenarios: [scenario], ...QUICK, baseline: file, sameMachine: true }, sameMachineIo),
      (e: unknown) =>
        e instanceof UsageError &&
        /--same-machine, but the baseline was measured on another machine \(cpu Imaginary CPU 9000 -> .*\): nothing measured/.test(
          e.message,
        ),
    );
    assert.doesNotMatch(sameMachineIo.err(), /exact results|speed, process/, 'nothing measured');
    const resultsOnly = await bench({ baseline: file, resultsOnly: true });
    assert.equal(resultsOnly.code, 0);
    assert.doesNotMatch(resultsOnly.out, /eventsPerSec|speedRatio/);
    assert.match(resultsOnly.out, /baseline from another machine .*; exact results compared\./);
  });

  it('exit 2: a scenario missing from the baseline, or a figure (a baseline made with --results-only)', async () => {
    const renamed = doctored('renamed.json', (b) => {
      b.results[0].name = 'elsewhere.yaml';
    });
    assert.equal((await bench({ baseline: renamed, resultsOnly: true })).code, 2);
    const exactOnly = doctored('exact-only.json', (b) => {
      b.results[0].figures = b.results[0].figures.filter((f) => f.kind === 'exact');
    });
    await assert.rejects(
      bench({ baseline: exactOnly }),
      (e: unknown) => e instanceof UsageError && /the baseline has no speed figures .*: nothing measured/.test(e.message),
    );
  });

  it('--out: Bencher and github-action-benchmark files, and the table on stdout', async () => {
    const bmf = path.join(dir, 'out', 'bmf.json');
    const first = await bench({ resultsOnly: true, format: 'bmf', out: bmf });
    assert.equal(first.code, 0);
    assert.match(first.out, /benchmark +measure +value/);
    const name = scenario.split(path.sep).join('/');
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(bmf, 'utf8'))), [`${name}: push`, `${name}: pull`]);

    const folder = path.join(dir, 'gab');
    assert.equal(
      (await bench({ resultsOnly: true, format: 'github-action-benchmark', out: folder })).code,
      0,
    );
    const smaller = JSON.parse(readFileSync(path.join(folder, 'customSmallerIsBetter.json'), 'utf8'));
    const bigger = JSON.parse(readFileSync(path.join(folder, 'customBiggerIsBetter.json'), 'utf8'));
    assert.deepEqual(
      smaller.map((e: { name: string }) => e.name),
      [`${name}: push: convergenceP95Ms`, `${name}: pull: convergenceP95Ms`],
    );
    assert.deepEqual(
      bigger.map((e: { name: string }) => e.name),
      [`${name}: push: correctness`, `${name}: pull: correctness`],
    );
  });

  const usage: [string, Partial<BenchArgs>, RegExp][] = [
    ['--update-baseline without --baseline', { updateBaseline: true }, /--update-baseline needs --baseline/],
    [
      'an unknown format',
      { format: 'xml' },
      /--format: expected one of table, markdown, json, bmf, github-action-benchmark/,
    ],
    ['one process', { processes: 1 }, /--processes: expected a whole number from 2 to 64, found 1/],
    [
      '--same-machine with --results-only',
      { sameMachine: true, resultsOnly: true },
      /--same-machine gates absolute speed, which --results-only does not measure/,
    ],
    [
      'an unknown metric',
      { metrics: ['correctness,speediness'] },
      /--metrics: unknown metric\(s\) speediness/,
    ],
    [
      'a missing baseline file',
      { baseline: '/nonexistent/baseline.json' },
      /cannot read the baseline: no such file/,
    ],
    ['the same file twice', { scenarios: ['a.yaml', './a.yaml'] }, /a\.yaml is named twice/],
  ];
  for (const [name, args, message] of usage) {
    it(`usage error (exit 2 from main): ${name}`, async () => {
      await assert.rejects(bench(args), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }

  it('a bad --baseline is found before anything is measured', async () => {
    const io = captureIo();
    await assert.rejects(
      benchCommand({ scenarios: [scenario], ...QUICK, baseline: path.join(dir, 'missing.json') }, io),
      UsageError,
    );
    assert.ok(!existsSync(path.join(dir, 'missing.json')));
    assert.doesNotMatch(io.err(), /exact results|speed, process/, 'nothing measured');
  });

  it('BENCH_USAGE describes every option benchCommand reads, with defaults it uses', () => {
    assert.equal(BENCH_USAGE.command, 'bench [scenario..]');
    assert.deepEqual(Object.keys(BENCH_USAGE.options), [
      'baseline',
      'update-baseline',
      'results-only',
      'same-machine',
      'format',
      'out',
      'metrics',
      'processes',
      'sample-time',
    ]);
    assert.equal(BENCH_USAGE.options.format.default, 'table');
    assert.deepEqual(BENCH_USAGE.options.metrics.default, ['convergenceP95Ms', 'correctness']);
  });
});
