/**
 * A point file's text and checksum, apart from the checks of pointFile.ts,
 * so that the threads that write point files do not load zod.
 */
import { metricNamed, withUnfinished } from '../metrics/definitions.ts';
import { metricSamples, type RunSample } from '../metrics/estimate.ts';
import type { RunResult, ScenarioSummary } from '../metrics/results.ts';
import { inputHash } from '../scenario/inputHash.ts';
import type { PointRecord } from './resultsFolder.ts';

/**
 * Each variant's per-replication samples of the scenario's headline metrics and of what they leave
 * unfinished (withUnfinished), as samples.json holds them (report/samples.ts): what the sweep's answer
 * pairs, replication i of one point against replication i of another. Only these, to keep the file small.
 */
export interface PointSamples {
  /** The scenario seed: two points with the same seed ran replication r on the same random numbers. */
  readonly seed: number | string;
  readonly variants: readonly {
    readonly name: string;
    /** The replication of each sample, ascending. */
    readonly replications: readonly number[];
    readonly metrics: Readonly<Record<string, readonly RunSample[]>>;
  }[];
}

/** The metrics a point file keeps samples of: the headline ones (those this version knows), each with what it leaves unfinished. */
export function sampledMetrics(headline: readonly string[]): string[] {
  return withUnfinished(headline.flatMap((name) => metricNamed(name) ?? [])).map((m) => m.name);
}

export function pointSamples(summary: ScenarioSummary, runs: readonly RunResult[]): PointSamples {
  const metrics = sampledMetrics(summary.headline).map((name) => metricNamed(name)!);
  return {
    seed: summary.scenario.seed,
    variants: summary.variants.map((v) => {
      const own = runs.filter((r) => r.variant === v.name).sort((a, b) => a.replication - b.replication);
      return {
        name: v.name,
        replications: own.map((r) => r.replication),
        metrics: Object.fromEntries(metrics.map((m) => [m.name, metricSamples(m, own)])),
      };
    }),
  };
}

/** sha256 of the canonical JSON of a point file's point, summary and samples (as parsed from its text). */
export function pointChecksum(point: unknown, summary: unknown, samples: unknown): string {
  return inputHash({ point, summary, samples });
}

/** With a checksum of its content, so a damaged or edited file is found (pointFile.ts). */
export function pointFileJson(point: PointRecord, summary: ScenarioSummary, samples: PointSamples): string {
  const plain = JSON.parse(JSON.stringify({ point, summary, samples })) as {
    point: unknown;
    summary: unknown;
    samples: unknown;
  };
  const checksum = pointChecksum(plain.point, plain.summary, plain.samples);
  const text = JSON.stringify({ point, summary, samples: SAMPLES_SLOT, checksum }, null, 2);
  // The samples on one line: a pooled percentile's are every run's times, one line each indented.
  // The slot is the last string before the checksum, so a scenario's own text never stands in for it.
  const at = text.lastIndexOf(JSON.stringify(SAMPLES_SLOT));
  return `${text.slice(0, at)}${JSON.stringify(samples)}${text.slice(at + SAMPLES_SLOT.length + 2)}\n`;
}

const SAMPLES_SLOT = '<samples>';
