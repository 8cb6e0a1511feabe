/**
 * The suite's engine case made slower on purpose, for bench/gate.bench.ts
 * only. A timed run is 4 runs of the engine case's; `?slowdown=0.25` in the
 * module's URL adds one more run (`?slowdown=0.5` two) without counting its
 * events, so each event takes exactly 25% (50%) longer. Same name, same
 * fingerprint: to the gate it is the engine benchmark, changed.
 */
import type { BenchCase } from '../../src/bench/cases.ts';
import { benchCase as engine } from './engine.ts';

const RUNS = 4;
const slowdown = Number(new URL(import.meta.url).searchParams.get('slowdown') ?? 0);
const extraRuns = RUNS * slowdown;
if (!Number.isInteger(extraRuns) || extraRuns < 0) {
  throw new Error(`slowedEngine: ?slowdown must be a multiple of ${1 / RUNS} >= 0, found ${slowdown}`);
}

export const benchCase: BenchCase = {
  ...engine,
  speed: {
    tasks: engine.speed.tasks.map((task) => ({
      ...task,
      run: () => {
        let units = 0;
        for (let i = 0; i < RUNS; i++) units += task.run();
        for (let i = 0; i < extraRuns; i++) task.run();
        return units;
      },
    })),
  },
};
