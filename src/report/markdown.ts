import { formatDuration } from '../engine/duration.ts';
import type { MeanWithInterval, ScenarioSummary, VariantSummary } from '../metrics/results.ts';
import { formatMs } from './format.ts';

/**
 * summary.md: what a person reads first. A table per variant, then the
 * comparison against the baseline (the first variant) in words. Names come
 * from scenario files, so they are escaped where Markdown would misread them.
 */

const MISSING = 'n/a';

/** Text on one line: a newline in a name must not end a heading or a paragraph. */
function inline(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ');
}

/** A table cell: `\` and `|` escaped (a bare `|` ends the cell), newlines as <br> (a bare one ends the table). */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function ms(value: number | null): string {
  return value === null ? MISSING : formatMs(value);
}

/** "12.3 [11.9, 13.0]": the mean and its 95% interval, each through `format`. */
function withInterval(value: MeanWithInterval, format: (x: number) => string): string {
  if (value.mean === null) return MISSING;
  if (value.ci95 === null) return format(value.mean);
  return `${format(value.mean)} [${format(value.ci95.low)}, ${format(value.ci95.high)}]`;
}

const perRun = (x: number): string => x.toFixed(1);
const share = (x: number): string => `${(x * 100).toFixed(2)}%`;

function variantTable(variant: VariantSummary): string {
  const { changes, convergenceMs: c } = variant;
  const rows: [string, string][] = [
    [
      'changes',
      `${changes.total} (converged ${changes.converged}, superseded ${changes.superseded}, open ${changes.open})`,
    ],
    ['convergence p50', ms(c.p50)],
    ['convergence p95', ms(c.p95)],
    ['convergence p99', ms(c.p99)],
    ['convergence mean', ms(c.mean)],
    ['mean per-run convergence [95% CI]', withInterval(variant.meanConvergenceMs, formatMs)],
    ['applies per run [95% CI]', withInterval(variant.appliesPerRun, perRun)],
    ['git fetches per run [95% CI]', withInterval(variant.gitFetchesPerRun, perRun)],
    ['correctness [95% CI]', withInterval(variant.correctness, share)],
    ['availability [95% CI]', withInterval(variant.availability, share)],
    ['zero-ready time per run [95% CI]', withInterval(variant.zeroReadyMs, formatMs)],
    ['silent divergence per run [95% CI]', withInterval(variant.silentDivergenceMs, formatMs)],
    [
      'drift events (undone)',
      `${variant.drift.events} (${variant.drift.closed}); open p50 ${ms(variant.drift.openMs.p50)}, p95 ${ms(variant.drift.openMs.p95)}`,
    ],
    [
      'rollbacks correct',
      variant.rollbacks.total === 0
        ? MISSING
        : `${variant.rollbacks.correct} of ${variant.rollbacks.total} (${share(variant.rollbacks.rollbackCorrect!)})`,
    ],
    ['deployments per day [95% CI]', withInterval(variant.dora.deploymentsPerDay, perRun)],
    ['lead time p50 / p95', `${ms(variant.dora.leadTimeMs.p50)} / ${ms(variant.dora.leadTimeMs.p95)}`],
    [
      'change failure rate',
      variant.dora.changeFailureRate === null ? MISSING : share(variant.dora.changeFailureRate),
    ],
    ['time to restore p50', ms(variant.dora.timeToRestoreMs.p50)],
    [
      'cluster credentials outside the cluster',
      variant.exposure.credentialsOutsideCluster ? `yes, ${formatMs(variant.exposure.exposureMsPerRun)} per run` : 'no',
    ],
  ];
  return [
    `| metric | ${cell(variant.name)} |`,
    '|---|---|',
    ...rows.map(([metric, value]) => `| ${metric} | ${value} |`),
  ].join('\n');
}

type Quantile = 'p50' | 'p95';

/** The variant with the lowest value at `quantile`; on a tie the earlier one (the baseline first). Null if none has one. */
function fastest(variants: readonly VariantSummary[], quantile: Quantile): VariantSummary | null {
  let best: VariantSummary | null = null;
  for (const variant of variants) {
    const value = variant.convergenceMs[quantile];
    if (value !== null && (best === null || value < best.convergenceMs[quantile]!)) best = variant;
  }
  return best;
}

/**
 * Which variant converges fastest at `quantile`, and by how much against the
 * baseline; when the baseline itself is fastest, against the next fastest.
 */
function fastestSentence(variants: readonly VariantSummary[], quantile: Quantile): string {
  const baseline = variants[0];
  const best = fastest(variants, quantile);
  if (best === null) return `At ${quantile}, no variant has a converged change.`;
  const bestMs = best.convergenceMs[quantile]!;
  const baseName = inline(baseline.name);
  if (best === baseline) {
    const next = fastest(variants.slice(1), quantile);
    if (next === null)
      return `At ${quantile}, only the baseline ${baseName} has converged changes (${formatMs(bestMs)}).`;
    const nextMs = next.convergenceMs[quantile]!;
    // A baseline at 0 gives no ratio to print.
    const more = bestMs > 0 ? `, ${(((nextMs - bestMs) / bestMs) * 100).toFixed(1)}% more` : '';
    return (
      `At ${quantile}, the baseline ${baseName} converges fastest (${formatMs(bestMs)}); ` +
      `the next fastest, ${inline(next.name)}, takes ${formatMs(nextMs)}${more}.`
    );
  }
  const baseMs = baseline.convergenceMs[quantile];
  if (baseMs === null) {
    return `At ${quantile}, ${inline(best.name)} converges fastest (${formatMs(bestMs)}); the baseline ${baseName} has no converged change.`;
  }
  // Times are >= 0 and best < baseMs, so baseMs > 0.
  const less = ((baseMs - bestMs) / baseMs) * 100;
  return (
    `At ${quantile}, ${inline(best.name)} converges fastest: ${formatMs(bestMs)}, ${less.toFixed(1)}% less than ` +
    `the baseline ${baseName} (${formatMs(baseMs)}).`
  );
}

function comparison(variants: readonly VariantSummary[]): string {
  if (variants.length === 0) return 'No variant was run.';
  if (variants.length === 1) {
    const { name, convergenceMs: c } = variants[0];
    return `${inline(name)} converges in ${ms(c.p50)} at p50 and ${ms(c.p95)} at p95; there is no other variant to compare with.`;
  }
  return [fastestSentence(variants, 'p50'), fastestSentence(variants, 'p95'), bytesSentence(variants), rollbackSentence(variants)]
    .filter((text) => text !== '')
    .join(' ');
}

/** Which variants ran other bytes than Git intends while showing in sync, and for how long. */
function bytesSentence(variants: readonly VariantSummary[]): string {
  const wrong = variants.filter((v) => (v.silentDivergenceMs.mean ?? 0) > 0);
  if (wrong.length === 0) return 'No variant ran other bytes than Git intends while showing in sync.';
  const parts = wrong.map((v) => `${inline(v.name)} (${formatMs(v.silentDivergenceMs.mean!)} per run)`);
  return `Showing in sync while running other bytes than Git intends: ${parts.join(', ')}.`;
}

/** Which variants' rollbacks failed to restore the known-good bytes. */
function rollbackSentence(variants: readonly VariantSummary[]): string {
  const wrong = variants.filter((v) => v.rollbacks.total > v.rollbacks.correct);
  if (wrong.length === 0) return '';
  const parts = wrong.map((v) => `${inline(v.name)} (${v.rollbacks.total - v.rollbacks.correct} of ${v.rollbacks.total})`);
  return `Rollbacks that did not restore the known-good bytes: ${parts.join(', ')}.`;
}

export function summaryMarkdown(summary: ScenarioSummary): string {
  const { scenario, tool } = summary;
  const replications = `${scenario.replications} replication${scenario.replications === 1 ? '' : 's'}`;
  const sections = [
    `# ${inline(scenario.name)}`,
    `Seed ${inline(String(scenario.seed))} · horizon ${formatDuration(scenario.horizonMs)} · ${replications} · ` +
      `input hash \`${summary.inputHash}\` · ${inline(tool.name)} ${inline(tool.version)}`,
    '## Variants',
    ...summary.variants.map(variantTable),
    '## Comparison',
    comparison(summary.variants),
  ];
  return `${sections.join('\n\n')}\n`;
}
