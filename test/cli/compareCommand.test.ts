import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type CompareArgs, compareCommand } from '../../src/cli/compareCommand.ts';
import { EXIT, UsageError } from '../../src/cli/errors.ts';
import { main } from '../../src/cli/main.ts';
import { captureIo, DELETE, jsonPaths, type JsonKey, SMALL_SCENARIO, setIn, tempDir, writeScenario } from './helpers.ts';

/** compareCommand as main runs it: a UsageError is exit 2 with the message on stderr. */
function compare(args: Partial<CompareArgs> & Pick<CompareArgs, 'reportA' | 'reportB'>) {
  const io = captureIo();
  try {
    return { code: compareCommand({ failIfWorse: false, ...args }, io), out: io.out(), err: '' };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: EXIT.badInput, out: io.out(), err: error.message };
  }
}

describe('compare', () => {
  const dir = tempDir();
  const out = path.join(dir, 'out');
  /** Report folders of one scenario file each: pull polls every minute (fast) or every 30 minutes (slow); push is alike. */
  const reports = { fast: path.join(out, 'fast'), slow: path.join(out, 'slow') };

  before(async () => {
    const slowText = SMALL_SCENARIO.replace('interval: 60s, jitter: 10s', 'interval: 30m, jitter: 10s');
    assert.notEqual(slowText, SMALL_SCENARIO);
    for (const [name, text] of [
      ['fast', SMALL_SCENARIO],
      ['slow', slowText],
    ]) {
      const file = writeScenario(dir, `${name}.yaml`, text);
      // Five replications: intervals narrow enough to tell a 1-minute poll from a 30-minute one.
      // compare reads the data files: no charts needed (--no-charts).
      assert.equal(await main(['run', file, '--out', out, '--replications', '5', '--quiet', '--no-charts'], captureIo()), 0);
    }
  });

  it('reports hold the resolved scenario, overrides applied', () => {
    const summary = JSON.parse(readFileSync(path.join(reports.slow, 'summary.json'), 'utf8'));
    assert.equal(summary.scenario.resolved.replications, 5);
    assert.equal(summary.scenario.resolved.variants[1].delivery.intervalMs, 30 * 60_000);
  });

  const exits: [string, () => Parameters<typeof compare>[0], number, RegExp][] = [
    [
      'slower polling makes pull converge later: worse, exit 1 with --fail-if-worse',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP50Ms', failIfWorse: true }),
      1,
      /\npull\n {2}metric +a +b +change +verdict\n {2}convergenceP50Ms .* worse\n[\s\S]*Worse beyond the 95% confidence interval: pull convergenceP50Ms\./,
    ],
    [
      'without --fail-if-worse the same comparison exits 0',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP50Ms' }),
      0,
      /convergenceP50Ms .* worse/,
    ],
    [
      'a --tolerance: a change must pass that share of a to count, and the rule says so',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP50Ms', failIfWorse: true, tolerance: '1%' }),
      1,
      /convergenceP50Ms .* worse\n[\s\S]*side of 0 and beyond ±1% of a's figure; unchanged: otherwise\./,
    ],
    [
      'push did not change: not shown by default',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP50Ms' }),
      0,
      /\npush\n {2}no metric changed beyond its 95% interval\n/,
    ],
    [
      'push did not change: unchanged with --all, a paired change of 0',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP50Ms', all: true }),
      0,
      /\npush\n {2}metric .*\n {2}convergenceP50Ms .* 0ms \(0\.0%\) \[0ms, 0ms\] +unchanged\n/,
    ],
    [
      'one changed setting (the poll interval): the paired effect with its interval',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP95Ms' }),
      0,
      /\n {2}convergenceP95Ms .* \+\d+m \d+s \(\+\d+\.\d%\) \[\+(?:\d+h )?\d+m(?: \d+s)?, \+(?:\d+h )?\d+m(?: \d+s)?\] +worse\n[\s\S]*change: b - a paired replication by replication \(same seed\)/,
    ],
    [
      'faster polling the other way round: better, exit 0',
      () => ({ reportA: reports.slow, reportB: reports.fast, metric: 'convergenceP50Ms', failIfWorse: true }),
      0,
      /\npull\n.*\n {2}convergenceP50Ms .* better\n[\s\S]*Nothing got worse/,
    ],
    [
      'without --metric any metric counts: faster polling fetches Git more often',
      () => ({ reportA: reports.slow, reportB: reports.fast, failIfWorse: true }),
      1,
      /Worse beyond the 95% confidence interval: .*pull gitFetches/,
    ],
    [
      'a report against itself: the same inputs, nothing worse',
      () => ({ reportA: reports.fast, reportB: reports.fast, failIfWorse: true }),
      0,
      /^a: .*\(same inputs\)\)\n[\s\S]*Nothing got worse beyond its 95% confidence interval\.\n0 worse, 0 better, /,
    ],
  ];
  for (const [name, args, code, output] of exits) {
    it(name, () => {
      const result = compare(args());
      assert.equal(result.code, code);
      assert.match(result.out, output);
    });
  }

  it('prints every metric of every variant without --metric, with --all', () => {
    const { out } = compare({ reportA: reports.fast, reportB: reports.slow, all: true });
    assert.match(
      out,
      /\n {2}exposureMs +[^[\n]+ \[[^\]]+\] +[^[\n]+ \[[^\]]+\] +0ms \(0\.0%\) \[0ms, 0ms\] +unchanged\n/,
    );
    assert.match(out, /\n {2}rollbackCorrect .*\n/);
  });

  it('--json: the comparison as JSON on stdout, each change with its interval', () => {
    const { code, out } = compare({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP95Ms', json: true });
    assert.equal(code, 0);
    const json = JSON.parse(out);
    const pull = json.variants.find((v: { name: string }) => v.name === 'pull').metrics[0];
    assert.equal(pull.method, 'paired');
    assert.equal(pull.change.pairs, 5);
    assert.ok(pull.change.ci95.low > 0, JSON.stringify(pull.change));
    assert.equal(pull.verdict.state, 'worse');
  });

  const bad: [string, () => Parameters<typeof compare>[0], RegExp][] = [
    [
      'a folder that does not exist',
      () => ({ reportA: path.join(dir, 'nowhere'), reportB: reports.slow }),
      /^report folder not found: .*nowhere$/,
    ],
    [
      'a folder under a file',
      () => ({ reportA: reports.fast, reportB: path.join(dir, 'fast.yaml', 'report') }),
      /^report folder not found: .*fast\.yaml[/\\]report \(a part of its path is a file\)$/,
    ],
    [
      'a file instead of a folder',
      () => ({ reportA: reports.fast, reportB: path.join(dir, 'fast.yaml') }),
      /^not a report folder \(a file\): .*fast\.yaml$/,
    ],
    [
      'a folder without summary.json',
      () => ({ reportA: dir, reportB: reports.slow }),
      /^no summary\.json in .*: is it a report folder written by "gitops-sim run"\?$/,
    ],
    [
      'invalid JSON',
      () => ({ reportA: folderWith('broken', '{"tool": '), reportB: reports.slow }),
      /^.*broken[/\\]summary\.json: not valid JSON \(.+\)$/,
    ],
    [
      'JSON that is not a summary',
      () => ({ reportA: reports.fast, reportB: folderWith('other', '{"variants": [{"name": "push"}]}') }),
      /^.*other[/\\]summary\.json: not a gitops-sim summary \(tool: .+\)$/,
    ],
    [
      'an unknown --metric, with the nearest name',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP59Ms', failIfWorse: true }),
      /^--metric: unknown metric "convergenceP59Ms" \(did you mean "convergenceP50Ms"\?\); expected one of convergenceMeanMs, /,
    ],
    [
      'a --tolerance that is not a share',
      () => ({ reportA: reports.fast, reportB: reports.slow, tolerance: '150%' }),
      /^--tolerance: expected a share above 0 and below 100%, like 1% or 0\.01, found 150%$/,
    ],
    [
      'reports that share no variant',
      () => ({ reportA: reports.fast, reportB: renamed() }),
      /^the reports share no variant to compare: .*fast has "push", "pull", .*renamed has "push-2", "pull-2"$/,
    ],
    [
      'a --metric without a value on a side (no traffic in these runs): no gate on a figure that is not there',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'failedRequestShare', failIfWorse: true }),
      /^--metric failedRequestShare: no value to compare in push \(missing in both\), pull \(missing in both\)$/,
    ],
    [
      'a --metric not in an older report',
      () => ({ reportA: reports.fast, reportB: folderWith('old', oldSummary()), metric: 'convergenceRunP95MeanMs' }),
      /^--metric convergenceRunP95MeanMs: no value to compare in push \(missing in b\), pull \(missing in b\)$/,
    ],
    [
      'an unknown --metric with nothing near',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'x' }),
      /^--metric: unknown metric "x"; expected one of /,
    ],
    // Files of the right shape whose figures no run could have written: refused, rather than compared into NaN.
    [
      'a run mean sample that is a list',
      () => ({ reportA: reports.fast, reportB: edited('list', 'samples', ['variants', 1, 'metrics', 'imagePulls', 2], [1, 2]) }),
      /^.*list[/\\]samples\.json: not gitops-sim samples \(variants\.1\.metrics\.imagePulls\.2: expected a number >= 0, or null, found \[1,2\]\)$/,
    ],
    [
      'a share sample above 1',
      () => ({ reportA: reports.fast, reportB: edited('share', 'samples', ['variants', 0, 'metrics', 'correctness', 0], 1.5) }),
      /samples\.json: not gitops-sim samples \(variants\.0\.metrics\.correctness\.0: expected a number from 0 to 1, or null, found 1\.5\)$/,
    ],
    [
      'pooled values out of order',
      () => ({ reportA: reports.fast, reportB: edited('order', 'samples', ['variants', 1, 'metrics', 'convergenceP95Ms', 0], [5, 3]) }),
      /convergenceP95Ms\.0: expected a list of numbers >= 0 in ascending order, found \[5,3\]\)$/,
    ],
    [
      'more successes than trials',
      () => ({ reportA: reports.fast, reportB: edited('trials', 'samples', ['variants', 0, 'metrics', 'changeFailureRate', 1], [3, 2]) }),
      /changeFailureRate\.1: expected \[successes, trials\], whole numbers with 0 <= successes <= trials, found \[3,2\]\)$/,
    ],
    [
      'fewer samples than replications',
      () => ({ reportA: reports.fast, reportB: edited('short', 'samples', ['variants', 0, 'replications'], [0, 1, 2, 3, 4, 5]) }),
      /variants\.0\.metrics\.\w+: 5 samples for 6 replications\)$/,
    ],
    [
      'a replication listed twice',
      () => ({ reportA: reports.fast, reportB: edited('twice', 'samples', ['variants', 0, 'replications', 1], 0) }),
      /variants\.0\.replications: expected distinct whole numbers >= 0\)$/,
    ],
    [
      'a variant named twice in the samples',
      () => ({ reportA: reports.fast, reportB: edited('names', 'samples', ['variants', 1, 'name'], 'push') }),
      /variants\.1\.name: "push" named twice\)$/,
    ],
    [
      "samples that do not give the summary's figure (edited after the run)",
      () => ({ reportA: reports.fast, reportB: edited('figure', 'samples', ['variants', 1, 'metrics', 'correctness', 0], 0.5) }),
      /samples\.json: does not match summary\.json beside it \(variants\.1\.metrics\.correctness: its samples give [\d.]+, summary\.json has [\d.]+\)$/,
    ],
    [
      'an interval whose low end is above its high end',
      () => ({ reportA: reports.fast, reportB: edited('ci', 'summary', ['variants', 1, 'metrics', 'correctness', 'ci95', 'low'], 1e308) }),
      /summary\.json: not a gitops-sim summary \(variants\.1\.metrics\.correctness\.ci95: expected low <= high, both from 0 to 1, found \[1e\+308, [\d.]+\]\)$/,
    ],
    [
      'a negative duration',
      () => ({ reportA: reports.fast, reportB: edited('negative', 'summary', ['variants', 0, 'metrics', 'convergenceP95Ms', 'mean'], -1) }),
      /variants\.0\.metrics\.convergenceP95Ms\.mean: expected a number >= 0, found -1\)$/,
    ],
  ];
  for (const [name, args, message] of bad) {
    it(`exit 2 and nothing printed: ${name}`, () => {
      const result = compare(args());
      assert.equal(result.code, 2);
      assert.match(result.err, message);
      assert.equal(result.out, '');
    });
  }

  /** The fast report with its variants renamed: nothing in common. */
  function renamed(): string {
    const summary = JSON.parse(readFileSync(path.join(reports.fast, 'summary.json'), 'utf8'));
    for (const v of summary.variants) v.name = `${v.name}-2`;
    return folderWith('renamed', JSON.stringify(summary));
  }

  /** The fast report as an older version wrote it: without the metric convergenceRunP95MeanMs, no samples.json. */
  function oldSummary(): string {
    const summary = JSON.parse(readFileSync(path.join(reports.fast, 'summary.json'), 'utf8'));
    for (const v of summary.variants) delete v.metrics.convergenceRunP95MeanMs;
    return JSON.stringify(summary);
  }

  /** The slow report (summary.json and samples.json) copied to `name`, one file's value at `place` set to `value`. */
  function edited(name: string, which: 'summary' | 'samples', place: readonly JsonKey[], value: unknown): string {
    const folder = copyOfSlow(name);
    const file = path.join(folder, `${which}.json`);
    writeFileSync(file, JSON.stringify(setIn(JSON.parse(readFileSync(file, 'utf8')), place, value)));
    return folder;
  }

  function copyOfSlow(name: string): string {
    const folder = path.join(dir, name);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    for (const file of ['summary.json', 'samples.json']) cpSync(path.join(reports.slow, file), path.join(folder, file));
    return folder;
  }

  it('a report with any figure or sample changed is compared or refused, never printed as NaN', () => {
    const values = [0, -1, 0.5, 1, 2, 1e308, -1e308, 5e-324, 'x', null, true, [], [1, 2], [3, 2], { low: 5, high: 1 }];
    const edit = fc.record({
      which: fc.constantFrom('summary' as const, 'samples' as const),
      at: fc.nat(),
      op: fc.constantFrom('set', 'delete'),
      value: fc.constantFrom(...values),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const folder = copyOfSlow('mutated');
        for (const e of edits) {
          const file = path.join(folder, `${e.which}.json`);
          const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
          const places = jsonPaths(json);
          const place = places[e.at % places.length];
          writeFileSync(file, JSON.stringify(setIn(json, place, e.op === 'delete' ? DELETE : e.value)));
        }
        const result = compare({ reportA: reports.fast, reportB: folder, all: true });
        if (result.code === EXIT.badInput) assert.equal(result.out, '');
        else assert.equal(result.code, EXIT.ok, result.err);
        assert.doesNotMatch(result.out, /NaN|Infinity|undefined/);
      }),
      { numRuns: 60 },
    );
  });

  function folderWith(name: string, summary: string): string {
    const folder = path.join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'summary.json'), summary);
    return folder;
  }
});
