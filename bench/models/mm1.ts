/**
 * The M/M/1 queue on the engine: the same model as the hand-coded floor in
 * src/bench/mm1Floor.ts, drawing the same numbers in the same order, so both
 * serve the same customers. Time is in integer ms; rates are per second.
 */
import { ArrivalQueue, expMs, type MM1Options, type MM1Result } from '../../src/bench/mm1Floor.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';

export function mm1OnEngine(o: MM1Options): MM1Result {
  const engine = new Engine();
  const arrivals = createStream(o.seed, 'arrivals', o.replication);
  const services = createStream(o.seed, 'services', o.replication);
  const queue = new ArrivalQueue();
  let busy = false;
  let started = 0;
  let waitSumMs = 0;
  let arrived = 0;

  const startService = (arrivalMs: number): void => {
    busy = true;
    if (started++ >= o.warmupCustomers) waitSumMs += engine.now - arrivalMs;
    engine.after(expMs(services, o.servicesPerSec), depart);
  };
  const depart = (): void => {
    busy = false;
    if (queue.size > 0) startService(queue.shift());
  };
  const arrive = (): void => {
    if (++arrived < o.customers) engine.after(expMs(arrivals, o.arrivalsPerSec), arrive);
    if (busy) queue.push(engine.now);
    else startService(engine.now);
  };
  engine.after(expMs(arrivals, o.arrivalsPerSec), arrive);
  engine.run();
  const served = started - o.warmupCustomers;
  return { meanWaitMs: waitSumMs / served, served };
}
