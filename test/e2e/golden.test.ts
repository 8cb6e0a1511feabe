/**
 * Golden end-to-end tests: a bundled scenario and its seed pin an exact
 * summary.json. A change to the model that moves any number fails here; when
 * the change is intended, regenerate with `UPDATE_GOLDEN=1 npm run test:unit`
 * and explain the new numbers in the commit.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { summaryJson } from '../../src/report/json.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/world/runScenario.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CASES = [{ scenario: 'scenarios/default.yaml', golden: 'test/e2e/golden/default.summary.json' }];

for (const { scenario, golden } of CASES) {
  test(`${scenario} with its seed gives exactly ${golden}`, () => {
    const actual = summaryJson(runScenario(loadScenarioFile(path.join(ROOT, scenario))).summary);
    const goldenPath = path.join(ROOT, golden);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, actual);
    assert.equal(actual, readFileSync(goldenPath, 'utf8'));
  });
}
