import type { ScenarioSummary } from '../metrics/results.ts';

/**
 * summary.json: 2-space indented, keys in the order the summary was built
 * (so identical runs give identical bytes and diffs stay readable), numbers
 * unrounded, one trailing newline as POSIX text files have.
 */
export function summaryJson(summary: ScenarioSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
