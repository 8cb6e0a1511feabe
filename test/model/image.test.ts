import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { builtImage } from '../../src/model/image.ts';

test("a build's image is stable per (repository, build) and differs between builds", () => {
  const { reference } = builtImage('registry.example/api', 3);
  assert.match(reference, /^registry\.example\/api@sha256:[0-9a-f]{64}$/);
  assert.equal(builtImage('registry.example/api', 3).reference, reference);
  assert.notEqual(builtImage('registry.example/api', 4).reference, reference);
  assert.notEqual(builtImage('registry.example/web', 3).reference, reference);
});

test('the digest is the SHA-256 of repository, NUL, build number (the bytes every earlier report holds)', () => {
  const hex = createHash('sha256').update('registry.example/api\u00003').digest('hex');
  assert.deepEqual(builtImage('registry.example/api', 3), {
    reference: `registry.example/api@sha256:${hex}`,
    digest: `sha256:${hex}`,
  });
});
