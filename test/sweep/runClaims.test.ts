/** The shared list of runs: each claimed once, in order, by whichever thread asks; a stop ends the claims. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RunClaims } from '../../src/sweep/runClaims.ts';

it('hands out every run once, in list order, whichever thread claims', () => {
  const claims = RunClaims.create(5, 3);
  const claimed = [0, 1, 2, 0, 2, 1, 0].map((thread) => [thread, claims.claim(thread)]);
  assert.deepEqual(claimed, [
    [0, 0],
    [1, 1],
    [2, 2],
    [0, 3],
    [2, 4],
    [1, undefined],
    [0, undefined],
  ]);
});

it('shares its counter with a copy made from the same cells (as a worker thread gets it)', () => {
  const claims = RunClaims.create(3, 2);
  const other = new RunClaims(claims.cells, 3);
  assert.equal(claims.claim(0), 0);
  assert.equal(other.claim(1), 1);
  assert.equal(claims.claim(0), 2);
  assert.equal(other.claim(1), undefined);
});

it('notes the run each thread is on, until it claims past the end or releases it', () => {
  const claims = RunClaims.create(2, 2);
  claims.claim(0);
  claims.claim(1);
  assert.deepEqual([claims.current(0), claims.current(1)], [0, 1]);
  claims.release(1);
  assert.equal(claims.current(1), undefined);
  assert.equal(claims.claim(0), undefined);
  assert.equal(claims.current(0), undefined);
});

it('claims nothing more once stopped', () => {
  const claims = RunClaims.create(10, 1);
  assert.equal(claims.claim(0), 0);
  claims.stop();
  assert.equal(claims.claim(0), undefined);
  assert.equal(claims.current(0), undefined);
});
