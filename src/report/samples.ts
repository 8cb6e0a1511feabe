/**
 * samples.json: each metric's per-replication samples per variant (a run's
 * value, its sorted convergence times for a pooled percentile, or [successes,
 * trials] for a pooled share; metrics/estimate.ts). With them `compare`
 * recomputes exactly the figures of summary.json and pairs two reports run
 * by run. Compact JSON: it is for programs, and large.
 */
import * as z from 'zod';
import { inMetricRange, type MetricDefinition, metricNamed, metricRangeText, metricsOf } from '../metrics/definitions.ts';
import { metricFigure, metricSamples, type RunSample } from '../metrics/estimate.ts';
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

/** The shape samples.json must have; a metric's samples are checked against its aggregation by `samplesProblem`. */
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

/**
 * Why samples of the right shape cannot be what a run wrote, or undefined: replications that are not
 * distinct whole numbers >= 0, a variant named twice, or a known metric whose samples do not match its
 * replications or its aggregation (a number or null in the metric's range; ascending values in range;
 * [successes, trials] with 0 <= successes <= trials). Metrics this version does not know are left alone.
 */
export function samplesProblem(samples: z.infer<typeof reportSamplesSchema>): string | undefined {
  const names = new Set<string>();
  for (const [i, v] of samples.variants.entries()) {
    if (names.has(v.name)) return `variants.${i}.name: ${JSON.stringify(v.name)} named twice`;
    names.add(v.name);
    const replications = new Set(v.replications);
    if (replications.size !== v.replications.length || v.replications.some((r) => r < 0)) {
      return `variants.${i}.replications: expected distinct whole numbers >= 0`;
    }
    for (const [name, values] of Object.entries(v.metrics)) {
      const metric = metricNamed(name);
      if (metric === undefined) continue;
      const at = `variants.${i}.metrics.${name}`;
      if (values.length !== v.replications.length) {
        return `${at}: ${values.length} samples for ${v.replications.length} replications`;
      }
      for (const [j, sample] of values.entries()) {
        const expected = sampleProblem(metric, sample);
        if (expected !== undefined) return `${at}.${j}: expected ${expected}, found ${JSON.stringify(sample)}`;
      }
    }
  }
  return undefined;
}

/** What a run's sample of `metric` should have been, when `sample` is not that. */
function sampleProblem(metric: MetricDefinition, sample: RunSample): string | undefined {
  const inRange = (x: number) => inMetricRange(metric, x);
  const values = metricRangeText(metric);
  switch (metric.aggregation.kind) {
    case 'runMean':
      return sample === null || (typeof sample === 'number' && inRange(sample))
        ? undefined
        : `a number ${values}, or null`;
    case 'pooledQuantile':
      return Array.isArray(sample) && sample.every((x, k) => inRange(x) && (k === 0 || sample[k - 1] <= x))
        ? undefined
        : `a list of numbers ${values} in ascending order`;
    case 'pooledShare':
      return Array.isArray(sample) &&
        sample.length === 2 &&
        sample.every(Number.isSafeInteger) &&
        sample[0] >= 0 &&
        sample[0] <= sample[1]
        ? undefined
        : '[successes, trials], whole numbers with 0 <= successes <= trials';
  }
}

/** The figures a summary holds for each variant: what its samples must give again. */
export interface SummaryFigures {
  readonly variants: readonly {
    readonly name: string;
    readonly metrics: Readonly<Record<string, { readonly mean: number | null }>>;
  }[];
}

/**
 * Where samples disagree with the summary written beside them, or undefined. A report's figures are
 * made from its samples, so each known metric's samples give its figure again, bit for bit; samples
 * that do not were edited or damaged, and a comparison made from them would not be the report's.
 */
export function summaryMismatch(samples: ReportSamples, summary: SummaryFigures): string | undefined {
  for (const [i, v] of samples.variants.entries()) {
    const figures = summary.variants.find((w) => w.name === v.name)?.metrics;
    if (figures === undefined) continue;
    for (const [name, values] of Object.entries(v.metrics)) {
      const metric = metricNamed(name);
      const figure = figures[name];
      if (metric === undefined || figure === undefined) continue;
      const made = metricFigure(metric, values);
      if (made !== figure.mean) {
        return `variants.${i}.metrics.${name}: its samples give ${made}, summary.json has ${figure.mean}`;
      }
    }
  }
  return undefined;
}
