/**
 * Memory against the horizon (bench/horizonWorkload.ts): the peak resident
 * memory of `gitops-sim run` of the default scenario over a week and over a
 * year, and their ratio against the target. The suite measures the same
 * (bench/cases/horizon.ts); this prints each run.
 *
 *   npm run bench:horizon        (builds dist/ first; a year of the default scenario is 20-40 s of CPU)
 *
 * Exits 0 whatever the verdict: this is a report.
 */
import { HORIZON_TARGET_RATIO, measureHorizons } from './horizonWorkload.ts';

const [week, year] = measureHorizons((m) =>
  console.log(`  ${m.horizon}: done in ${(m.wallMs / 1000).toFixed(1)} s`),
);
console.table(
  [week, year].map((m) => ({
    horizon: m.horizon,
    'wall s': Number((m.wallMs / 1000).toFixed(1)),
    'peak RSS MB': Math.round(m.maxRssBytes / 1e6),
  })),
);
const ratio = year.maxRssBytes / week.maxRssBytes;
const verdict = ratio < HORIZON_TARGET_RATIO ? 'PASS' : 'FAIL';
console.log(
  `peak RSS, a year over a week: ${ratio.toFixed(2)}x (target < ${HORIZON_TARGET_RATIO}x): ${verdict}`,
);
