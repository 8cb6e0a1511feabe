/**
 * "Did you mean ...?" for misspelt keys and values.
 */

/**
 * The candidate closest to `word` by optimal string alignment distance
 * (Levenshtein plus adjacent transpositions, case-insensitive), or undefined
 * when none is close enough to be a plausible typo. Ties go to the earlier
 * candidate, so callers list candidates in their preferred order.
 */
export function nearestKey(word: string, candidates: Iterable<string>): string | undefined {
  const typed = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance < bestDistance && distance <= threshold(typed.length, candidate.length)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Up to half the longer word may differ: enough for a dropped syllable
 * ("replcias" -> "replications" is 5 edits), while short words need a close
 * match so that "foo" suggests nothing. Always at least one edit.
 */
function threshold(wordLength: number, candidateLength: number): number {
  return Math.max(1, Math.floor(Math.max(wordLength, candidateLength) / 2));
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps each cost 1. */
export function editDistance(a: string, b: string): number {
  // Three rolling rows: the transposition case looks two rows back.
  let previous2 = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, previous2[j - 2] + 1);
      current[j] = d;
    }
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[b.length];
}
