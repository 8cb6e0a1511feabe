/**
 * samples.json: each metric's per-replication samples per variant (a run's
 * value, its sorted convergence times for a pooled percentile, or [successes,
 * trials] for a pooled share; metrics/estimate.ts). With them `compare`
 * recomputes exactly the figures of summary.json and pairs two reports run
 * by run. Compact JSON: it is for programs, and large.
 */
import * as z from 'zod';
import { metricsOf } from '../metrics/definitions.ts';
import { metricSamples, type RunSample } from '../metrics/estimate.ts';
import type { ScenarioResult } from '../metrics/results.ts';

export const SAMPLES_FORMAT = 'gitops-sim samples 1';

export interface VariantSamples {
  readonly name: string;
  /** The replication of each sample, in order. */
  readonly replications: readonly number[];
  readonly metrics: Readonly<Record<string, readonly RunSample[]>>;
}

export interface ReportSamples {
  readonly format: typeof SAMPLES_FORMAT;
  /** The scenario seed: two reports with the same seed ran replication r on the same random numbers. */
  readonly seed: number | string;
  readonly variants: readonly VariantSamples[];
}

export function reportSamples(result: ScenarioResult): ReportSamples {
  const { summary, runs } = result;
  return {
    format: SAMPLES_FORMAT,
    seed: summary.scenario.seed,
    variants: summary.variants.map((v) => {
      const own = runs.filter((r) => r.variant === v.name);
      return {
        name: v.name,
        replications: own.map((r) => r.replication),
        metrics: Object.fromEntries(metricsOf(runs).map((m) => [m.name, metricSamples(m, own)])),
      };
    }),
  };
}

export function samplesJson(result: ScenarioResult): string {
  return `${JSON.stringify(reportSamples(result))}\n`;
}

const runSample = z.union([z.number(), z.null(), z.array(z.number())]);

/** The shape samples.json must have; a metric's samples are checked against its aggregation by the reader. */
export const reportSamplesSchema = z.object({
  format: z.literal(SAMPLES_FORMAT),
  seed: z.union([z.number(), z.string()]),
  variants: z.array(
    z.object({
      name: z.string(),
      replications: z.array(z.int()),
      metrics: z.record(z.string(), z.array(runSample)),
    }),
  ),
});
