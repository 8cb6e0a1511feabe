/**
 * The engine in the suite: an M/M/1 queue (0.9, 1.0 per second) of 200,000
 * customers on the engine, and the same model hand-coded on a bare
 * typed-array heap (the floor). Exact: the mean wait, which moves if the
 * engine's ordering or the random streams change. Speed: events per second
 * on the engine, and engine / floor measured in the same process, which
 * cancels out most of the machine (the README's target: at least 0.6).
 */
import type { BenchCase } from '../../src/bench/cases.ts';
import { inputHash } from '../../src/scenario/inputHash.ts';
import { MM1_BENCH_OPTIONS as OPTIONS, mm1HandCoded, mm1OnEngine } from '../models/mm1.ts';

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
      {
        name: 'floor',
        unit: 'events',
        reference: true,
        run: () => {
          mm1HandCoded(OPTIONS);
          return EVENTS;
        },
      },
    ],
    ratio: { measure: 'engineFloorRatio', numerator: 'engine', denominator: 'floor' },
  },
};
