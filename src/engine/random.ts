import seedrandom from 'seedrandom';
import { AleaStream } from './alea.ts';

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
  return new AleaStream(seedrandom.alea(`${seed}\u0000${name}\u0000${replication}`, { state: true }).state());
}

/**
 * The streams of the n-th copy of a component (a cluster, a controller
 * shard): copy 0 keeps the plain names, so a single copy draws as if there
 * were no copies; copy n draws from `name#n`.
 */
export function streamsOfCopy(streams: StreamSource, copy: number): StreamSource {
  return copy === 0 ? streams : { stream: (name) => streams.stream(`${name}#${copy}`) };
}
