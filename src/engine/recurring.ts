/**
 * Something that happens again and again at random intervals: code commits,
 * node failures, registry and Git outages, crashes. Each source draws its
 * intervals from its own stream, so sources never shift each other's draws.
 */
import type { Sampler } from './distribution.ts';
import type { Engine } from './engine.ts';
import type { RandomStream } from './random.ts';

export class Recurring {
  private readonly fire = (): void => {
    this.count++;
    this.action();
    this.scheduleNext();
  };
  /** How many times it has happened. */
  count = 0;

  constructor(
    private readonly engine: Engine,
    private readonly every: Sampler,
    private readonly random: RandomStream,
    private readonly action: () => void,
  ) {}

  start(): void {
    this.scheduleNext();
  }

  private scheduleNext(): void {
    this.engine.afterFixed(this.every(this.random), this.fire);
  }
}
