import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeVariants } from '../../src/metrics/aggregate.ts';
import { failedRequestsChart, failedRequestsData, hasTraffic } from '../../src/report/failedRequestsChart.ts';
import { chartRun, PNG_SIGNATURE, pngSize } from './chartFixtures.ts';

const VARIANTS = [
  { name: 'rolling', delivery: {} },
  { name: 'canary', delivery: {} },
];

const traffic = (failedRequests: number) => ({
  requests: 1e6,
  failedRequests,
  noReadyFailed: 0,
  deadNodeFailed: 0,
  badReleaseFailed: failedRequests,
  slo: 0.999,
});

const withTraffic = summarizeVariants(VARIANTS, [
  { ...chartRun('rolling', 0), traffic: traffic(1000) },
  { ...chartRun('rolling', 1), traffic: traffic(3000) },
  {
    ...chartRun('canary', 0),
    traffic: traffic(10),
    rollouts: { started: 2, promotionMs: [240_000], aborted: 1, gitAheadMs: 0 },
  },
  {
    ...chartRun('canary', 1),
    traffic: traffic(30),
    rollouts: { started: 3, promotionMs: [300_000], aborted: 2, gitAheadMs: 0 },
  },
]);

describe('failedRequestsData', () => {
  it('has a bar per variant: mean failed requests, with promotion time and aborts under progressive ones', () => {
    const data = failedRequestsData(withTraffic, 'failed');
    assert.deepEqual(
      data.bars.map((b) => [b.name, b.detail, b.value, b.label]),
      [
        ['rolling', 'no progressive rollout', 2000, '2,000'],
        ['canary', 'promotion 4m 30s, 1.5 aborted', 20, '20'],
      ],
    );
  });

  it('is drawn only for scenarios with traffic', () => {
    assert.equal(hasTraffic(withTraffic), true);
    assert.equal(
      hasTraffic(summarizeVariants(VARIANTS, [chartRun('rolling', 0), chartRun('canary', 0)])),
      false,
    );
  });
});

describe('failedRequestsChart', () => {
  it('renders a PNG', async () => {
    const png = await failedRequestsChart(withTraffic, 'failed');
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.ok(pngSize(png).width > 0);
  });
});
