import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchFileJson, parseBenchFile } from '../../src/bench/benchFile.ts';
import {
  BENCH_OUTPUT_START,
  bencherMetricFormat,
  GAB_FILES,
  githubActionBenchmark,
  githubActionBenchmarkFiles,
  renderBench,
} from '../../src/bench/formats.ts';
import { BENCH_FORMATS } from '../../src/bench/settings.ts';
import { compareResults } from '../../src/bench/gate.ts';
import type { BenchResult } from '../../src/bench/results.ts';
import { exact, FINGERPRINT, speed } from './fixtures.ts';

const RESULTS: BenchResult[] = [
  {
    name: 'engine',
    fingerprint: { ...FINGERPRINT, seed: 1 },
    figures: [
      exact({ subject: null, measure: 'meanWaitMs', value: 8500.25, better: undefined }),
      speed(),
      speed({ measure: 'wallMs', unit: 'ms', better: 'lower', value: 40, lower: 39, upper: 42, noise: 0.02 }),
    ],
  },
  {
    name: 'default',
    fingerprint: FINGERPRINT,
    figures: [
      exact(),
      exact({ measure: 'correctness', unit: 'ratio', value: 0.99, better: 'higher' }),
      exact({ measure: 'rollbackCorrect', unit: 'ratio', value: null, better: 'higher' }),
      exact({ measure: 'events', unit: 'count', value: 5000, better: undefined }),
      exact({
        subject: null,
        measure: 'outputsHash',
        unit: 'sha256',
        value: 'cd'.repeat(32),
        better: undefined,
      }),
    ],
  },
];

describe('machine-readable formats', () => {
  it('Bencher Metric Format: benchmark -> measure -> value (and the interquartile range for speed); no hashes or missing values', () => {
    assert.deepEqual(bencherMetricFormat(RESULTS), {
      engine: {
        meanWaitMs: { value: 8500.25 },
        eventsPerSec: { value: 1_000_000, lower_value: 990_000, upper_value: 1_010_000 },
        wallMs: { value: 40, lower_value: 39, upper_value: 42 },
      },
      'default: pull': {
        convergenceP95Ms: { value: 1000 },
        correctness: { value: 0.99 },
        events: { value: 5000 },
      },
    });
    assert.equal(renderBench('bmf', RESULTS), `${JSON.stringify(bencherMetricFormat(RESULTS), null, 2)}\n`);
  });

  it('github-action-benchmark: figures with a direction, split by it', () => {
    assert.deepEqual(githubActionBenchmark(RESULTS), {
      customSmallerIsBetter: [
        {
          name: 'engine: wallMs',
          unit: 'ms',
          value: 40,
          range: '±2.0%',
          extra: 'median of 30 samples in 3 processes, interquartile 39.00..42.00; AMD EPYC, Node v20.20.2',
        },
        { name: 'default: pull: convergenceP95Ms', unit: 'ms', value: 1000, extra: 'exact for seed 42' },
      ],
      customBiggerIsBetter: [
        {
          name: 'engine: eventsPerSec',
          unit: 'events/s',
          value: 1_000_000,
          range: '±1.0%',
          extra:
            'median of 30 samples in 3 processes, interquartile 9.900e+5..1.010e+6; AMD EPYC, Node v20.20.2',
        },
        { name: 'default: pull: correctness', unit: 'ratio', value: 0.99, extra: 'exact for seed 42' },
      ],
    });
  });

  it('github-action-benchmark files: one array per tool setting, named after it', () => {
    const files = githubActionBenchmarkFiles(RESULTS);
    const { customSmallerIsBetter, customBiggerIsBetter } = githubActionBenchmark(RESULTS);
    assert.deepEqual([...files.keys()], [GAB_FILES.smaller, GAB_FILES.bigger]);
    assert.deepEqual(JSON.parse(files.get('customSmallerIsBetter.json')!), customSmallerIsBetter);
    assert.deepEqual(JSON.parse(files.get('customBiggerIsBetter.json')!), customBiggerIsBetter);
  });

  it('json: the results and the comparison; it reads back as a baseline', () => {
    const comparisons = compareResults(RESULTS, RESULTS, { sameMachine: false });
    const text = renderBench('json', RESULTS, comparisons);
    const parsed = JSON.parse(text);
    assert.equal(parsed.gate.outcome, 'pass');
    assert.equal(parsed.gate.exitCode, 0);
    assert.deepEqual(parseBenchFile(text, 'out.json').results, RESULTS);
  });
});

describe('human-readable formats', () => {
  it('a table of values, spreads and samples when nothing is compared', () => {
    const text = renderBench('table', RESULTS);
    assert.match(text, /^Measured with gitops-sim 0\.1\.0 on Node v20\.20\.2, AMD EPYC\.\n/);
    assert.match(text, /benchmark +measure +value +spread +samples\n/);
    assert.match(text, /engine +eventsPerSec +1\.00M events\/s +±1\.0% +30 in 3 processes\n/);
    assert.match(text, /default: pull +correctness +99\.00% +exact\n/);
    assert.match(text, /default +outputsHash +cdcdcdcdcdcd +exact\n/);
  });

  it('a speed-up with its target, and a target kept when the file is read back', () => {
    const scaling: BenchResult = {
      name: 'sweep',
      fingerprint: FINGERPRINT,
      figures: [speed({ subject: 'points', measure: 'speedup2Threads', unit: 'x', value: 1.234, target: 1.8 })],
    };
    assert.match(renderBench('table', [scaling]), /sweep: points +speedup2Threads +1\.23x \(target 1\.80x\)/);
    assert.deepEqual(parseBenchFile(renderBench('json', [scaling]), 'out.json').results, [scaling]);
  });

  it('a compared table: baseline, current, change and verdict, then the outcome', () => {
    const worse: BenchResult = {
      ...RESULTS[1],
      figures: [exact({ value: 1100 }), ...RESULTS[1].figures.slice(1)],
    };
    const text = renderBench('table', [worse], compareResults(RESULTS, [worse], { sameMachine: false }));
    assert.match(text, /default: pull +convergenceP95Ms +1\.0s +1\.1s +\+10\.0% +REGRESSED\n/);
    assert.match(text, /\nRegression: default: pull: convergenceP95Ms \+10\.0% \(1 regressed, 0 improved/);
  });

  it('Markdown for a job summary: a table with names escaped, the outcome in bold, notes as a list', () => {
    const piped: BenchResult = {
      ...RESULTS[1],
      name: 'a|b',
      fingerprint: { ...FINGERPRINT, cpu: 'Intel Xeon' },
    };
    const text = renderBench(
      'markdown',
      [piped],
      compareResults([{ ...RESULTS[1], name: 'a|b' }], [piped], { sameMachine: false }),
    );
    assert.match(text, /^## gitops-sim bench\n/);
    assert.match(
      text,
      /\n\| benchmark \| measure \| baseline \| current \| change \| verdict \|\n\| --- \| --- \| ---: \| ---: \| ---: \| --- \|\n/,
    );
    assert.match(text, /\n\| a\\\|b: pull \| convergenceP95Ms \| 1\.0s \| 1\.0s \| 0% \| unchanged \|\n/);
    assert.match(text, /\n\*\*Pass: nothing got worse/);
    assert.match(
      text,
      /\n- a\\\|b: baseline from another machine \(cpu AMD EPYC -\\> Intel Xeon\); exact results compared\.\n$/,
    );
  });

  it('every format renders', () => {
    for (const format of BENCH_FORMATS) assert.ok(renderBench(format, RESULTS).length > 0, format);
  });
});

describe('the start that tells bench output from other files', () => {
  it('matches what every file format writes, with and without results or a comparison', () => {
    const comparisons = compareResults(RESULTS, RESULTS, { sameMachine: false });
    for (const format of BENCH_FORMATS.filter((f) => f !== 'github-action-benchmark')) {
      for (const text of [renderBench(format, RESULTS), renderBench(format, RESULTS, comparisons), renderBench(format, [])]) {
        assert.match(text, BENCH_OUTPUT_START, `${format}: ${text.slice(0, 80)}`);
      }
    }
    assert.match(benchFileJson(RESULTS), BENCH_OUTPUT_START);
  });

  it('does not match a scenario, other JSON or other text', () => {
    for (const text of ['name: tiny\nvariants: []\n', '{"format": "gitops-sim-bench/1"}', '{\n  "name": "x"\n}\n', '## notes\n', '']) {
      assert.doesNotMatch(text, BENCH_OUTPUT_START, text);
    }
  });
});
