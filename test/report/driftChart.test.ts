import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeVariants } from '../../src/metrics/aggregate.ts';
import { driftOpenChart, driftOpenData } from '../../src/report/driftChart.ts';
import { chartRun, PNG_SIGNATURE, pngSize } from './chartFixtures.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const VARIANTS = [
  { name: 'push', delivery: {} },
  { name: 'pull', delivery: {} },
];

const drift = (openMs: number) => ({ kind: 'manualScale', atMs: 0, openMs });
const summaries = summarizeVariants(VARIANTS, [
  chartRun('push', 0, { drifts: [drift(2 * HOUR), drift(4 * HOUR)] }),
  chartRun('push', 1, { drifts: [drift(4 * HOUR)] }),
  chartRun('pull', 0, { drifts: [drift(MINUTE)] }),
  chartRun('pull', 1),
]);

describe('driftOpenData', () => {
  const data = driftOpenData(summaries, 'drift');

  it('has a bar per variant: the mean of the runs’ means, in a unit that fits', () => {
    assert.equal(data.axis, 'mean time drift stays open (hours)');
    assert.deepEqual(
      data.bars.map((b) => [b.name, b.detail, b.value, b.label]),
      [
        ['push', '3 drift events', 3.5, '3h 30m'],
        ['pull', '1 drift event', 1 / 60, '1m 0s'],
      ],
    );
  });

  it('draws the interval of driftOpenMeanMs: with two runs (3h and 4h), their Student t interval, at or above 0', () => {
    // 3.5h ± t(0.975, 1) x 0.5h, the standard error the resamples give to a few percent.
    assert.equal(data.bars[0].interval!.low, 0);
    assert.ok(Math.abs(data.bars[0].interval!.high - (3.5 + 12.706 * 0.5)) < 0.3, `${data.bars[0].interval!.high}`);
    // One run with drift: no interval.
    assert.equal(data.bars[1].interval, null);
  });

  it('says "no drift" for a variant or a scenario without any', () => {
    const quiet = driftOpenData(
      summarizeVariants(VARIANTS, [chartRun('push', 0), chartRun('pull', 0)]),
      'drift',
    );
    assert.equal(quiet.subtitle, 'no drift in this scenario');
    assert.deepEqual(
      quiet.bars.map((b) => [b.value, b.label]),
      [
        [null, 'no drift'],
        [null, 'no drift'],
      ],
    );
  });
});

describe('driftOpenChart', () => {
  it('renders a 960x540 layout at 2x: a 1920x1080 PNG, byte-identical for the same input', async () => {
    const png = await driftOpenChart(summaries, 'drift');
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.deepEqual(pngSize(png), { width: 1920, height: 1080 });
    assert.ok(png.equals(await driftOpenChart(summaries, 'drift')));
  });

  it('renders without drift or variants', async () => {
    for (const png of [
      await driftOpenChart(summarizeVariants(VARIANTS, [chartRun('push', 0)]), 'none'),
      await driftOpenChart([], 'no variants'),
    ]) {
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    }
  });
});
