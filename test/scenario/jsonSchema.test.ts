import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { scenarioJsonSchema } from '../../src/scenario/jsonSchema.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

/** The parts of JSON Schema these tests read. */
interface JsonSchema {
  readonly [keyword: string]: unknown;
  readonly type?: string;
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: string[];
  readonly default?: unknown;
  readonly examples?: string[];
}

const schema: JsonSchema = scenarioJsonSchema();
const properties = schema.properties ?? {};
const VARIANTS = [{ name: 'a', delivery: 'push' }];

function load(document: object) {
  return loadScenarioText(stringify(document), 'generated.yaml');
}

test('is a draft 2020-12 schema with an id, a title and a description', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(schema.$id, 'urn:gitops-sim:scenario');
  assert.equal(typeof schema.title, 'string');
  assert.equal(typeof schema.description, 'string');
});

test('is plain JSON', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(schema)), schema);
});

test('describes the file as written: only name and variants are required, unknown keys are refused', () => {
  assert.equal(schema.type, 'object');
  assert.deepEqual(schema.required, ['name', 'variants']);
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(properties), [
    'name',
    'description',
    'question',
    'headline',
    'seed',
    'horizon',
    'replications',
    'apps',
    'cluster',
    'registry',
    'ci',
    'git',
    'drift',
    'traffic',
    'environments',
    'variants',
    'baseline',
    'thresholds',
  ]);
  // Input side: a duration is a string in the file, not the milliseconds it resolves to.
  assert.equal(properties.horizon.type, 'string');
  assert.equal(properties.horizon.default, '7d');
});

test('its defaults, written into a file, are accepted by the loader', () => {
  const defaults = Object.fromEntries(
    Object.entries(properties).flatMap(([key, p]) => (p.default === undefined ? [] : [[key, p.default]])),
  );
  assert.equal(load({ name: 'defaults', ...defaults, variants: VARIANTS }).horizonMs, 7 * 86_400_000);
});

test('durations and distributions keep their examples, and each example loads', () => {
  const horizon = properties.horizon.examples ?? [];
  const podStartup = properties.cluster.properties?.podStartup.examples ?? [];
  assert.deepEqual(horizon, ['500ms', '30s', '2m', '1h30m', '7d']);
  assert.ok(podStartup.includes('exp(4h)'));
  for (const example of horizon)
    assert.ok(load({ name: 'x', horizon: example, variants: VARIANTS }).horizonMs > 0);
  for (const example of podStartup) load({ name: 'x', cluster: { podStartup: example }, variants: VARIANTS });
});

test('byte sizes keep their examples, and each example loads', () => {
  const imageSize = properties.apps.properties?.imageSize ?? {};
  assert.equal(imageSize.default, '30MB');
  assert.deepEqual(imageSize.examples, ['30MB', '1.5GiB', '100GB']);
  for (const example of imageSize.examples ?? [])
    assert.ok(load({ name: 'x', apps: { imageSize: example }, variants: VARIANTS }).apps.imageSizeBytes > 0);
});

test('describes drift entries by kind, and the variant settings added with them', () => {
  const kinds = ((properties.drift.items as JsonSchema).oneOf as JsonSchema[]).map(
    (entry) => entry.properties?.kind.const,
  );
  assert.deepEqual(kinds, [
    'manualScale',
    'manualImage',
    'deleteResource',
    'hpa',
    'podCrash',
    'nodeFailure',
    'tagMoved',
    'controllerOutage',
    'gitOutage',
    'registryOutage',
  ]);
  const variant = (properties.variants.items as JsonSchema).properties ?? {};
  assert.deepEqual(Object.keys(variant), ['name', 'delivery', 'imageRef', 'rollback', 'imageAutomation', 'promotion', 'strategy', 'thresholds']);
  assert.deepEqual(variant.rollback.enum, ['revert', 'rerun', 'undo', 'pause', 'none']);
});
