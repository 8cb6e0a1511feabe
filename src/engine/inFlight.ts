/**
 * Values held while an event about them is in flight (an API request between
 * its submission and its landing), each under a small integer handle that the
 * event carries as its argument. A released handle is reused, so the tables
 * stay as large as the most requests ever in flight at once, and holding and
 * releasing allocate nothing once they have grown (a Map keyed by an
 * ever-growing request number allocated and rehashed on every request).
 */
export class InFlight<T> {
  private readonly values: (T | undefined)[] = [];
  private readonly free: number[] = [];

  /** Values held now. */
  get size(): number {
    return this.values.length - this.free.length;
  }

  /** Holds `value`; returns its handle. */
  hold(value: T): number {
    const handle = this.free.length > 0 ? this.free.pop()! : this.values.length;
    this.values[handle] = value;
    return handle;
  }

  /** The value held under `handle`, which is free again from now on. Throws for a handle not held. */
  release(handle: number): T {
    const value = this.values[handle];
    if (value === undefined) throw new RangeError(`no value is held under handle ${handle}`);
    this.values[handle] = undefined;
    this.free.push(handle);
    return value;
  }
}
