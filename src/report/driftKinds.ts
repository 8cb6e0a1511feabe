/**
 * Drift per kind: which kinds each variant undoes, and how fast. The words
 * and rows shared by summary.md, index.html and charts/drift-by-kind.png.
 */
import type { DriftKindSummary, VariantSummary } from '../metrics/results.ts';
import { formatMs } from './format.ts';

/** Every drift kind that happened under any variant, in name order. */
export function driftKinds(variants: readonly VariantSummary[]): string[] {
  return [...new Set(variants.flatMap((v) => v.drift.byKind.map((k) => k.kind)))].sort();
}

export function kindOf(variant: VariantSummary, kind: string): DriftKindSummary | undefined {
  return variant.drift.byKind.find((k) => k.kind === kind);
}

/** "undone in 1.0s (p50), 12 of 12", "never undone (0 of 12)", or "none". */
export function kindCell(k: DriftKindSummary | undefined): string {
  if (k === undefined || k.events === 0) return 'none';
  if (k.closed === 0) return `never undone (0 of ${k.events})`;
  const p50 = k.openMs.p50 === null ? 'n/a' : formatMs(k.openMs.p50);
  return `open ${p50} (p50), ${k.closed} of ${k.events} undone`;
}

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * A sentence per kind: "manualScale: undone in 1.0s at p50 under pull/tag;
 * never undone under push/tag and push/digest." Variants that undo all of a
 * kind first, then those that undo some, then those that undo none.
 */
export function driftKindSentences(variants: readonly VariantSummary[]): string[] {
  return driftKinds(variants).map((kind) => {
    const parts: string[] = [];
    const all: string[] = [];
    const some: string[] = [];
    const none: string[] = [];
    for (const v of variants) {
      const k = kindOf(v, kind);
      if (k === undefined || k.events === 0) continue;
      const p50 = k.openMs.p50 === null ? 'n/a' : formatMs(k.openMs.p50);
      if (k.closed === k.events) all.push(`${v.name} (${p50} at p50)`);
      else if (k.closed > 0) some.push(`${v.name} (${k.closed} of ${k.events}, open ${p50} at p50)`);
      else none.push(v.name);
    }
    if (all.length > 0) parts.push(`undone every time under ${list(all)}`);
    if (some.length > 0) parts.push(`undone only some of the time under ${list(some)}`);
    if (none.length > 0) parts.push(`never undone under ${list(none)}`);
    return `Drift ${kind}: ${parts.join('; ')}.`;
  });
}
