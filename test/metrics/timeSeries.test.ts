import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { SAMPLES_PER_RUN, TimeSeriesSampler } from '../../src/metrics/timeSeries.ts';

test('samples evenly from 0 to the horizon, reading every probe at each instant', () => {
  const engine = new Engine();
  let ready = 0;
  engine.at(500_000, () => {
    ready = 7;
  });
  const sampler = new TimeSeriesSampler(engine, 1_000_000, {
    correctShare: () => (ready > 0 ? 1 : 0.5),
    readyReplicas: () => ready,
    openDrift: () => 0,
    queueDepth: () => 3,
    apiThrottledMs: () => engine.now / 1000,
  });
  sampler.start();
  engine.run(1_000_000);
  const series = sampler.finish();
  assert.equal(series.tMs.length, SAMPLES_PER_RUN + 1);
  assert.equal(series.tMs[0], 0);
  assert.equal(series.tMs.at(-1), 1_000_000);
  assert.equal(series.tMs[1] - series.tMs[0], 1_000_000 / SAMPLES_PER_RUN);
  const half = series.tMs.indexOf(500_000);
  // The change at 500s was scheduled before the sample at 500s, so that sample sees it.
  assert.equal(series.readyReplicas[half], 7);
  assert.equal(series.readyReplicas[half - 1], 0);
  assert.equal(series.correctShare[0], 0.5);
  assert.ok(series.queueDepth.every((d) => d === 3));
  assert.equal(series.apiThrottledMs.at(-1), 1000);
});
