/**
 * Engine speed against its floor: the M/M/1 queue on the engine, and the same
 * model hand-coded on a bare typed-array heap. Both are measured in one run
 * (the machine is shared and noisy, so absolute numbers drift; the ratio is
 * what is tracked). Target: engine / floor >= 0.6.
 */
import { Bench } from 'tinybench';
import { MM1_BENCH_OPTIONS as OPTIONS, mm1HandCoded } from '../src/bench/mm1Floor.ts';
import { mm1OnEngine } from './models/mm1.ts';

/** The target for customers per second on the engine relative to the floor. */
const TARGET_RATIO = 0.6;

const bench = new Bench({ time: 2000, warmupTime: 500 });
bench.add('M/M/1 on the engine', () => {
  mm1OnEngine(OPTIONS);
});
bench.add('M/M/1 hand-coded floor', () => {
  mm1HandCoded(OPTIONS);
});
await bench.run();

const customersPerSec = new Map<string, number>();
for (const task of bench.tasks) {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
  customersPerSec.set(task.name, OPTIONS.customers / (result.latency.p50 / 1000));
}
const engine = customersPerSec.get('M/M/1 on the engine')!;
const floor = customersPerSec.get('M/M/1 hand-coded floor')!;
const ratio = engine / floor;
console.table(
  [...customersPerSec].map(([name, rate]) => ({ task: name, 'customers/s (median)': Math.round(rate) })),
);
console.log(
  `engine/floor ratio: ${ratio.toFixed(3)} (target >= ${TARGET_RATIO}): ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`,
);
