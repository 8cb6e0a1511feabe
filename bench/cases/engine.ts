/**
 * The engine in the suite: an M/M/1 queue (0.9, 1.0 per second) of 200,000
 * customers on the engine. Exact: the mean wait, which moves if the engine's
 * ordering or the random streams change. Speed: events per second on the
 * engine; as every benchmark's, its speed ratio is against the hand-coded
 * M/M/1 floor (src/bench/reference.ts), so here it is the engine / floor
 * ratio (the README's target: at least 0.6).
 */
import type { BenchCase } from '../../src/bench/cases.ts';
import { MM1_BENCH_OPTIONS as OPTIONS } from '../../src/bench/mm1Floor.ts';
import { inputHash } from '../../src/scenario/inputHash.ts';
import { mm1OnEngine } from '../models/mm1.ts';

/** Every customer is two events: its arrival and its departure. */
const EVENTS = 2 * OPTIONS.customers;

export const benchCase: BenchCase = {
  scenarioHash: inputHash({ model: 'M/M/1', ...OPTIONS }),
  seed: OPTIONS.seed,
  exact: async () => [
    {
      kind: 'exact',
      subject: null,
      measure: 'meanWaitMs',
      unit: 'ms',
      value: mm1OnEngine(OPTIONS).meanWaitMs,
    },
  ],
  speed: {
    tasks: [
      {
        name: 'engine',
        unit: 'events',
        run: () => {
          mm1OnEngine(OPTIONS);
          return EVENTS;
        },
      },
    ],
  },
};
