import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compileSampler,
  DISTRIBUTION_FORMS,
  type Distribution,
  DistributionError,
  formatDistribution,
  meanMs,
  parseDistribution,
} from '../../src/engine/distribution.ts';
import { MAX_DURATION_MS } from '../../src/engine/duration.ts';
import seedrandom from 'seedrandom';
import { createStream } from '../../src/engine/random.ts';

describe('parseDistribution accepts', () => {
  const cases: [string, Distribution][] = [
    ['5s', { kind: 'constant', valueMs: 5000 }],
    ['0s', { kind: 'constant', valueMs: 0 }],
    ['1h30m', { kind: 'constant', valueMs: 5_400_000 }],
    ['exp(4h)', { kind: 'exp', meanMs: 14_400_000 }],
    ['uniform(1s, 5s)', { kind: 'uniform', minMs: 1000, maxMs: 5000 }],
    ['uniform(2s,2s)', { kind: 'uniform', minMs: 2000, maxMs: 2000 }],
    ['uniform(0s, 1m)', { kind: 'uniform', minMs: 0, maxMs: 60_000 }],
    ['normal(30s, 5s)', { kind: 'normal', meanMs: 30_000, sdMs: 5000 }],
    ['normal(30s, 0s)', { kind: 'normal', meanMs: 30_000, sdMs: 0 }],
    ['lognormal(8s, 30s)', { kind: 'lognormal', medianMs: 8000, p95Ms: 30_000 }],
    ['  exp( 500ms )  ', { kind: 'exp', meanMs: 500 }],
    ['lognormal(1.5s, 1m30s)', { kind: 'lognormal', medianMs: 1500, p95Ms: 90_000 }],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.deepEqual(parseDistribution(text), expected));
  }
});

describe('parseDistribution rejects', () => {
  const ANY = `a distribution: ${DISTRIBUTION_FORMS}`;
  const cases: [string, string][] = [
    ['', ANY],
    ['5', ANY],
    ['five seconds', ANY],
    ['poisson(5s)', ANY],
    ['EXP(5s)', ANY],
    ['exp(4h', ANY],
    ['exp()', 'exp(mean) with 1 duration argument(s)'],
    ['exp(1s, 2s)', 'exp(mean) with 1 duration argument(s)'],
    ['uniform(1s)', 'uniform(a, b) with 2 duration argument(s)'],
    ['normal(1s, 2s, 3s)', 'normal(mean, sd) with 2 duration argument(s)'],
    ['exp(4 hours)', 'exp(mean) where mean is a duration like 30s'],
    ['uniform(1s, 5)', 'uniform(a, b) where b is a duration like 30s'],
    ['lognormal(-1s, 5s)', 'lognormal(median, p95) where median is a duration like 30s'],
    ['exp(0s)', 'exp(mean) with a mean above zero'],
    ['uniform(5s, 1s)', 'uniform(a, b) with a <= b'],
    ['lognormal(5s, 2s)', 'lognormal(median, p95) with 0 < median < p95'],
    ['lognormal(5s, 5s)', 'lognormal(median, p95) with 0 < median < p95'],
    ['lognormal(0s, 5s)', 'lognormal(median, p95) with 0 < median < p95'],
  ];
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)}: expected ${expected}`, () => {
      assert.throws(
        () => parseDistribution(text),
        (error: unknown) =>
          error instanceof DistributionError &&
          error.code === 'E_DISTRIBUTION' &&
          error.expected === expected &&
          error.found === text &&
          error.message === `expected ${expected}, found ${JSON.stringify(text)}`,
      );
    });
  }
});

describe('formatDistribution', () => {
  const cases: [Distribution, string][] = [
    [{ kind: 'constant', valueMs: 0 }, '0s'],
    [{ kind: 'constant', valueMs: 5000 }, '5s'],
    [{ kind: 'exp', meanMs: 14_400_000 }, 'exp(4h)'],
    [{ kind: 'uniform', minMs: 0, maxMs: 1500 }, 'uniform(0s, 1500ms)'],
    [{ kind: 'normal', meanMs: 90_000, sdMs: 86_400_000 }, 'normal(90s, 1d)'],
    [{ kind: 'lognormal', medianMs: 8000, p95Ms: 30_000 }, 'lognormal(8s, 30s)'],
  ];
  for (const [d, text] of cases) {
    test(`${text} round-trips`, () => {
      assert.equal(formatDistribution(d), text);
      assert.deepEqual(parseDistribution(text), d);
    });
  }

  test('canonical text is a fixed point', () => {
    for (const text of ['exp( 240m )', 'uniform(1000ms,2s)', 'normal(0.5s, 250ms)', 'lognormal(1m, 2h)']) {
      const canonical = formatDistribution(parseDistribution(text));
      assert.equal(formatDistribution(parseDistribution(canonical)), canonical);
      assert.deepEqual(parseDistribution(canonical), parseDistribution(text));
    }
  });
});

describe('meanMs', () => {
  const cases: [string, number][] = [
    ['5s', 5000],
    ['exp(4h)', 14_400_000],
    ['uniform(1s, 5s)', 3000],
    ['normal(30s, 5s)', 30_000],
    // sigma = ln(p95 / median) / z95; mean = median * exp(sigma^2 / 2)
    ['lognormal(8s, 30s)', 8000 * Math.exp((Math.log(30 / 8) / 1.6448536269514722) ** 2 / 2)],
  ];
  for (const [text, mean] of cases) {
    test(`${text}: ${mean.toFixed(1)} ms`, () =>
      assert.ok(Math.abs(meanMs(parseDistribution(text)) - mean) < 1e-6));
  }
});

const DRAWS = 100_000;

function draw(text: string, n = DRAWS, seed: number | string = 20240601): number[] {
  const sample = compileSampler(parseDistribution(text));
  const rng = createStream(seed, text, 0);
  return Array.from({ length: n }, () => sample(rng));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Nearest-rank quantile of already sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function assertWithin(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= relative * expected,
    `${what}: ${actual.toFixed(1)} is not within ${relative * 100}% of ${expected.toFixed(1)}`,
  );
}

describe('compileSampler', () => {
  // 100k draws: the standard error of each mean is under 0.4% of it, so 2% is about 5 standard errors.
  for (const text of ['exp(10s)', 'uniform(1s, 5s)', 'normal(30s, 5s)', 'lognormal(8s, 30s)']) {
    test(`${text}: the sample mean matches meanMs`, () => {
      assertWithin(mean(draw(text)), meanMs(parseDistribution(text)), 0.02, 'mean');
    });
  }

  test("lognormal's empirical median and p95 match its parameters", () => {
    const sorted = draw('lognormal(8s, 30s)').sort((a, b) => a - b);
    assertWithin(quantile(sorted, 0.5), 8000, 0.03, 'median');
    assertWithin(quantile(sorted, 0.95), 30_000, 0.03, 'p95');
  });

  test('uniform draws stay within [a, b], exp and lognormal draws are not negative', () => {
    const uniform = draw('uniform(1s, 5s)', 10_000);
    assert.ok(Math.min(...uniform) >= 1000 && Math.max(...uniform) <= 5000);
    assert.ok(Math.min(...draw('exp(1s)', 10_000)) >= 0);
    assert.ok(Math.min(...draw('lognormal(1s, 2s)', 10_000)) >= 0);
  });

  test('normal draws are cut at zero, never negative', () => {
    const xs = draw('normal(1s, 5s)', 10_000);
    assert.ok(Math.min(...xs) === 0, 'a wide normal around 1s reaches zero');
    assert.ok(xs.every((x) => x >= 0));
  });

  test('draws of the unbounded laws are capped at MAX_DURATION_MS, so a time plus one stays an exact integer', () => {
    // lognormal(1ms, 3650d) has sigma 16: its upper draws were 10^20 ms and more, and the engine refused them.
    const xs = draw('lognormal(1ms, 3650d)', 10_000);
    assert.equal(Math.max(...xs), MAX_DURATION_MS);
    assert.ok(Math.max(...draw('normal(3650000d, 3650000d)', 1000)) === MAX_DURATION_MS);
    assert.ok(Math.max(...draw('exp(3650000d)', 1000)) === MAX_DURATION_MS);
  });

  test('parameters over 10,000 years are refused', () => {
    assert.throws(() => parseDistribution('lognormal(1ms, 4000000d)'), /lognormal\(median, p95\) where p95 is a duration \(a duration of at most 3650000d/);
    assert.throws(() => parseDistribution('4000000d'), /expected a duration of at most 3650000d/);
  });

  test('a constant ignores the stream', () => {
    const sample = compileSampler(parseDistribution('5s'));
    const rng = createStream(1, 'c', 0);
    assert.deepEqual([sample(rng), sample(rng)], [5000, 5000]);
  });

  test('draws are whole milliseconds and a pure function of the stream', () => {
    for (const text of ['exp(1s)', 'uniform(0s, 3ms)', 'normal(1s, 1ms)', 'lognormal(10ms, 1s)']) {
      const xs = draw(text, 1000);
      assert.ok(xs.every(Number.isInteger), text);
      assert.deepEqual(draw(text, 1000), xs, text);
      assert.notDeepEqual(draw(text, 1000, 'another seed'), xs, text);
    }
  });
});

test("normal and lognormal draws are Box-Muller on the stream's uniforms, on any stream, bit for bit", () => {
  // The reference: z from two uniforms u1, u2 of seedrandom's Alea, as the samplers have always drawn it.
  const reference = (d: Distribution, next: () => number): number => {
    const u1 = 1 - next();
    const u2 = next();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    if (d.kind === 'normal') return Math.max(0, Math.round(d.meanMs + d.sdMs * z));
    if (d.kind !== 'lognormal') throw new Error(d.kind);
    const sigma = Math.log(d.p95Ms / d.medianMs) / 1.6448536269514722;
    return Math.round(Math.exp(Math.log(d.medianMs) + sigma * z));
  };
  for (const text of ['lognormal(3s, 10s)', 'lognormal(200ms, 2s)', 'normal(1m, 30s)', 'normal(5s, 20s)']) {
    const d = parseDistribution(text);
    const sample = compileSampler(d);
    for (let seed = 0; seed < 20; seed++) {
      const ours = createStream(seed, 'distribution', 0);
      const plain = seedrandom.alea(`${seed}\u0000distribution\u00000`);
      const plainStream = { next: seedrandom.alea(`${seed}\u0000distribution\u00000`) };
      for (let i = 0; i < 2000; i++) {
        const expected = reference(d, plain);
        assert.equal(sample(ours), expected, `${text}, seed ${seed}, draw ${i}`);
        assert.equal(sample(plainStream), expected, `${text} on a plain stream, seed ${seed}, draw ${i}`);
      }
    }
  }
});
