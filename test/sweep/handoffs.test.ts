import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Handoffs } from '../../src/sweep/handoffs.ts';

it('counts the points handed to each thread until it closes, then hands it none', () => {
  const handoffs = Handoffs.create(2);
  assert.equal(handoffs.hand(1), true);
  assert.equal(handoffs.hand(1), true);
  assert.equal(handoffs.hand(2), true);
  assert.equal(handoffs.close(1), 2);
  assert.equal(handoffs.hand(1), false);
  assert.equal(handoffs.close(1), 2, 'closing again changes nothing');
  assert.equal(handoffs.hand(2), true, 'another thread still takes points');
  assert.equal(handoffs.close(2), 2);
});

it('shares its counts with a copy made from the same memory, as a worker thread gets it', () => {
  const pool = Handoffs.create(1);
  const worker = new Handoffs(pool.cells);
  assert.equal(pool.hand(1), true);
  assert.equal(worker.close(1), 1);
  assert.equal(pool.hand(1), false);
});
