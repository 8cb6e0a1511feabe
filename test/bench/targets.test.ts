import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BenchResult } from '../../src/bench/results.ts';
import { checkTargets, type SpeedTarget, targetLines } from '../../src/bench/targets.ts';
import { exact, FINGERPRINT, speed } from './fixtures.ts';

const wall = (subject: string | null, below: number): SpeedTarget => ({
  subject,
  measure: 'wallMs',
  below,
  source: 'an idle 2-core machine',
});
const rss: SpeedTarget = { subject: null, measure: 'peakRssBytes', below: 400e6, source: 'an idle 2-core machine' };

const scale: BenchResult = {
  name: 'scale',
  fingerprint: FINGERPRINT,
  figures: [
    exact({ subject: 'push', measure: 'wallMs', value: 1 }),
    speed({ subject: 'push', measure: 'wallMs', unit: 'ms', better: 'lower', value: 650 }),
    speed({ subject: 'pull/3m', measure: 'wallMs', unit: 'ms', better: 'lower', value: 3000 }),
    speed({ subject: null, measure: 'peakRssBytes', unit: 'bytes', better: 'lower', value: 410e6 }),
  ],
};

describe('checkTargets', () => {
  const cases: [string, SpeedTarget, number | null, boolean | null][] = [
    ['below the target: met', wall('push', 700), 650, true],
    ['at the target: missed (it is a bound to get under)', wall('pull/3m', 3000), 3000, false],
    ['the case-wide peak memory', rss, 410e6, false],
    ['a figure the run did not measure (an exact figure of that name does not count)', wall('flux', 700), null, null],
  ];
  for (const [name, target, value, met] of cases) {
    it(name, () => {
      const [check] = checkTargets([{ name: 'scale', targets: [target] }], [scale]);
      assert.deepEqual(check, { benchmark: 'scale', target, value, met });
    });
  }

  it('a case without results (--results-only measures no speed) has its targets not measured', () => {
    const checks = checkTargets([{ name: 'capacity', targets: [rss] }, { name: 'engine' }], [scale]);
    assert.deepEqual(checks, [{ benchmark: 'capacity', target: rss, value: null, met: null }]);
  });
});

describe('targetLines', () => {
  it('the figure, its value, the target and where it holds, and the verdict', () => {
    const checks = checkTargets([{ name: 'scale', targets: [wall('push', 700), rss, wall('flux', 1000)] }], [scale]);
    assert.deepEqual(targetLines(checks), [
      'scale: push: wallMs 0.65 s, target < 0.70 s (an idle 2-core machine): met',
      'scale: peakRssBytes 410 MB, target < 400 MB (an idle 2-core machine): missed',
      'scale: flux: wallMs target < 1.00 s (an idle 2-core machine): not measured',
    ]);
  });
});
