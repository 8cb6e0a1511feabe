/**
 * The answer to a scenario's question: per headline metric, the variant with
 * the best figure and whether it is clearly the best, that is better than
 * every other variant by a paired difference whose 95% interval leaves out 0.
 * Without that no report calls a variant better or fastest.
 */
import { metricNamed } from './definitions.ts';
import { metricSamples, pairedMetric } from './estimate.ts';
import type { MeanWithInterval, PairedDifference, RunResult, VariantSummary } from './results.ts';

export interface HeadlineAnswer {
  readonly metric: string;
  /** The variant with the best figure (on a tie the earlier); null when no variant has one. */
  readonly leader: string | null;
  readonly value: MeanWithInterval;
  /** Variants whose every replication measured exactly as the leader's (a paired difference of 0 with no spread). */
  readonly tiedWith: readonly string[];
  /** The variant with the next best figure, not tied; null when there is none. */
  readonly runnerUp: string | null;
  /** Leader minus runner-up, paired replication by replication; null without a runner-up. */
  readonly difference: PairedDifference | null;
  /** The leader (and its ties) is better than every other variant with a figure, each by a paired 95% interval that leaves out 0. */
  readonly clear: boolean;
}

/** Whether a paired difference (a minus b) says a is better, by the metric's direction. */
export function clearlyBetter(difference: MeanWithInterval, better: 'lower' | 'higher'): boolean {
  const ci = difference.ci95;
  if (ci === null) return false;
  return better === 'lower' ? ci.high < 0 : ci.low > 0;
}

/** Two variants that measured the same in every replication (a push and a pull of the same bytes may). */
function isTie(d: PairedDifference): boolean {
  return d.mean === 0 && (d.ci95 === null || (d.ci95.low === 0 && d.ci95.high === 0));
}

/** Runs of one variant in replication order, paired with another's by replication. */
function pairedRuns(
  runs: readonly RunResult[],
  a: string,
  b: string,
): [readonly RunResult[], readonly RunResult[]] {
  const of = (name: string) => new Map(runs.filter((r) => r.variant === name).map((r) => [r.replication, r]));
  const ra = of(a);
  const rb = of(b);
  const replications = [...ra.keys()].filter((k) => rb.has(k)).sort((x, y) => x - y);
  return [replications.map((k) => ra.get(k)!), replications.map((k) => rb.get(k)!)];
}

export function headlineAnswers(
  headline: readonly string[],
  variants: readonly VariantSummary[],
  runs: readonly RunResult[],
  seed: number | string,
): HeadlineAnswer[] {
  return headline.map((name) => {
    const metric = metricNamed(name);
    if (metric === undefined) throw new RangeError(`unknown headline metric: ${name}`);
    const ranked = variants
      .map((v, i) => ({ v, i, value: v.metrics[name] ?? { mean: null, ci95: null } }))
      .filter((x) => x.value.mean !== null)
      .sort((x, y) => {
        const d = metric.better === 'lower' ? x.value.mean! - y.value.mean! : y.value.mean! - x.value.mean!;
        return d !== 0 ? d : x.i - y.i;
      });
    const [first] = ranked;
    if (first === undefined)
      return {
        metric: name,
        leader: null,
        value: { mean: null, ci95: null },
        tiedWith: [],
        runnerUp: null,
        difference: null,
        clear: false,
      };
    const against = (other: VariantSummary) => {
      const [a, b] = pairedRuns(runs, first.v.name, other.name);
      return pairedMetric(metric, metricSamples(metric, a), metricSamples(metric, b), seed);
    };
    const others = ranked.slice(1).map((x) => ({ name: x.v.name, difference: against(x.v) }));
    const tied = others.filter((o) => isTie(o.difference));
    const rest = others.filter((o) => !isTie(o.difference));
    return {
      metric: name,
      leader: first.v.name,
      value: first.value,
      tiedWith: tied.map((o) => o.name),
      runnerUp: rest[0]?.name ?? null,
      difference: rest[0]?.difference ?? null,
      clear: rest.length > 0 && rest.every((o) => clearlyBetter(o.difference, metric.better)),
    };
  });
}
