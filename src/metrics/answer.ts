/**
 * The answer to a scenario's question: per headline metric, the variant with
 * the best figure and whether it is clearly the best, that is better than
 * every other variant by a paired difference whose 95% interval leaves out 0.
 * Without that no report calls a variant better or fastest.
 */
import { type MetricDefinition, metricNamed, UNFINISHED_OF } from './definitions.ts';
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
  /**
   * Without a clear leader: the fewest top-ranked variants (two or more, in rank order) each clearly better than
   * every variant outside them, so the answer can name who leads together; empty when there are none.
   */
  readonly leadingGroup: readonly string[];
  /** The narrowest gap out of the group: its last member minus the best variant outside it; null without a group. */
  readonly groupMargin: GroupMargin | null;
  /**
   * For a metric that leaves out what never finished (UNFINISHED_OF): the leader's share left out, and the
   * variants it beats on the metric while leaving clearly more unfinished than they do, which it is then not
   * called better than (a variant that converges few of its changes would otherwise read as fast).
   */
  readonly unfinished: UnfinishedShare | null;
}

export interface UnfinishedShare {
  /** The metric that counts what the headline metric leaves out. */
  readonly metric: string;
  /** The leader's figure of it. */
  readonly value: MeanWithInterval;
  /** Variants the leader leaves clearly more unfinished than (a paired 95% interval above 0). */
  readonly worseThan: readonly string[];
}

export interface GroupMargin {
  readonly member: string;
  readonly outsider: string;
  readonly difference: PairedDifference;
}

/** Whether a paired difference (a minus b) says a is better, by the metric's direction. */
export function clearlyBetter(difference: MeanWithInterval, better: 'lower' | 'higher'): boolean {
  const ci = difference.ci95;
  if (ci === null) return false;
  return better === 'lower' ? ci.high < 0 : ci.low > 0;
}

/**
 * Two variants that measured the same in every replication (a push and a pull of the same bytes may): at least
 * 2 replications where both have a value, all with a difference of 0. One shared replication proves nothing.
 */
function isTie(d: PairedDifference): boolean {
  return d.mean === 0 && d.ci95 !== null && d.ci95.low === 0 && d.ci95.high === 0;
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
    const companionName = UNFINISHED_OF[name];
    const companion = companionName === undefined ? undefined : metricNamed(companionName);
    if (first === undefined)
      return {
        unfinished: null,
        metric: name,
        leader: null,
        value: { mean: null, ci95: null },
        tiedWith: [],
        runnerUp: null,
        difference: null,
        clear: false,
        leadingGroup: [],
        groupMargin: null,
      };
    const paired = (m: MetricDefinition, a: string, b: string): PairedDifference => {
      const [ra, rb] = pairedRuns(runs, a, b);
      return pairedMetric(m, metricSamples(m, ra), metricSamples(m, rb), seed);
    };
    const between = (a: string, b: string): PairedDifference => paired(metric, a, b);
    // a leaves clearly more unfinished than b: no figure of a on the metric makes it better than b. Each pair's
    // bootstrap once: the clear test, the leading group and worseThan ask about the same pairs.
    const moreUnfinished = new Map<string, boolean>();
    const leavesMore = (a: string, b: string): boolean => {
      if (companion === undefined) return false;
      const key = JSON.stringify([a, b]);
      let more = moreUnfinished.get(key);
      if (more === undefined) {
        more = clearlyBetter(paired(companion, a, b), 'higher');
        moreUnfinished.set(key, more);
      }
      return more;
    };
    const beats = (a: string, b: string, d: PairedDifference): boolean =>
      clearlyBetter(d, metric.better) && !leavesMore(a, b);
    const others = ranked.slice(1).map((x) => ({ name: x.v.name, difference: between(first.v.name, x.v.name) }));
    const tied = others.filter((o) => isTie(o.difference));
    const rest = others.filter((o) => !isTie(o.difference));
    const clear = rest.length > 0 && rest.every((o) => beats(first.v.name, o.name, o.difference));
    const group = clear ? null : leadingGroup(ranked.map((x) => x.v.name), between, beats);
    const unfinished =
      companion === undefined
        ? null
        : {
            metric: companion.name,
            value: first.v.metrics[companion.name] ?? { mean: null, ci95: null },
            worseThan: rest
              .filter((o) => clearlyBetter(o.difference, metric.better) && leavesMore(first.v.name, o.name))
              .map((o) => o.name),
          };
    return {
      unfinished,
      metric: name,
      leader: first.v.name,
      value: first.value,
      tiedWith: tied.map((o) => o.name),
      runnerUp: rest[0]?.name ?? null,
      difference: rest[0]?.difference ?? null,
      clear,
      leadingGroup: group?.members ?? [],
      groupMargin: group?.margin ?? null,
    };
  });
}

/**
 * The fewest variants from the top of `ranked` (two or more, fewer than all) of which each is clearly better than
 * each variant below them, and the difference between the last of them and the first below; null when no such
 * cut exists. `between(a, b)` is a minus b, paired; `beats` says whether a is clearly better than b by it.
 */
function leadingGroup(
  ranked: readonly string[],
  between: (a: string, b: string) => PairedDifference,
  beats: (a: string, b: string, d: PairedDifference) => boolean,
): { members: readonly string[]; margin: GroupMargin } | null {
  const known = new Map<string, PairedDifference>();
  const difference = (a: string, b: string): PairedDifference => {
    const key = JSON.stringify([a, b]);
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    const d = between(a, b);
    known.set(key, d);
    return d;
  };
  for (let size = 2; size < ranked.length; size++) {
    const members = ranked.slice(0, size);
    const below = ranked.slice(size);
    if (members.every((m) => below.every((o) => beats(m, o, difference(m, o))))) {
      const [member, outsider] = [members[size - 1], below[0]];
      return { members, margin: { member, outsider, difference: difference(member, outsider) } };
    }
  }
  return null;
}
