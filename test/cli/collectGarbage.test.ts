import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectGarbage } from '../../src/cli/collectGarbage.ts';

function unreachableObject(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill(0) });
}

test('collectGarbage frees an object nothing refers to', async () => {
  const ref = unreachableObject();
  // A WeakRef's target lives until the end of the job that made or read it.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  assert.equal(ref.deref(), undefined);
});

test('collectGarbage keeps an object still referred to, and can be called again', async () => {
  const kept = { payload: [1, 2, 3] };
  const ref = new WeakRef(kept);
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  collectGarbage();
  assert.equal(ref.deref(), kept);
});
