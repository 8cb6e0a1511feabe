/**
 * The M/M/1 queue hand-coded on a bare typed-array binary heap: the floor the
 * engine's overhead is measured against (bench/models/mm1.ts runs the same
 * model on the engine), and the reference workload every speed process times
 * next to a benchmark (reference.ts). It lives here because the shipped
 * `bench` command needs it. Time is in integer ms; rates are per second.
 */
import { createStream, type RandomStream } from '../engine/random.ts';

export interface MM1Options {
  readonly arrivalsPerSec: number;
  readonly servicesPerSec: number;
  /** Customers served, warm-up included. */
  readonly customers: number;
  /** Customers at the start left out of the mean (the queue starts empty). */
  readonly warmupCustomers: number;
  readonly seed: number;
  readonly replication: number;
}

export interface MM1Result {
  readonly meanWaitMs: number;
  readonly served: number;
}

/** The benchmarks' M/M/1 run: 200,000 customers at load 0.9. */
export const MM1_BENCH_OPTIONS: MM1Options = {
  arrivalsPerSec: 0.9,
  servicesPerSec: 1.0,
  customers: 200_000,
  warmupCustomers: 0,
  seed: 1,
  replication: 0,
};

export function expMs(rng: RandomStream, perSec: number): number {
  return Math.round((-1000 / perSec) * Math.log(1 - rng.next()));
}

/** Queue of arrival times, as a growable ring buffer. */
export class ArrivalQueue {
  private buf = new Float64Array(1024);
  private head = 0;
  size = 0;
  push(t: number): void {
    if (this.size === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      for (let i = 0; i < this.size; i++) next[i] = this.buf[(this.head + i) % this.buf.length];
      this.buf = next;
      this.head = 0;
    }
    this.buf[(this.head + this.size++) % this.buf.length] = t;
  }
  shift(): number {
    const t = this.buf[this.head];
    this.head = (this.head + 1) % this.buf.length;
    this.size--;
    return t;
  }
}

const ARRIVAL = 0;
const DEPARTURE = 1;

/** The same model without the engine: a binary heap of (time, seq, kind) in typed arrays and a switch. */
export function mm1HandCoded(o: MM1Options): MM1Result {
  const arrivals = createStream(o.seed, 'arrivals', o.replication);
  const services = createStream(o.seed, 'services', o.replication);
  let cap = 1024;
  let times = new Float64Array(cap);
  let seqs = new Float64Array(cap);
  let kinds = new Uint8Array(cap);
  let n = 0;
  let nextSeq = 0;
  const push = (t: number, kind: number): void => {
    if (n === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      t2.set(times);
      times = t2;
      const s2 = new Float64Array(cap);
      s2.set(seqs);
      seqs = s2;
      const k2 = new Uint8Array(cap);
      k2.set(kinds);
      kinds = k2;
    }
    const s = nextSeq++;
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] < t || (times[p] === t && seqs[p] < s)) break;
      times[i] = times[p];
      seqs[i] = seqs[p];
      kinds[i] = kinds[p];
      i = p;
    }
    times[i] = t;
    seqs[i] = s;
    kinds[i] = kind;
  };
  const pop = (): number => {
    const kind = kinds[0];
    const t = times[--n];
    const s = seqs[n];
    const k = kinds[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (times[c + 1] < times[c] || (times[c + 1] === times[c] && seqs[c + 1] < seqs[c]))) c++;
      if (t < times[c] || (t === times[c] && s < seqs[c])) break;
      times[i] = times[c];
      seqs[i] = seqs[c];
      kinds[i] = kinds[c];
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    kinds[i] = k;
    return kind;
  };

  const queue = new ArrivalQueue();
  let now = 0;
  let busy = false;
  let started = 0;
  let waitSumMs = 0;
  let arrived = 0;
  push(expMs(arrivals, o.arrivalsPerSec), ARRIVAL);
  while (n > 0) {
    now = times[0];
    if (pop() === ARRIVAL) {
      if (++arrived < o.customers) push(now + expMs(arrivals, o.arrivalsPerSec), ARRIVAL);
      if (busy) {
        queue.push(now);
        continue;
      }
      busy = true;
      started++;
      push(now + expMs(services, o.servicesPerSec), DEPARTURE);
    } else {
      busy = false;
      if (queue.size > 0) {
        const arrivalMs = queue.shift();
        busy = true;
        if (started++ >= o.warmupCustomers) waitSumMs += now - arrivalMs;
        push(now + expMs(services, o.servicesPerSec), DEPARTURE);
      }
    }
  }
  const served = started - o.warmupCustomers;
  return { meanWaitMs: waitSumMs / served, served };
}
