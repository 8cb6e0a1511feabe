import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { ChartConfiguration } from 'chart.js';
import { blankCanvas, nestedLineWidth, renderPng, STATIC_OPTIONS, withChart } from '../../src/report/chartCanvas.ts';
import { PNG_SIGNATURE, pngSize } from './chartFixtures.ts';

const config: ChartConfiguration<'line', { x: number; y: number }[]> = {
  type: 'line',
  data: {
    datasets: [
      {
        label: 'a',
        data: [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
      },
    ],
  },
  options: { ...STATIC_OPTIONS, scales: { x: { type: 'linear' } } },
};

async function pixel(png: Buffer, x: number, y: number): Promise<number[]> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return [...ctx.getImageData(x, y, 1, 1).data];
}

describe('renderPng', () => {
  it('renders 960x540 by default, or the size asked for, at 2x pixel ratio', async () => {
    const png = await renderPng(config);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.deepEqual(pngSize(png), { width: 1920, height: 1080 });
    assert.deepEqual(pngSize(await renderPng(config, 300, 200)), { width: 600, height: 400 });
  });

  it('gives byte-identical PNGs for the same config', async () =>
    assert.ok((await renderPng(config)).equals(await renderPng(config))));

  it('has a white background, not a transparent one', async () => {
    const png = await renderPng(config);
    assert.deepEqual(await pixel(png, 0, 0), [255, 255, 255, 255]);
    assert.deepEqual(await pixel(png, 959, 539), [255, 255, 255, 255]);
  });
});

describe('withChart', () => {
  it('hands over the canvas with the chart drawn, before destroying the chart clears it', async () => {
    const target = await blankCanvas(400, 300);
    await withChart(config, 400, 300, (drawn) => target.getContext('2d').drawImage(drawn, 0, 0));
    const pixels = target.getContext('2d').getImageData(0, 0, 400, 300).data;
    assert.ok(
      pixels.some((v) => v !== 255),
      'something other than white was drawn',
    );
  });
});

describe('nestedLineWidth', () => {
  // [index, count, thinnest, width]: the first (drawn on top) thinnest, each later one wider, at most 2 px more.
  const cases: [number, number, number, number][] = [
    [0, 1, 2, 2],
    [0, 3, 2, 2],
    [1, 3, 2, 3],
    [2, 3, 2, 4],
    [4, 5, 1.5, 3.5],
  ];
  for (const [index, count, thinnest, width] of cases) {
    it(`series ${index} of ${count}`, () => assert.equal(nestedLineWidth(index, count, thinnest), width));
  }
});
