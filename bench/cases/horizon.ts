/**
 * Memory against the horizon in the suite (bench/horizonWorkload.ts): the
 * peak resident memory of `gitops-sim run` of the default scenario over a
 * week and over a year, each in a child process, and the year's over the
 * week's against the target of 2x (on any machine: both commands run one
 * after the other in the same process's turn). No exact figures: the
 * default case has the scenario's. One speed process (bench/suite.ts): the
 * year is 20-40 s of CPU, and the ratio moves little between processes.
 */
import { readFileSync } from 'node:fs';
import type { BenchCase } from '../../src/bench/cases.ts';
import { inputHash } from '../../src/scenario/inputHash.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { HORIZON_SCENARIO, HORIZON_TARGET_RATIO, HORIZONS, measureHorizons } from '../horizonWorkload.ts';

const SCENARIO_TEXT = readFileSync(HORIZON_SCENARIO, 'utf8');

export const benchCase: BenchCase = {
  scenarioHash: inputHash({ model: 'horizon memory', scenario: SCENARIO_TEXT, horizons: HORIZONS }),
  seed: loadScenarioFile(HORIZON_SCENARIO).seed,
  exact: async () => [],
  speed: {
    tasks: [],
    probe: async () => {
      const [week, year] = measureHorizons();
      return [
        {
          measure: 'peakRssYearOverWeek',
          unit: 'x',
          better: 'lower',
          value: year.maxRssBytes / week.maxRssBytes,
          target: HORIZON_TARGET_RATIO,
        },
        { measure: 'peakRssWeekBytes', unit: 'bytes', better: 'lower', value: week.maxRssBytes },
        { measure: 'peakRssYearBytes', unit: 'bytes', better: 'lower', value: year.maxRssBytes },
      ];
    },
  },
};
