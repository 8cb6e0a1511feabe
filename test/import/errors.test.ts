import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatImportProblem, ImportError } from '../../src/import/errors.ts';

test('problems read like the scenario loader: file:line:column, expected, found, hint', () => {
  const located = { file: 'a.yaml', line: 3, column: 7, expected: 'valid YAML', found: '"tab"' };
  assert.equal(formatImportProblem(located), 'a.yaml:3:7: expected valid YAML, found "tab"');
  assert.equal(
    formatImportProblem({
      file: 'repo',
      line: 0,
      column: 0,
      expected: 'a Git repository',
      found: 'no git command on the PATH',
      hint: 'install git',
    }),
    'repo: expected a Git repository, found no git command on the PATH (install git)',
  );
  const error = new ImportError('E_IMPORT_YAML', [located, located]);
  assert.equal(error.code, 'E_IMPORT_YAML');
  assert.equal(
    error.message,
    'a.yaml:3:7: expected valid YAML, found "tab"\na.yaml:3:7: expected valid YAML, found "tab"',
  );
});
