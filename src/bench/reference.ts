/**
 * The reference workload: a fixed CPU-bound kernel every speed process times
 * alongside a benchmark, interleaved with its samples (interleave.ts), so both
 * see the same CPU, the same Node and the same neighbours. A benchmark's gated
 * speed is its rate over the reference's: a machine twice as fast, or half of
 * it taken by another job, moves both alike and leaves the ratio where it was.
 *
 * The kernel is the hand-coded M/M/1 floor (mm1Floor.ts): an event heap,
 * random draws and floating point, the simulator's own kind of work, on a
 * working set small enough to stay in cache. 20,000 customers (40,000 events)
 * take a few ms, fine-grained enough to fill the time of one benchmark run
 * with whole runs of it.
 */
import { MM1_BENCH_OPTIONS, type MM1Options, mm1HandCoded } from './mm1Floor.ts';

const OPTIONS: MM1Options = { ...MM1_BENCH_OPTIONS, customers: 20_000 };

export const REFERENCE = {
  /** The floor's events in a run: an arrival and a departure per customer. */
  eventsPerRun: 2 * OPTIONS.customers,
  run: (): void => {
    mm1HandCoded(OPTIONS);
  },
} as const;
