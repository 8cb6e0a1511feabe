import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { AleaStream } from '../../src/engine/alea.ts';

/** An AleaStream seeded as createStream seeds one: by seedrandom's Mash of the text. */
const aleaOf = (seed: string) => new AleaStream(seedrandom.alea(seed, { state: true }).state());

test("every draw is seedrandom's Alea draw, bit for bit, for any seed text", () => {
  // Seeds as scenarios make them (number or text, stream name, replication), and odd texts: empty,
  // non-ASCII, long. 2,000 seeds of 2,000 draws each, compared as doubles with Object.is.
  const seeds = ['', ' ', '\u0000', 'é✓\u{1F600}', 'x'.repeat(10_000)];
  for (let i = 0; i < 1995; i++) seeds.push(`${i % 7 === 0 ? `seed-${i}` : i * 7919}\u0000argocd.work#${i % 5}\u0000${i % 3}`);
  for (const seed of seeds) {
    const ours = aleaOf(seed);
    const theirs = seedrandom.alea(seed);
    for (let d = 0; d < 2000; d++) {
      const a = ours.next();
      const b = theirs();
      if (!Object.is(a, b)) assert.fail(`seed ${JSON.stringify(seed.slice(0, 40))}, draw ${d}: ${a} !== ${b}`);
    }
  }
});

test('nextPair gives the next two draws, as two calls of next would', () => {
  const pair = new Float64Array(2);
  for (let seed = 0; seed < 50; seed++) {
    const paired = aleaOf(`pair-${seed}`);
    const single = aleaOf(`pair-${seed}`);
    for (let i = 0; i < 500; i++) {
      if (i % 3 === 0) {
        assert.ok(Object.is(paired.next(), single.next()));
        continue;
      }
      paired.nextPair(pair);
      assert.ok(Object.is(pair[0], single.next()), `seed ${seed}, step ${i}, first`);
      assert.ok(Object.is(pair[1], single.next()), `seed ${seed}, step ${i}, second`);
    }
  }
});
