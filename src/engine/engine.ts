/**
 * The simulation kernel: an integer-millisecond clock and a queue of events.
 * It knows nothing of the domain. An event is a handler and a number argument
 * scheduled at an instant; events at the same instant run in the order they
 * were scheduled (FIFO by sequence number). The queue is a 4-ary heap on typed
 * arrays, so scheduling allocates nothing once the arrays have grown.
 *
 * A structure that keeps many events of its own in order (a TimerWheel) can be
 * a source instead: it tells the engine the instant and sequence number of its
 * earliest event, and the engine runs it, in its place among the heap's events,
 * by calling the source. Such an event never enters the heap.
 */

/** Runs when its event fires; `arg` is the number given when it was scheduled (-0 comes as 0). */
export type Handler = (arg: number) => void;

/** Opaque handle of a scheduled event, for `cancel`. */
export type EventId = number;

/** Slots are reused; a handle carries the slot's generation so a stale handle cancels nothing. */
const SLOT_BITS = 2 ** 24;
const INITIAL_CAPACITY = 1024;

export class Engine {
  /** Current simulated time in ms. */
  now = 0;
  /** Events run so far. */
  eventsProcessed = 0;

  private capacity = INITIAL_CAPACITY;
  private size = 0;
  private nextSeq = 0;
  // Heap order, indexed by heap position.
  private heapTime = new Float64Array(INITIAL_CAPACITY);
  private heapSeq = new Float64Array(INITIAL_CAPACITY);
  private heapSlot = new Int32Array(INITIAL_CAPACITY);
  // Per slot.
  private slotPos = new Int32Array(INITIAL_CAPACITY);
  private slotGen = new Float64Array(INITIAL_CAPACITY);
  private slotArg = new Float64Array(INITIAL_CAPACITY);
  /**
   * Filled, so that it holds objects (HOLEY_ELEMENTS) from the start rather than from the first handler
   * stored: every Engine's table then has the same V8 map, and `after`, optimized in one run, is not
   * deoptimized ("wrong map") by the next run's new Engine (node --trace-deopt, scale push, second run).
   */
  private slotHandler: (Handler | undefined)[] = new Array<Handler | undefined>(INITIAL_CAPACITY).fill(undefined);
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeCount = INITIAL_CAPACITY;
  // Sources, by index: what runs a source's earliest event, and that event's instant (Infinity: none) at
  // 2 index and sequence number at 2 index + 1. `nextSource` is the source whose event comes first, -1 when
  // none has one.
  private readonly sourceRun: (() => void)[] = [];
  private sourceHeads = new Float64Array(0);
  private nextSource = -1;

  constructor() {
    for (let i = 0; i < INITIAL_CAPACITY; i++) this.freeSlots[i] = INITIAL_CAPACITY - 1 - i;
  }

  /** Number of events waiting (a source's events count as one while it has any). */
  get pending(): number {
    let sources = 0;
    for (let source = 0; source < this.sourceRun.length; source++) {
      if (this.sourceHeads[2 * source] !== Number.POSITIVE_INFINITY) sources++;
    }
    return this.size + sources;
  }

  /** Time of the next event, or Infinity when none is waiting. */
  peekTime(): number {
    const heapMs = this.size === 0 ? Number.POSITIVE_INFINITY : this.heapTime[0];
    const source = this.nextSource;
    return source < 0 ? heapMs : Math.min(heapMs, this.sourceHeads[2 * source]);
  }

  /** Schedules `handler(arg)` at absolute time `timeMs` (an integer, not before now). */
  at(timeMs: number, handler: Handler, arg = 0): EventId {
    this.checkTime(timeMs);
    return this.handleOf(this.push(timeMs, this.nextSeq++, handler, arg));
  }

  /**
   * Schedules `handler(arg)` at `timeMs`, as `at`, for an event that is never cancelled: it returns no
   * handle. A handle soon outgrows a small integer, and returned from a call that is not inlined it is
   * a number boxed on the heap, one per event.
   */
  atFixed(timeMs: number, handler: Handler, arg = 0): void {
    this.checkTime(timeMs);
    this.push(timeMs, this.nextSeq++, handler, arg);
  }

  /** Schedules `handler(arg)` after `delayMs`, as `after`, for an event that is never cancelled (see `atFixed`). */
  afterFixed(delayMs: number, handler: Handler, arg = 0): void {
    this.atFixed(this.now + delayMs, handler, arg);
  }

  /**
   * Takes the sequence number that an event scheduled now would get. A source takes one for each event
   * it keeps, when it would have scheduled that event: each then runs exactly where an event scheduled
   * at that moment would have run, and every other event keeps its sequence number.
   */
  reserveSequence(): number {
    return this.nextSeq++;
  }

  /**
   * Adds a source of events; returns its index. `run` is called to run the source's earliest event, and
   * must report the source's next one (`setSourceHead`, or `clearSourceHead` when it has none) before it
   * returns.
   */
  addSource(run: () => void): number {
    const index = this.sourceRun.length;
    this.sourceRun.push(run);
    const heads = new Float64Array(2 * (index + 1));
    heads.set(this.sourceHeads);
    heads[2 * index] = Number.POSITIVE_INFINITY;
    this.sourceHeads = heads;
    return index;
  }

  /**
   * The earliest event of `source` is at `timeMs` (an integer, not before now), with a sequence number
   * taken from `reserveSequence`; it runs when every event before it in (time, sequence) order has run.
   */
  setSourceHead(source: number, timeMs: number, sequence: number): void {
    this.checkTime(timeMs);
    if (!(sequence >= 0 && sequence < this.nextSeq) || !Number.isInteger(sequence)) {
      throw new RangeError(`sequence ${sequence} was not taken from reserveSequence`);
    }
    this.sourceHeads[2 * source] = timeMs;
    this.sourceHeads[2 * source + 1] = sequence;
    // A run usually has one source (its controller's timers), which then comes first whenever it has an event.
    if (this.sourceRun.length === 1) this.nextSource = source;
    else this.pickNextSource();
  }

  /** `source` has no event waiting. */
  clearSourceHead(source: number): void {
    this.sourceHeads[2 * source] = Number.POSITIVE_INFINITY;
    if (this.sourceRun.length === 1) this.nextSource = -1;
    else this.pickNextSource();
  }

  /** Schedules `handler(arg)` after `delayMs` (an integer >= 0). */
  after(delayMs: number, handler: Handler, arg = 0): EventId {
    return this.at(this.now + delayMs, handler, arg);
  }

  /** Removes a scheduled event. Returns false when it already ran or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const gen = (id - slot) / SLOT_BITS;
    if (slot >= this.capacity || this.slotGen[slot] !== gen || this.slotHandler[slot] === undefined) return false;
    const pos = this.slotPos[slot];
    this.releaseSlot(slot);
    const last = --this.size;
    if (pos !== last) {
      const t = this.heapTime[last];
      const s = this.heapSeq[last];
      const sl = this.heapSlot[last];
      // The moved key may belong above or below the hole.
      if (pos > 0 && this.before(t, s, (pos - 1) >> 2)) this.siftUp(pos, t, s, sl);
      else this.siftDown(pos, t, s, sl);
    }
    return true;
  }

  /** Runs the next event. Returns false when the queue is empty. */
  step(): boolean {
    return this.runNext(Number.POSITIVE_INFINITY);
  }

  /**
   * Runs every event up to and including `untilMs`, then sets the clock to
   * `untilMs` (when finite). Without a limit, runs until the queue is empty.
   */
  run(untilMs = Number.POSITIVE_INFINITY): void {
    while (this.runNext(untilMs)) {}
    if (untilMs !== Number.POSITIVE_INFINITY && untilMs > this.now) this.now = untilMs;
  }

  /** Runs the next event if it is due at or before `untilMs`; returns whether it ran one. */
  private runNext(untilMs: number): boolean {
    const source = this.nextSource;
    if (source >= 0) {
      const sourceMs = this.sourceHeads[2 * source];
      if (
        this.size === 0 ||
        sourceMs < this.heapTime[0] ||
        (sourceMs === this.heapTime[0] && this.sourceHeads[2 * source + 1] < this.heapSeq[0])
      ) {
        if (sourceMs > untilMs) return false;
        this.now = sourceMs;
        this.eventsProcessed++;
        this.sourceRun[source]();
        return true;
      }
    } else if (this.size === 0) {
      return false;
    }
    if (this.heapTime[0] > untilMs) return false;
    const slot = this.heapSlot[0];
    this.now = this.heapTime[0];
    const handler = this.slotHandler[slot]!;
    const arg = this.slotArg[slot];
    this.releaseSlot(slot);
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.heapTime[last], this.heapSeq[last], this.heapSlot[last]);
    this.eventsProcessed++;
    // Read from a Float64Array, the argument would reach the handler as a number boxed on the heap,
    // and a handler first optimized for a small integer (an app, a slot) would deoptimize on it.
    const int = arg | 0;
    if (int === arg) handler(int);
    else handler(arg);
    return true;
  }

  /** Finds the source whose event comes first, by (time, sequence). */
  private pickNextSource(): void {
    const heads = this.sourceHeads;
    let best = -1;
    let bestMs = Number.POSITIVE_INFINITY;
    for (let source = 0; source < this.sourceRun.length; source++) {
      const ms = heads[2 * source];
      if (ms < bestMs || (ms === bestMs && best >= 0 && heads[2 * source + 1] < heads[2 * best + 1])) {
        best = source;
        bestMs = ms;
      }
    }
    this.nextSource = best;
  }

  private checkTime(timeMs: number): void {
    if (!(timeMs >= this.now) || !Number.isSafeInteger(timeMs)) {
      throw new RangeError(`cannot schedule at ${timeMs} ms: time must be an integer not before now (${this.now} ms)`);
    }
  }

  /** Queues an event; returns its slot. */
  private push(timeMs: number, seq: number, handler: Handler, arg: number): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    this.slotHandler[slot] = handler;
    this.slotArg[slot] = arg;
    this.siftUp(this.size++, timeMs, seq, slot);
    return slot;
  }

  private handleOf(slot: number): EventId {
    return this.slotGen[slot] * SLOT_BITS + slot;
  }

  private before(t: number, s: number, pos: number): boolean {
    const pt = this.heapTime[pos];
    return t < pt || (t === pt && s < this.heapSeq[pos]);
  }

  private releaseSlot(slot: number): void {
    this.slotHandler[slot] = undefined;
    this.slotGen[slot]++;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Sift up with a hole: move parents down until the key (t, s) fits. */
  private siftUp(i: number, t: number, s: number, slot: number): void {
    const { heapTime, heapSeq, heapSlot, slotPos } = this;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = heapTime[parent];
      if (pt < t || (pt === t && heapSeq[parent] < s)) break;
      heapTime[i] = pt;
      heapSeq[i] = heapSeq[parent];
      const ps = heapSlot[parent];
      heapSlot[i] = ps;
      slotPos[ps] = i;
      i = parent;
    }
    heapTime[i] = t;
    heapSeq[i] = s;
    heapSlot[i] = slot;
    slotPos[slot] = i;
  }

  private siftDown(i: number, t: number, s: number, slot: number): void {
    const { heapTime, heapSeq, heapSlot, slotPos } = this;
    const n = this.size;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // Smallest of up to four children.
      let best = first;
      let bt = heapTime[first];
      let bs = heapSeq[first];
      const end = Math.min(first + 4, n);
      for (let c = first + 1; c < end; c++) {
        const ct = heapTime[c];
        if (ct < bt || (ct === bt && heapSeq[c] < bs)) {
          best = c;
          bt = ct;
          bs = heapSeq[c];
        }
      }
      if (t < bt || (t === bt && s < bs)) break;
      heapTime[i] = bt;
      heapSeq[i] = bs;
      const bsl = heapSlot[best];
      heapSlot[i] = bsl;
      slotPos[bsl] = i;
      i = best;
    }
    heapTime[i] = t;
    heapSeq[i] = s;
    heapSlot[i] = slot;
    slotPos[slot] = i;
  }

  private grow(): void {
    const old = this.capacity;
    const capacity = old * 2;
    if (capacity > SLOT_BITS) throw new RangeError(`event queue is full: more than ${SLOT_BITS} pending events`);
    const resize = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.heapTime = resize(this.heapTime, (n) => new Float64Array(n));
    this.heapSeq = resize(this.heapSeq, (n) => new Float64Array(n));
    this.heapSlot = resize(this.heapSlot, (n) => new Int32Array(n));
    this.slotPos = resize(this.slotPos, (n) => new Int32Array(n));
    this.slotGen = resize(this.slotGen, (n) => new Float64Array(n));
    this.slotArg = resize(this.slotArg, (n) => new Float64Array(n));
    this.freeSlots = resize(this.freeSlots, (n) => new Int32Array(n));
    this.slotHandler.length = capacity;
    for (let i = capacity - 1; i >= old; i--) this.freeSlots[this.freeCount++] = i;
    this.capacity = capacity;
  }
}
