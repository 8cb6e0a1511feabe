/**
 * Validates the engine against queueing theory: an M/M/1 queue with arrival
 * rate 0.9 and service rate 1.0 (per second) has a mean wait in queue of
 * rho / (mu - lambda) = 9.0 s. Independent replications give a 95% t-interval
 * that must contain it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mm1OnEngine } from '../../bench/models/mm1.ts';
import { mm1HandCoded } from '../../src/bench/mm1Floor.ts';
import { meanWithInterval } from '../../src/metrics/statistics.ts';

const BASE = {
  arrivalsPerSec: 0.9,
  servicesPerSec: 1.0,
  customers: 1_000_000,
  warmupCustomers: 20_000,
  seed: 42,
};
const REPLICATIONS = 10;

test('M/M/1 (0.9, 1.0): the 95% interval of the mean wait in queue contains 9.0 s', () => {
  const waitsSec = Array.from({ length: REPLICATIONS }, (_, replication) => {
    const result = mm1OnEngine({ ...BASE, replication });
    assert.equal(result.served, BASE.customers - BASE.warmupCustomers);
    return result.meanWaitMs / 1000;
  });
  const { mean, ci95 } = meanWithInterval(waitsSec);
  assert.ok(ci95 !== null && mean !== null);
  assert.ok(ci95.low <= 9.0 && 9.0 <= ci95.high, `interval [${ci95.low}, ${ci95.high}] (mean ${mean}) misses 9.0`);
  // A loose check that the interval is informative, not just wide.
  assert.ok(ci95.high - ci95.low < 0.5, `interval too wide: ${ci95.high - ci95.low}`);
});

test('the M/M/1 floor model serves the same customers as the engine model', () => {
  const options = { ...BASE, customers: 20_000, warmupCustomers: 0, replication: 0 };
  const onEngine = mm1OnEngine(options);
  const handCoded = mm1HandCoded(options);
  assert.equal(handCoded.served, onEngine.served);
  assert.equal(handCoded.meanWaitMs, onEngine.meanWaitMs);
});
