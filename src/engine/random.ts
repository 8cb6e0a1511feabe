import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export interface RandomStream {
  next(): number;
}

/** Where a component gets its named streams (a RandomStreams, or one copy of it). */
export interface StreamSource {
  stream(name: string): RandomStream;
}

/**
 * Named random streams. Each stream is seeded from (scenario seed, stream name,
 * replication) alone, so adding a stream, or drawing more from one, changes no
 * other stream's draws: two variants of a scenario see the same commits
 * (common random numbers). Alea is one of seedrandom's fast generators; the
 * default ARC4 is several times slower.
 */
export class RandomStreams implements StreamSource {
  private readonly streams = new Map<string, RandomStream>();

  constructor(
    readonly seed: number | string,
    readonly replication: number,
  ) {}

  /** The stream of that name; the same object on every call. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = createStream(this.seed, name, this.replication);
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/** A fresh stream for (seed, name, replication), independent of any other. */
export function createStream(seed: number | string, name: string, replication: number): RandomStream {
  return new AleaStream(`${seed}\u0000${name}\u0000${replication}`);
}

/** 2^-32. */
const ALEA_2_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * seedrandom's Alea, draw for draw: seedrandom seeds it (its Mash hash of the seed text) and this class
 * steps it, with the same arithmetic in the same order, so every draw is the same double. seedrandom keeps
 * the state in properties of an object its generator closes over, and each stream had a closure of its
 * own: a draw was a call V8 would not always inline, its double returned boxed on the heap (about 90 MB a
 * week of the scale scenario). Here every stream is one class with its state in a Float64Array (no field
 * ever changes representation), `next` is one small method, and `nextPair` gives a normal draw's two
 * uniforms without returning a double.
 */
export class AleaStream implements RandomStream {
  /** s0, s1, s2 and the carry c, as seedrandom's Alea names them. */
  private readonly state = new Float64Array(4);

  constructor(seedText: string) {
    const { s0, s1, s2, c } = seedrandom.alea(seedText, { state: true }).state();
    this.state[0] = s0;
    this.state[1] = s1;
    this.state[2] = s2;
    this.state[3] = c;
  }

  /**
   * The next two draws, as two calls of `next` would return them, into `out[0]` and `out[1]`. A normal draw
   * takes two; a call that returns a double V8 does not inline returns it boxed on the heap, and one that
   * returns nothing boxes nothing.
   */
  nextPair(out: Float64Array): void {
    const state = this.state;
    const t1 = 2091639 * state[0] + state[3] * ALEA_2_POW_MINUS_32;
    const c1 = t1 | 0;
    const first = t1 - c1;
    // After the first step s0 is the old s1, and the carry is c1.
    const t2 = 2091639 * state[1] + c1 * ALEA_2_POW_MINUS_32;
    const c2 = t2 | 0;
    const second = t2 - c2;
    state[0] = state[2];
    state[1] = first;
    state[2] = second;
    state[3] = c2;
    out[0] = first;
    out[1] = second;
  }

  next(): number {
    const state = this.state;
    const t = 2091639 * state[0] + state[3] * ALEA_2_POW_MINUS_32;
    state[0] = state[1];
    state[1] = state[2];
    const c = t | 0;
    state[3] = c;
    const draw = t - c;
    state[2] = draw;
    return draw;
  }
}

/**
 * The streams of the n-th copy of a component (a cluster, a controller
 * shard): copy 0 keeps the plain names, so a single copy draws as if there
 * were no copies; copy n draws from `name#n`.
 */
export function streamsOfCopy(streams: StreamSource, copy: number): StreamSource {
  return copy === 0 ? streams : { stream: (name) => streams.stream(`${name}#${copy}`) };
}
