import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem, ScenarioError, type ScenarioProblem } from '../../src/scenario/errors.ts';

const valueProblem: ScenarioProblem = {
  line: 5,
  column: 14,
  path: 'apps.strategy.maxSurge',
  expected: 'a whole number >= 0 or a percentage like "25%" (a string needs the %)',
  found: '"25"',
};

test('a wrong value reads: file:line:column: path: expected X, found Y', () => {
  assert.equal(
    formatProblem('scenarios/x.yaml', valueProblem),
    'scenarios/x.yaml:5:14: apps.strategy.maxSurge: expected a whole number >= 0 or a percentage like "25%" (a string needs the %), found "25"',
  );
});

test('a named problem separates its parts with semicolons, and a hint goes last in parentheses', () => {
  const problem: ScenarioProblem = {
    line: 3,
    column: 1,
    path: 'replcias',
    problem: 'unknown key',
    expected: 'one of name, seed, replications',
    found: '"replcias"',
    hint: 'did you mean "replications"?',
  };
  assert.equal(
    formatProblem('scenarios/x.yaml', problem),
    'scenarios/x.yaml:3:1: replcias: unknown key; expected one of name, seed, replications; found "replcias" (did you mean "replications"?)',
  );
});

test('the top level has no path, and line 0 means the file as a whole', () => {
  assert.equal(
    formatProblem('x.yaml', { line: 1, column: 1, path: '', expected: 'valid YAML', found: '"@"' }),
    'x.yaml:1:1: expected valid YAML, found "@"',
  );
  assert.equal(
    formatProblem('x.yaml', {
      line: 0,
      column: 0,
      path: '',
      expected: 'a readable scenario file',
      found: 'no such file',
    }),
    'x.yaml: expected a readable scenario file, found no such file',
  );
});

test('ScenarioError carries code, file and problems, and its message has one line per problem', () => {
  const second: ScenarioProblem = { line: 7, column: 3, path: 'horizon', expected: 'a duration', found: '5' };
  const error = new ScenarioError('E_SCENARIO_INVALID', 'x.yaml', [valueProblem, second]);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'ScenarioError');
  assert.equal(error.code, 'E_SCENARIO_INVALID');
  assert.equal(error.file, 'x.yaml');
  assert.deepEqual(error.problems, [valueProblem, second]);
  assert.deepEqual(error.message.split('\n'), [
    formatProblem('x.yaml', valueProblem),
    formatProblem('x.yaml', second),
  ]);
});

// Each part of a problem may quote text with line breaks: the source after a YAML error, a file's name.
const unprintable: [string, string, string][] = [
  ['a newline', 'invalid escape sequence \\u\n   ', 'invalid escape sequence \\u\\n   '],
  ['a carriage return and a tab', 'a\r\tb', 'a\\r\\tb'],
  ['another control character', 'a\u0000b\u001bc', 'a\\u0000b\\u001bc'],
  ['DEL and a C1 control', 'a\u007fb\u0085c', 'a\\u007fb\\u0085c'],
  ['Unicode line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
];

for (const [name, raw, escaped] of unprintable) {
  test(`a problem stays one line: ${name} in any part is escaped`, () => {
    const problem: ScenarioProblem = { line: 2, column: 3, path: raw, expected: raw, found: raw, hint: raw };
    assert.equal(
      formatProblem(`f${raw}.yaml`, problem),
      `f${escaped}.yaml:2:3: ${escaped}: expected ${escaped}, found ${escaped} (${escaped})`,
    );
    const error = new ScenarioError('E_SCENARIO_YAML', 'x.yaml', [problem, valueProblem]);
    assert.equal(error.message.split('\n').length, 2);
  });
}
