/**
 * "Where the controller waited", as summary.md and index.html show it: per Argo CD variant and
 * resource of its controller, the mean time per run work waited for it, as measured and (in
 * parentheses) with the waits queued for a processor passed on to what blocked the processors; the
 * bottleneck is the resource with the most of the latter.
 */
import type { VariantSummary } from '../metrics/results.ts';
import { formatMs } from './format.ts';

export const CONTROLLER_WAITS_NOTE =
  'Mean time per run that work waited for each resource of the Argo CD controller: measured where it waited, ' +
  'and in parentheses with the waits of work queued for a processor passed on to the resource the processors ' +
  'were blocked on (in the share of their busy time they spent waiting for it). The bottleneck is the resource ' +
  'with the most waiting in parentheses.';

export const NEVER_WAITED = "The Argo CD controller's work never waited for any of its resources.";

export type ControllerWaits =
  | { readonly state: 'none' }
  | { readonly state: 'neverWaited' }
  | {
      readonly state: 'waited';
      readonly variants: readonly VariantSummary[];
      /** [resource, a cell per variant]. */
      readonly rows: readonly (readonly [string, readonly string[]])[];
      /** Each variant's bottleneck ('n/a' when it has none). */
      readonly bottlenecks: readonly string[];
    };

/** The Argo CD variants' waits: none without such a variant, one sentence when nothing waited, else the rows. */
export function controllerWaits(variants: readonly VariantSummary[]): ControllerWaits {
  const argo = variants.filter((v) => v.waitMsPerRun !== null && v.attributedWaitMsPerRun !== null);
  if (argo.length === 0) return { state: 'none' };
  const resources = Object.keys(argo[0].waitMsPerRun!);
  // A controller whose work never waited has nothing to show: one sentence says so instead of a table of zeros.
  const waited = argo.some((v) => resources.some((r) => v.waitMsPerRun![r] > 0 || v.attributedWaitMsPerRun![r] > 0));
  if (!waited) return { state: 'neverWaited' };
  return {
    state: 'waited',
    variants: argo,
    rows: resources.map((r) => [
      r,
      argo.map((v) => `${formatMs(v.waitMsPerRun![r])} (${formatMs(v.attributedWaitMsPerRun![r])})`),
    ]),
    bottlenecks: argo.map((v) => v.bottleneck ?? 'n/a'),
  };
}
