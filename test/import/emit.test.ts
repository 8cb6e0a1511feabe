import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { emitScenario, flow } from '../../src/import/emit.ts';
import { sourced } from '../../src/import/sourced.ts';
import { Warnings } from '../../src/import/warnings.ts';

test('values in flow style read back as the same values', () => {
  const rows: readonly [unknown, string][] = [
    ['exp(4h)', 'exp(4h)'],
    ['25%', '25%'],
    ['true', '"true"'],
    ['300', '"300"'],
    ['uniform(1s, 5s)', '"uniform(1s, 5s)"'],
    ['a: b', '"a: b"'],
    ['', '""'],
    [3, '3'],
    [false, 'false'],
    [['api', 'web'], '[api, web]'],
    [
      { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: '25%' },
      '{ type: RollingUpdate, maxSurge: 1, maxUnavailable: 25% }',
    ],
    [{ pause: {} }, '{ pause: {} }'],
  ];
  for (const [value, text] of rows) {
    assert.equal(flow(value), text);
    assert.deepEqual(parse(`x: ${text}`).x, value);
  }
});

test('every value carries its source as a comment; warnings are listed by kind at the top', () => {
  const warnings = new Warnings();
  warnings.add('Service', 'a.yaml:3 api', 'not modelled');
  warnings.add('(git)', 'repo', 'two lines\nbecome one');
  const text = emitScenario(['Imported from x.'], warnings, {
    name: sourced('mine', '--name'),
    apps: { count: sourced(2, 'a.yaml:1, b.yaml:1') },
    variants: [
      { name: sourced('push', 'default'), delivery: { type: sourced('push', 'default (CI applies)') } },
    ],
  });
  assert.equal(
    text,
    `# Imported from x.
# Warnings: what could not be mapped, by kind:
#   (git) (1):
#     repo: two lines become one
#   Service (1):
#     a.yaml:3 api: not modelled

name: mine                                  # --name
apps:
  count: 2                                  # a.yaml:1, b.yaml:1
variants:
  - name: push                              # default
    delivery:
      type: push                            # default (CI applies)
`,
  );
  assert.deepEqual(parse(text), {
    name: 'mine',
    apps: { count: 2 },
    variants: [{ name: 'push', delivery: { type: 'push' } }],
  });
  assert.match(emitScenario([], new Warnings(), {}), /^# Warnings: none; every object found was mapped\.\n/);
});
