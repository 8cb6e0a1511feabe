import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Bar, barAxisMax, barChartConfig } from '../../src/report/barChart.ts';
import { renderPng } from '../../src/report/chartCanvas.ts';
import { PNG_SIGNATURE } from './chartFixtures.ts';

function bar(value: number | null, high?: number): Bar {
  return {
    name: 'v',
    value,
    interval: high === undefined ? null : { low: 0, high },
    label: String(value),
  };
}

describe('barAxisMax', () => {
  const cases: [string, Bar[], number | null][] = [
    ['the tallest bar, with room for its label', [bar(1), bar(10)], 11.8],
    ['a whisker above its bar', [bar(1, 20), bar(10)], 23.6],
    ['missing values ignored', [bar(null), bar(5)], 5.9],
    ['nothing above 0', [bar(0), bar(null)], null],
    ['no bars', [], null],
  ];
  for (const [what, bars, expected] of cases) {
    it(what, () => {
      const max = barAxisMax(bars);
      assert.equal(max === null ? null : Number(max.toFixed(6)), expected);
    });
  }
});

describe('barChartConfig', () => {
  const panel = {
    title: 'panel',
    subtitle: '',
    axis: 'things (hours)',
    bars: [{ ...bar(2, 3), detail: '4 events' }, bar(null)],
  };
  const config = barChartConfig(panel, { title: 15, label: 12 });

  it('labels each bar with its name, and its detail on a second line', () =>
    assert.deepEqual(config.data.labels, [['v', '4 events'], 'v']));

  it('draws a missing value as no bar', () => assert.deepEqual(config.data.datasets[0].data, [2, null]));

  it('hides the y scale when no bar rises above 0', () => {
    const flat = barChartConfig({ ...panel, bars: [bar(0)] }, { title: 15, label: 12 });
    assert.equal(flat.options?.scales?.y?.ticks?.display, false);
  });

  it('renders the same PNG twice', async () => {
    const first = await renderPng(config);
    assert.deepEqual(first.subarray(0, 8), PNG_SIGNATURE);
    assert.ok(first.equals(await renderPng(config)));
  });
});
