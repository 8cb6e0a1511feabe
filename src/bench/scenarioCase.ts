/**
 * A scenario file as a benchmark. Exact figures: the whole scenario (every
 * variant x replication, as `gitops-sim run` does), each gated metric per
 * variant, its engine events, and a hash of the report. Speed: replication 0
 * of the timed variants, one after another, as one sample. Each run begins as
 * it does in `gitops-sim run`, by collecting the large model the previous run
 * left (world/collectGarbage.ts): a timed run pays for that collection, and
 * the process's peak memory is one run's, not the warm-up's dead model under
 * the timed run's.
 */
import { createHash } from 'node:crypto';
import { metricNamed } from '../metrics/definitions.ts';
import type { ScenarioResult } from '../metrics/results.ts';
import type { Scenario } from '../scenario/schema.ts';
import { inputHash } from '../scenario/inputHash.ts';
import { runScenario } from '../world/runScenario.ts';
import { simulateRun } from '../world/world.ts';
import type { BenchCase } from './cases.ts';
import type { ExactFigure } from './results.ts';


export interface ScenarioCaseOptions {
  readonly metrics: readonly string[];
  readonly speedVariants?: readonly string[];
  readonly speedPerVariant?: boolean;
}

export function scenarioCase(scenario: Scenario, options: ScenarioCaseOptions): BenchCase {
  const timed = timedVariants(scenario, options.speedVariants);
  const definitions = options.metrics.map((name) => {
    const definition = metricNamed(name);
    if (definition === undefined) throw new Error(`unknown metric: ${name}`);
    return definition;
  });
  return {
    scenarioHash: inputHash(scenario),
    seed: scenario.seed,
    exact: async () => {
      const result = runScenario(scenario);
      const figures: ExactFigure[] = [];
      for (const variant of result.summary.variants) {
        for (const m of definitions) {
          const value = variant.metrics[m.name]?.mean ?? null;
          figures.push({
            kind: 'exact',
            subject: variant.name,
            measure: m.name,
            unit: m.unit,
            value,
            better: m.better,
          });
        }
        figures.push({
          kind: 'exact',
          subject: variant.name,
          measure: 'events',
          unit: 'count',
          value: variant.eventsProcessed,
        });
      }
      figures.push({
        kind: 'exact',
        subject: null,
        measure: 'outputsHash',
        unit: 'sha256',
        value: await outputsHash(result),
      });
      return figures;
    },
    speed: {
      tasks: options.speedPerVariant
        ? timed.map((v) => ({
            name: scenario.variants[v].name,
            unit: 'events',
            run: () => simulateRun(scenario, v, 0).eventsProcessed,
          }))
        : [
            {
              name: 'simulate',
              unit: 'events',
              run: () => {
                let events = 0;
                for (const v of timed) events += simulateRun(scenario, v, 0).eventsProcessed;
                return events;
              },
            },
          ],
    },
  };
}

/**
 * sha256 over the report's data files (name and content, in name order):
 * catches a change in any figure, not only the gated ones. Left out, as they
 * only re-present the same runs: the charts, whose pixels may differ between
 * CPUs and canvas builds (the rasterizer picks code paths by CPU), and
 * index.html, which inlines the chart library and would change with its
 * version. Loaded here, not at the top: a speed process times runs and never
 * needs the report code.
 */
async function outputsHash(result: ScenarioResult): Promise<string> {
  const { reportDataFiles } = await import('../report/reportFiles.ts');
  const { contentText } = await import('../report/write.ts');
  const files = reportDataFiles(result);
  const hash = createHash('sha256');
  for (const name of [...files.keys()].sort()) hash.update(`${name}\0${contentText(files.get(name)!)}\0`);
  return hash.digest('hex');
}

function timedVariants(scenario: Scenario, names: readonly string[] | undefined): number[] {
  if (names === undefined) return scenario.variants.map((_, i) => i);
  return names.map((name) => {
    const index = scenario.variants.findIndex((v) => v.name === name);
    if (index < 0) throw new Error(`${scenario.name}: no variant named ${JSON.stringify(name)} to time`);
    return index;
  });
}
