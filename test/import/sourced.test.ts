import assert from 'node:assert/strict';
import { test } from 'node:test';
import { field, sourced } from '../../src/import/sourced.ts';

test('a value keeps where it came from: a manifest field, or a named default', () => {
  assert.deepEqual(sourced(3, 'default (DEFAULT_NODES)'), { value: 3, from: 'default (DEFAULT_NODES)' });
  assert.deepEqual(
    field(2, (path) => `d.yaml:${path.length}`, 'spec.replicas'),
    { value: 2, from: 'd.yaml:13 spec.replicas' },
  );
});
