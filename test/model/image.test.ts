import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { digestReference } from '../../src/model/image.ts';

test('a digest reference is stable per (repository, build) and differs between builds', () => {
  const ref = digestReference('registry.example/api', 3);
  assert.match(ref, /^registry\.example\/api@sha256:[0-9a-f]{64}$/);
  assert.equal(digestReference('registry.example/api', 3), ref);
  assert.notEqual(digestReference('registry.example/api', 4), ref);
  assert.notEqual(digestReference('registry.example/web', 3), ref);
});

test('the digest is the SHA-256 of repository, NUL, build number (the bytes every earlier report holds)', () =>
  assert.equal(
    digestReference('registry.example/api', 3),
    `registry.example/api@sha256:${createHash('sha256').update('registry.example/api\u00003').digest('hex')}`,
  ));
