import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  getScaledValueFromIntOrPercent,
  type IntOrPercent,
  IntOrPercentError,
  resolveFenceposts,
} from '../../src/model/rollout.ts';

test('getScaledValueFromIntOrPercent: table', () => {
  const table: [IntOrPercent, number, boolean, number][] = [
    [3, 10, true, 3],
    [3, 10, false, 3],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['39%', 10, true, 4],
    ['39%', 10, false, 3],
    ['0%', 10, true, 0],
    ['100%', 7, false, 7],
    ['150%', 4, true, 6],
    ['25%', 0, true, 0],
  ];
  for (const [value, total, roundUp, expected] of table) {
    assert.equal(getScaledValueFromIntOrPercent(value, total, roundUp), expected, `${value} of ${total} ${roundUp}`);
  }
});

test('a percent string without % is an error, as in Kubernetes', () => {
  for (const bad of ['25', '25 %', 'abc', '%']) {
    assert.throws(() => getScaledValueFromIntOrPercent(bad, 10, true), IntOrPercentError);
  }
  assert.throws(() => getScaledValueFromIntOrPercent(2.5, 10, true), IntOrPercentError);
});

test('resolveFenceposts: surge rounds up, unavailable down; both zero gives unavailable 1', () => {
  const table: [IntOrPercent | undefined, IntOrPercent | undefined, number, { surge: number; unavailable: number }][] = [
    ['25%', '25%', 10, { surge: 3, unavailable: 2 }],
    ['39%', '39%', 10, { surge: 4, unavailable: 3 }],
    [0, 0, 10, { surge: 0, unavailable: 1 }],
    ['0%', '0%', 10, { surge: 0, unavailable: 1 }],
    ['25%', '25%', 1, { surge: 1, unavailable: 0 }],
    [undefined, undefined, 5, { surge: 0, unavailable: 1 }],
    [1, 0, 3, { surge: 1, unavailable: 0 }],
  ];
  for (const [surge, unavailable, desired, expected] of table) {
    assert.deepEqual(resolveFenceposts(surge, unavailable, desired), expected, `${surge}/${unavailable} of ${desired}`);
  }
  assert.throws(() => resolveFenceposts('25', '25%', 10), IntOrPercentError);
});
