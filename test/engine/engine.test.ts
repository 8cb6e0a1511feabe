import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Engine } from '../../src/engine/engine.ts';

test('events run in time order, FIFO among equal times', () => {
  const engine = new Engine();
  const log: string[] = [];
  const record = (tag: string) => () => log.push(`${engine.now}:${tag}`);
  engine.at(20, record('c'));
  engine.at(10, record('a'));
  engine.at(20, record('d'));
  engine.at(10, record('b'));
  engine.at(0, record('z'));
  engine.run();
  assert.deepEqual(log, ['0:z', '10:a', '10:b', '20:c', '20:d']);
  assert.equal(engine.eventsProcessed, 5);
});

test('after() schedules relative to now, and the handler gets its argument', () => {
  const engine = new Engine();
  const seen: [number, number][] = [];
  engine.at(100, () => engine.after(50, (arg) => seen.push([engine.now, arg]), 7));
  engine.run();
  assert.deepEqual(seen, [[150, 7]]);
});

test('a handler gets the number it was scheduled with, whatever kind of number it is', () => {
  const args = [0, 1, 7, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32 + 5, 2 ** 52 + 1, -3, 0.5, -1.25, 1e-300, Number.MAX_VALUE];
  const engine = new Engine();
  const seen: number[] = [];
  for (const [i, arg] of args.entries()) engine.at(i, (got) => seen.push(got), arg);
  engine.at(args.length, (got) => seen.push(got), -0);
  engine.run();
  assert.deepEqual(seen.slice(0, -1), args);
  // Integers pass as small integers, and -0 is one: it comes as 0.
  assert.ok(Object.is(seen.at(-1), 0));
});

test('atFixed and afterFixed take their place in the order as at and after do, and return no handle', () => {
  const engine = new Engine();
  const log: string[] = [];
  const record = (tag: string) => (arg: number) => log.push(`${engine.now}:${tag}${arg}`);
  engine.at(10, record('a'), 1);
  assert.equal(engine.atFixed(10, record('b'), 2), undefined);
  engine.after(10, record('c'), 3);
  engine.at(5, () => engine.afterFixed(5, record('d'), 4));
  engine.run();
  assert.deepEqual(log, ['10:a1', '10:b2', '10:c3', '10:d4']);
  assert.throws(() => engine.atFixed(9, () => {}), RangeError);
  assert.throws(() => engine.afterFixed(0.5, () => {}), RangeError);
});

test('an event scheduled for now from a handler runs after the events already due now', () => {
  const engine = new Engine();
  const log: string[] = [];
  engine.at(5, () => {
    log.push('first');
    engine.after(0, () => log.push('scheduled-now'));
  });
  engine.at(5, () => log.push('second'));
  engine.run();
  assert.deepEqual(log, ['first', 'second', 'scheduled-now']);
});

test('cancel removes an event once; a stale handle cancels nothing', () => {
  const engine = new Engine();
  const log: number[] = [];
  const id = engine.at(10, () => log.push(10));
  engine.at(20, () => log.push(20));
  assert.equal(engine.cancel(id), true);
  assert.equal(engine.cancel(id), false);
  // The freed slot is reused by a new event; the old handle must not cancel it.
  engine.at(30, () => log.push(30));
  assert.equal(engine.cancel(id), false);
  engine.run();
  assert.deepEqual(log, [20, 30]);
  assert.equal(engine.pending, 0);
});

test('run(until) stops at the limit, includes events at it, and moves the clock there', () => {
  const engine = new Engine();
  const log: number[] = [];
  for (const t of [5, 10, 15]) engine.at(t, () => log.push(t));
  engine.run(10);
  assert.deepEqual(log, [5, 10]);
  assert.equal(engine.now, 10);
  assert.equal(engine.peekTime(), 15);
  engine.run(12);
  assert.equal(engine.now, 12);
  engine.run();
  assert.deepEqual(log, [5, 10, 15]);
});

test('step() runs one event and says when the queue is empty', () => {
  const engine = new Engine();
  engine.at(3, () => {});
  assert.equal(engine.step(), true);
  assert.equal(engine.now, 3);
  assert.equal(engine.step(), false);
});

test('scheduling in the past or at a fractional time throws', () => {
  const engine = new Engine();
  engine.at(10, () => {});
  engine.run();
  assert.throws(() => engine.at(9, () => {}), RangeError);
  assert.throws(() => engine.at(10.5, () => {}), RangeError);
  assert.throws(() => engine.after(-1, () => {}), RangeError);
  assert.throws(() => engine.at(Number.NaN, () => {}), RangeError);
});

test('a handler that throws stops the run with its error (failures are never silent)', () => {
  const engine = new Engine();
  engine.at(1, () => {
    throw new Error('boom');
  });
  assert.throws(() => engine.run(), /boom/);
});

test('property: any mix of schedules and cancels runs exactly the live events in (time, schedule order)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ time: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), { maxLength: 3000 }),
      (ops) => {
        const engine = new Engine();
        const ran: number[] = [];
        const ids = ops.map((op, i) => engine.at(op.time, (arg) => ran.push(arg), i));
        ops.forEach((op, i) => {
          if (op.cancel) engine.cancel(ids[i]);
        });
        engine.run();
        const expected = ops
          .map((op, i) => ({ ...op, i }))
          .filter((op) => !op.cancel)
          .sort((a, b) => a.time - b.time || a.i - b.i)
          .map((op) => op.i);
        assert.deepEqual(ran, expected);
      },
    ),
    { numRuns: 200 },
  );
});

test("a source's events run in (time, sequence) order among the heap's, and count as events", () => {
  const engine = new Engine();
  const log: string[] = [];
  // A source of two events, taken as if scheduled between the heap's 'a' and 'b' and after 'c'.
  const due: [number, number, string][] = [];
  const source = engine.addSource(() => {
    const [, , tag] = due.shift()!;
    log.push(`${engine.now}:${tag}`);
    if (due.length === 0) engine.clearSourceHead(source);
    else engine.setSourceHead(source, due[0][0], due[0][1]);
  });
  assert.equal(engine.pending, 0);
  engine.at(10, () => log.push(`${engine.now}:a`));
  due.push([10, engine.reserveSequence(), 'x']);
  engine.at(10, () => log.push(`${engine.now}:b`));
  engine.at(5, () => log.push(`${engine.now}:c`));
  due.push([20, engine.reserveSequence(), 'y']);
  engine.setSourceHead(source, due[0][0], due[0][1]);
  assert.equal(engine.pending, 4);
  assert.equal(engine.peekTime(), 5);
  engine.run(10);
  assert.deepEqual(log, ['5:c', '10:a', '10:x', '10:b']);
  assert.equal(engine.peekTime(), 20);
  assert.ok(engine.step());
  assert.equal(engine.now, 20);
  assert.equal(engine.step(), false);
  assert.deepEqual(log.slice(4), ['20:y']);
  assert.equal(engine.eventsProcessed, 5);
  assert.equal(engine.pending, 0);
});

test('of two sources, the earlier event runs first, ties by sequence number', () => {
  const engine = new Engine();
  const log: string[] = [];
  const sources: number[] = [];
  for (const tag of ['p', 'q']) {
    const index = engine.addSource(() => {
      log.push(`${engine.now}:${tag}`);
      engine.clearSourceHead(index);
    });
    sources.push(index);
  }
  const first = engine.reserveSequence();
  const second = engine.reserveSequence();
  engine.setSourceHead(sources[0], 7, second);
  engine.setSourceHead(sources[1], 7, first);
  engine.run();
  assert.deepEqual(log, ['7:q', '7:p']);
});

test('a source head in the past, at a fractional time, or with a sequence number not handed out is refused', () => {
  const engine = new Engine();
  const source = engine.addSource(() => engine.clearSourceHead(source));
  assert.throws(() => engine.setSourceHead(source, 0, 0), RangeError);
  const sequence = engine.reserveSequence();
  engine.at(0, () => {});
  assert.throws(() => engine.setSourceHead(source, 0, 5), RangeError);
  assert.throws(() => engine.setSourceHead(source, 0, 0.5), RangeError);
  assert.throws(() => engine.setSourceHead(source, 0.5, sequence), RangeError);
  engine.run(10);
  assert.throws(() => engine.setSourceHead(source, 9, sequence), RangeError);
  engine.setSourceHead(source, 10, sequence);
  assert.equal(engine.pending, 1);
});
