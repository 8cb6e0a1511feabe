/**
 * Sweeps in the suite: the points of the sweep of bench/sweepWorkload.ts,
 * each time in a fresh process, on 1 worker and on 2. Exact: a hash of the
 * point files, which must be the same bytes on any number of workers (a run
 * on 2 that differs is an error). Speed: the scaling figures
 * (src/bench/scaling.ts): points per second on 2 workers over 1, against the
 * target of 1.8 on an idle 2-core machine, and the CPU time the 2 workers
 * spend beyond the work itself.
 */
import type { BenchCase } from '../../src/bench/cases.ts';
import { inputHash } from '../../src/scenario/inputHash.ts';
import { SPEEDUP_TARGET, SWEEP_SCENARIO, SWEEP_SETS, timeSweepPoints } from '../sweepWorkload.ts';

let oneWorkerHash: string | undefined;

export const benchCase: BenchCase = {
  scenarioHash: inputHash({ model: 'sweep points', scenario: SWEEP_SCENARIO, sets: SWEEP_SETS }),
  seed: 11,
  exact: async () => [
    {
      kind: 'exact',
      subject: null,
      measure: 'pointsHash',
      unit: 'sha256',
      value: (await timeSweepPoints(1)).hash,
    },
  ],
  speed: {
    tasks: [],
    scaling: {
      name: 'points',
      unit: 'points',
      threads: 2,
      target: SPEEDUP_TARGET,
      run: async (workers) => {
        const timing = await timeSweepPoints(workers);
        if (workers === 1) oneWorkerHash ??= timing.hash;
        if (oneWorkerHash !== undefined && timing.hash !== oneWorkerHash) {
          throw new Error(`the sweep on ${workers} workers wrote other bytes than on 1`);
        }
        return { units: timing.points, wallMs: timing.wallMs, cpuMs: timing.cpuMs };
      },
    },
  },
};
