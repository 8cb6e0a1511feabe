import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationUnit } from '../../src/report/chartData.ts';
import {
  correctnessChart,
  correctnessData,
  eventMarks,
  shareAxis,
} from '../../src/report/correctnessChart.ts';
import { chartRun, PNG_SIGNATURE, pngSize } from './chartFixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('shareAxis', () => {
  const cases: [number, number, number][] = [
    [1, 0.99, 0.01],
    [0.999, 0.99, 0.01],
    [0.97, 0.96, 0.01],
    [0.95, 0.94, 0.01],
    [0.897, 0.88, 0.02],
    [0.5, 0.4, 0.1],
    [0.325, 0.2, 0.1],
    [0.15, 0, 0.2],
    [0, 0, 0.2],
  ];
  for (const [lowest, min, step] of cases) {
    it(`${lowest} -> from ${min} by ${step}`, () => assert.deepEqual(shareAxis(lowest), { min, step }));
  }

  it('starts below the lowest point, on a multiple of the step', () => {
    for (let lowest = 0.01; lowest < 1; lowest += 0.01) {
      const { min, step } = shareAxis(lowest);
      assert.ok(min < lowest, `${lowest}`);
      assert.ok(Math.abs(min / step - Math.round(min / step)) < 1e-9, `${lowest}: ${min} by ${step}`);
    }
  });
});

describe('eventMarks', () => {
  const hours = durationUnit(2 * DAY);
  it('puts each drift kind in its own row, in name order, then rollbacks', () =>
    assert.deepEqual(
      eventMarks(
        chartRun('a', 0, {
          drifts: [
            { kind: 'tagMoved', atMs: HOUR, openMs: 1 },
            { kind: 'manualScale', atMs: 3 * HOUR, openMs: 1 },
            { kind: 'tagMoved', atMs: 5 * HOUR, openMs: 1 },
          ],
          rollbacks: [{ detectedMs: 2 * HOUR, restoreMs: 1000 }],
        }),
        hours,
      ),
      {
        rows: ['manualScale', 'tagMoved', 'rollback'],
        drift: [
          { x: 1, y: 'tagMoved' },
          { x: 3, y: 'manualScale' },
          { x: 5, y: 'tagMoved' },
        ],
        rollbacks: [{ x: 2, y: 'rollback' }],
      },
    ));

  it('has no rollback row without a rollback, and nothing without a run', () => {
    assert.deepEqual(
      eventMarks(chartRun('a', 0, { drifts: [{ kind: 'hpa', atMs: 0, openMs: 1 }] }), hours).rows,
      ['hpa'],
    );
    assert.deepEqual(eventMarks(undefined, hours), { rows: [], drift: [], rollbacks: [] });
  });
});

const runs = [
  chartRun('push', 1, {
    correctShare: [1, 0.9, 1],
    drifts: [{ kind: 'manualScale', atMs: 2 * DAY, openMs: HOUR }],
  }),
  chartRun('push', 0, {
    correctShare: [1, 0.95, 0.9],
    drifts: [{ kind: 'podCrash', atMs: DAY, openMs: HOUR }],
    rollbacks: [{ detectedMs: 3 * DAY, restoreMs: 60_000 }],
  }),
  chartRun('pull', 0, { correctShare: [1, 1, 1] }),
  chartRun('pull', 1, { correctShare: [1, 0.98, 1] }),
];

describe('correctnessData', () => {
  const data = correctnessData(runs, ['push', 'pull'], 'push');

  it('averages each variant over its replications, x in days for a week', () => {
    assert.equal(data.unit.name, 'days');
    assert.equal(data.xMax, 7);
    assert.deepEqual(
      data.lines.map((l) => [l.name, l.points.map((p) => [p.x, Number(p.y.toFixed(6))])]),
      [
        [
          'push',
          [
            [0, 1],
            [3.5, 0.925],
            [7, 0.95],
          ],
        ],
        [
          'pull',
          [
            [0, 1],
            [3.5, 0.99],
            [7, 1],
          ],
        ],
      ],
    );
  });

  it('labels a variant whose line is hidden under an identical one', () =>
    assert.deepEqual(
      correctnessData(
        [...runs, chartRun('copy', 0, { correctShare: [1, 0.99, 1] })],
        ['push', 'pull', 'copy'],
        'push',
      ).lines.map((l) => l.label),
      ['push', 'pull', 'copy (same as pull)'],
    ));

  it('starts the y axis a little below the lowest mean (0.925)', () => {
    assert.equal(data.yMin, 0.92);
    assert.equal(data.yStep, 0.01);
  });

  it("marks the events of the baseline's first replication, whatever the order of the runs", () => {
    assert.deepEqual(data.events.rows, ['podCrash', 'rollback']);
    assert.deepEqual(data.events.drift, [{ x: 1, y: 'podCrash' }]);
    assert.deepEqual(data.events.rollbacks, [{ x: 3, y: 'rollback' }]);
    assert.match(data.note, /mean over 2 replications.*push, replication 1/);
  });

  it('says when the marked run had no events', () =>
    assert.match(
      correctnessData(runs, ['push', 'pull'], 'pull').note,
      /no drift or rollback in pull, replication 1/,
    ));

  it('is empty without runs', () => {
    const empty = correctnessData([], ['a'], 'a');
    assert.deepEqual(empty.lines, [{ name: 'a', label: 'a', points: [] }]);
    assert.deepEqual(empty.events.rows, []);
  });
});

describe('correctnessChart', () => {
  it('renders a 960x540 layout at 2x: a 1920x1080 PNG', async () => {
    const png = await correctnessChart(runs, ['push', 'pull'], 'push', 'correctness');
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.deepEqual(pngSize(png), { width: 1920, height: 1080 });
  });

  it('gives byte-identical PNGs for the same input', async () => {
    const first = await correctnessChart(runs, ['push', 'pull'], 'push', 'correctness');
    const second = await correctnessChart(runs, ['push', 'pull'], 'push', 'correctness');
    assert.ok(first.equals(second));
  });

  it('renders a changed input differently', async () => {
    const a = await correctnessChart(runs, ['push', 'pull'], 'push', 'correctness');
    const b = await correctnessChart(runs, ['push', 'pull'], 'pull', 'correctness');
    assert.ok(!a.equals(b));
  });

  it('renders without runs or events', async () => {
    for (const png of [
      await correctnessChart([], [], 'none', 'nothing'),
      await correctnessChart([chartRun('a', 0, { correctShare: [1, 1] })], ['a'], 'a', 'quiet'),
    ]) {
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    }
  });
});
