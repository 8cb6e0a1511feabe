import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controllerLoadChart, controllerLoadData } from '../../src/report/loadChart.ts';
import { chartRun, PNG_SIGNATURE, pngSize } from './chartFixtures.ts';

const HOUR = 3_600_000;

const runs = [
  chartRun('argocd', 0, { horizonMs: 2 * HOUR, queueDepth: [0, 4, 2], apiThrottledMs: [0, 60_000, 120_000] }),
  chartRun('argocd', 1, { horizonMs: 2 * HOUR, queueDepth: [0, 2, 0], apiThrottledMs: [0, 0, 120_000] }),
  chartRun('flux', 0, { horizonMs: 2 * HOUR, queueDepth: [0, 0, 0], apiThrottledMs: [0, 0, 0] }),
];

describe('controllerLoadData', () => {
  const data = controllerLoadData(runs, ['argocd', 'flux']);

  it('averages queue depth and throttled time over replications, in units that fit', () => {
    assert.equal(data.unit.name, 'minutes');
    assert.equal(data.xMax, 120);
    assert.equal(data.throttledUnit.name, 'seconds');
    assert.deepEqual(data.lines, [
      {
        name: 'argocd',
        label: 'argocd',
        queue: [
          { x: 0, y: 0 },
          { x: 60, y: 3 },
          { x: 120, y: 1 },
        ],
        throttled: [
          { x: 0, y: 0 },
          { x: 60, y: 30 },
          { x: 120, y: 120 },
        ],
      },
      {
        name: 'flux',
        label: 'flux',
        queue: [
          { x: 0, y: 0 },
          { x: 60, y: 0 },
          { x: 120, y: 0 },
        ],
        throttled: [
          { x: 0, y: 0 },
          { x: 60, y: 0 },
          { x: 120, y: 0 },
        ],
      },
    ]);
    assert.equal(data.note, 'mean over 2 replications at each instant');
  });

  it('labels a variant whose lines are hidden under an identical one', () =>
    assert.deepEqual(
      controllerLoadData(
        [...runs, chartRun('push', 0, { horizonMs: 2 * HOUR, queueDepth: [0, 0, 0] })],
        ['argocd', 'flux', 'push'],
      ).lines.map((line) => line.label),
      ['argocd', 'flux', 'push (same as flux)'],
    ));

  it('says so when work queued but nothing was throttled', () =>
    assert.equal(
      controllerLoadData(
        [chartRun('flux', 0, { horizonMs: 2 * HOUR, queueDepth: [0, 3, 0], apiThrottledMs: [0, 0, 0] })],
        ['flux'],
      ).note,
      'mean over 1 replication at each instant; no API write throttled',
    ));

  it('says so when nothing was queued or throttled', () =>
    assert.equal(
      controllerLoadData(runs.slice(2), ['flux']).note,
      'mean over 1 replication at each instant; nothing queued at any sample and no API write throttled',
    ));
});

describe('controllerLoadChart', () => {
  it('renders a 960x540 layout at 2x: a 1920x1080 PNG, byte-identical for the same input', async () => {
    const png = await controllerLoadChart(runs, ['argocd', 'flux'], 'load');
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.deepEqual(pngSize(png), { width: 1920, height: 1080 });
    assert.ok(png.equals(await controllerLoadChart(runs, ['argocd', 'flux'], 'load')));
  });

  it('renders a changed input differently, and with no runs at all', async () => {
    const a = await controllerLoadChart(runs, ['argocd', 'flux'], 'load');
    assert.ok(!a.equals(await controllerLoadChart(runs.slice(1), ['argocd', 'flux'], 'load')));
    assert.deepEqual((await controllerLoadChart([], [], 'none')).subarray(0, 8), PNG_SIGNATURE);
  });
});
