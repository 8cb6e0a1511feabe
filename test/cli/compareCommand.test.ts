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
      assert.equal(await main(['run', file, '--out', out, '--replications', '5', '--quiet'], captureIo()), 0);
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
      'push did not change: unchanged',
      () => ({ reportA: reports.fast, reportB: reports.slow, metric: 'convergenceP50Ms' }),
      0,
      /\npush\n {2}metric .*\n {2}convergenceP50Ms .* unchanged\n/,
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

  it('prints every metric of every variant without --metric', () => {
    const { out } = compare({ reportA: reports.fast, reportB: reports.slow });
    assert.match(
      out,
      /\n {2}exposureMs +1d 0h \[1d 0h, 1d 0h\] +1d 0h \[1d 0h, 1d 0h\] +0ms \(0\.0%\) +unchanged\n/,
    );
    assert.match(out, /\n {2}rollbackCorrect .*\n/);
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

  function folderWith(name: string, summary: string): string {
    const folder = path.join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'summary.json'), summary);
    return folder;
  }
});
