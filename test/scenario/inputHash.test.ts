import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, inputHash } from '../../src/scenario/inputHash.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const TEXT = `name: two
seed: 5
horizon: 12h
variants:
  - { name: push, delivery: push }
`;

test('the input hash follows the resolved scenario, not how the file is written', () => {
  const a = loadScenarioText(TEXT, 'a.yaml');
  const b = loadScenarioText(TEXT.replace('horizon: 12h', 'horizon: 720m'), 'b.yaml');
  const c = loadScenarioText(TEXT.replace('seed: 5', 'seed: 6'), 'c.yaml');
  assert.equal(inputHash(a), inputHash(b));
  assert.notEqual(inputHash(a), inputHash(c));
  assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
});
