import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InFlight } from '../../src/engine/inFlight.ts';

test('InFlight gives each held value back once, under the handle it was held with', () => {
  const held = new InFlight<string>();
  const a = held.hold('a');
  const b = held.hold('b');
  assert.notEqual(a, b);
  assert.equal(held.size, 2);
  assert.equal(held.release(b), 'b');
  assert.equal(held.release(a), 'a');
  assert.equal(held.size, 0);
  assert.throws(() => held.release(a), /no value is held under handle/);
});

test('InFlight reuses released handles: the table grows to the most values held at once', () => {
  const held = new InFlight<number>();
  const handles = new Set<number>();
  for (let round = 0; round < 100; round++) {
    const first = held.hold(round);
    const second = held.hold(-round);
    handles.add(first).add(second);
    assert.equal(held.release(first), round);
    assert.equal(held.release(second), -round);
  }
  assert.equal(handles.size, 2);
  assert.throws(() => held.release(7), /no value is held under handle 7/);
});
