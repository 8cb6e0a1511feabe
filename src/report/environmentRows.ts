/**
 * The per-environment table of summary.md and index.html: for each
 * environment, one row per figure, one cell per variant.
 */
import type { DistributionSummary, VariantSummary } from '../metrics/results.ts';
import { formatMetric, formatMs } from './format.ts';

const MISSING = 'n/a';

function meanMs(d: DistributionSummary): string {
  return d.mean === null ? MISSING : formatMs(d.mean);
}

/** [label, a cell per variant] for every environment and figure, in promotion order. */
export function environmentRows(variants: readonly VariantSummary[]): [string, string[]][] {
  const names = variants.find((v) => v.environments !== undefined)?.environments?.map((e) => e.name) ?? [];
  return names.flatMap((name, env) => {
    const of = (v: VariantSummary) => v.environments?.[env];
    const row = (
      figure: string,
      value: (e: NonNullable<ReturnType<typeof of>>) => string,
    ): [string, string[]] => [
      `${name}: ${figure}`,
      variants.map((v) => {
        const e = of(v);
        return e === undefined ? MISSING : value(e);
      }),
    ];
    const rows = [
      row('deployments per day', (e) =>
        e.deploymentsPerDay.mean === null ? MISSING : formatMetric(e.deploymentsPerDay.mean, 'perDay'),
      ),
      row('lead time (mean)', (e) => meanMs(e.leadTimeMs)),
      row('bad releases ran / found', (e) => `${e.badReached} / ${e.found}`),
    ];
    if (env > 0) {
      rows.push(
        row('gate wait (mean)', (e) => meanMs(e.gateWaitMs)),
        row('releases per approval (mean)', (e) =>
          e.releasesPerApproval.mean === null ? MISSING : e.releasesPerApproval.mean.toFixed(1),
        ),
      );
    }
    return rows;
  });
}
