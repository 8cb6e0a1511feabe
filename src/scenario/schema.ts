/**
 * The scenario file format: the single source of truth for what a file may
 * say, its defaults and the resolved types the simulator runs on.
 *
 * Convention: every custom error message names only what was expected
 * ("a duration like 30s"); the loader adds where it was and what was found.
 */
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_DRIFT_ENTRIES,
  MAX_ENVIRONMENTS,
  MAX_HORIZON_MS,
  MAX_NAME_LENGTH,
  MAX_RESOURCES_PER_APP,
  MAX_REPLICATIONS,
  MAX_REVISION_CACHE_EXPIRATION_MS,
  MAX_TIMES,
  MAX_VARIANTS,
  MIN_REVISION_CACHE_EXPIRATION_MS,
} from './limits.ts';
import * as z from 'zod';
import { DISTRIBUTION_FORMS, type Distribution, DistributionError, parseDistribution } from '../engine/distribution.ts';
import { DURATION_EXAMPLES, DurationError, parseDuration } from '../engine/duration.ts';
import type { ArgoCdOptions } from '../delivery/argocd.ts';
import type { FluxOptions } from '../delivery/flux.ts';
import type { ImageAutomationOptions } from '../delivery/imageAutomation.ts';
import type { CiOptions } from '../model/ciPipeline.ts';
import type { ClusterOptions } from '../model/cluster/cluster.ts';
import type { ImageGcPolicy } from '../model/imageCache.ts';
import type { RegistryOptions } from '../model/registry.ts';
import type { PushOptions } from '../delivery/push.ts';
import { ALL_METRICS, type MetricDefinition } from '../metrics/definitions.ts';
import { MAX_EXPRESSIONS_PER_METRIC, parseThreshold, type Threshold, ThresholdError } from '../metrics/thresholds.ts';
import { BYTE_SIZE_EXAMPLES, formatByteSize, parseByteSize } from './byteSize.ts';
import { WEEKDAYS } from '../model/commitPattern.ts';
import { type CommitReplay, REPLAY_CSV_HEADER } from '../model/commitReplay.ts';
import { DEFAULT_GATE, type GatePolicy } from '../model/promotionGate.ts';
import { DEFAULT_RESOURCES_PER_APP } from '../model/deliverySystem.ts';

export { DEFAULT_GATE };

/** Run length when a file names none: one week of simulated time (a week of a team's releases). */
export const DEFAULT_HORIZON = '7d';
/** Enough replications for a usable 95% interval on a mean (t(9) = 2.26). */
export const DEFAULT_REPLICATIONS = 10;
export const DEFAULT_SEED = 1;
/** Kubernetes Deployment defaults (apps/v1). */
export const DEFAULT_REPLICAS = 1;
/** The most replicas an app may have: a bound on a run's cost (docs/limits.md). */
export const MAX_REPLICAS = 10_000;
export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_MAX_UNAVAILABLE = '25%';
/**
 * Creation to Ready without an image pull. Assumed: a 2 s median and a 3.8 s p95, putting the p99 at
 * 4.96 s, just inside the Kubernetes pod startup SLO (p99 <= 5 s, sig-scalability), which ends at
 * containers started, not Ready.
 */
export const DEFAULT_POD_STARTUP = 'lognormal(2s, 3.8s)';
/** Assumption: a code commit every four hours on average. */
export const DEFAULT_COMMIT_EVERY = 'exp(4h)';
/** Kubernetes Deployment defaults (apps/v1). */
export const DEFAULT_MIN_READY_SECONDS = 0;
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** Assumption: a static Go binary on a distroless base image. */
export const DEFAULT_IMAGE_SIZE = '30MB';
/** A small cluster: three nodes (a highly available control plane's worth of workers). */
export const DEFAULT_NODES = 3;
/** kubelet --max-pods default. */
export const DEFAULT_PODS_PER_NODE = 110;
/** Assumption: a node's image filesystem. */
export const DEFAULT_NODE_DISK = '100GB';
/** KubeletConfiguration imageGCHighThresholdPercent / imageGCLowThresholdPercent / imageMinimumGCAge defaults. */
export const DEFAULT_IMAGE_GC_HIGH_THRESHOLD_PERCENT = 85;
export const DEFAULT_IMAGE_GC_LOW_THRESHOLD_PERCENT = 80;
export const DEFAULT_IMAGE_MINIMUM_GC_AGE = '2m';
/** kube-controller-manager --kube-api-qps / --kube-api-burst defaults. */
export const DEFAULT_CONTROLLER_QPS = 20;
export const DEFAULT_CONTROLLER_BURST = 30;
/**
 * Assumption: a pull makes a few HTTPS round trips before the bytes flow
 * (token, manifest, config blob), plus unpacking overhead: about 1 s.
 */
export const DEFAULT_PULL_LATENCY = '1s';
/**
 * Assumption: about 50 MB/s per pull. Node NICs are faster; gzip decompression
 * and unpacking on one core usually bound a pull to tens of MB/s. So a 500 MB
 * image takes about 10 s plus the latency.
 */
export const DEFAULT_PULL_BANDWIDTH = '50MB';
/** Assumption: the transfer time varies uniformly within +-25% of its nominal value. */
export const DEFAULT_PULL_SPREAD = 0.25;
/** Assumption: a small team's pool of concurrent CI runners. */
export const DEFAULT_CI_RUNNERS = 4;
/**
 * A Go service's pipeline. Assumptions, not measurements: a mid-sized service
 * on hosted runners with a warm module cache; failure rates of a team whose
 * changes mostly pass locally. About 13% of builds fail somewhere.
 */
export const GO_SERVICE_STAGES = [
  { name: 'build', duration: 'lognormal(1m, 3m)', failRate: 0.02 },
  // The Go race detector documentation: execution time typically grows 2-20x.
  { name: 'test -race', duration: 'lognormal(4m, 10m)', failRate: 0.05 },
  { name: 'vet', duration: 'lognormal(30s, 1m)', failRate: 0.01 },
  { name: 'lint', duration: 'lognormal(1m, 3m)', failRate: 0.03 },
  // Fails when a newly published vulnerability reaches a called function.
  { name: 'govulncheck', duration: 'lognormal(30s, 1m30s)', failRate: 0.02 },
  { name: 'image build and push', duration: 'lognormal(1m30s, 4m)', failRate: 0.01 },
] as const;
/** Assumption, near the change failure rate of DORA's best-performing teams. */
export const DEFAULT_BAD_RELEASE_RATE = 0.05;
/**
 * No release's manifest is refused unless a scenario says so: upstream has no such rate, and 0 keeps every
 * scenario written before the setting as it ran.
 */
export const DEFAULT_BAD_MANIFEST = 0;
/** Assumption: error-rate alerts fire within minutes, sometimes an hour or more. */
export const DEFAULT_DETECT_AFTER = 'lognormal(15m, 1h)';
/** Assumption: Git providers deliver webhooks within a couple of seconds. */
export const DEFAULT_WEBHOOK_DELAY = '2s';
/** Assumption: Argo Rollouts has no default (a metric without an interval is measured once); its examples mostly use 5m. */
export const DEFAULT_ANALYSIS_INTERVAL = '1m';
/** Flagger's analysis interval default (canary.go AnalysisInterval). */
export const DEFAULT_FLAGGER_INTERVAL = '1m';
/** Flagger runs any shorter analysis interval as 10s (pkg/apis/flagger/v1beta1/canary.go GetAnalysisInterval). */
export const MIN_FLAGGER_INTERVAL_MS = 10_000;
/** Argo Rollouts' scaleDownDelaySeconds default. */
export const DEFAULT_SCALE_DOWN_DELAY = '30s';
/** Three nines: a common availability objective for a user-facing service. */
export const DEFAULT_SLO = 0.999;
/** Production finds every bad release that runs in it, as a run without environments always has. */
export const DEFAULT_PRODUCTION_DETECT_PROBABILITY = 1;
/**
 * Assumption: test and internal traffic before production exercises about
 * half of the faults real users find (no published figure; set it per scenario).
 */
export const DEFAULT_PRE_PRODUCTION_DETECT_PROBABILITY = 0.5;
/** Assumption: an approver looks within an hour, sometimes only the next working day. */
export const DEFAULT_APPROVE_AFTER = 'lognormal(1h, 8h)';
/** Assumption: an office week, Monday to Friday, 9:00 to 17:00, at UTC. */
export const DEFAULT_WORKING_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as const;
export const DEFAULT_WORKING_HOURS: readonly [number, number] = [9, 17];
export const DEFAULT_UTC_OFFSET_HOURS = 0;

/**
 * The shortest polling or analysis interval. Each poll is an event per app, and 0 would poll at one
 * instant for ever (Argo CD reads timeout.reconciliation 0 as "never poll", which is not modelled).
 * Upstream takes any positive duration; a second is faster than anyone polls Git or a metric.
 */
export const MIN_INTERVAL_MS = 1000;
const INTERVAL = 'an interval of at least 1s';
/**
 * The lowest client QPS: a request every 1000 s. Upstream takes any positive float; at 1e-13 a
 * token's wait passes what a time can hold exactly, and nothing this slow is a working client.
 */
export const MIN_QPS = 0.001;
const QPS = 'requests per second, at least 0.001';
/**
 * Workers of one pool at most (controller processors, kubectl parallelism, Flux's --concurrent, CI
 * runners): each is a slot the model keeps, and at 10^9 one day of one app took 136 s and 7.9 GB.
 * As for repoServerParallelism; upstream defaults are 4 to 20.
 */
export const MAX_WORKERS_PER_POOL = 10_000;

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

const BYTE_SIZE_EXPECTED = `a size like ${BYTE_SIZE_EXAMPLES}`;

/** A byte size string (or a whole number of bytes), resolved to bytes. */
export const byteSizeSchema = z
  .union(
    [
      // Each branch says the whole of it: a value that fits neither is described by its branches' messages.
      z.int({ error: BYTE_SIZE_EXPECTED }).min(1, { error: `${BYTE_SIZE_EXPECTED} (at least 1)` }),
      z.string({ error: BYTE_SIZE_EXPECTED }),
    ],
    { error: BYTE_SIZE_EXPECTED },
  )
  .transform((value, ctx) => {
    const bytes = typeof value === 'number' ? value : parseByteSize(value);
    if (bytes === undefined || bytes < 1) {
      ctx.addIssue({ code: 'custom', message: BYTE_SIZE_EXPECTED, input: value });
      return z.NEVER;
    }
    return bytes;
  })
  .meta({ description: `A size: ${BYTE_SIZE_EXAMPLES}.`, examples: ['30MB', '1.5GiB', '100GB'] });

/** A polling or analysis interval: a duration of at least MIN_INTERVAL_MS. */
const intervalSchema = (fallback: string) =>
  durationSchema.prefault(fallback).refine((ms) => ms >= MIN_INTERVAL_MS, { error: INTERVAL });

/** A client's requests per second: at least MIN_QPS. */
const qpsSchema = (fallback: number) =>
  z.number({ error: QPS }).min(MIN_QPS, { error: QPS }).default(fallback);

/** Workers of a pool: 1 to MAX_WORKERS_PER_POOL. */
const poolSchema = (fallback: number) => z.int().min(1).max(MAX_WORKERS_PER_POOL).default(fallback);

/** A probability: a number from 0 to 1. */
export const probabilitySchema = z
  .number({ error: 'a probability from 0 to 1' })
  .min(0, { error: 'a probability from 0 to 1' })
  .max(1, { error: 'a probability from 0 to 1' });

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

const WEIGHT = 'a traffic weight in percent, a whole number from 1 to 100';
const weightSchema = z.int({ error: WEIGHT }).min(1, { error: WEIGHT }).max(100, { error: WEIGHT });

/** Background analysis: a measurement every interval; one failure more than failureLimit aborts. */
const analysisSchema = z
  .strictObject({
    interval: intervalSchema(DEFAULT_ANALYSIS_INTERVAL).meta({ description: 'Time between measurements.' }),
    failureLimit: z.int().min(0).default(0).meta({ description: 'Failed measurements tolerated (Argo Rollouts: failureLimit).' }),
  })
  .transform((a) => ({ intervalMs: a.interval, failureLimit: a.failureLimit }));

/** Argo Rollouts canary steps: `setWeight: 20`, `pause: { duration: 1m }` or `pause: {}` (until promoted). */
const canaryStepSchema = z
  .union([
    z.strictObject({ setWeight: weightSchema }),
    z.strictObject({
      pause: z.strictObject({
        duration: durationSchema.optional().meta({ description: 'Without it, until promoted (by a person, after 10m).' }),
      }),
    }),
  ])
  .transform((step) => ('setWeight' in step ? { setWeight: step.setWeight } : { pauseMs: step.pause.duration ?? null }));

const canarySchema = z
  .strictObject({
    type: z.literal('Canary'),
    steps: z.array(canaryStepSchema).min(1).meta({ description: 'Argo Rollouts canary steps, in order.' }),
    trafficRouting: z
      .boolean()
      .default(false)
      .meta({ description: 'A mesh or ingress splits traffic by weight; without one, weights are replica counts.' }),
    analysis: analysisSchema.prefault({}),
  })
  .meta({ description: 'Argo Rollouts canary: promoted after the last step, aborted when analysis fails.' });

const blueGreenSchema = z
  .strictObject({
    type: z.literal('BlueGreen'),
    scaleDownDelay: durationSchema
      .prefault(DEFAULT_SCALE_DOWN_DELAY)
      .meta({ description: 'How long the old ReplicaSet stays up after the switch (scaleDownDelaySeconds).' }),
    autoPromotion: durationSchema
      .prefault('0s')
      .meta({ description: 'Time from the preview being available to the switch (autoPromotionSeconds).' }),
    prePromotionAnalysis: analysisSchema.optional().meta({ description: 'Analysis of the preview before the switch.' }),
  })
  .transform((b) => ({
    type: b.type,
    scaleDownDelayMs: b.scaleDownDelay,
    autoPromotionMs: b.autoPromotion,
    prePromotionAnalysis: b.prePromotionAnalysis ?? null,
  }));


const flaggerSchema = z
  .strictObject({
    type: z.literal('Flagger'),
    interval: durationSchema
      .prefault(DEFAULT_FLAGGER_INTERVAL)
      // Flagger runs a shorter interval as 10s (canary.go GetAnalysisInterval).
      .transform((ms) => Math.max(ms, MIN_FLAGGER_INTERVAL_MS))
      .meta({ description: 'Time between checks; each step holds one interval; under 10s it is 10s, as Flagger runs it.' }),
    // Flagger requires stepWeight and threshold: 10 and 5 are its tutorial's values (assumptions). Unset, maxWeight
    // is the total weight, 100 (pkg/controller/scheduler.go maxWeight).
    stepWeight: weightSchema.default(10),
    maxWeight: weightSchema.default(100),
    threshold: z.int().min(1).default(5).meta({ description: 'Failed checks that roll back.' }),
  })
  .superRefine((f, ctx) => {
    if (f.stepWeight > f.maxWeight) {
      ctx.addIssue({ code: 'custom', path: ['stepWeight'], message: `a step no larger than maxWeight (${f.maxWeight})`, input: f.stepWeight });
    }
  })
  .transform((f) => ({
    type: f.type,
    intervalMs: f.interval,
    stepWeight: f.stepWeight,
    maxWeight: f.maxWeight,
    threshold: f.threshold,
  }));

export const strategySchema = z.discriminatedUnion('type', [
  rollingUpdateSchema,
  recreateSchema,
  canarySchema,
  blueGreenSchema,
  flaggerSchema,
]);
export type Strategy = z.output<typeof strategySchema>;

/** "00%" is zero too (Kubernetes reads the digits as a number). */
function isZero(v: IntOrPercent): boolean {
  return typeof v === 'number' ? v === 0 : Number.parseInt(v, 10) === 0;
}

/** A Kubernetes kind: upper camel case, at most MAX_NAME_LENGTH characters. */
const KIND = new RegExp(`^[A-Z][A-Za-z0-9]{0,${MAX_NAME_LENGTH - 1}}$`);

export const appsSchema = z
  .strictObject({
  count: z.int().min(1).max(100_000).default(1).meta({ description: 'How many applications (each one Deployment).' }),
  replicas: z.int().min(0).max(MAX_REPLICAS).default(DEFAULT_REPLICAS).meta({ description: 'Desired replicas per app.' }),
  image: z
    .string()
    .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:(?::\d+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+)?$/, {
      error:
        'a lower-case image repository like registry.example/shop/api, without a tag or digest (each build gets its own)',
    })
    .default('registry.example/app')
    .meta({ description: 'Image repository prefix; app i builds into <image>-<i>.' }),
  imageSize: byteSizeSchema.prefault(DEFAULT_IMAGE_SIZE).meta({ description: 'Size of each image.' }),
  strategy: strategySchema
    .default({ type: 'RollingUpdate', maxSurge: DEFAULT_MAX_SURGE, maxUnavailable: DEFAULT_MAX_UNAVAILABLE })
    .meta({ description: 'Deployment rollout strategy (Kubernetes defaults: RollingUpdate 25%/25%).' }),
  minReadySeconds: z.int().min(0).default(DEFAULT_MIN_READY_SECONDS),
  revisionHistoryLimit: z.int().min(0).default(DEFAULT_REVISION_HISTORY_LIMIT),
  progressDeadlineSeconds: z.int().min(1).default(DEFAULT_PROGRESS_DEADLINE_SECONDS),
  resources: z
    .record(z.string(), z.int().min(0).max(MAX_RESOURCES_PER_APP))
    .optional()
    .meta({
      description:
        'Kubernetes objects of each app, by kind and count, like { Deployment: 1, Service: 1, ConfigMap: 3 }; ' +
        'Deployment is 0 or 1 (without one the app has no pods: apps.replicas 0). Default: the Argo CD resourcesPerApp.',
    }),
  })
  .superRefine((a, ctx) => {
  if (a.resources === undefined) return;
  for (const kind of Object.keys(a.resources)) {
    if (!KIND.test(kind)) {
      ctx.addIssue({ code: 'custom', path: ['resources', kind], message: 'a Kubernetes kind like ConfigMap (this key)', input: kind });
    }
  }
  const counts = Object.values(a.resources);
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total < 1 || total > MAX_RESOURCES_PER_APP) {
    ctx.addIssue({ code: 'custom', path: ['resources'], message: `1 to ${MAX_RESOURCES_PER_APP} objects in all`, input: total });
  }
  const deployments = a.resources.Deployment ?? 0;
  if (deployments > 1) {
    ctx.addIssue({ code: 'custom', path: ['resources', 'Deployment'], message: '0 or 1 (an app is at most one Deployment)', input: deployments });
  } else if (deployments === 0 && a.replicas !== 0) {
    ctx.addIssue({ code: 'custom', path: ['replicas'], message: '0 for an app without a Deployment (apps.resources)', input: a.replicas });
  }
  })
  .transform(({ imageSize, ...a }) => ({ ...a, imageSizeBytes: imageSize }));

const PERCENT = 'a whole percentage from 0 to 100';
const percentSchema = z.int({ error: PERCENT }).min(0, { error: PERCENT }).max(100, { error: PERCENT });

/** The kubelet's image garbage collection (KubeletConfiguration), as the kubelet validates it. */
const imageGcSchema = z
  .strictObject({
    highThresholdPercent: percentSchema
      .default(DEFAULT_IMAGE_GC_HIGH_THRESHOLD_PERCENT)
      .meta({ description: 'Disk usage that starts image garbage collection (imageGCHighThresholdPercent).' }),
    lowThresholdPercent: percentSchema
      .default(DEFAULT_IMAGE_GC_LOW_THRESHOLD_PERCENT)
      .meta({ description: 'Disk usage it collects down to (imageGCLowThresholdPercent).' }),
    minimumAge: durationSchema
      .prefault(DEFAULT_IMAGE_MINIMUM_GC_AGE)
      .meta({ description: 'Images newer than this are never collected (imageMinimumGCAge).' }),
  })
  .superRefine((gc, ctx) => {
    if (gc.lowThresholdPercent >= gc.highThresholdPercent) {
      const message = `a percentage below highThresholdPercent (${gc.highThresholdPercent})`;
      ctx.addIssue({ code: 'custom', path: ['lowThresholdPercent'], message, input: gc.lowThresholdPercent });
    }
  })
  .transform(
    (gc): ImageGcPolicy => ({
      highThresholdPercent: gc.highThresholdPercent,
      lowThresholdPercent: gc.lowThresholdPercent,
      minimumAgeMs: gc.minimumAge,
    }),
  )
  .meta({ description: "The kubelet's image garbage collection on every node." });

export const clusterSchema = z
  .strictObject({
  count: z
    .int()
    .min(1)
    .max(1000)
    .default(1)
    .meta({ description: 'Clusters; app i runs in cluster i mod count, each cluster has the nodes below.' }),
  nodes: z.int().min(1).max(100_000).default(DEFAULT_NODES).meta({ description: 'Nodes per cluster.' }),
  podsPerNode: z.int().min(1).max(1000).default(DEFAULT_PODS_PER_NODE).meta({ description: 'kubelet max-pods.' }),
  nodeDisk: byteSizeSchema.prefault(DEFAULT_NODE_DISK).meta({ description: "Each node's image store." }),
  podStartup: distributionSchema
    .prefault(DEFAULT_POD_STARTUP)
    .meta({ description: 'Container start to Ready, the image already on the node.' }),
  controllerManager: z
    .strictObject({
      qps: qpsSchema(DEFAULT_CONTROLLER_QPS),
      burst: z.int().min(1).default(DEFAULT_CONTROLLER_BURST),
    })
    .prefault({})
    .meta({ description: 'Client limits of the ReplicaSet and Deployment controllers.' }),
  imageGc: imageGcSchema.prefault({}),
  })
  .transform((c): ClusterOptions & { readonly count: number } => ({
    count: c.count,
    nodes: c.nodes,
    podsPerNode: c.podsPerNode,
    nodeDiskBytes: c.nodeDisk,
    podStartup: c.podStartup,
    controllerManager: c.controllerManager,
    imageGc: c.imageGc,
  }));

const SPREAD = 'a spread from 0 to less than 1 (0.25 is +-25%)';

export const registrySchema = z
  .strictObject({
    pullLatency: durationSchema.prefault(DEFAULT_PULL_LATENCY).meta({ description: 'Round trips of a pull.' }),
    pullBandwidth: byteSizeSchema.prefault(DEFAULT_PULL_BANDWIDTH).meta({ description: 'Bytes per second of a pull.' }),
    pullSpread: z
      .number({ error: SPREAD })
      .min(0, { error: SPREAD })
      .lt(1, { error: SPREAD })
      .default(DEFAULT_PULL_SPREAD)
      .meta({ description: 'The transfer time of a pull varies uniformly within +-spread of size / bandwidth.' }),
  })
  .transform(
    (r): RegistryOptions => ({
      pullLatencyMs: r.pullLatency,
      pullBandwidthBytesPerSecond: r.pullBandwidth,
      pullSpread: r.pullSpread,
    }),
  );

export const ciStageSchema = z.strictObject({
  name: z.string().min(1).max(MAX_NAME_LENGTH),
  duration: distributionSchema,
  failRate: probabilitySchema.default(0),
});

const HOUR = 'an hour of the day from 0 to 24';
const hourSchema = z.number({ error: HOUR }).min(0, { error: HOUR }).max(24, { error: HOUR });

/** Working days and hours: commits drawn at `every` inside them, a share `outside` of that rate outside. */
const weeklySchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1).default(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']),
    hours: z.tuple([hourSchema, hourSchema]).meta({ description: '[from, to): hours of the day, like [9, 18].' }),
    outside: probabilitySchema.default(0).meta({ description: 'The rate outside the window, as a share of the rate inside.' }),
  })
  .superRefine((w, ctx) => {
    if (w.hours[0] >= w.hours[1]) {
      ctx.addIssue({ code: 'custom', path: ['hours', 1], message: `an hour after ${w.hours[0]}`, input: w.hours[1] });
    }
  })
  .meta({ description: 'A weekly working window; the run starts on a Monday at 00:00.' });

/** Commit times replayed from a CSV beside the scenario (written by `gitops-sim import --git`). */
export const commitReplaySchema = z
  .strictObject({
    replay: z
      .string({ error: 'a CSV file name, relative to the scenario file' })
      .min(1, { error: 'a CSV file name, relative to the scenario file' })
      .meta({ description: `CSV with a header ${REPLAY_CSV_HEADER}: an app name and a time since the start per row.` }),
    apps: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({ description: 'App names in app order (one per app); default app-1, app-2, ...' }),
  })
  .meta({ description: 'Replay recorded commit times instead of drawing them.' });

export const ciSchema = z
  .strictObject({
  commits: z
    .union([
      z.strictObject({
        every: distributionSchema
          .prefault(DEFAULT_COMMIT_EVERY)
          .meta({ description: 'Time between code commits (inside the weekly window, when there is one).' }),
        weekly: weeklySchema.optional(),
        shares: z
          .array(z.number().min(0))
          .min(1)
          .optional()
          .meta({ description: 'Share of the commits per app, in app order (one per app); default equal.' }),
      }),
      commitReplaySchema,
    ])
    .prefault({}),
  runners: poolSchema(DEFAULT_CI_RUNNERS),
  stages: z
    .array(ciStageSchema)
    .min(1)
    .prefault(GO_SERVICE_STAGES.map((stage) => ({ ...stage })))
    .meta({ description: "Defaults to a Go service's pipeline: build, test -race, vet, lint, govulncheck, image." }),
  tag: z.enum(['version', 'latest']).default('version').meta({ description: 'The tag each build is pushed under.' }),
  badRelease: probabilitySchema.default(DEFAULT_BAD_RELEASE_RATE).meta({ description: 'Share of releases that are bad.' }),
  badManifest: probabilitySchema
    .default(DEFAULT_BAD_MANIFEST)
    .meta({
      description:
        "Share of releases whose manifest the cluster refuses at every apply (an invalid field, an admission policy): every delivery attempt of that commit fails, until a newer commit of the app replaces it.",
    }),
  detectAfter: distributionSchema.prefault(DEFAULT_DETECT_AFTER).meta({ description: 'Time to find a bad release.' }),
  })
  .transform(({ commits, tag, badRelease, ...c }) => {
    const options: CiOptions = {
      runners: c.runners,
      stages: c.stages,
      tagPolicy: tag,
      badReleaseRate: badRelease,
      badManifest: c.badManifest,
      detectAfter: c.detectAfter,
    };
    return { commits, ...options };
  });

export const gitSchema = z.strictObject({
  // One config repository for every app is what the model always had: a single Git history.
  layout: z
    .enum(['shared', 'perApp'])
    .default('shared')
    .meta({
      description:
        'shared: one config repository for every app (a commit to any app moves the revision all apps compare against); perApp: a repository per app.',
    }),
  webhookDelay: durationSchema.prefault(DEFAULT_WEBHOOK_DELAY).meta({ description: 'Push to webhook delivery.' }),
  massChanges: z
    .array(durationSchema)
    .max(MAX_TIMES)
    .default([])
    .meta({ description: 'Times of a commit to every app at once (a base image bump), for capacity experiments.' }),
  // Optional (defaulted with environments only), so a scenario without environments resolves as it always has.
  environments: z
    .enum(['repositories', 'folders'])
    .optional()
    .meta({
      description:
        'With environments: a config repository per environment (default), or one repository with a folder (or branch) per environment.',
    }),
});

/** A repository per environment: the layout where one environment's commits cost another nothing. */
export const DEFAULT_ENVIRONMENT_REPOSITORIES = 'repositories';

/**
 * A push deploy job's defaults. The CI systems publish no figure for a job's
 * start-up, so it is an assumption; the client and request figures are
 * upstream's (src/delivery/push.ts, docs/calibration.md).
 */
export const PUSH_PROFILE = {
  /**
   * Assumption: a fresh VM or container per job (GitHub-hosted runners start
   * one for every job), then checkout, kubectl and cluster credentials. No
   * upstream figure exists; a hosted-runner vendor quotes 15-60s for the
   * machine alone.
   */
  startupTime: 'lognormal(30s, 1m30s)',
  /** Assumption: a runner outside the cluster's network, a round trip across regions to the API server. */
  apiLatency: 'lognormal(50ms, 200ms)',
  /** client-go rest/config.go DefaultQPS 5, DefaultBurst 10: kubectl sets no QPS for ordinary requests. */
  qps: 5,
  burst: 10,
  /** GitLab CI `retry` defaults to 0 and GitHub Actions re-runs nothing by itself. */
  retries: 0,
  /** Assumption: the usual "re-run job" of the known-good release's deploy job. */
  rerun: 'deploy',
} as const;

const pushSchema = z
  .strictObject({
    type: z.literal('push'),
    startupTime: distributionSchema
      .prefault(PUSH_PROFILE.startupTime)
      .meta({ description: 'A runner taking the deploy job to its first request (machine, checkout, tools, credentials).' }),
    apiLatency: distributionSchema
      .prefault(PUSH_PROFILE.apiLatency)
      .meta({ description: 'Round trip of one request from the runner to the API server.' }),
    resourcesPerApp: z
      .int()
      .min(1)
      .max(10_000)
      .default(DEFAULT_RESOURCES_PER_APP)
      .meta({ description: 'Kubernetes objects `kubectl apply` applies per deploy (assumption, as for Argo CD).' }),
    serverSide: z.boolean().default(false).meta({ description: '`kubectl apply --server-side`: one PATCH per object.' }),
    qps: qpsSchema(PUSH_PROFILE.qps).meta({ description: "kubectl's client QPS (a fresh bucket per object)." }),
    burst: z.int().min(1).default(PUSH_PROFILE.burst),
    failRate: probabilitySchema.default(0).meta({ description: 'Share of deploy job attempts that fail.' }),
    retries: z
      .int()
      .min(0)
      .max(10)
      .default(PUSH_PROFILE.retries)
      .meta({ description: 'Re-runs of a failed deploy job before the deploy is given up.' }),
    rerun: z
      .enum(['deploy', 'buildAndDeploy'])
      .default(PUSH_PROFILE.rerun)
      .meta({ description: 'What a rollback by re-run runs: the deploy job alone, or build and deploy.' }),
  })
  .transform(
    (p): PushOptions & { readonly type: 'push' } => ({
      type: p.type,
      startupTime: p.startupTime,
      apiLatency: p.apiLatency,
      resourcesPerApp: p.resourcesPerApp,
      serverSide: p.serverSide,
      qps: p.qps,
      burst: p.burst,
      failRate: p.failRate,
      retries: p.retries,
      rerun: p.rerun,
    }),
  )
  .meta({
    description:
      'A CI deploy job per commit: it waits for a CI runner (the builds\' pool), starts, runs kubectl apply, may fail and retry.',
  });

/**
 * Argo CD 3.x defaults (argo-cd docs, operator manual: argocd-cm.yaml and
 * argocd-cmd-params-cm.yaml), except autoSync: see below. Durations as a file
 * writes them.
 */
export const ARGOCD_PROFILE = {
  /** argocd-cm timeout.reconciliation: 120s since v3.0 (180s before). */
  interval: '120s',
  /** argocd-cm timeout.reconciliation.jitter: 60s. */
  jitter: '60s',
  /**
   * argocd-repo-server --revision-cache-expiration: 3m, or ARGOCD_RECONCILIATION_TIMEOUT when set
   * (argo-cd reposerver/cache/cache.go AddCacheFlagsToCmd); the stock manifests set that variable from
   * argocd-cm timeout.reconciliation, which is unset by default
   * (manifests/base/repo-server/argocd-repo-server-deployment.yaml).
   */
  revisionCacheExpiration: '3m',
  /** Assumption: the docs say a live change triggers a refresh "within seconds". */
  watchDelay: '1s',
  /**
   * Assumption: `helm template` or `kustomize build` of a small app on the
   * repo-server; upstream has no figure, this is the value every bundled
   * scenario has run with.
   */
  renderTime: 'lognormal(500ms, 2s)',
  /** Assumption: a diff of a handful of objects in the controller (same remark). */
  compareTime: 'lognormal(20ms, 100ms)',
  /** argocd-application-controller --status-processors 20, --operation-processors 10. */
  statusProcessors: 20,
  operationProcessors: 10,
  /** argocd-application-controller --kubectl-parallelism-limit 20. */
  kubectlParallelism: 20,
  /** ARGOCD_K8S_CLIENT_QPS: K8sClientConfigQPS = 50 (argo-cd pkg/apis/application/v1alpha1/cluster_constants.go). */
  qps: 50,
  /** ARGOCD_K8S_CLIENT_BURST: K8sClientConfigBurst = 100 (argo-cd pkg/apis/application/v1alpha1/cluster_constants.go). */
  burst: 100,
  resourcesPerApp: DEFAULT_RESOURCES_PER_APP,
  /** Assumption: an apply round trip inside the cluster. */
  apiLatency: 'lognormal(20ms, 100ms)',
  /** No hooks unless a scenario has them. */
  hookTime: '0s',
  /**
   * argo-cd manifests/base/repo-server/argocd-repo-server-deployment.yaml sets no
   * replicas: 1 (the HA manifests run 2).
   */
  repoServerReplicas: 1,
  /**
   * argocd-repo-server --parallelismlimit: code default 0, unlimited
   * (cmd/argocd-repo-server/commands/argocd_repo_server.go); the semaphore is
   * taken only for a manifest generation (reposerver/repository/repository.go runRepoOperation).
   */
  repoServerParallelism: 0,
} as const;

export const argocdSchema = z
  .strictObject({
    type: z.literal('pull'),
    profile: z.literal('argocd').optional(),
    interval: intervalSchema(ARGOCD_PROFILE.interval)
      .meta({ description: 'Resync of every app; an app whose last Git poll is older than this polls again.' }),
    jitter: durationSchema
      .prefault(ARGOCD_PROFILE.jitter)
      .meta({ description: "Uniform random delay in [0, jitter) of each app's resync." }),
    revisionCacheExpiration: durationSchema
      .prefault(ARGOCD_PROFILE.revisionCacheExpiration)
      .refine((ms) => ms >= MIN_REVISION_CACHE_EXPIRATION_MS && ms <= MAX_REVISION_CACHE_EXPIRATION_MS, {
        error: 'at least 1s and at most 1d',
      })
      .meta({
        description:
          "How long the repo-server keeps a repository's Git refs: a periodic refresh sees a commit only once they expired. Upstream's manifests set it to timeout.reconciliation when that is set.",
      }),
    webhook: z.boolean().default(false).meta({ description: 'Git webhooks trigger an immediate refresh.' }),
    // Argo CD's own default is off; a pull variant exists to deploy, so the scenario default is on.
    autoSync: z.boolean().default(true),
    selfHeal: z.boolean().default(false).meta({ description: 'Undo live changes (first heal at once, then 2s x3 up to 300s).' }),
    watchDelay: durationSchema.prefault(ARGOCD_PROFILE.watchDelay).meta({ description: 'Live change to refresh.' }),
    renderTime: distributionSchema.prefault(ARGOCD_PROFILE.renderTime).meta({ description: 'Render manifests after a new commit.' }),
    compareTime: distributionSchema.prefault(ARGOCD_PROFILE.compareTime).meta({ description: 'Compare with cached manifests.' }),
    statusProcessors: poolSchema(ARGOCD_PROFILE.statusProcessors),
    operationProcessors: poolSchema(ARGOCD_PROFILE.operationProcessors),
    kubectlParallelism: poolSchema(ARGOCD_PROFILE.kubectlParallelism),
    qps: qpsSchema(ARGOCD_PROFILE.qps),
    burst: z.int().min(1).default(ARGOCD_PROFILE.burst),
    resourcesPerApp: z
      .int()
      .min(1)
      .max(10_000)
      .default(ARGOCD_PROFILE.resourcesPerApp)
      .meta({ description: 'Kubernetes objects applied per sync (assumption).' }),
    apiLatency: distributionSchema
      .prefault(ARGOCD_PROFILE.apiLatency)
      .meta({ description: 'From a request leaving the controller to it landing on the API server.' }),
    hookTime: distributionSchema
      .prefault(ARGOCD_PROFILE.hookTime)
      .meta({ description: 'Sync hooks and health waits: time a sync holds its operation processor after applying.' }),
    shards: z
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .meta({ description: 'Controller shards; Argo CD shards by cluster (cluster i goes to shard i mod shards).' }),
    syncFailRate: probabilitySchema.default(0),
    repoServerReplicas: z
      .int()
      .min(1)
      .max(1000)
      .default(ARGOCD_PROFILE.repoServerReplicas)
      .meta({ description: 'argocd-repo-server replicas.' }),
    repoServerParallelism: z
      .int()
      .min(0)
      .max(10_000)
      .default(ARGOCD_PROFILE.repoServerParallelism)
      .meta({ description: 'Manifest generations at once per repo-server replica (--parallelismlimit); 0: unlimited.' }),
    // The argocd.argoproj.io/manifest-generate-paths annotation is opt-in (docs/operator-manual/high_availability.md).
    manifestGeneratePaths: z
      .boolean()
      .default(false)
      .meta({
        description:
          "Each app carries the argocd.argoproj.io/manifest-generate-paths annotation for its own folder: another app's commit neither invalidates its manifests nor counts as a new revision for auto-sync.",
      }),
  })
  .transform(
    (o): ArgoCdOptions & { readonly type: 'pull'; readonly profile: 'argocd'; readonly shards: number } => ({
      type: o.type,
      profile: 'argocd',
      intervalMs: o.interval,
      jitterMs: o.jitter,
      revisionCacheExpirationMs: o.revisionCacheExpiration,
      webhook: o.webhook,
      autoSync: o.autoSync,
      selfHeal: o.selfHeal,
      watchDelayMs: o.watchDelay,
      renderTime: o.renderTime,
      compareTime: o.compareTime,
      statusProcessors: o.statusProcessors,
      operationProcessors: o.operationProcessors,
      kubectlParallelism: o.kubectlParallelism,
      qps: o.qps,
      burst: o.burst,
      resourcesPerApp: o.resourcesPerApp,
      apiLatency: o.apiLatency,
      hookTime: o.hookTime,
      shards: o.shards,
      syncFailRate: o.syncFailRate,
      repoServerReplicas: o.repoServerReplicas,
      repoServerParallelism: o.repoServerParallelism,
      manifestGeneratePaths: o.manifestGeneratePaths,
    }),
  )
  .meta({ description: 'An Argo CD-like controller (the default profile): refresh, compare, auto-sync, self-heal.' });

/** Flux's jitter is a share of the interval, not a duration like Argo CD's. */
const FRACTION = 'a fraction of the interval from 0 to less than 1 (0.05 is +-5%)';

/** Flux 2.x defaults as `flux bootstrap` writes them and as its controllers start (fluxcd.io docs). */
export const FLUX_PROFILE = {
  /** `flux bootstrap` writes a 1m GitRepository and a 10m Kustomization. */
  sourceInterval: '1m',
  interval: '10m',
  /** Flux controllers' --interval-jitter-percentage default: 5. */
  jitter: 0.05,
  /** kustomize-controller --concurrent default. */
  concurrent: 4,
  /** Assumption: kustomize build plus a server-side dry-run and apply of a small app. */
  applyTime: 'lognormal(2s, 8s)',
  /** Kustomization `.spec.wait` is off unless set (`flux bootstrap` and many app Kustomizations set it). */
  wait: false,
} as const;

export const fluxSchema = z
  .strictObject({
    type: z.literal('pull'),
    profile: z.literal('flux'),
    sourceInterval: intervalSchema(FLUX_PROFILE.sourceInterval).meta({ description: 'GitRepository interval.' }),
    interval: intervalSchema(FLUX_PROFILE.interval).meta({ description: 'Kustomization interval: reconciled (and drift corrected) at least this often; also at each new source revision.' }),
    jitter: z
      .number({ error: FRACTION })
      .min(0, { error: FRACTION })
      .lt(1, { error: FRACTION })
      .default(FLUX_PROFILE.jitter)
      .meta({ description: 'Fraction of each interval, +-.' }),
    retryInterval: durationSchema
      .refine((ms) => ms >= MIN_INTERVAL_MS, { error: INTERVAL })
      .optional()
      .meta({ description: 'Defaults to the interval.' }),
    timeout: durationSchema.optional().meta({ description: 'Defaults to interval - 30s, at least 30s.' }),
    concurrent: poolSchema(FLUX_PROFILE.concurrent).meta({ description: 'kustomize-controller --concurrent.' }),
    webhook: z.boolean().default(false).meta({ description: 'A Receiver triggers the source at once.' }),
    wait: z
      .boolean()
      .default(FLUX_PROFILE.wait)
      .meta({ description: 'Kustomization .spec.wait: each reconcile holds its worker until the rollout is ready, at most the timeout.' }),
    applyTime: distributionSchema.prefault(FLUX_PROFILE.applyTime).meta({ description: 'Build, diff and apply one Kustomization.' }),
    failRate: probabilitySchema.default(0),
  })
  .transform(
    (f): FluxOptions & { readonly type: 'pull'; readonly profile: 'flux' } => ({
      type: f.type,
      profile: f.profile,
      sourceIntervalMs: f.sourceInterval,
      intervalMs: f.interval,
      jitterFraction: f.jitter,
      // Kustomization .spec.retryInterval defaults to .spec.interval; .spec.timeout to interval - 30s, at least 30s.
      retryIntervalMs: f.retryInterval ?? f.interval,
      timeoutMs: f.timeout ?? Math.max(f.interval - 30_000, 30_000),
      concurrent: f.concurrent,
      webhook: f.webhook,
      wait: f.wait,
      applyTime: f.applyTime,
      failRate: f.failRate,
    }),
  )
  .meta({ description: 'A Flux-like controller: GitRepository and a Kustomization per app.' });

export const deliverySchema = z.union([
  z
    .enum(['push', 'pull'])
    .transform((type) => (type === 'push' ? pushSchema.parse({ type }) : argocdSchema.parse({ type }))),
  z.discriminatedUnion('type', [pushSchema, z.discriminatedUnion('profile', [argocdSchema, fluxSchema])]),
]);
export type Delivery = z.output<typeof deliverySchema>;

/** One environment of `environments`: its own clusters, replicas, delivery and detection of bad releases. */
export const environmentSchema = z
  .strictObject({
    name: z.string().min(1).max(MAX_NAME_LENGTH).meta({ description: 'Shown in reports; promotion gates name it.' }),
    cluster: clusterSchema.optional().meta({ description: "This environment's clusters; default the scenario's cluster." }),
    replicas: z.int().min(0).max(10_000).optional().meta({ description: 'Replicas of each app here; default apps.replicas.' }),
    delivery: deliverySchema.optional().meta({ description: "How Git reaches this environment's clusters; default the variant's." }),
    detect: z
      .strictObject({
        probability: probabilitySchema
          .optional()
          .meta({ description: 'Share of the bad releases running here that are found here (default 1 in production, 0.5 before).' }),
        after: distributionSchema.optional().meta({ description: 'Time from running here to being found; default ci.detectAfter.' }),
      })
      .prefault({}),
  })
  .meta({ description: 'An environment (dev, staging, production): releases go through them in order.' });
export type EnvironmentInput = z.output<typeof environmentSchema>;

/** Flux image automation defaults (fluxcd.io docs). */
export const IMAGE_AUTOMATION_PROFILE = {
  /** The Flux image automation guide's examples: registry scanned every 5m, automation every 30m. */
  scanInterval: '5m',
  commitInterval: '30m',
} as const;

export const imageAutomationSchema = z
  .strictObject({
    scanInterval: durationSchema
      .prefault(IMAGE_AUTOMATION_PROFILE.scanInterval)
      .refine((ms) => ms > 0, { error: 'a duration above zero' })
      .meta({ description: 'ImageRepository scan interval.' }),
    commitInterval: durationSchema
      .prefault(IMAGE_AUTOMATION_PROFILE.commitInterval)
      .refine((ms) => ms > 0, { error: 'a duration above zero' })
      .meta({ description: 'ImageUpdateAutomation interval.' }),
    policy: z.enum(['semver', 'numerical', 'alphabetical']).default('semver'),
    reflectDigest: z.boolean().default(false).meta({ description: 'Write the digest too, so a moved tag is seen.' }),
    jitter: z
      .number({ error: FRACTION })
      .min(0, { error: FRACTION })
      .lt(1, { error: FRACTION })
      .default(FLUX_PROFILE.jitter)
      .meta({ description: 'Fraction of each interval, +-.' }),
    // image-automation-controller watches ImagePolicy objects (PR #639 added predicates to that watch); off, the
    // automation runs at its interval as the Flux image automation guide describes it.
    watchPolicies: z.boolean().default(false).meta({ description: 'Run the automation as soon as a pick changes too.' }),
  })
  .transform(
    (a): ImageAutomationOptions => ({
      scanIntervalMs: a.scanInterval,
      commitIntervalMs: a.commitInterval,
      policy: a.policy,
      reflectDigest: a.reflectDigest,
      jitterFraction: a.jitter,
      watchPolicies: a.watchPolicies,
    }),
  )
  .meta({ description: 'Flux image automation commits new images to Git instead of CI.' });

/** One threshold expression of `metric`, resolved to a Threshold. */
function thresholdExpressionSchema(metric: MetricDefinition) {
  return z.string({ error: `an expression like "< 5m" or "> 0.999"` }).transform((text, ctx): Threshold => {
    try {
      return parseThreshold(metric, text);
    } catch (error) {
      if (!(error instanceof ThresholdError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.expected, input: text });
      return z.NEVER;
    }
  });
}

/** A metric's thresholds: one expression or a list (one expression schema serves both: a schema per metric is start-up time). */
function thresholdEntrySchema(metric: MetricDefinition) {
  const expression = thresholdExpressionSchema(metric);
  return z
    .union([expression, z.array(expression).min(1).max(MAX_EXPRESSIONS_PER_METRIC)])
    .optional()
    .meta({ description: `${metric.description} (${metric.unit}).` });
}

/**
 * Pass/fail criteria as k6 writes them: a metric name (metrics/definitions.ts)
 * and an expression, or a list of them. Judged on the metric's 95% interval.
 */
export const thresholdsSchema = z
  .strictObject(
    Object.fromEntries(ALL_METRICS.map((m) => [m.name, thresholdEntrySchema(m)])) as Record<
      string,
      ReturnType<typeof thresholdEntrySchema>
    >,
  )
  .transform((t): Threshold[] => Object.values(t).flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])))
  .meta({
    description:
      'Pass/fail criteria per metric, as k6 writes them: convergenceP95Ms: "< 5m", correctness: "> 0.999". ' +
      'A threshold is missed when the 95% interval lies wholly on the wrong side; `run` then exits 1.',
  });

const UTC_OFFSET = 'an offset from UTC in hours from -12 to 14, like 1 or -5 or 5.5';

/** A person's working week (model/workingHours.ts); simulated time 0 is Monday 00:00 UTC. */
const workingHoursSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7).default([...DEFAULT_WORKING_DAYS]),
    hours: z
      .tuple([hourSchema, hourSchema])
      .default([...DEFAULT_WORKING_HOURS])
      .meta({ description: '[from, to): local hours of the day, like [9, 17].' }),
    utcOffset: z
      .number({ error: UTC_OFFSET })
      .min(-12, { error: UTC_OFFSET })
      .max(14, { error: UTC_OFFSET })
      .default(DEFAULT_UTC_OFFSET_HOURS)
      .meta({ description: 'The time zone as local time minus UTC, in hours (no daylight saving time).' }),
  })
  .superRefine((w, ctx) => {
    // At least a minute of work a day, so a delay of working time always ends (whole milliseconds).
    if (w.hours[1] - w.hours[0] < 1 / 60) {
      const message = `an hour at least a minute after ${w.hours[0]}`;
      ctx.addIssue({ code: 'custom', path: ['hours', 1], message, input: w.hours[1] });
    }
  })
  .transform((w) => ({ days: w.days, hours: w.hours, utcOffsetHours: w.utcOffset }));

/** The gate into an environment: automatic (continuous deployment) or a person's approval (continuous delivery). */
export const gateSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('auto'),
      soak: durationSchema.prefault('0s').meta({ description: 'Time a healthy release stays before it goes on.' }),
    }),
    z.strictObject({
      type: z.literal('manual'),
      approveAfter: distributionSchema
        .prefault(DEFAULT_APPROVE_AFTER)
        .meta({ description: 'Working time from a release waiting (none pending) to the approval.' }),
      workingHours: workingHoursSchema.prefault({}),
      batch: z.boolean().default(true).meta({ description: 'An approval promotes every release waiting, not only the oldest.' }),
    }),
  ])
  .transform(
    (g): GatePolicy =>
      g.type === 'auto'
        ? { type: 'auto', soakMs: g.soak }
        : { type: 'manual', approveAfter: g.approveAfter, workingHours: g.workingHours, batch: g.batch },
  )
  .meta({ description: 'How a release healthy in the environment before goes on to this one.' });

/** A pull system (Argo CD, Flux) has no deploy job to re-run: the rollbacks it has. */
const PULL_ROLLBACKS = 'revert, undo, pause or none under pull delivery (rerun re-runs a push deploy job; a pull system has none)';
/** Push has no controller to pause: the rollbacks it has. */
const PUSH_ROLLBACKS = 'rerun, revert, undo or none under push delivery (pause stops a pull controller; push has none, undo is its equivalent)';

export const variantSchema = z
  .strictObject({
    name: z.string().min(1).max(MAX_NAME_LENGTH),
    delivery: deliverySchema,
    imageRef: z
      .enum(['digest', 'tag'])
      .default('digest')
      .meta({ description: 'How manifests in Git name the image: its immutable digest or its (mutable) tag.' }),
    rollback: z
      .enum(['revert', 'rerun', 'undo', 'pause', 'none'])
      .optional()
      .meta({
        description:
          'How a bad release is rolled back; default revert (pull) or rerun (push). rerun is push only; pause (auto-sync off or Kustomization suspended, then the known-good release deployed, until the fix is committed) is pull only.',
      }),
    imageAutomation: imageAutomationSchema.optional(),
    promotion: z
      .record(z.string(), gateSchema)
      .optional()
      .meta({
        description:
          'Per environment (by name, any but the first) the gate into it; default auto without soak (continuous deployment).',
      }),
    strategy: strategySchema
      .optional()
      .meta({ description: 'Rollout strategy of this variant; default apps.strategy. Compares strategies on the same releases.' }),
    thresholds: thresholdsSchema
      .optional()
      .meta({ description: "This variant's thresholds; they replace the scenario's for the same metric." }),
    // Left out when not given (variantStrategy resolves it), so summaries of existing scenarios stay as they were.
  })
  .superRefine((v, ctx) => {
    if (v.rollback === 'rerun' && v.delivery.type === 'pull') {
      ctx.addIssue({ code: 'custom', path: ['rollback'], message: PULL_ROLLBACKS, input: v.rollback });
    }
    if (v.rollback === 'pause' && v.delivery.type === 'push') {
      ctx.addIssue({ code: 'custom', path: ['rollback'], message: PUSH_ROLLBACKS, input: v.rollback });
    }
  })
  .transform((v) => ({ ...v, rollback: v.rollback ?? (v.delivery.type === 'push' ? ('rerun' as const) : ('revert' as const)) }));
export type Variant = z.output<typeof variantSchema>;

export { variantStrategy } from './variantStrategy.ts';

/**
 * Keys that have moved, by old dotted path (`*` for any list index) to new
 * one: the loader names the new place when a file still uses the old.
 */
export const MOVED_KEYS: Readonly<Record<string, string>> = {
  'git.commits': 'ci.commits',
  // Every disturbance is declared (and recorded) one way: as a drift entry.
  'cluster.nodeFailures': 'drift, as - { kind: nodeFailure, every: ..., downFor: ... }',
  'cluster.podCrashes': 'drift, as - { kind: podCrash, every: ... }',
  'registry.outages': 'drift, as - { kind: registryOutage, every: ..., downFor: ... }',
  'git.outages': 'drift, as - { kind: gitOutage, every: ..., downFor: ... }',
};

/** When a drift happens: at random intervals, or at fixed times since the start. */
const driftTiming = {
  every: distributionSchema.optional().meta({ description: 'Time between events.' }),
  at: z.array(durationSchema).min(1).max(MAX_TIMES).optional().meta({ description: 'Fixed times since the start.' }),
};
const withDowntime = { downFor: distributionSchema.meta({ description: 'How long it lasts.' }) };

const driftSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('manualScale'), ...driftTiming }),
    z.strictObject({ kind: z.literal('manualImage'), ...driftTiming }),
    z.strictObject({ kind: z.literal('deleteResource'), ...driftTiming }),
    z.strictObject({
      kind: z.literal('hpa'),
      ...driftTiming,
      // As apps.replicas: each replica is pods to schedule, start and count.
      min: z.int().min(0).max(MAX_REPLICAS).meta({ description: 'Fewest replicas the autoscaler sets.' }),
      max: z.int().min(1).max(MAX_REPLICAS).meta({ description: 'Most replicas the autoscaler sets.' }),
    }),
    z.strictObject({ kind: z.literal('podCrash'), ...driftTiming }),
    z.strictObject({ kind: z.literal('nodeFailure'), ...driftTiming, ...withDowntime }),
    z.strictObject({ kind: z.literal('tagMoved'), ...driftTiming }),
    z.strictObject({ kind: z.literal('controllerOutage'), ...driftTiming, ...withDowntime }),
    z.strictObject({ kind: z.literal('gitOutage'), ...driftTiming, ...withDowntime }),
    z.strictObject({ kind: z.literal('registryOutage'), ...driftTiming, ...withDowntime }),
  ])
  .superRefine((d, ctx) => {
    if (d.every === undefined && d.at === undefined) {
      ctx.addIssue({ code: 'custom', path: ['every'], message: 'a distribution, or a list of times under at instead', input: d.every });
    }
    if (d.every !== undefined && d.at !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['at'], message: 'either every or at, not both', input: d.at });
    }
    if (d.kind === 'hpa' && d.min > d.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: `a minimum no larger than max (${d.max})`, input: d.min });
    }
  });
export type DriftEntry = z.output<typeof driftSchema>;

const RATE = 'requests per second, a number above 0';
const AMPLITUDE = 'an amplitude from 0 to 1 (0.5 swings the rate +-50%)';
const PEAK_HOUR = 'an hour of the day from 0 to less than 24, like 14';
const SLO = 'an availability objective from 0 to less than 1, like 0.999 (1 leaves no error budget)';

export const trafficSchema = z
  .strictObject({
    rate: z
      .number({ error: RATE })
      .gt(0, { error: RATE })
      .meta({ description: 'Mean requests per second to each app.' }),
    dailyPattern: z
      .strictObject({
        amplitude: z.number({ error: AMPLITUDE }).min(0, { error: AMPLITUDE }).max(1, { error: AMPLITUDE }),
        peakHour: z.number({ error: PEAK_HOUR }).min(0, { error: PEAK_HOUR }).lt(24, { error: PEAK_HOUR }),
      })
      .optional()
      .meta({
        description:
          'rate x (1 + amplitude x cos(2 pi (t - peakHour) / 24h)): peaks at peakHour, the run starts at midnight.',
      }),
    slo: z
      .number({ error: SLO })
      .min(0, { error: SLO })
      .lt(1, { error: SLO })
      .default(DEFAULT_SLO)
      .meta({ description: 'Availability objective: 1 - slo of the requests may fail (the error budget).' }),
  })
  .meta({ description: 'Requests to every app, served by its Ready pods: failed requests, error budget burn.' });

/** A question is a sentence, not a document. */
export const MAX_QUESTION_CHARS = 300;
/** More headline metrics than this and the verdict is no longer a headline. */
export const MAX_HEADLINE_METRICS = 4;

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).max(MAX_NAME_LENGTH).meta({ description: 'Shown in reports.' }),
    description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
    question: z
      .string()
      .min(1)
      .max(MAX_QUESTION_CHARS)
      .optional()
      .meta({ description: 'What the scenario asks, in a sentence: reports open with it and its answer.' }),
    headline: z
      .array(z.enum(ALL_METRICS.map((m) => m.name) as [string, ...string[]]))
      .min(1)
      .max(MAX_HEADLINE_METRICS)
      .optional()
      .meta({
        description:
          'The metrics that answer the question, most important first (default correctness, convergenceP95Ms): ' +
          'the verdict, --precision and the ranking warnings use them.',
      }),
    seed: z.union([z.int(), z.string().min(1)]).default(DEFAULT_SEED),
    horizon: durationSchema.prefault(DEFAULT_HORIZON).meta({ description: 'Simulated time per run.' }),
    replications: z.int().min(1).max(MAX_REPLICATIONS).default(DEFAULT_REPLICATIONS),
    apps: appsSchema.prefault({}),
    cluster: clusterSchema.prefault({}),
    registry: registrySchema.prefault({}),
    ci: ciSchema.prefault({}),
    git: gitSchema.prefault({}),
    drift: z.array(driftSchema).max(MAX_DRIFT_ENTRIES).default([]).meta({ description: 'Things that change the world behind the delivery system.' }),
    traffic: trafficSchema.optional(),
    environments: z
      .array(environmentSchema)
      .min(1)
      .max(MAX_ENVIRONMENTS)
      .optional()
      .meta({
        description:
          'Environments in promotion order, the last one production; without it one environment (production) as always.',
      }),
    variants: z.array(variantSchema).min(1).max(MAX_VARIANTS).meta({ description: 'The delivery setups to compare; the first is the baseline.' }),
    baseline: z.string().optional().meta({ description: 'The variant the others are compared with; default the first.' }),
    thresholds: thresholdsSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.horizon <= 0) {
      ctx.addIssue({ code: 'custom', path: ['horizon'], message: 'a duration above zero', input: s.horizon });
    }
    if (s.horizon > MAX_HORIZON_MS) {
      ctx.addIssue({ code: 'custom', path: ['horizon'], message: 'a horizon of at most 3650d (ten years)', input: s.horizon });
    }
    // The busiest cluster holds ceil(count / clusters) apps.
    const pods = Math.ceil(s.apps.count / s.cluster.count) * s.apps.replicas;
    const room = s.cluster.nodes * s.cluster.podsPerNode;
    if (pods > room) {
      const { podsPerNode } = s.cluster;
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'nodes'],
        message:
          `at least ${Math.ceil(pods / podsPerNode)} nodes to hold ${pods} pods ` +
          `(apps.count ${s.apps.count} x apps.replicas ${s.apps.replicas}) at ${podsPerNode} per node (cluster.podsPerNode)`,
        input: s.cluster.nodes,
      });
    }
    if (s.apps.imageSizeBytes > s.cluster.nodeDiskBytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['apps', 'imageSize'],
        message: `an image no larger than cluster.nodeDisk (${formatByteSize(s.cluster.nodeDiskBytes)})`,
        input: s.apps.imageSizeBytes,
      });
    } else {
      // A node may run a pod of every app at once, and images in use are never collected.
      const imagesPerNode = Math.min(s.apps.count, s.cluster.podsPerNode);
      if (imagesPerNode * s.apps.imageSizeBytes > s.cluster.nodeDiskBytes) {
        ctx.addIssue({
          code: 'custom',
          path: ['cluster', 'nodeDisk'],
          message: `room for ${imagesPerNode} images of ${formatByteSize(s.apps.imageSizeBytes)} (a pod of every app, up to cluster.podsPerNode, on one node): at least ${formatByteSize(imagesPerNode * s.apps.imageSizeBytes)}`,
          input: s.cluster.nodeDiskBytes,
        });
      }
    }
    const commits = s.ci.commits;
    if ('shares' in commits && commits.shares !== undefined) {
      if (commits.shares.length !== s.apps.count) {
        const message = `one share per app (apps.count is ${s.apps.count})`;
        ctx.addIssue({ code: 'custom', path: ['ci', 'commits', 'shares'], message, input: commits.shares });
      } else if (!commits.shares.some((share) => share > 0)) {
        ctx.addIssue({ code: 'custom', path: ['ci', 'commits', 'shares'], message: 'at least one share above 0', input: commits.shares });
      }
    }
    if ('replay' in commits && commits.apps !== undefined) {
      if (commits.apps.length !== s.apps.count) {
        ctx.addIssue({
          code: 'custom',
          path: ['ci', 'commits', 'apps'],
          message: `one name per app (apps.count is ${s.apps.count})`,
          input: commits.apps,
        });
      }
      const duplicate = commits.apps.findIndex((name, i) => commits.apps?.indexOf(name) !== i);
      if (duplicate >= 0) {
        const path = ['ci', 'commits', 'apps', duplicate];
        ctx.addIssue({ code: 'custom', path, message: 'a name not used by another app', input: commits.apps[duplicate] });
      }
    }
    if (s.baseline !== undefined && !s.variants.some((v) => v.name === s.baseline)) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseline'],
        message: `the name of a variant (${s.variants.map((v) => JSON.stringify(v.name)).join(', ')})`,
        input: s.baseline,
      });
    }
    checkEnvironments(s, ctx);
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
    // Left out when not given, so the input hash of a scenario without them stays as it was.
    ...(s.question !== undefined && { question: s.question }),
    ...(s.headline !== undefined && { headline: s.headline }),
    seed: s.seed,
    horizonMs: s.horizon,
    replications: s.replications,
    apps: s.apps,
    cluster: s.cluster,
    registry: s.registry,
    ci: {
      ...s.ci,
      // The replay form draws no times; its commits are read by the loader (load.ts) into commitReplay.
      commitEvery: 'every' in s.ci.commits ? s.ci.commits.every : parseDistribution(DEFAULT_COMMIT_EVERY),
      ...('replay' in s.ci.commits ? { commitReplay: emptyReplay(s.ci.commits.replay, s.ci.commits.apps, s.apps.count) } : {}),
    },
    git: s.environments === undefined ? s.git : { ...s.git, environments: s.git.environments ?? DEFAULT_ENVIRONMENT_REPOSITORIES },
    drift: s.drift,
    traffic: s.traffic,
    ...(s.environments !== undefined && { environments: resolveEnvironments(s.environments, s) }),
    variants: s.environments === undefined ? s.variants : s.variants.map((v) => withGates(v, s.environments!)),
    baseline: s.baseline ?? s.variants[0].name,
    // Left out when not given, so the input hash of a scenario without thresholds stays as it was.
    ...(s.thresholds !== undefined && { thresholds: s.thresholds }),
  }));

type ParsedScenario = {
  cluster: z.output<typeof clusterSchema>;
  apps: z.output<typeof appsSchema>;
  ci: z.output<typeof ciSchema>;
  git: z.output<typeof gitSchema>;
  environments?: EnvironmentInput[];
  variants: Variant[];
};

/** Environments' own checks: unique names, gates naming one, room for their pods, what they do not combine with. */
function checkEnvironments(s: ParsedScenario, ctx: z.RefinementCtx): void {
  const envs = s.environments;
  if (envs === undefined) {
    if (s.git.environments !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['git', 'environments'], message: 'nothing without environments (add them, or drop this)', input: s.git.environments });
    }
    s.variants.forEach((v, i) => {
      if (v.promotion !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'promotion'], message: 'nothing without environments (add them, or drop this)', input: v.promotion });
      }
    });
    return;
  }
  const names = new Map<string, number>();
  envs.forEach((e, i) => {
    if (names.has(e.name)) {
      const message = `a name not used by another environment (environments.${names.get(e.name)} has it)`;
      ctx.addIssue({ code: 'custom', path: ['environments', i, 'name'], message, input: e.name });
    }
    names.set(e.name, i);
    const cluster = e.cluster ?? s.cluster;
    const pods = Math.ceil(s.apps.count / cluster.count) * (e.replicas ?? s.apps.replicas);
    if (pods > cluster.nodes * cluster.podsPerNode) {
      const path = e.cluster === undefined ? ['environments', i, 'replicas'] : ['environments', i, 'cluster', 'nodes'];
      const message = `room for ${pods} pods at ${cluster.podsPerNode} per node: at least ${Math.ceil(pods / cluster.podsPerNode)} nodes`;
      ctx.addIssue({ code: 'custom', path, message, input: e.cluster === undefined ? e.replicas : cluster.nodes });
    }
  });
  const gated = envs.slice(1).map((e) => e.name);
  s.variants.forEach((v, i) => {
    // Every environment rolls back by the variant's method (rerun is push's default): rerun needs push there too.
    const pulled = v.rollback === 'rerun' ? envs.findIndex((e) => e.delivery?.type === 'pull') : -1;
    if (pulled >= 0) {
      const message = `a push delivery, as variants.${i} rolls back by rerun, which re-runs a deploy job (give it rollback: revert to use pull here)`;
      ctx.addIssue({ code: 'custom', path: ['environments', pulled, 'delivery'], message, input: 'pull' });
    }
    // And pause needs a pull controller in each to pause.
    const pushed = v.rollback === 'pause' ? envs.findIndex((e) => e.delivery?.type === 'push') : -1;
    if (pushed >= 0) {
      const message = `a pull delivery, as variants.${i} rolls back by pause, which pauses a pull controller (give it rollback: undo to use push here)`;
      ctx.addIssue({ code: 'custom', path: ['environments', pushed, 'delivery'], message, input: 'push' });
    }
    if (v.imageAutomation !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'imageAutomation'], message: 'no image automation with environments (CI commits each release to the first)', input: 'imageAutomation' });
    }
    for (const name of Object.keys(v.promotion ?? {})) {
      if (!gated.includes(name)) {
        const message = gated.length === 0 ? 'no gate: one environment has nothing to promote to' : `the name of an environment after the first (${gated.map((g) => JSON.stringify(g)).join(', ')})`;
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'promotion', name], message, input: name });
      }
    }
  });
}

/** Each environment with its defaults: the scenario's cluster and replicas; found in production always, before it half the time. */
function resolveEnvironments(envs: readonly EnvironmentInput[], s: ParsedScenario) {
  return envs.map((e, i) => ({
    name: e.name,
    cluster: e.cluster ?? s.cluster,
    replicas: e.replicas ?? s.apps.replicas,
    ...(e.delivery !== undefined && { delivery: e.delivery }),
    detectProbability:
      e.detect.probability ?? (i === envs.length - 1 ? DEFAULT_PRODUCTION_DETECT_PROBABILITY : DEFAULT_PRE_PRODUCTION_DETECT_PROBABILITY),
    detectAfter: e.detect.after ?? s.ci.detectAfter,
  }));
}

/** The variant's gate into every environment after the first, DEFAULT_GATE where it names none. */
function withGates(v: Variant, envs: readonly EnvironmentInput[]): Variant {
  return { ...v, promotion: Object.fromEntries(envs.slice(1).map((e) => [e.name, v.promotion?.[e.name] ?? DEFAULT_GATE])) };
}

/** App names default to app-1, app-2, ...: the numbering of their image repositories (simulateRun). */
function emptyReplay(file: string, apps: readonly string[] | undefined, count: number): CommitReplay {
  return { file, apps: apps ?? Array.from({ length: count }, (_, i) => `app-${i + 1}`), atMs: [] };
}

/** A scenario with every default resolved: what the simulator runs. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as a file writes it. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
