/** A scenario's runs shared out over threads give the result runScenario makes alone. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summaryJson } from '../../src/report/json.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenarioOnWorkers } from '../../src/sweep/parallelRun.ts';
import { packRun } from '../../src/sweep/runTransfer.ts';
import type { ScenarioResult } from '../../src/metrics/results.ts';
import { runScenario } from '../../src/world/runScenario.ts';
import { countingTurns, TINY_SCENARIO } from './helpers.ts';

const scenario = loadScenarioText(TINY_SCENARIO, 'tiny.yaml');

/** The summary's bytes and every run's records, in order. */
function same(actual: ScenarioResult, expected: ScenarioResult, what: string): void {
  assert.equal(summaryJson(actual.summary), summaryJson(expected.summary), what);
  assert.deepEqual(actual.runs.map(packRun), expected.runs.map(packRun), what);
}

describe('runScenarioOnWorkers', () => {
  const alone = runScenario(scenario);

  it('gives the result runScenario makes alone, on 1, 2 and 3 workers, counting every run', async () => {
    for (const workers of [1, 2, 3]) {
      const progress: string[] = [];
      const result = await runScenarioOnWorkers(scenario, {
        workers,
        onProgress: (done, total) => progress.push(`${done}/${total}`),
      });
      same(result, alone, `${workers} workers`);
      assert.deepEqual(progress, ['1/4', '2/4', '3/4', '4/4'], `${workers} workers`);
    }
  });

  it('on 1 worker, lets the event loop turn after each run (a stop signal is handled within a run)', async () => {
    const progress: number[] = [];
    await countingTurns((turns) =>
      runScenarioOnWorkers(scenario, { workers: 1, onProgress: () => progress.push(turns()) }),
    );
    // The loop turned between every two runs: the count moved from each run to the next.
    assert.equal(new Set(progress).size, progress.length, `${progress}`);
  });

  it('adds replications to an earlier result, making only the new ones', async () => {
    const more = { ...scenario, replications: 5 };
    const expected = runScenario(more);
    for (const workers of [1, 2]) {
      const progress: number[] = [];
      const result = await runScenarioOnWorkers(more, {
        workers,
        earlier: alone,
        onProgress: (done) => progress.push(done),
      });
      same(result, expected, `${workers} workers`);
      // The 4 earlier runs are counted as made: on threads only the 6 new ones report.
      if (workers > 1) assert.deepEqual(progress, [5, 6, 7, 8, 9, 10]);
    }
  });
});
