/**
 * Whatever the text, loading returns a Scenario or throws a well-formed
 * ScenarioError: never a TypeError from the error reporting itself, never a
 * message that is not one line per problem.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseDuration } from '../../src/engine/duration.ts';
import { parseByteSize } from '../../src/scenario/byteSize.ts';
import { MAX_PROBLEMS, ScenarioError } from '../../src/scenario/errors.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { GO_SERVICE_STAGES, type Scenario, type ScenarioInput } from '../../src/scenario/schema.ts';

// --- valid documents -------------------------------------------------------

const duration = fc.oneof(
  fc.integer({ min: 1, max: 5000 }).map((n) => `${n}ms`),
  fc.integer({ min: 1, max: 600 }).map((n) => `${n}s`),
  fc.constantFrom('2m', '1h30m', '7d', '1.5s'),
);
/** A polling or analysis interval: at least a second (MIN_INTERVAL_MS). */
const interval = fc.oneof(fc.integer({ min: 1, max: 600 }).map((n) => `${n}s`), fc.constantFrom('2m', '1h30m', '7d', '1.5s'));
const ms = fc.integer({ min: 1, max: 100_000 });
const distribution = fc.oneof(
  duration,
  duration.map((d) => `exp(${d})`),
  fc.tuple(ms, ms).map(([a, b]) => `uniform(${Math.min(a, b)}ms, ${Math.max(a, b)}ms)`),
  fc.tuple(ms, ms).map(([a, b]) => `normal(${a}ms, ${b}ms)`),
  fc.tuple(ms, ms).map(([a, b]) => `lognormal(${a}ms, ${a + b}ms)`),
);
const percent = fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`);
const strategy = fc.oneof(
  fc.constant({ type: 'Recreate' as const }),
  fc.record(
    {
      type: fc.constant('RollingUpdate' as const),
      // maxSurge never zero, so the pair is never both zero.
      maxSurge: fc.oneof(
        fc.integer({ min: 1, max: 5 }),
        percent.filter((p) => p !== '0%'),
      ),
      maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 5 }), percent),
    },
    { requiredKeys: ['type'] },
  ),
);
const probability = fc.oneof(fc.constantFrom(0, 1, 0.05), fc.double({ min: 0, max: 1, noNaN: true }));
/** Flux's jitter: a share of the interval below 1 (at 1 an interval could shrink to nothing). */
const jitterFraction = fc.oneof(fc.constantFrom(0, 0.05), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }));
const workers = fc.integer({ min: 1, max: 64 });
/** Every key optional but type: `profile: argocd` is the default, so it is sometimes left out. */
const argocd = fc.record(
  {
    type: fc.constant('pull' as const),
    profile: fc.constant('argocd' as const),
    interval,
    jitter: duration,
    revisionCacheExpiration: fc.constantFrom('1s', '30s', '3m', '1d'),
    webhook: fc.boolean(),
    autoSync: fc.boolean(),
    selfHeal: fc.boolean(),
    watchDelay: duration,
    renderTime: distribution,
    compareTime: distribution,
    statusProcessors: workers,
    operationProcessors: workers,
    kubectlParallelism: workers,
    qps: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.constantFrom(0.5, 2.5)),
    burst: fc.integer({ min: 1, max: 1000 }),
    resourcesPerApp: fc.integer({ min: 1, max: 100 }),
    apiLatency: distribution,
    syncFailRate: probability,
  },
  { requiredKeys: ['type'] },
);
const flux = fc.record(
  {
    type: fc.constant('pull' as const),
    profile: fc.constant('flux' as const),
    sourceInterval: interval,
    interval,
    jitter: jitterFraction,
    retryInterval: interval,
    timeout: duration,
    concurrent: workers,
    webhook: fc.boolean(),
    wait: fc.boolean(),
    applyTime: distribution,
    failRate: probability,
  },
  { requiredKeys: ['type', 'profile'] },
);
const delivery = fc.oneof(
  fc.constantFrom('push' as const, 'pull' as const, { type: 'push' as const }),
  argocd,
  flux,
);
const imageAutomation = fc.record(
  {
    scanInterval: duration,
    commitInterval: duration,
    policy: fc.constantFrom('semver' as const, 'numerical' as const, 'alphabetical' as const),
    reflectDigest: fc.boolean(),
  },
  { requiredKeys: [] },
);

type DriftInput = NonNullable<ScenarioInput['drift']>[number];
/** Exactly one of every and at, as the schema demands. */
const timing = fc.oneof(
  fc.record({ every: distribution }),
  fc.record({ at: fc.array(duration, { minLength: 1, maxLength: 3 }) }),
);
const driftEntry: fc.Arbitrary<DriftInput> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'manualScale' as const,
        'manualImage' as const,
        'deleteResource' as const,
        'podCrash' as const,
        'tagMoved' as const,
      ),
      timing,
    )
    .map(([kind, when]) => ({ kind, ...when })),
  fc
    .tuple(
      fc.constantFrom(
        'nodeFailure' as const,
        'controllerOutage' as const,
        'gitOutage' as const,
        'registryOutage' as const,
      ),
      timing,
      distribution,
    )
    .map(([kind, when, downFor]) => ({ kind, ...when, downFor })),
  // min <= max, and max >= 1.
  fc
    .tuple(timing, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }))
    .map(([when, a, b]) => ({ kind: 'hpa' as const, ...when, min: Math.min(a, b), max: Math.max(a, b, 1) })),
);
/** Image sizes stay at or below 2GB, node disks at or above 20GB, so an image always fits. */
const imageSize = fc.oneof(
  fc.integer({ min: 1, max: 2000 }).map((n) => `${n}MB`),
  fc.constantFrom('1.5GiB', '500kB', '2 MiB', '12B'),
  fc.integer({ min: 1, max: 2_000_000_000 }),
);
const nodeDisk = fc.oneof(
  fc.integer({ min: 20, max: 2000 }).map((n) => `${n}GB`),
  fc.constantFrom('20GiB', '2TB', 50_000_000_000),
);
const bandwidth = fc.oneof(imageSize, nodeDisk);
const stage = fc.record(
  { name: fc.stringMatching(/^[a-z][a-z0-9 -]{0,10}$/), duration: distribution, failRate: probability },
  { requiredKeys: ['name', 'duration'] },
);
const unfitted: fc.Arbitrary<ScenarioInput> = fc.record(
  {
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
    description: fc.string({ maxLength: 40 }),
    seed: fc.oneof(fc.integer(), fc.stringMatching(/^[a-z]{1,8}$/)),
    horizon: duration,
    replications: fc.integer({ min: 1, max: 50 }),
    apps: fc.record(
      {
        count: fc.integer({ min: 1, max: 100 }),
        replicas: fc.integer({ min: 0, max: 20 }),
        image: fc.constantFrom(
          'registry.example/app',
          'shop/api',
          'a.b-c/d_e',
          'localhost:5000/app',
          'registry.example:443/shop/api',
        ),
        imageSize,
        strategy,
        minReadySeconds: fc.integer({ min: 0, max: 600 }),
        revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
        progressDeadlineSeconds: fc.integer({ min: 1, max: 3600 }),
      },
      { requiredKeys: [] },
    ),
    cluster: fc.record(
      {
        nodes: fc.integer({ min: 1, max: 50 }),
        podsPerNode: fc.integer({ min: 1, max: 250 }),
        nodeDisk,
        podStartup: distribution,
        controllerManager: fc.record(
          {
            qps: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0.5, 2.5)),
            burst: fc.integer({ min: 1, max: 100 }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    registry: fc.record({ pullLatency: duration, pullBandwidth: bandwidth }, { requiredKeys: [] }),
    ci: fc.record(
      {
        commits: fc.record({ every: distribution }, { requiredKeys: [] }),
        runners: fc.integer({ min: 1, max: 16 }),
        stages: fc.array(stage, { minLength: 1, maxLength: 4 }),
        tag: fc.constantFrom('version' as const, 'latest' as const),
        badRelease: probability,
        badManifest: probability,
        detectAfter: distribution,
      },
      { requiredKeys: [] },
    ),
    git: fc.record({ webhookDelay: duration }, { requiredKeys: [] }),
    drift: fc.array(driftEntry, { maxLength: 4 }),
    variants: fc.uniqueArray(
      fc.record(
        {
          name: fc.stringMatching(/^[a-z][a-z0-9/-]{0,10}$/),
          delivery,
          imageRef: fc.constantFrom('digest' as const, 'tag' as const),
          rollback: fc.constantFrom('revert' as const, 'rerun' as const, 'undo' as const, 'pause' as const, 'none' as const),
          imageAutomation,
        },
        { requiredKeys: ['name', 'delivery'] },
      )
        // rerun re-runs a push deploy job: a pull variant is refused with it (a case of the hostile corpus).
        .filter((v) => {
          // And pause pauses a pull controller: a push variant is refused with it.
          const type = typeof v.delivery === 'string' ? v.delivery : v.delivery.type;
          return v.rollback === 'rerun' ? type === 'push' : v.rollback !== 'pause' || type === 'pull';
        }),
      { minLength: 1, maxLength: 4, selector: (v) => v.name },
    ),
  },
  { requiredKeys: ['name', 'variants'] },
);

/**
 * Adds nodes when the apps would not fit the cluster, and disk when a node
 * could not hold an image of every app (the schema refuses both).
 */
function fitted(input: ScenarioInput): ScenarioInput {
  const count = input.apps?.count ?? 1;
  const pods = count * (input.apps?.replicas ?? 1);
  const podsPerNode = input.cluster?.podsPerNode ?? 110;
  let cluster = input.cluster;
  if (pods > (cluster?.nodes ?? 3) * podsPerNode) cluster = { ...cluster, nodes: Math.ceil(pods / podsPerNode) };
  const needBytes = Math.min(count, podsPerNode) * bytes(input.apps?.imageSize ?? '30MB')!;
  if (needBytes > bytes(cluster?.nodeDisk ?? '100GB')!) cluster = { ...cluster, nodeDisk: needBytes };
  return cluster === input.cluster ? input : { ...input, cluster };
}

const validInput = unfitted.map(fitted);
const style = fc.constantFrom('block' as const, 'flow' as const, 'any' as const);
const validText = fc
  .tuple(validInput, style)
  .map(([input, collectionStyle]) => stringify(input, { collectionStyle }));

// --- mutations -------------------------------------------------------------

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '5 minutes',
    'exp()',
    '25',
    '-3',
    'uniform(5s, 1s)',
    'lognormal(5s, 2s)',
    '0s',
    '0.5ms',
    'pul',
    '',
    '30 megabytes',
    '1.5GiB',
    'registry.example/app:1.0',
    'sha',
    'flx',
    'revrt',
    'manualScal',
    'newest',
    1.5,
    0,
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }),
);

type Mutation =
  | { readonly op: 'set'; readonly at: number; readonly value: unknown }
  | { readonly op: 'drop'; readonly at: number }
  | { readonly op: 'rename'; readonly at: number; readonly edit: number }
  | { readonly op: 'add'; readonly at: number; readonly key: string; readonly value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: junkValue }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), edit: fc.nat() }),
  fc.record({
    op: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom(
        'replcias',
        'maxsurge',
        'type',
        'commits',
        'imageRef',
        '__proto__',
        'constructor',
        // Keys of another branch: another profile's, another drift kind's, both every and at.
        'selfHeal',
        'sourceInterval',
        'profile',
        'downFor',
        'every',
        'at',
        'min',
      ),
    ),
    value: junkValue,
  }),
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  readonly parent: Container;
  readonly key: string | number;
}

/** Every (container, key) in the tree, parents before children. */
function slots(root: Container): Slot[] {
  const out: Slot[] = [];
  const walk = (parent: Container) => {
    for (const key of Array.isArray(parent) ? parent.keys() : Object.keys(parent)) {
      out.push({ parent, key });
      const child = (parent as Record<string | number, unknown>)[key];
      if (typeof child === 'object' && child !== null) walk(child as Container);
    }
  };
  walk(root);
  return out;
}

/** A one-character typo: drop, double or swap a character, or change its case. */
function typo(key: string, edit: number): string {
  if (key === '') return 'x';
  const i = edit % key.length;
  switch (Math.floor(edit / key.length) % 4) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1);
    case 1:
      return key.slice(0, i) + key[i] + key.slice(i);
    case 2:
      return i + 1 < key.length ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2) : `${key}s`;
    default:
      return key.slice(0, i) + key[i].toUpperCase() + key.slice(i + 1);
  }
}

function mutate(input: ScenarioInput, mutations: readonly Mutation[]): unknown {
  const root = structuredClone(input) as Record<string, unknown>;
  for (const m of mutations) {
    const all = slots(root);
    if (all.length === 0) break;
    const { parent, key } = all[m.at % all.length];
    const record = parent as Record<string | number, unknown>;
    switch (m.op) {
      case 'set':
        record[key] = m.value;
        break;
      case 'drop':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete record[key];
        break;
      case 'rename':
        if (!Array.isArray(parent)) {
          const value = record[key];
          delete record[key];
          record[typo(String(key), m.edit)] = value;
        }
        break;
      case 'add': {
        const target = record[key];
        if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
          // defineProperty: a plain assignment to "__proto__" would change the prototype instead of adding a key.
          Object.defineProperty(target, m.key, {
            value: m.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        break;
      }
    }
  }
  return root;
}

const YAML_TOKENS = [
  ':',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '|',
  '>',
  '\t',
  '#',
  '"',
  "'",
  '%',
  '@',
  '`',
  '? ',
  '---\n',
  '\n',
  '\n  ',
  '<<: ',
];
const junkText = fc.oneof(
  fc.constantFrom(...YAML_TOKENS),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

type TextEdit = { readonly at: number; readonly remove: number; readonly insert: string };
const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 6 }),
  insert: junkText,
});

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const { at, remove, insert } of edits) {
    const i = at % (out.length + 1);
    out = out.slice(0, i) + insert + out.slice(i + remove);
  }
  return out;
}

// --- the property ----------------------------------------------------------

/** Loads `text`; a ScenarioError is checked for shape and position, anything else thrown fails. */
function load(text: string): Scenario | ScenarioError {
  let result: Scenario | ScenarioError;
  try {
    result = loadScenarioText(text, 'p.yaml');
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    result = error;
  }
  if (result instanceof ScenarioError) checkError(result, text);
  return result;
}

function checkError(error: ScenarioError, text: string): void {
  assert.notEqual(error.code, 'E_SCENARIO_READ');
  assert.ok(error.problems.length > 0);
  const lines = error.message.split('\n');
  // Past MAX_PROBLEMS one more line counts the rest.
  assert.ok(error.problems.length <= MAX_PROBLEMS);
  assert.equal(lines.length, error.problems.length + (error.more > 0 ? 1 : 0), error.message);
  const lineCount = text.split('\n').length;
  let previous = [0, 0];
  for (const [i, p] of error.problems.entries()) {
    assert.ok(
      Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount,
      `line ${p.line} of ${lineCount}`,
    );
    assert.ok(Number.isInteger(p.column) && p.column >= 1, `column ${p.column}`);
    assert.ok(
      p.line > previous[0] || (p.line === previous[0] && p.column >= previous[1]),
      'sorted by position',
    );
    previous = [p.line, p.column];
    assert.ok(p.expected.length > 0 && p.found.length > 0);
    assert.ok(lines[i].startsWith(`p.yaml:${p.line}:${p.column}: `), lines[i]);
  }
}

function bytes(size: string | number): number | undefined {
  return typeof size === 'number' ? size : parseByteSize(size);
}

function millis(text: string | undefined, fallback: string): number {
  return parseDuration(text ?? fallback);
}

type VariantInput = ScenarioInput['variants'][number];
type ArgocdInput = Exclude<VariantInput['delivery'], string | { type: 'push' } | { profile: 'flux' }>;

const PUSH_DEFAULTS = loadScenarioText('name: p\nvariants: [{ name: p, delivery: push }]\n', 'p.yaml').variants[0]
  .delivery;

/** The settings a variant's input names come out resolved, and the ones it leaves out as documented. */
function checkVariant(v: Scenario['variants'][number], input: VariantInput): void {
  const d = input.delivery;
  const type = typeof d === 'string' ? d : d.type;
  assert.equal(v.delivery.type, type);
  assert.equal(v.rollback, input.rollback ?? (type === 'push' ? 'rerun' : 'revert'));
  if (v.delivery.type === 'push') {
    // `push` and `{ type: push }` are the push profile with every default (a CI deploy job).
    assert.deepEqual(v.delivery, PUSH_DEFAULTS);
  } else if (v.delivery.profile === 'argocd') {
    // `delivery: pull` is the argocd profile with every default.
    const a: Partial<ArgocdInput> =
      typeof d === 'string' ? {} : d.type === 'pull' && d.profile !== 'flux' ? d : assert.fail('not argocd');
    assert.equal(v.delivery.intervalMs, millis(a.interval, '120s'));
    assert.equal(v.delivery.jitterMs, millis(a.jitter, '60s'));
    assert.equal(v.delivery.autoSync, a.autoSync ?? true);
    assert.equal(v.delivery.selfHeal, a.selfHeal ?? false);
    assert.equal(v.delivery.watchDelayMs, millis(a.watchDelay, '1s'));
    assert.equal(v.delivery.qps, a.qps ?? 50);
    assert.equal(v.delivery.resourcesPerApp, a.resourcesPerApp ?? 5);
    assert.equal(v.delivery.syncFailRate, a.syncFailRate ?? 0);
  } else {
    assert.ok(typeof d !== 'string' && d.type === 'pull' && d.profile === 'flux', 'not flux');
    assert.equal(v.delivery.sourceIntervalMs, millis(d.sourceInterval, '1m'));
    assert.equal(v.delivery.intervalMs, millis(d.interval, '10m'));
    assert.equal(v.delivery.jitterFraction, d.jitter ?? 0.05);
    const intervalMs = millis(d.interval, '10m');
    assert.equal(v.delivery.retryIntervalMs, d.retryInterval === undefined ? intervalMs : millis(d.retryInterval, ''));
    assert.equal(
      v.delivery.timeoutMs,
      d.timeout === undefined ? Math.max(intervalMs - 30_000, 30_000) : millis(d.timeout, ''),
    );
    assert.equal(v.delivery.concurrent, d.concurrent ?? 4);
    assert.equal(v.delivery.failRate, d.failRate ?? 0);
  }
  if (input.imageAutomation === undefined) {
    assert.equal(v.imageAutomation, undefined);
  } else {
    const i = input.imageAutomation;
    assert.deepEqual(v.imageAutomation, {
      scanIntervalMs: millis(i.scanInterval, '5m'),
      commitIntervalMs: millis(i.commitInterval, '30m'),
      policy: i.policy ?? 'semver',
      reflectDigest: i.reflectDigest ?? false,
      jitterFraction: 0.05,
      watchPolicies: false,
    });
  }
}

/** Kinds, timings (every or at), hpa bounds and downtimes survive loading. */
function checkDrift(drift: Scenario['drift'], input: ScenarioInput['drift']): void {
  const entries = input ?? [];
  assert.equal(drift.length, entries.length);
  for (const [i, d] of drift.entries()) {
    const e = entries[i];
    assert.equal(d.kind, e.kind);
    assert.equal(d.every === undefined, e.every === undefined);
    assert.deepEqual(
      d.at,
      e.at?.map((t) => parseDuration(t)),
    );
    assert.equal('downFor' in d, 'downFor' in e);
    if (d.kind === 'hpa' && e.kind === 'hpa') assert.deepEqual([d.min, d.max], [e.min, e.max]);
  }
}

test('generated valid documents load, with their values', () => {
  fc.assert(
    fc.property(validInput, style, (input, collectionStyle) => {
      const result = load(stringify(input, { collectionStyle }));
      assert.ok(!(result instanceof ScenarioError), result instanceof ScenarioError ? result.message : '');
      assert.equal(result.name, input.name);
      assert.equal(result.horizonMs, parseDuration(input.horizon ?? '7d'));
      assert.deepEqual(
        result.variants.map((v) => [v.name, v.imageRef]),
        input.variants.map((v) => [v.name, v.imageRef ?? 'digest']),
      );
      result.variants.forEach((v, i) => {
        checkVariant(v, input.variants[i]);
      });
      checkDrift(result.drift, input.drift);
      assert.equal(result.apps.imageSizeBytes, bytes(input.apps?.imageSize ?? '30MB'));
      assert.equal(result.cluster.nodes, input.cluster?.nodes ?? 3);
      assert.equal(result.registry.pullBandwidthBytesPerSecond, bytes(input.registry?.pullBandwidth ?? '50MB'));
      assert.equal(result.ci.tagPolicy, input.ci?.tag ?? 'version');
      assert.equal(result.ci.badReleaseRate, input.ci?.badRelease ?? 0.05);
      assert.equal(result.ci.badManifest, input.ci?.badManifest ?? 0);
      assert.deepEqual(
        result.ci.stages.map((st) => [st.name, st.failRate]),
        input.ci?.stages?.map((st) => [st.name, st.failRate ?? 0]) ?? GO_SERVICE_STAGES.map((st) => [st.name, st.failRate]),
      );
      assert.equal(result.git.webhookDelay, parseDuration(input.git?.webhookDelay ?? '2s'));
    }),
    { numRuns: 100 },
  );
});

test('mutated documents load or fail with a well-formed ScenarioError', () => {
  fc.assert(
    fc.property(
      validInput,
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      style,
      (input, mutations, collectionStyle) => {
        load(stringify(mutate(input, mutations), { collectionStyle }));
      },
    ),
    { numRuns: 300 },
  );
});

test('text with junk inserted or removed loads or fails with a well-formed ScenarioError', () => {
  fc.assert(
    fc.property(validText, fc.array(textEdit, { minLength: 1, maxLength: 3 }), (text, edits) => {
      const mangled = applyEdits(text, edits);
      const first = load(mangled);
      // Same text, same verdict: messages must not depend on hidden state.
      const second = load(mangled);
      assert.deepEqual(
        first instanceof ScenarioError ? first.message : first,
        second instanceof ScenarioError ? second.message : second,
      );
    }),
    { numRuns: 300 },
  );
});
