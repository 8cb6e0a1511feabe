/**
 * The Alea generator that every random stream is (see `createStream` in random.ts), in a module of its own
 * that loads no seedrandom: the samplers use it, and the CLI starts without the simulator's libraries.
 */
import type { RandomStream } from './random.ts';

/** Alea's state as seedrandom's `alea(seed, { state: true }).state()` gives it. */
export interface AleaState {
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly c: number;
}

/** 2^-32. */
const ALEA_2_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * seedrandom's Alea, draw for draw: seedrandom seeds it (its Mash hash of the seed text; `createStream`
 * reads the state back through `state()`) and this class steps it, with the same arithmetic in the same
 * order, so every draw is the same double. seedrandom keeps the state in properties of an object its
 * generator closes over, and each stream had a closure of its own: a draw was a call V8 would not always
 * inline, its double returned boxed on the heap (about 90 MB a week of the scale scenario). Here every stream is one class with its state in a Float64Array (no field
 * ever changes representation), `next` is one small method, and `nextPair` gives a normal draw's two
 * uniforms without returning a double.
 */
export class AleaStream implements RandomStream {
  /** s0, s1, s2 and the carry c, as seedrandom's Alea names them. */
  private readonly state = new Float64Array(4);

  constructor({ s0, s1, s2, c }: AleaState) {
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
