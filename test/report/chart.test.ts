import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { ChangeRecord, RunResult } from '../../src/metrics/results.ts';
import {
  convergenceCdfChart,
  convergenceCdfData,
  durationTickLabel,
  durationTicks,
  empiricalCdf,
  niceLogBound,
} from '../../src/report/chart.ts';
import { QUIET_RUN, ZERO_LOAD } from '../metrics/fixtures.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A run whose changes converge after the given times; a negative time makes an open change. */
function run(variant: string, replication: number, times: readonly number[]): RunResult {
  const changes: ChangeRecord[] = times.map((ms, i) => ({
    app: i % 3,
    revision: i + 1,
    kind: 'release', codeCommitMs: null, bad: false,
    atMs: i * 1000,
    outcome: ms < 0 ? { state: 'open', openMs: 1 } : { state: 'converged', convergenceMs: ms },
  }));
  return {
    variant,
    replication,
    horizonMs: 3_600_000,
    changes,
    applies: 0,
    gitFetches: 0,
    eventsProcessed: 0, load: ZERO_LOAD, ...QUIET_RUN,
  };
}

/** Spread-out deterministic times (a fixed-seed LCG), so the curve has many distinct steps. */
function times(count: number, seed: number, scaleMs: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.round(scaleMs * Math.exp((4 * state) / 2 ** 31));
  });
}

const runs = [
  run('push/tag', 0, times(300, 1, 20_000)),
  run('push/tag', 1, [...times(300, 2, 20_000), -1, -1]),
  run('pull/digest', 0, times(600, 3, 5_000)),
  run('pull/never', 0, [-1, -1]),
];
const names = ['push/tag', 'pull/digest', 'pull/never', 'not in runs'];

describe('empiricalCdf', () => {
  it('has a point per distinct value with the share of all changes at or below it', () =>
    assert.deepEqual(empiricalCdf([30, 10, 20, 10], 5, 500), [
      { x: 10, y: 0.4 },
      { x: 20, y: 0.6 },
      { x: 30, y: 0.8 },
    ]));

  it('is empty without values', () => assert.deepEqual(empiricalCdf([], 3, 500), []));

  it('keeps every distinct value up to maxPoints of them', () => {
    const values = Array.from({ length: 800 }, (_, i) => i % 400);
    assert.equal(empiricalCdf(values, values.length, 500).length, 400);
  });

  it('thins to at most maxPoints + 1 points, the last one included, the same every time', () => {
    const values = Array.from({ length: 10_007 }, (_, i) => (i * 7919) % 10_007);
    const points = empiricalCdf(values, values.length, 500);
    assert.ok(points.length <= 501, `${points.length} points`);
    assert.deepEqual(points.at(-1), { x: 10_006, y: 1 });
    assert.deepEqual(empiricalCdf(values, values.length, 500), points);
  });

  it('draws, once thinned, less than 1/maxPoints below the full curve, even with many ties', () => {
    // Cubes of evenly spread shares, floored: small values repeat very often, large ones are distinct.
    const values = Array.from({ length: 20_000 }, (_, i) =>
      Math.floor((((i * 7919) % 20_011) ** 3 / 20_011 ** 3) * 5000),
    );
    const full = empiricalCdf(values, values.length, Number.POSITIVE_INFINITY);
    const thinned = empiricalCdf(values, values.length, 100);
    assert.ok(full.length > 100 && thinned.length <= 101, `${full.length} -> ${thinned.length} points`);
    // A stepped line holds the y of the last kept point at or before x.
    let kept = -1;
    for (const point of full) {
      while (kept + 1 < thinned.length && thinned[kept + 1].x <= point.x) kept++;
      const drawn = kept < 0 ? 0 : thinned[kept].y;
      assert.ok(point.y - drawn < 1 / 100, `at x=${point.x}: ${point.y} drawn as ${drawn}`);
    }
  });
});

describe('niceLogBound', () => {
  const cases: [number, boolean, number][] = [
    [0.17, false, 0.1],
    [0.17, true, 0.2],
    [0.3, false, 0.2],
    [0.3, true, 0.5],
    [1, false, 1],
    [1, true, 1],
    [7, false, 5],
    [7, true, 10],
    [1600, false, 1000],
    [1600, true, 2000],
  ];
  for (const [v, up, expected] of cases) {
    it(`${v} ${up ? 'up' : 'down'} -> ${expected}`, () => assert.equal(niceLogBound(v, up), expected));
  }
});

describe('convergenceCdfData', () => {
  const data = convergenceCdfData(
    [run('a', 0, [2000, 1000, -1]), run('a', 1, [3000]), run('b', 0, [0, 8000]), run('c', 0, [-1])],
    ['a', 'b', 'c'],
  );

  it('draws each curve from 0, in seconds, over all changes, on to the slowest of any variant', () =>
    assert.deepEqual(
      data.curves.map((c) => [c.label, c.points.map((p) => [p.x, p.y])]),
      [
        [
          'a (3 of 4 converged)',
          [
            [1, 0],
            [1, 0.25],
            [2, 0.5],
            [3, 0.75],
            [8, 0.75],
          ],
        ],
        // A change that converged at once is drawn at 1 ms: a log axis has no 0.
        [
          'b (2 of 2 converged)',
          [
            [0.001, 0],
            [0.001, 0.5],
            [8, 1],
          ],
        ],
        ['c (no converged change)', []],
      ],
    ));

  it('ends the log axis on round values outside the data', () => {
    assert.equal(data.xMin, 0.0005);
    assert.equal(data.xMax, 10);
  });

  it('ends the axis past p99 of the converged changes and counts the ones past its end in a note', () => {
    const times = Array.from({ length: 200 }, (_, i) => 1000 + i * 10);
    const trimmed = convergenceCdfData([run('a', 0, [...times, 50_000_000])], ['a']);
    // p99 is 2.98 s, so the axis ends at 5 s: 2.99 s is on it, drawn; only the 13-hour change is past the end.
    assert.equal(trimmed.xMax, 5);
    assert.match(trimmed.note, /^1 change slower than 5\.0s \(the slowest took 13h 53m\) beyond the axis$/);
  });

  it('dashes a line that lies exactly on an earlier one and says so in its label and the note', () => {
    const twins = convergenceCdfData([run('a', 0, [1000, 2000]), run('b', 0, [1000, 2000])], ['a', 'b']);
    assert.deepEqual(
      twins.curves.map((c) => c.sameAs),
      [null, 'a'],
    );
    assert.match(twins.curves[1].label, /, same as a$/);
    assert.equal(twins.note, 'dashed: a line that lies exactly on an earlier one');
  });

  it('leaves the axis to Chart.js when nothing converged', () =>
    assert.deepEqual(convergenceCdfData([run('c', 0, [-1])], ['c']), {
      curves: [{ name: 'c', sameAs: null, label: 'c (no converged change)', points: [] }],
      note: '',
    }));
});

describe('durationTickLabel', () => {
  const cases: [number, string][] = [
    [0.1, '100ms'],
    [1, '1s'],
    [30, '30s'],
    [60, '1m'],
    [1800, '30m'],
    [7200, '2h'],
    [86_400, '1d'],
  ];
  for (const [seconds, label] of cases) {
    it(`${seconds}s -> ${label}`, () => assert.equal(durationTickLabel(seconds), label));
  }
  it('ticks only at durations a reader knows, within the axis', () =>
    assert.deepEqual(durationTicks(3, 700), [5, 10, 30, 60, 120, 300, 600]));
});

describe('convergenceCdfChart', () => {
  it('renders a 960x540 layout at 2x: a 1920x1080 PNG', async () => {
    const png = await convergenceCdfChart(runs, names, 'push vs pull');
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    // The first chunk is IHDR: length (4 bytes), type, then width and height as big-endian 32-bit integers.
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.equal(png.readUInt32BE(16), 1920);
    assert.equal(png.readUInt32BE(20), 1080);
  });

  it('gives byte-identical PNGs for the same input', async () => {
    const first = await convergenceCdfChart(runs, names, 'push vs pull');
    const second = await convergenceCdfChart(runs, names, 'push vs pull');
    assert.ok(first.equals(second));
  });

  it('has a white background, not a transparent one', async () => {
    const image = await loadImage(await convergenceCdfChart(runs, names, 'push vs pull'));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    assert.deepEqual([...ctx.getImageData(0, 0, 1, 1).data], [255, 255, 255, 255]);
    assert.deepEqual([...ctx.getImageData(959, 539, 1, 1).data], [255, 255, 255, 255]);
  });

  it('renders when no variant has a converged change, or there is no variant', async () => {
    for (const png of [
      await convergenceCdfChart([run('a', 0, [-1])], ['a', 'b'], 'nothing converged'),
      await convergenceCdfChart([], [], 'no variants'),
    ]) {
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    }
  });

  it('renders a changed input differently', async () => {
    const a = await convergenceCdfChart(runs, names, 'push vs pull');
    const b = await convergenceCdfChart(runs.slice(1), names, 'push vs pull');
    assert.ok(!a.equals(b));
  });

  it('stays fast with many changes', async () => {
    const big = [run('push', 0, times(100_000, 5, 30_000)), run('pull', 0, times(100_000, 6, 10_000))];
    const started = performance.now();
    await convergenceCdfChart(big, ['push', 'pull'], 'big');
    const elapsedMs = performance.now() - started;
    assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
  });
});
