/**
 * Runs every variant x replication of a scenario and aggregates the runs.
 * Runs are independent and ordered (variant, then replication), so the result
 * depends only on the scenario.
 */
import { summarizeVariants } from '../metrics/aggregate.ts';
import { headlineAnswers } from '../metrics/answer.ts';
import { headlineMetrics } from '../metrics/headline.ts';
import { judgeThresholds } from '../metrics/thresholds.ts';
import { summaryWarnings } from '../metrics/warnings.ts';
import type { RunResult, ScenarioResult } from '../metrics/results.ts';
import type { Scenario } from '../scenario/schema.ts';
import { TOOL } from '../version.ts';
import { inputHash } from '../scenario/inputHash.ts';
import { simulateRun } from './world.ts';

export interface RunScenarioOptions {
  /** Called after each run with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Runs of this scenario made before (with fewer replications): kept, not run again. */
  readonly reuse?: readonly RunResult[];
}

export function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): ScenarioResult {
  const total = scenario.variants.length * scenario.replications;
  const runs: RunResult[] = [];
  const done = new Map(options.reuse?.map((run) => [`${run.variant}\u0000${run.replication}`, run]));
  for (let v = 0; v < scenario.variants.length; v++) {
    for (let r = 0; r < scenario.replications; r++) {
      runs.push(done.get(`${scenario.variants[v].name}\u0000${r}`) ?? simulateRun(scenario, v, r));
      options.onProgress?.(runs.length, total);
    }
  }
  const variants = summarizeVariants(
    scenario.variants.map((v) => ({ name: v.name, delivery: v.delivery })),
    runs,
    scenario.baseline,
    scenario.seed,
  );
  const headline = headlineMetrics(scenario.headline);
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
      question: scenario.question ?? null,
      headline,
      answers: headlineAnswers(headline, variants, runs, scenario.seed),
      baseline: scenario.baseline,
      variants,
      thresholds: judgeThresholds(
        scenario.thresholds ?? [],
        variants.map((v, i) => ({ ...v, thresholds: scenario.variants[i].thresholds ?? [] })),
      ),
      warnings: summaryWarnings(scenario.replications, variants, scenario.baseline, headline),
    },
    runs,
  };
}
