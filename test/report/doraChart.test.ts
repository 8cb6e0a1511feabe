import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeVariants } from '../../src/metrics/aggregate.ts';
import { DORA_HEIGHT, doraChart, doraData, perDayLabel } from '../../src/report/doraChart.ts';
import { chartRun, PNG_SIGNATURE, pngSize, release } from './chartFixtures.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const VARIANTS = [
  { name: 'push', delivery: {} },
  { name: 'pull', delivery: {} },
];

// A week each: push deploys 4 releases (one bad, restored in 30 s), pull 2 that converge slower.
const summaries = summarizeVariants(VARIANTS, [
  chartRun('push', 0, {
    changes: [
      release(0, 10_000),
      release(DAY, 10_000),
      release(2 * DAY, 20_000, true),
      release(3 * DAY, 20_000),
    ],
    rollbacks: [{ detectedMs: 2 * DAY + MINUTE, restoreMs: 30_000 }],
  }),
  chartRun('pull', 0, { changes: [release(0, 5 * MINUTE), release(DAY, 5 * MINUTE)] }),
]);

describe('doraData', () => {
  const panels = doraData(summaries);

  it('has the four panels, each with its unit', () =>
    assert.deepEqual(
      panels.map((p) => p.axis),
      ['releases per day', 'lead time (minutes)', 'change failure rate (%)', 'time to restore (seconds)'],
    ));

  it('gives each variant its value and label', () =>
    assert.deepEqual(
      panels.map((p) =>
        p.bars.map((b) => [b.name, b.value === null ? null : Number(b.value.toFixed(4)), b.label]),
      ),
      [
        [
          ['push', 0.5714, '0.57'],
          ['pull', 0.2857, '0.29'],
        ],
        // Code a minute before the config commit: lead time p50 = 1 min + the median convergence.
        [
          ['push', 1.25, '1m 15s'],
          ['pull', 6, '6m 0s'],
        ],
        [
          ['push', 25, '25.0%'],
          ['pull', 0, '0.0%'],
        ],
        [
          ['push', 30, '30.0s'],
          ['pull', null, 'no restore'],
        ],
      ],
    ));

  it('has an interval only where the summary has one (deployments per day with 2+ replications, change failure rate)', () => {
    assert.deepEqual(
      panels.map((p) => p.bars.map((b) => b.interval !== null)),
      [
        [false, false],
        [false, false],
        panels[2].bars.map((b) => b.value !== null),
        [false, false],
      ],
    );
    for (const bar of panels[2].bars)
      if (bar.interval !== null) assert.ok(bar.interval.low >= 0 && bar.interval.high <= 100);
    const two = doraData(
      summarizeVariants(
        [VARIANTS[0]],
        [chartRun('push', 0, { changes: [release(0, 1000)] }), chartRun('push', 1, { changes: [] })],
      ),
    );
    assert.deepEqual(two[0].bars[0].interval?.low, 0);
  });

  it('with environments, lead time is to production, batched commits too', () => {
    const withEnvironments = summaries.map((v, i) => ({
      ...v,
      metrics: { ...v.metrics, leadTimeToProductionMeanMs: { mean: (i + 1) * 60 * MINUTE, ci95: null } },
    }));
    const lead = doraData(withEnvironments)[1];
    assert.match(lead.subtitle ?? '', /to running in production, batched commits too/);
    assert.deepEqual(
      lead.bars.map((b) => [b.name, b.label]),
      [
        ['push', '1h 0m'],
        ['pull', '2h 0m'],
      ],
    );
    assert.match(panels[1].subtitle ?? '', /to running everywhere/);
  });

  it('says n/a without a converged release', () => {
    const none = doraData(summarizeVariants([VARIANTS[0]], [chartRun('push', 0)]));
    assert.deepEqual(
      none.map((p) => p.bars[0].label),
      ['0.00', 'n/a', 'n/a', 'no restore'],
    );
  });
});

describe('perDayLabel', () => {
  for (const [perDay, label] of [
    [0, '0.00'],
    [0.5714, '0.57'],
    [999.994, '999.99'],
    [999.996, '1,000'],
    [1000, '1,000'],
    [1_200_384, '1,200,384'],
    [1_200_384.5, '1,200,385'],
  ] as const)
    it(`${perDay} -> ${label}`, () => assert.equal(perDayLabel(perDay), label));
});

describe('doraChart', () => {
  it('renders a 960-wide layout of four panels at 2x, byte-identical for the same input', async () => {
    const png = await doraChart(summaries, 'dora');
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.deepEqual(pngSize(png), { width: 1920, height: 2 * DORA_HEIGHT });
    assert.ok(png.equals(await doraChart(summaries, 'dora')));
  });

  it('renders a changed input differently, and with no variants at all', async () => {
    assert.ok(!(await doraChart(summaries, 'dora')).equals(await doraChart(summaries.slice(1), 'dora')));
    assert.deepEqual((await doraChart([], 'none')).subarray(0, 8), PNG_SIGNATURE);
  });
});
