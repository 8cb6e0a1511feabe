import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BenchResult } from '../../src/bench/results.ts';
import {
  checkTargets,
  rateText,
  referenceRate,
  type SpeedTarget,
  targetLines,
} from '../../src/bench/targets.ts';
import { exact, FINGERPRINT, speed } from './fixtures.ts';

const wall = (subject: string | null, below: number): SpeedTarget => ({
  subject,
  measure: 'wallMs',
  below,
  source: 'an idle 2-core machine',
});
const rss: SpeedTarget = {
  subject: null,
  measure: 'peakRssBytes',
  below: 400e6,
  source: 'an idle 2-core machine',
};

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

const sweep: BenchResult = {
  name: 'sweep',
  fingerprint: FINGERPRINT,
  figures: [
    speed({ subject: 'points', measure: 'speedup2Threads', unit: 'x', value: 1.5, target: 1.8 }),
    speed({ subject: 'points', measure: 'pointsPerSec1Thread', unit: 'points/s', value: 3 }),
    speed({
      subject: null,
      measure: 'peakRssYearOverWeek',
      unit: 'x',
      better: 'lower',
      value: 1.2,
      target: 2,
    }),
  ],
};

describe('checkTargets', () => {
  const cases: [string, SpeedTarget, number | null, boolean | null][] = [
    ['below the target: met', wall('push', 700), 650, true],
    ['at the target: missed (it is a bound to get under)', wall('pull/3m', 3000), 3000, false],
    ['the case-wide peak memory', rss, 410e6, false],
    [
      'a figure the run did not measure (an exact figure of that name does not count)',
      wall('flux', 700),
      null,
      null,
    ],
  ];
  for (const [name, target, value, met] of cases) {
    it(name, () => {
      const [check] = checkTargets([{ name: 'scale', targets: [target] }], [scale]);
      assert.deepEqual(
        {
          value: check.value,
          met: check.met,
          bound: check.bound,
          target: check.target,
          source: check.source,
        },
        { value, met, bound: 'below', target: target.below, source: target.source },
      );
    });
  }

  it('a case without results (--results-only measures no speed) has its targets not measured', () => {
    const checks = checkTargets([{ name: 'capacity', targets: [rss] }, { name: 'engine' }], [scale]);
    assert.deepEqual(checks, [
      {
        benchmark: 'capacity',
        figure: 'peakRssBytes',
        unit: 'bytes',
        bound: 'below',
        target: 400e6,
        source: 'an idle 2-core machine',
        value: null,
        met: null,
      },
    ]);
  });

  const own: [string, number, number, boolean][] = [
    ['a speed-up under its target: missed', 1.5, 1.8, false],
    ['a speed-up at its target: met (at least the target)', 1.8, 1.8, true],
    ['a speed-up above its target: met', 1.9, 1.8, true],
  ];
  for (const [name, value, target, met] of own) {
    it(`a figure's own target, higher better: ${name}`, () => {
      const result = {
        ...sweep,
        figures: [speed({ subject: 'points', measure: 'speedup2Threads', unit: 'x', value, target })],
      };
      const [check] = checkTargets([{ name: 'sweep' }], [result]);
      assert.deepEqual(
        [check.figure, check.bound, check.met, check.source],
        ['points: speedup2Threads', 'atLeast', met, null],
      );
    });
  }

  it("a figure's own target, lower better, is a bound to get under; figures without one have none", () => {
    const checks = checkTargets([{ name: 'sweep' }], [sweep]);
    assert.deepEqual(
      checks.map((c) => [c.figure, c.bound, c.value, c.met]),
      [
        ['points: speedup2Threads', 'atLeast', 1.5, false],
        ['peakRssYearOverWeek', 'below', 1.2, true],
      ],
    );
  });
});

describe('targetLines', () => {
  it('the figure, its value, the target and where it holds, and the verdict', () => {
    const checks = checkTargets(
      [{ name: 'scale', targets: [wall('push', 700), rss, wall('flux', 1000)] }, { name: 'sweep' }],
      [scale, sweep],
    );
    assert.deepEqual(targetLines(checks), [
      'scale: push: wallMs 0.65 s, target < 0.70 s (an idle 2-core machine): met',
      'scale: peakRssBytes 410 MB, target < 400 MB (an idle 2-core machine): missed',
      'scale: flux: wallMs target < 1.00 s (an idle 2-core machine): not measured',
      'sweep: points: speedup2Threads 1.50x, target >= 1.80x: missed',
      'sweep: peakRssYearOverWeek 1.20x, target < 2.00x: met',
    ]);
  });
});

describe('referenceRate', () => {
  const rate = (name: string, value: number): BenchResult => ({
    name,
    fingerprint: FINGERPRINT,
    figures: [
      exact({ subject: null, measure: 'referenceEventsPerSec', value: 1 }),
      speed({ subject: null, measure: 'referenceEventsPerSec', unit: 'events/s', better: 'higher', value }),
    ],
  });

  it('spans the medians of every case that timed the reference, exact figures of that name aside', () => {
    assert.deepEqual(referenceRate([rate('engine', 15.7e6), scale, rate('default', 15.18e6), sweep]), {
      low: 15.18e6,
      high: 15.7e6,
    });
  });

  it('is null when no case timed it (a sweep only, or results without speed)', () => {
    assert.equal(referenceRate([sweep]), null);
    assert.equal(referenceRate([]), null);
  });

  it('reads as the results table writes a rate, one figure when the two round alike', () => {
    const cases: [low: number, high: number, text: string][] = [
      [15.18e6, 15.7e6, '15.2M-15.7M events/s'],
      [21.04e6, 21.01e6, '21.0M events/s'],
      [9.96e6, 12.3e6, '9.96M-12.3M events/s'],
      [850e3, 1.2e6, '850k-1.20M events/s'],
    ];
    for (const [low, high, text] of cases) assert.equal(rateText({ low, high }), text);
  });
});
