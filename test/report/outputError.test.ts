import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentError, OutputError } from '../../src/report/outputError.ts';

function errno(code: string, extra: Partial<NodeJS.ErrnoException> = {}): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, write`), { code, ...extra });
}

test("a full disk, a quota or a folder not this user's becomes one line naming the file (exit 2), not a stack", () => {
  const full = environmentError(errno('ENOSPC', { syscall: 'write' }), 'out/s/changes.csv');
  assert.ok(full instanceof OutputError);
  assert.equal(full.message, 'out/s/changes.csv: no space left on the device (write)');
  const denied = environmentError(errno('EACCES', { syscall: 'unlink', path: '/r/.s.old-1-0/index.html' }));
  assert.ok(denied instanceof OutputError);
  assert.equal(denied.message, '/r/.s.old-1-0/index.html: permission denied (unlink)');
  for (const code of ['EDQUOT', 'EPERM', 'EROFS'])
    assert.ok(environmentError(errno(code), 'f') instanceof OutputError, code);
});

test('other errors, and output errors already said, pass through unchanged', () => {
  for (const error of [errno('ENOENT'), new RangeError('a bug'), 'text', new OutputError('said')]) {
    assert.equal(environmentError(error, 'f'), error);
  }
});
