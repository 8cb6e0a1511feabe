import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { editDistance, nearestKey } from '../../src/scenario/suggest.ts';

const TOP_LEVEL = [
  'name',
  'description',
  'seed',
  'horizon',
  'replications',
  'apps',
  'cluster',
  'git',
  'variants',
];

describe('editDistance', () => {
  const cases: [string, string, number][] = [
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['name', 'name', 0],
    ['nmae', 'name', 1], // adjacent swap counts once
    ['replcias', 'replicas', 1],
    ['seeds', 'seed', 1],
    ['horizn', 'horizon', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // optimal string alignment: no edits to a swapped pair
    ['replcias', 'replications', 5],
  ];
  for (const [a, b, d] of cases) {
    test(`${JSON.stringify(a)} -> ${JSON.stringify(b)} = ${d}`, () => {
      assert.equal(editDistance(a, b), d);
      assert.equal(editDistance(b, a), d);
    });
  }
});

describe('nearestKey', () => {
  const cases: [string, readonly string[], string | undefined][] = [
    ['replcias', TOP_LEVEL, 'replications'],
    ['replcias', ['count', 'replicas', 'image', 'strategy'], 'replicas'],
    ['nmae', TOP_LEVEL, 'name'],
    ['Horizon', TOP_LEVEL, 'horizon'],
    ['variant', TOP_LEVEL, 'variants'],
    ['clustr', TOP_LEVEL, 'cluster'],
    ['maxsurge', ['type', 'maxSurge', 'maxUnavailable'], 'maxSurge'],
    ['pul', ['push', 'pull'], 'pull'],
    ['Rolling', ['RollingUpdate', 'Recreate'], 'RollingUpdate'],
    ['foo', TOP_LEVEL, undefined],
    ['x', TOP_LEVEL, undefined],
    ['zzzzzzzzzz', TOP_LEVEL, undefined],
    ['anything', [], undefined],
  ];
  for (const [word, candidates, expected] of cases) {
    test(`${JSON.stringify(word)} -> ${expected === undefined ? 'nothing' : JSON.stringify(expected)}`, () => {
      assert.equal(nearestKey(word, candidates), expected);
    });
  }

  test('an exact match wins, and ties go to the earlier candidate', () => {
    assert.equal(nearestKey('seed', ['seeds', 'seed']), 'seed');
    assert.equal(nearestKey('ab', ['ac', 'ad']), 'ac');
  });

  test('accepts any iterable', () => {
    assert.equal(nearestKey('pul', new Set(['push', 'pull'])), 'pull');
  });
});
