import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { inputHash } from '../../src/scenario/inputHash.ts';
import { runScenario } from '../../src/world/runScenario.ts';

const TEXT = `name: two
seed: 5
horizon: 12h
replications: 3
variants:
  - { name: push, delivery: push }
  - { name: pull, delivery: pull }
`;

test('runs variant x replication in order, reports progress, and is repeatable', () => {
  const scenario = loadScenarioText(TEXT, 'two.yaml');
  const progress: string[] = [];
  const result = runScenario(scenario, { onProgress: (done, total) => progress.push(`${done}/${total}`) });
  assert.deepEqual(progress, ['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
  assert.deepEqual(
    result.runs.map((r) => `${r.variant}#${r.replication}`),
    ['push#0', 'push#1', 'push#2', 'pull#0', 'pull#1', 'pull#2'],
  );
  assert.equal(result.summary.inputHash, inputHash(scenario));
  assert.deepEqual(runScenario(scenario), { ...result });
});
