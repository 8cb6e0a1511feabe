import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { type GatePolicy, PromotionGate } from '../../src/model/promotionGate.ts';
import type { WorkingHours } from '../../src/model/workingHours.ts';

const M = 60_000;
const H = 3_600_000;
const D = 24 * H;
const OFFICE: WorkingHours = { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], hours: [9, 17], utcOffsetHours: 0 };
const ALWAYS: WorkingHours = {
  days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  hours: [0, 24],
  utcOffsetHours: 0,
};

function manual(approveAfter: string, batch = true, workingHours = OFFICE): GatePolicy {
  return { type: 'manual', approveAfter: parseDistribution(approveAfter), workingHours, batch };
}

/** A gate on a fresh engine; `arrivals` are [time, key]; returns what went through, when, and the waits. */
function pass(
  policy: GatePolicy,
  arrivals: readonly [number, number][],
  withdrawals: readonly [number, number][] = [],
) {
  const engine = new Engine();
  const through: { atMs: number; keys: readonly number[]; waitedMs: readonly number[] }[] = [];
  const gate = new PromotionGate(engine, policy, createStream(1, 'approval', 0), (keys, waitedMs) =>
    through.push({ atMs: engine.now, keys, waitedMs }),
  );
  for (const [atMs, key] of arrivals) engine.at(atMs, () => gate.arrive(key));
  for (const [atMs, key] of withdrawals) engine.at(atMs, () => gate.withdraw(key));
  engine.run(30 * D);
  return through;
}

test('the gate: who goes through, when, in which batches', () => {
  const rows: readonly [
    string,
    GatePolicy,
    [number, number][],
    [number, number][],
    ReturnType<typeof pass>,
  ][] = [
    [
      'auto without soak: at once',
      { type: 'auto', soakMs: 0 },
      [[10 * H, 0]],
      [],
      [{ atMs: 10 * H, keys: [0], waitedMs: [0] }],
    ],
    [
      'auto with soak: each after its own',
      { type: 'auto', soakMs: 2 * H },
      [
        [H, 0],
        [H + M, 1],
      ],
      [],
      [
        { atMs: 3 * H, keys: [0], waitedMs: [2 * H] },
        { atMs: 3 * H + M, keys: [1], waitedMs: [2 * H] },
      ],
    ],
    ['a soaking release found bad never goes', { type: 'auto', soakMs: 2 * H }, [[H, 0]], [[2 * H, 0]], []],
    [
      'manual at work: after the delay',
      manual('30m'),
      [[10 * H, 0]],
      [],
      [{ atMs: 10 * H + 30 * M, keys: [0], waitedMs: [30 * M] }],
    ],
    [
      'manual at night: the next morning, plus the delay',
      manual('30m'),
      [[20 * H, 0]],
      [],
      [{ atMs: D + 9 * H + 30 * M, keys: [0], waitedMs: [13 * H + 30 * M] }],
    ],
    [
      'batched: one approval takes every release waiting',
      manual('1h'),
      [
        [10 * H, 0],
        [10 * H + 10 * M, 1],
        [10 * H + 20 * M, 2],
      ],
      [],
      [{ atMs: 11 * H, keys: [0, 1, 2], waitedMs: [H, 50 * M, 40 * M] }],
    ],
    [
      'not batched: one approval each, the next taken up at once',
      manual('1h', false),
      [
        [10 * H, 0],
        [10 * H + 10 * M, 1],
      ],
      [],
      [
        { atMs: 11 * H, keys: [0], waitedMs: [H] },
        { atMs: 12 * H, keys: [1], waitedMs: [110 * M] },
      ],
    ],
    [
      'a release found bad while waiting is left out of the batch',
      manual('1h'),
      [
        [10 * H, 0],
        [10 * H + 10 * M, 1],
      ],
      [[10 * H + 30 * M, 0]],
      [{ atMs: 11 * H, keys: [1], waitedMs: [50 * M] }],
    ],
    [
      'an approval with nothing left approves nothing',
      manual('1h'),
      [[10 * H, 0]],
      [[10 * H + 30 * M, 0]],
      [],
    ],
  ];
  for (const [name, policy, arrivals, withdrawals, expected] of rows) {
    assert.deepEqual(pass(policy, arrivals, withdrawals), expected, name);
  }
});

/**
 * First principles: releases arrive as a Poisson stream of rate r; an
 * approval taken up by the first release waiting comes A later and takes
 * every release waiting. So an approval batches N = 1 + r A releases on
 * average, and the releases that go on in N-sized batches come out as
 * arrivals / N promotions: batching divides the deployments behind the gate by N.
 */
test('batching N releases per approval divides the promotions by about N', () => {
  const random = createStream(18, 'arrivals', 0);
  for (const [ratePerHour, approveAfterH] of [
    [1, 3],
    [0.5, 8],
    [2, 1],
  ] as const) {
    const engine = new Engine();
    const batches: number[] = [];
    const gate = new PromotionGate(
      engine,
      manual(`${approveAfterH}h`, true, ALWAYS),
      createStream(1, 'a', 0),
      (keys) => batches.push(keys.length),
    );
    let arrivals = 0;
    let t = 0;
    const horizonMs = 400 * D;
    for (;;) {
      t += (-Math.log(1 - random.next()) / ratePerHour) * H;
      if (t >= horizonMs) break;
      const key = arrivals++;
      engine.at(Math.round(t), () => gate.arrive(key));
    }
    engine.run(horizonMs + 10 * D);
    const expectedN = 1 + ratePerHour * approveAfterH;
    const meanN = batches.reduce((s, n) => s + n, 0) / batches.length;
    assert.equal(
      batches.reduce((s, n) => s + n, 0),
      arrivals,
      'every release goes through once',
    );
    assert.ok(
      Math.abs(meanN / expectedN - 1) < 0.05,
      `rate ${ratePerHour}/h, A ${approveAfterH}h: N ${meanN.toFixed(3)}, expected ${expectedN}`,
    );
    assert.ok(
      Math.abs(arrivals / batches.length / expectedN - 1) < 0.05,
      `promotions ${batches.length} of ${arrivals} releases: divided by ${(arrivals / batches.length).toFixed(2)}`,
    );
  }
});

/**
 * The same first principles through the gate: a release ready at a random
 * moment of the week, approved at once but only in office hours (Monday to
 * Friday, 9:00 to 17:00), waits (4 x 16^2 + 64^2) / (2 x 168) = 15.24 h on average.
 */
test('a gate approved only in working hours adds the expected wait for a release ready at a random time of the week', () => {
  const W = 7 * D;
  const random = createStream(18, 'ready times', 1);
  const engine = new Engine();
  const waits: number[] = [];
  const gate = new PromotionGate(engine, manual('0s'), createStream(1, 'a', 0), (_keys, waitedMs) =>
    waits.push(...waitedMs),
  );
  const n = 5_000;
  // Two weeks apart, so each approval comes before the next release.
  for (let i = 0; i < n; i++) engine.at(2 * i * W + Math.floor(random.next() * W), () => gate.arrive(i));
  engine.run(2 * n * W + W);
  assert.equal(waits.length, n);
  const meanH = waits.reduce((s, w) => s + w, 0) / n / H;
  const expectedH = (4 * 16 ** 2 + 64 ** 2) / (2 * 168);
  // The standard error is about 0.25 h with 5,000 releases; 1 h is four of them.
  assert.ok(
    Math.abs(meanH - expectedH) < 1,
    `mean wait ${meanH.toFixed(2)} h, expected ${expectedH.toFixed(2)} h`,
  );
});
