/**
 * The scenario file format: the single source of truth for what a file may
 * say, its defaults and the resolved types the simulator runs on.
 *
 * Convention: every custom error message names only what was expected
 * ("a duration like 30s"); the loader adds where it was and what was found.
 */
import { z } from 'zod';
import { DISTRIBUTION_FORMS, type Distribution, DistributionError, parseDistribution } from '../engine/distribution.ts';
import { DURATION_EXAMPLES, DurationError, parseDuration } from '../engine/duration.ts';

/** Run length when a file names none: one week of simulated time (DESIGN.md's example). */
export const DEFAULT_HORIZON = '7d';
/** Enough replications for a usable 95% interval on a mean (t(9) = 2.26). */
export const DEFAULT_REPLICATIONS = 10;
export const DEFAULT_SEED = 1;
/** Kubernetes Deployment defaults (apps/v1). */
export const DEFAULT_REPLICAS = 1;
export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_MAX_UNAVAILABLE = '25%';
/** Creation to Ready without an image pull: the Kubernetes startup objective is p99 < 5s (reference/kubernetes.md). */
export const DEFAULT_POD_STARTUP = 'lognormal(2s, 5s)';
/** Argo CD 3.x: refresh every 120s plus a uniform 0-60s jitter (reference/controllers.md). */
export const DEFAULT_PULL_INTERVAL = '120s';
export const DEFAULT_PULL_JITTER = '60s';
/** A config-repo commit every four hours on average (DESIGN.md's example). */
export const DEFAULT_COMMIT_EVERY = 'exp(4h)';

/** A duration string, resolved to integer milliseconds. */
export const durationSchema = z
  .string({ error: `a duration like ${DURATION_EXAMPLES}` })
  .transform((text, ctx) => {
    try {
      return parseDuration(text);
    } catch (error) {
      if (!(error instanceof DurationError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.expected, input: text });
      return z.NEVER;
    }
  })
  .meta({ description: `A duration: ${DURATION_EXAMPLES}.`, examples: ['500ms', '30s', '2m', '1h30m', '7d'] });

/** A distribution string, resolved to a Distribution. */
export const distributionSchema = z
  .string({ error: `a distribution: ${DISTRIBUTION_FORMS}` })
  .transform((text, ctx): Distribution => {
    try {
      return parseDistribution(text);
    } catch (error) {
      if (!(error instanceof DistributionError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.expected, input: text });
      return z.NEVER;
    }
  })
  .meta({
    description: `A random duration: ${DISTRIBUTION_FORMS}; every parameter is a duration.`,
    examples: ['5s', 'exp(4h)', 'uniform(1s, 5s)', 'normal(30s, 5s)', 'lognormal(8s, 30s)'],
  });

/** Kubernetes IntOrString for maxSurge / maxUnavailable: an integer, or a string that ends in `%`. */
export const intOrPercentSchema = z.union([
  z.int({ error: 'a whole number >= 0 or a percentage like "25%"' }).min(0, {
    error: 'a whole number >= 0 or a percentage like "25%"',
  }),
  z.string().regex(/^\d+%$/, { error: 'a whole number >= 0 or a percentage like "25%" (a string needs the %)' }),
]);

export type IntOrPercent = z.output<typeof intOrPercentSchema>;

const rollingUpdateSchema = z
  .strictObject({
    type: z.literal('RollingUpdate'),
    maxSurge: intOrPercentSchema.default(DEFAULT_MAX_SURGE),
    maxUnavailable: intOrPercentSchema.default(DEFAULT_MAX_UNAVAILABLE),
  })
  .superRefine((s, ctx) => {
    // Kubernetes validation: both zero is rejected, maxUnavailable may not exceed 100%.
    if (isZero(s.maxSurge) && isZero(s.maxUnavailable)) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxUnavailable'],
        message: 'maxSurge and maxUnavailable not both zero (a rollout could never proceed)',
        input: s.maxUnavailable,
      });
    }
    if (typeof s.maxUnavailable === 'string' && Number.parseInt(s.maxUnavailable, 10) > 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxUnavailable'],
        message: 'a percentage no more than 100%',
        input: s.maxUnavailable,
      });
    }
  });

const recreateSchema = z.strictObject({ type: z.literal('Recreate') });

export const strategySchema = z.discriminatedUnion('type', [rollingUpdateSchema, recreateSchema]);
export type Strategy = z.output<typeof strategySchema>;

/** "00%" is zero too (Kubernetes reads the digits as a number). */
function isZero(v: IntOrPercent): boolean {
  return typeof v === 'number' ? v === 0 : Number.parseInt(v, 10) === 0;
}

export const appsSchema = z.strictObject({
  count: z.int().min(1).max(100_000).default(1).meta({ description: 'How many applications (each one Deployment).' }),
  replicas: z.int().min(0).max(10_000).default(DEFAULT_REPLICAS).meta({ description: 'Desired replicas per app.' }),
  image: z
    .string()
    .regex(/^[a-z0-9]+(?:[._\-/][a-z0-9]+)*$/, { error: 'an image repository name like registry.example/shop/api' })
    .default('registry.example/app')
    .meta({ description: 'Image repository; each build is a new digest in it.' }),
  strategy: strategySchema
    .default({ type: 'RollingUpdate', maxSurge: DEFAULT_MAX_SURGE, maxUnavailable: DEFAULT_MAX_UNAVAILABLE })
    .meta({ description: 'Deployment rollout strategy (Kubernetes defaults: RollingUpdate 25%/25%).' }),
});

export const clusterSchema = z.strictObject({
  podStartup: distributionSchema
    .prefault(DEFAULT_POD_STARTUP)
    .meta({ description: 'Time from pod creation to Ready.' }),
});

export const gitSchema = z.strictObject({
  commits: z
    .strictObject({
      every: distributionSchema.prefault(DEFAULT_COMMIT_EVERY).meta({ description: 'Time between config commits.' }),
    })
    .prefault({}),
});

const pushSchema = z
  .strictObject({ type: z.literal('push') })
  .transform(() => ({ type: 'push' as const }))
  .meta({ description: 'CI applies the manifest to the cluster once, at commit time.' });

const pullSchema = z
  .strictObject({
    type: z.literal('pull'),
    interval: durationSchema.prefault(DEFAULT_PULL_INTERVAL).meta({ description: 'Git poll period.' }),
    jitter: durationSchema
      .prefault(DEFAULT_PULL_JITTER)
      .meta({ description: 'Uniform random delay in [0, jitter) added to each poll.' }),
  })
  .transform((p) => ({ type: 'pull' as const, intervalMs: p.interval, jitterMs: p.jitter }))
  .meta({ description: 'A GitOps controller polls Git and applies what changed.' });

export const deliverySchema = z.union([
  z.enum(['push', 'pull']).transform((type) => (type === 'push' ? pushSchema.parse({ type }) : pullSchema.parse({ type }))),
  z.discriminatedUnion('type', [pushSchema, pullSchema]),
]);
export type Delivery = z.output<typeof deliverySchema>;

export const variantSchema = z.strictObject({
  name: z.string().min(1),
  delivery: deliverySchema,
});
export type Variant = z.output<typeof variantSchema>;

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Shown in reports.' }),
    description: z.string().optional(),
    seed: z.union([z.int(), z.string().min(1)]).default(DEFAULT_SEED),
    horizon: durationSchema.prefault(DEFAULT_HORIZON).meta({ description: 'Simulated time per run.' }),
    replications: z.int().min(1).max(10_000).default(DEFAULT_REPLICATIONS),
    apps: appsSchema.prefault({}),
    cluster: clusterSchema.prefault({}),
    git: gitSchema.prefault({}),
    variants: z.array(variantSchema).min(1).meta({ description: 'The delivery setups to compare; the first is the baseline.' }),
  })
  .superRefine((s, ctx) => {
    if (s.horizon <= 0) {
      ctx.addIssue({ code: 'custom', path: ['horizon'], message: 'a duration above zero', input: s.horizon });
    }
    const seen = new Map<string, number>();
    s.variants.forEach((v, i) => {
      if (seen.has(v.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'name'],
          message: `a name not used by another variant (variants.${seen.get(v.name)} has it)`,
          input: v.name,
        });
      }
      seen.set(v.name, i);
    });
  })
  .transform((s) => ({
    name: s.name,
    description: s.description,
    seed: s.seed,
    horizonMs: s.horizon,
    replications: s.replications,
    apps: s.apps,
    cluster: { podStartup: s.cluster.podStartup },
    git: { commitEvery: s.git.commits.every },
    variants: s.variants,
  }));

/** A scenario with every default resolved: what the simulator runs. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as a file writes it. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
