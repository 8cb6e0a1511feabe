import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Warnings } from '../../src/import/warnings.ts';

test('warnings group by kind, kinds sorted, each group in the order added', () => {
  const w = new Warnings();
  w.add('Service', 'b.yaml:1', 'second kind');
  w.add('(git)', 'repo', 'first kind');
  w.add('Service', 'a.yaml:9', 'kept after b.yaml');
  assert.deepEqual(
    [...w.byKind()].map(([kind, list]) => [kind, list.map((x) => x.where)]),
    [
      ['(git)', ['repo']],
      ['Service', ['b.yaml:1', 'a.yaml:9']],
    ],
  );
  assert.equal(new Warnings().byKind().size, 0);
});
