import { DURATION_LIMIT, DurationError, MAX_DURATION_MS, parseDuration } from './duration.ts';
import { AleaStream } from './alea.ts';
import type { RandomStream } from './random.ts';

/**
 * Random durations as scenario files write them:
 * `5s` (constant), `exp(mean)`, `uniform(a, b)`, `normal(mean, sd)`,
 * `lognormal(median, p95)`. Every parameter is a duration.
 */
export type Distribution =
  | { readonly kind: 'constant'; readonly valueMs: number }
  | { readonly kind: 'exp'; readonly meanMs: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'normal'; readonly meanMs: number; readonly sdMs: number }
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly p95Ms: number };

export const DISTRIBUTION_FORMS = '5s, exp(mean), uniform(a, b), normal(mean, sd) or lognormal(median, p95)';

/** z(0.95) of the standard normal: lognormal(median, p95) has sigma = ln(p95 / median) / Z95. */
const Z95 = 1.6448536269514722;

/** Thrown for text that is not a distribution; the message says what was expected and what was found. */
export class DistributionError extends Error {
  readonly code = 'E_DISTRIBUTION';
  constructor(
    readonly expected: string,
    readonly found: string,
  ) {
    super(`expected ${expected}, found ${JSON.stringify(found)}`);
    this.name = 'DistributionError';
  }
}

const CALL = /^\s*([a-z]+)\s*\((.*)\)\s*$/;
const ARITY: Record<string, readonly string[]> = {
  exp: ['mean'],
  uniform: ['a', 'b'],
  normal: ['mean', 'sd'],
  lognormal: ['median', 'p95'],
};

/** Parses a distribution string; throws DistributionError. */
export function parseDistribution(text: string): Distribution {
  const call = CALL.exec(text);
  if (call === null) {
    try {
      return { kind: 'constant', valueMs: parseDuration(text) };
    } catch (error) {
      if (error instanceof DurationError) {
        throw new DistributionError(error.expected === DURATION_LIMIT ? DURATION_LIMIT : `a distribution: ${DISTRIBUTION_FORMS}`, text);
      }
      throw error;
    }
  }
  const name = call[1];
  const params = ARITY[name];
  if (params === undefined) throw new DistributionError(`a distribution: ${DISTRIBUTION_FORMS}`, text);
  const form = `${name}(${params.join(', ')})`;
  const args = call[2].trim() === '' ? [] : call[2].split(',');
  if (args.length !== params.length) {
    throw new DistributionError(`${form} with ${params.length} duration argument(s)`, text);
  }
  const values = args.map((arg, i) => {
    try {
      return parseDuration(arg);
    } catch (error) {
      if (error instanceof DurationError) {
        const limit = error.expected === DURATION_LIMIT ? ` (${DURATION_LIMIT})` : ' like 30s';
        throw new DistributionError(`${form} where ${params[i]} is a duration${limit}`, text);
      }
      throw error;
    }
  });
  const [a, b] = values;
  switch (name) {
    case 'exp':
      if (a <= 0) throw new DistributionError('exp(mean) with a mean above zero', text);
      return { kind: 'exp', meanMs: a };
    case 'uniform':
      if (b < a) throw new DistributionError('uniform(a, b) with a <= b', text);
      return { kind: 'uniform', minMs: a, maxMs: b };
    case 'normal':
      return { kind: 'normal', meanMs: a, sdMs: b };
    default:
      if (a <= 0 || b <= a) throw new DistributionError('lognormal(median, p95) with 0 < median < p95', text);
      return { kind: 'lognormal', medianMs: a, p95Ms: b };
  }
}

/** The canonical text of a distribution (what parseDistribution reads back). */
export function formatDistribution(d: Distribution): string {
  const f = (ms: number) => (ms === 0 ? '0s' : formatMs(ms));
  switch (d.kind) {
    case 'constant':
      return f(d.valueMs);
    case 'exp':
      return `exp(${f(d.meanMs)})`;
    case 'uniform':
      return `uniform(${f(d.minMs)}, ${f(d.maxMs)})`;
    case 'normal':
      return `normal(${f(d.meanMs)}, ${f(d.sdMs)})`;
    case 'lognormal':
      return `lognormal(${f(d.medianMs)}, ${f(d.p95Ms)})`;
  }
}

function formatMs(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** The mean of a distribution in ms (for normal, of the untruncated law). */
export function meanMs(d: Distribution): number {
  switch (d.kind) {
    case 'constant':
      return d.valueMs;
    case 'exp':
      return d.meanMs;
    case 'uniform':
      return (d.minMs + d.maxMs) / 2;
    case 'normal':
      return d.meanMs;
    case 'lognormal': {
      const sigma = Math.log(d.p95Ms / d.medianMs) / Z95;
      return d.medianMs * Math.exp((sigma * sigma) / 2);
    }
  }
}

/** Draws integer milliseconds from a distribution. */
export type Sampler = (rng: RandomStream) => number;

/**
 * Compiles a distribution into a sampler. Draws are rounded to whole ms, and
 * normal draws below zero are cut to zero (a duration cannot be negative), so
 * normal(mean, sd) with sd comparable to mean has a mean above `mean`. Draws
 * of the unbounded laws are capped at MAX_DURATION_MS: lognormal(1ms, 3650d)
 * can draw 10^20 ms and more, past what a time can hold as an exact integer;
 * the cap is a thousand horizons away, so no run sees it.
 *
 * Normal and lognormal draws are Box-Muller, one value per two uniforms (no cached second value, so a
 * stream's draws stay easy to reason about): z = sqrt(-2 ln(1 - u1)) cos(2 pi u2), written out in each
 * sampler so that a sampler calls nothing that returns a double (see `drawPair`); it returns whole ms.
 */
export function compileSampler(d: Distribution): Sampler {
  switch (d.kind) {
    case 'constant': {
      const v = d.valueMs;
      return () => v;
    }
    case 'exp': {
      const mean = d.meanMs;
      return (rng) => Math.min(MAX_DURATION_MS, Math.round(-mean * Math.log(1 - rng.next())));
    }
    case 'uniform': {
      const { minMs, maxMs } = d;
      return (rng) => Math.round(minMs + (maxMs - minMs) * rng.next());
    }
    case 'normal': {
      const { meanMs: mean, sdMs } = d;
      return (rng) => {
        drawPair(rng);
        return Math.min(MAX_DURATION_MS, Math.max(0, Math.round(mean + sdMs * (Math.sqrt(-2 * Math.log(1 - PAIR[0])) * Math.cos(2 * Math.PI * PAIR[1])))));
      };
    }
    case 'lognormal': {
      const mu = Math.log(d.medianMs);
      const sigma = Math.log(d.p95Ms / d.medianMs) / Z95;
      return (rng) => {
        drawPair(rng);
        return Math.min(MAX_DURATION_MS, Math.round(Math.exp(mu + sigma * (Math.sqrt(-2 * Math.log(1 - PAIR[0])) * Math.cos(2 * Math.PI * PAIR[1])))));
      };
    }
  }
}

/** The two uniforms of a normal draw, as `drawPair` leaves them. */
const PAIR = new Float64Array(2);

/**
 * Puts a stream's next two draws in PAIR. A function that returns a double and that V8 does not inline
 * (a sampler's caller inlines only so much) boxes it on the heap: the normal draws of a week of the scale
 * scenario's pull variant left 90-130 MB of such boxes. This returns nothing, and an AleaStream fills
 * PAIR without returning either draw.
 */
function drawPair(rng: RandomStream): void {
  if (rng instanceof AleaStream) {
    rng.nextPair(PAIR);
  } else {
    PAIR[0] = rng.next();
    PAIR[1] = rng.next();
  }
}
