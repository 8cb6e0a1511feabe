import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { type CompareArgs, compareCommand } from '../../src/cli/compareCommand.ts';
import { EXIT, UsageError } from '../../src/cli/errors.ts';
import { main } from '../../src/cli/main.ts';
import { captureIo, SMALL_SCENARIO, tempDir, writeScenario } from './helpers.ts';

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
      /\n {2}convergenceP95Ms .* \+\d+m \d+s \(\+\d+\.\d%\) \[\+\d+m \d+s, \+\d+m \d+s\] +worse\n[\s\S]*change: b - a paired replication by replication \(same seed\)/,
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

  function folderWith(name: string, summary: string): string {
    const folder = path.join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'summary.json'), summary);
    return folder;
  }
});
