/**
 * Runs every variant x replication of a scenario and aggregates the runs.
 * Runs are independent and ordered (variant, then replication), so the result
 * depends only on the scenario.
 */
import { summarizeVariants } from '../metrics/aggregate.ts';
import type { RunResult, ScenarioResult } from '../metrics/results.ts';
import type { Scenario } from '../scenario/schema.ts';
import { TOOL } from '../version.ts';
import { inputHash } from '../scenario/inputHash.ts';
import { simulateRun } from './world.ts';

export interface RunScenarioOptions {
  /** Called after each run with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

export function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): ScenarioResult {
  const total = scenario.variants.length * scenario.replications;
  const runs: RunResult[] = [];
  for (let v = 0; v < scenario.variants.length; v++) {
    for (let r = 0; r < scenario.replications; r++) {
      runs.push(simulateRun(scenario, v, r));
      options.onProgress?.(runs.length, total);
    }
  }
  return {
    summary: {
      tool: TOOL,
      scenario: {
        name: scenario.name,
        seed: scenario.seed,
        horizonMs: scenario.horizonMs,
        replications: scenario.replications,
        resolved: scenario,
      },
      inputHash: inputHash(scenario),
      baseline: scenario.baseline,
      variants: summarizeVariants(
        scenario.variants.map((v) => ({ name: v.name, delivery: v.delivery })),
        runs,
        scenario.baseline,
      ),
    },
    runs,
  };
}
