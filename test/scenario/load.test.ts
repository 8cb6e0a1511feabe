import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { MAX_PROBLEMS, ScenarioError, type ScenarioErrorCode, type ScenarioProblem } from '../../src/scenario/errors.ts';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';
import { GO_SERVICE_STAGES, type Scenario } from '../../src/scenario/schema.ts';
import { parseDistribution } from '../../src/engine/distribution.ts';
import { ALL_METRICS } from '../../src/metrics/definitions.ts';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sim-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FILE = 'scenarios/x.yaml';
const VARIANTS = 'variants:\n  - { name: push, delivery: push }\n';

/** The ScenarioError that `load` throws; fails the test if it returns or throws anything else. */
function scenarioError(load: () => unknown): ScenarioError {
  try {
    load();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  assert.fail('expected a ScenarioError');
}

function textError(text: string): ScenarioError {
  return scenarioError(() => loadScenarioText(text, FILE));
}

interface BadInput {
  readonly name: string;
  readonly load: () => unknown;
  readonly code: ScenarioErrorCode;
  readonly problem: ScenarioProblem;
  readonly message: string;
}

const missing = join(dir, 'missing.yaml');

const REQUIRED: readonly BadInput[] = [
  {
    name: 'a missing file',
    load: () => loadScenarioFile(missing),
    code: 'E_SCENARIO_READ',
    problem: {
      line: 0,
      column: 0,
      path: '',
      expected: 'a readable scenario file',
      found: 'no such file',
      hint: `looked for ${missing}`,
    },
    message: `${missing}: expected a readable scenario file, found no such file (looked for ${missing})`,
  },
  {
    name: 'a file that is not YAML',
    load: () => loadScenarioText('[section]\nkey=value\n', FILE),
    code: 'E_SCENARIO_YAML',
    problem: {
      line: 2,
      column: 1,
      path: '',
      expected: 'valid YAML',
      found: '"key=value"',
      hint: 'unexpected scalar at node end',
    },
    message: `${FILE}:2:1: expected valid YAML, found "key=value" (unexpected scalar at node end)`,
  },
  {
    name: 'an empty file',
    load: () => loadScenarioText('', FILE),
    code: 'E_SCENARIO_EMPTY',
    problem: {
      line: 1,
      column: 1,
      path: '',
      expected: 'a mapping of scenario settings, with at least name and variants',
      found: 'an empty file',
    },
    message: `${FILE}:1:1: expected a mapping of scenario settings, with at least name and variants, found an empty file`,
  },
  {
    name: 'a negative replica count',
    load: () => loadScenarioText(`name: x\napps:\n  replicas: -3\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 3, column: 13, path: 'apps.replicas', expected: 'a whole number >= 0', found: '-3' },
    message: `${FILE}:3:13: apps.replicas: expected a whole number >= 0, found -3`,
  },
  {
    name: 'maxSurge as a string without %',
    load: () =>
      loadScenarioText(
        `name: x\napps:\n  strategy:\n    type: RollingUpdate\n    maxSurge: "25"\n${VARIANTS}`,
        FILE,
      ),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 5,
      column: 15,
      path: 'apps.strategy.maxSurge',
      expected: 'a whole number >= 0 or a percentage like "25%" (a string needs the %)',
      found: '"25"',
    },
    message: `${FILE}:5:15: apps.strategy.maxSurge: expected a whole number >= 0 or a percentage like "25%" (a string needs the %), found "25"`,
  },
  {
    name: 'a duration in words',
    load: () => loadScenarioText(`name: x\nhorizon: 5 minutes\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 2,
      column: 10,
      path: 'horizon',
      expected: 'a duration like 500ms, 30s, 2m, 1h30m or 7d',
      found: '"5 minutes"',
    },
    message: `${FILE}:2:10: horizon: expected a duration like 500ms, 30s, 2m, 1h30m or 7d, found "5 minutes"`,
  },
  {
    name: 'an unknown key',
    load: () => loadScenarioText(`name: x\nseed: 3\nreplcias: 5\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 1,
      path: 'replcias',
      problem: 'unknown key',
      expected:
        'one of name, description, question, headline, seed, horizon, replications, apps, cluster, registry, ci, git, drift, traffic, environments, variants, baseline, thresholds',
      found: '"replcias"',
      hint: 'did you mean "replications"?',
    },
    message:
      `${FILE}:3:1: replcias: unknown key; expected one of name, description, question, headline, seed, horizon, replications, apps, ` +
      'cluster, registry, ci, git, drift, traffic, environments, variants, baseline, thresholds; found "replcias" (did you mean "replications"?)',
  },
  {
    name: 'a distribution with no argument',
    load: () => loadScenarioText(`name: x\nci:\n  commits:\n    every: exp()\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 4,
      column: 12,
      path: 'ci.commits.every',
      expected: 'exp(mean) with 1 duration argument(s)',
      found: '"exp()"',
    },
    message: `${FILE}:4:12: ci.commits.every: expected exp(mean) with 1 duration argument(s), found "exp()"`,
  },
];

/** Each input gives exactly its one problem, with that message. */
function testBadInputs(inputs: readonly BadInput[]): void {
  for (const c of inputs) {
    test(c.name, () => {
      const error = scenarioError(c.load);
      assert.equal(error.code, c.code);
      assert.equal(error.problems.length, 1);
      assert.deepEqual(error.problems[0], c.problem);
      assert.equal(error.message, c.message);
      assert.match(error.message, /expected .*found /);
    });
  }
}

describe('required bad inputs', () => {
  testBadInputs(REQUIRED);
});

const SIZE = 'a size like 30MB, 1.5GiB, 500kB or a whole number of bytes';
const IMAGE =
  'a lower-case image repository like registry.example/shop/api, without a tag or digest (each build gets its own)';
const DISTRIBUTION =
  'a distribution: 5s, exp(mean), uniform(a, b), normal(mean, sd) or lognormal(median, p95)';

const NEW_SECTIONS: readonly BadInput[] = [
  {
    name: 'more pods than the cluster can hold',
    load: () =>
      loadScenarioText(
        `name: x\napps:\n  count: 100\n  replicas: 50\ncluster:\n  nodes: 3\n${VARIANTS}`,
        FILE,
      ),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 6,
      column: 10,
      path: 'cluster.nodes',
      expected:
        'at least 46 nodes to hold 5000 pods (apps.count 100 x apps.replicas 50) at 110 per node (cluster.podsPerNode)',
      found: '3',
    },
    message:
      `${FILE}:6:10: cluster.nodes: expected at least 46 nodes to hold 5000 pods ` +
      '(apps.count 100 x apps.replicas 50) at 110 per node (cluster.podsPerNode), found 3',
  },
  {
    name: 'an image larger than cluster.nodeDisk',
    load: () =>
      loadScenarioText(`name: x\napps:\n  imageSize: 2GB\ncluster:\n  nodeDisk: 1GB\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 14,
      path: 'apps.imageSize',
      expected: 'an image no larger than cluster.nodeDisk (1GB)',
      found: '"2GB"',
    },
    message: `${FILE}:3:14: apps.imageSize: expected an image no larger than cluster.nodeDisk (1GB), found "2GB"`,
  },
  {
    name: 'an image repository with a tag',
    load: () => loadScenarioText(`name: x\napps:\n  image: registry.example/app:1.0\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 10,
      path: 'apps.image',
      expected: IMAGE,
      found: '"registry.example/app:1.0"',
    },
    message: `${FILE}:3:10: apps.image: expected ${IMAGE}, found "registry.example/app:1.0"`,
  },
  {
    name: 'a malformed image repository (upper case)',
    load: () => loadScenarioText(`name: x\napps:\n  image: Registry.Example/APP\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 3, column: 10, path: 'apps.image', expected: IMAGE, found: '"Registry.Example/APP"' },
    message: `${FILE}:3:10: apps.image: expected ${IMAGE}, found "Registry.Example/APP"`,
  },
  {
    name: 'a stage failure rate above 1',
    load: () =>
      loadScenarioText(
        `name: x\nci:\n  stages:\n    - { name: build, duration: 1m, failRate: 1.5 }\n${VARIANTS}`,
        FILE,
      ),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 4,
      column: 46,
      path: 'ci.stages.0.failRate',
      expected: 'a probability from 0 to 1',
      found: '1.5',
    },
    message: `${FILE}:4:46: ci.stages.0.failRate: expected a probability from 0 to 1, found 1.5`,
  },
  {
    name: 'a bad-release rate above 1',
    load: () => loadScenarioText(`name: x\nci:\n  badRelease: 2\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 15,
      path: 'ci.badRelease',
      expected: 'a probability from 0 to 1',
      found: '2',
    },
    message: `${FILE}:3:15: ci.badRelease: expected a probability from 0 to 1, found 2`,
  },
  {
    name: 'a byte size in words',
    load: () => loadScenarioText(`name: x\napps:\n  imageSize: 30 megabytes\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 3, column: 14, path: 'apps.imageSize', expected: SIZE, found: '"30 megabytes"' },
    message: `${FILE}:3:14: apps.imageSize: expected ${SIZE}, found "30 megabytes"`,
  },
  {
    name: 'a byte size that is not a whole number of bytes',
    load: () => loadScenarioText(`name: x\nregistry:\n  pullBandwidth: 1.5\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 3, column: 18, path: 'registry.pullBandwidth', expected: SIZE, found: '1.5' },
    message: `${FILE}:3:18: registry.pullBandwidth: expected ${SIZE}, found 1.5`,
  },
  {
    name: 'an unknown imageRef',
    load: () =>
      loadScenarioText('name: x\nvariants:\n  - { name: a, delivery: push, imageRef: sha }\n', FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 42,
      path: 'variants.0.imageRef',
      expected: '"digest" or "tag"',
      found: '"sha"',
    },
    message: `${FILE}:3:42: variants.0.imageRef: expected "digest" or "tag", found "sha"`,
  },
  {
    name: 'a misspelt imageRef suggests the nearest one',
    load: () =>
      loadScenarioText('name: x\nvariants:\n  - { name: a, delivery: push, imageRef: digets }\n', FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 42,
      path: 'variants.0.imageRef',
      expected: '"digest" or "tag"',
      found: '"digets"',
      hint: 'did you mean "digest"?',
    },
    message: `${FILE}:3:42: variants.0.imageRef: expected "digest" or "tag", found "digets" (did you mean "digest"?)`,
  },
  {
    name: 'an unknown ci.tag',
    load: () => loadScenarioText(`name: x\nci:\n  tag: newest\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 8,
      path: 'ci.tag',
      expected: '"version" or "latest"',
      found: '"newest"',
      hint: 'did you mean "latest"?',
    },
    message: `${FILE}:3:8: ci.tag: expected "version" or "latest", found "newest" (did you mean "latest"?)`,
  },
  {
    name: 'cluster.nodeFailures, an old spelling of a disturbance, names the drift entry to write',
    load: () =>
      loadScenarioText(
        `name: x\ncluster:\n  nodeFailures: { every: exp(1h), downFor: 5m }\n${VARIANTS}`,
        FILE,
      ),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 3,
      path: 'cluster.nodeFailures',
      problem: 'unknown key',
      expected: 'one of count, nodes, podsPerNode, nodeDisk, podStartup, controllerManager, imageGc',
      found: '"nodeFailures"',
      hint: 'moved to drift, as - { kind: nodeFailure, every: ..., downFor: ... }',
    },
    message:
      `${FILE}:3:3: cluster.nodeFailures: unknown key; expected one of count, nodes, podsPerNode, nodeDisk, ` +
      'podStartup, controllerManager, imageGc; found "nodeFailures" (moved to drift, as - { kind: nodeFailure, every: ..., downFor: ... })',
  },
  {
    name: 'git.outages, an old spelling of a disturbance, names the drift entry to write',
    load: () =>
      loadScenarioText(`name: x\ngit:\n  outages: { every: exp(7d), downFor: 5m }\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 3,
      path: 'git.outages',
      problem: 'unknown key',
      expected: 'one of layout, webhookDelay, massChanges, environments',
      found: '"outages"',
      hint: 'moved to drift, as - { kind: gitOutage, every: ..., downFor: ... }',
    },
    message:
      `${FILE}:3:3: git.outages: unknown key; expected one of layout, webhookDelay, massChanges, environments; found "outages" ` +
      '(moved to drift, as - { kind: gitOutage, every: ..., downFor: ... })',
  },
  {
    name: 'git.commits, the old place of ci.commits, says where it went',
    load: () => loadScenarioText(`name: x\ngit:\n  commits: { every: exp(4h) }\n${VARIANTS}`, FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 3,
      path: 'git.commits',
      problem: 'unknown key',
      expected: 'one of layout, webhookDelay, massChanges, environments',
      found: '"commits"',
      hint: 'moved to ci.commits',
    },
    message: `${FILE}:3:3: git.commits: unknown key; expected one of layout, webhookDelay, massChanges, environments; found "commits" (moved to ci.commits)`,
  },
];

describe('bad inputs in the apps, cluster, registry, ci, git and variant settings', () => {
  testBadInputs(NEW_SECTIONS);
});

const DURATION = 'a duration like 500ms, 30s, 2m, 1h30m or 7d';
const DRIFT_KINDS =
  'one of "manualScale", "manualImage", "deleteResource", "hpa", "podCrash", "nodeFailure", "tagMoved", ' +
  '"controllerOutage", "gitOutage" or "registryOutage"';
const FLUX_KEYS =
  'one of type, profile, sourceInterval, interval, jitter, retryInterval, timeout, concurrent, webhook, wait, applyTime, failRate';
const ARGOCD_KEYS =
  'one of type, profile, interval, jitter, revisionCacheExpiration, webhook, autoSync, selfHeal, watchDelay, renderTime, compareTime, ' +
  'statusProcessors, operationProcessors, kubectlParallelism, qps, burst, resourcesPerApp, apiLatency, hookTime, ' +
  'shards, syncFailRate, repoServerReplicas, repoServerParallelism, manifestGeneratePaths';

/** A scenario whose one variant delivers with `delivery` and has `more` (flow mapping entries) besides. */
function variant(delivery: string, more = ''): string {
  return `name: x\nvariants:\n  - { name: a, delivery: ${delivery}${more} }\n`;
}

/** A scenario with one drift entry, written as a flow mapping on line 3. */
function drift(entry: string): string {
  return `name: x\ndrift:\n  - ${entry}\n${VARIANTS}`;
}

const PROFILES_ROLLBACK_AND_DRIFT: readonly BadInput[] = [
  {
    name: 'a misspelt delivery profile suggests flux',
    load: () => loadScenarioText(variant('{ type: pull, profile: flx }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 49,
      path: 'variants.0.delivery.profile',
      expected: '"argocd" or "flux"',
      found: '"flx"',
      hint: 'did you mean "flux"?',
    },
    message: `${FILE}:3:49: variants.0.delivery.profile: expected "argocd" or "flux", found "flx" (did you mean "flux"?)`,
  },
  {
    name: 'a flux interval in words',
    load: () => loadScenarioText(variant('{ type: pull, profile: flux, interval: soon }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 65,
      path: 'variants.0.delivery.interval',
      expected: DURATION,
      found: '"soon"',
    },
    message: `${FILE}:3:65: variants.0.delivery.interval: expected ${DURATION}, found "soon"`,
  },
  {
    name: 'an argocd-only key on a flux variant says which profile has it',
    load: () => loadScenarioText(variant('{ type: pull, profile: flux, selfHeal: true }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 55,
      path: 'variants.0.delivery.selfHeal',
      problem: 'unknown key',
      expected: FLUX_KEYS,
      found: '"selfHeal"',
      hint: 'a setting of profile "argocd"',
    },
    message:
      `${FILE}:3:55: variants.0.delivery.selfHeal: unknown key; expected ${FLUX_KEYS}; found "selfHeal" ` +
      '(a setting of profile "argocd")',
  },
  {
    name: 'a flux-only key on a pull variant without a profile (argocd) says which profile has it',
    load: () => loadScenarioText(variant('{ type: pull, sourceInterval: 1m }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 40,
      path: 'variants.0.delivery.sourceInterval',
      problem: 'unknown key',
      expected: ARGOCD_KEYS,
      found: '"sourceInterval"',
      hint: 'a setting of profile "flux"',
    },
    message:
      `${FILE}:3:40: variants.0.delivery.sourceInterval: unknown key; expected ${ARGOCD_KEYS}; ` +
      'found "sourceInterval" (a setting of profile "flux")',
  },
  {
    name: 'a pull setting on a push variant says it belongs to pull',
    load: () => loadScenarioText(variant('{ type: push, interval: 1m }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 40,
      path: 'variants.0.delivery.interval',
      problem: 'unknown key',
      expected: 'one of type, startupTime, apiLatency, resourcesPerApp, serverSide, qps, burst, failRate, retries, rerun',
      found: '"interval"',
      hint: 'a setting of type "pull"',
    },
    message: `${FILE}:3:40: variants.0.delivery.interval: unknown key; expected one of type, startupTime, apiLatency, resourcesPerApp, serverSide, qps, burst, failRate, retries, rerun; found "interval" (a setting of type "pull")`,
  },
  {
    name: "flux's jitter is a fraction, not a duration",
    load: () => loadScenarioText(variant('{ type: pull, profile: flux, jitter: 30s }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 63,
      path: 'variants.0.delivery.jitter',
      expected: 'a fraction of the interval from 0 to less than 1 (0.05 is +-5%)',
      found: '"30s"',
    },
    message: `${FILE}:3:63: variants.0.delivery.jitter: expected a fraction of the interval from 0 to less than 1 (0.05 is +-5%), found "30s"`,
  },
  {
    name: "Argo CD's revisionCacheExpiration is at least a second",
    load: () => loadScenarioText(variant('{ type: pull, revisionCacheExpiration: 0s }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 65,
      path: 'variants.0.delivery.revisionCacheExpiration',
      expected: 'at least 1s and at most 1d',
      found: '"0s"',
    },
    message: `${FILE}:3:65: variants.0.delivery.revisionCacheExpiration: expected at least 1s and at most 1d, found "0s"`,
  },
  {
    name: "Argo CD's revisionCacheExpiration is at most a day",
    load: () => loadScenarioText(variant('{ type: pull, revisionCacheExpiration: 2d }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 65,
      path: 'variants.0.delivery.revisionCacheExpiration',
      expected: 'at least 1s and at most 1d',
      found: '"2d"',
    },
    message: `${FILE}:3:65: variants.0.delivery.revisionCacheExpiration: expected at least 1s and at most 1d, found "2d"`,
  },
  {
    name: 'a misspelt rollback suggests revert',
    load: () => loadScenarioText(variant('push', ', rollback: revrt'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 42,
      path: 'variants.0.rollback',
      expected: 'one of "revert", "rerun", "undo", "pause" or "none"',
      found: '"revrt"',
      hint: 'did you mean "revert"?',
    },
    message: `${FILE}:3:42: variants.0.rollback: expected one of "revert", "rerun", "undo", "pause" or "none", found "revrt" (did you mean "revert"?)`,
  },
  {
    name: 'pause under push: push has no controller to pause',
    load: () => loadScenarioText(variant('push', ', rollback: pause'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 42,
      path: 'variants.0.rollback',
      expected: 'rerun, revert, undo or none under push delivery (pause stops a pull controller; push has none, undo is its equivalent)',
      found: '"pause"',
    },
    message: `${FILE}:3:42: variants.0.rollback: expected rerun, revert, undo or none under push delivery (pause stops a pull controller; push has none, undo is its equivalent), found "pause"`,
  },
  {
    name: 'an unknown image automation policy',
    load: () => loadScenarioText(variant('pull', ', imageAutomation: { policy: newest }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 59,
      path: 'variants.0.imageAutomation.policy',
      expected: 'one of "semver", "numerical" or "alphabetical"',
      found: '"newest"',
    },
    message: `${FILE}:3:59: variants.0.imageAutomation.policy: expected one of "semver", "numerical" or "alphabetical", found "newest"`,
  },
  {
    name: 'a misspelt drift kind suggests the nearest one',
    load: () => loadScenarioText(drift('{ kind: manualScal, every: exp(1h) }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 13,
      path: 'drift.0.kind',
      expected: DRIFT_KINDS,
      found: '"manualScal"',
      hint: 'did you mean "manualScale"?',
    },
    message: `${FILE}:3:13: drift.0.kind: expected ${DRIFT_KINDS}, found "manualScal" (did you mean "manualScale"?)`,
  },
  {
    name: 'a drift entry with both every and at points at at',
    load: () => loadScenarioText(drift('{ kind: podCrash, every: exp(1h), at: [1h] }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 43,
      path: 'drift.0.at',
      expected: 'either every or at, not both',
      found: 'a list of 1 item',
    },
    message: `${FILE}:3:43: drift.0.at: expected either every or at, not both, found a list of 1 item`,
  },
  {
    name: 'a drift entry with neither every nor at points at the entry',
    load: () => loadScenarioText(drift('{ kind: podCrash }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 5,
      path: 'drift.0.every',
      expected: 'a distribution, or a list of times under at instead',
      found: 'nothing',
    },
    message: `${FILE}:3:5: drift.0.every: expected a distribution, or a list of times under at instead, found nothing`,
  },
  {
    name: 'an hpa whose min is above its max',
    load: () => loadScenarioText(drift('{ kind: hpa, every: exp(1h), min: 5, max: 2 }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 39,
      path: 'drift.0.min',
      expected: 'a minimum no larger than max (2)',
      found: '5',
    },
    message: `${FILE}:3:39: drift.0.min: expected a minimum no larger than max (2), found 5`,
  },
  {
    name: 'a node failure without downFor points at the entry that should hold it',
    load: () => loadScenarioText(drift('{ kind: nodeFailure, every: exp(1h) }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 3, column: 5, path: 'drift.0.downFor', expected: DISTRIBUTION, found: 'nothing' },
    message: `${FILE}:3:5: drift.0.downFor: expected ${DISTRIBUTION}, found nothing`,
  },
  {
    name: 'downFor on a drift kind without downtime names the kinds that have it',
    load: () => loadScenarioText(drift('{ kind: manualScale, every: exp(1h), downFor: 5m }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 3,
      column: 42,
      path: 'drift.0.downFor',
      problem: 'unknown key',
      expected: 'one of kind, every, at',
      found: '"downFor"',
      hint: 'a setting of kind "nodeFailure", "controllerOutage", "gitOutage" or "registryOutage"',
    },
    message:
      `${FILE}:3:42: drift.0.downFor: unknown key; expected one of kind, every, at; found "downFor" ` +
      '(a setting of kind "nodeFailure", "controllerOutage", "gitOutage" or "registryOutage")',
  },
];

describe('bad inputs in delivery profiles, rollback, image automation and drift', () => {
  testBadInputs(PROFILES_ROLLBACK_AND_DRIFT);
});

/** A scenario with a traffic section written as the flow mapping `section` on line 2. */
function traffic(section: string): string {
  return `name: x\ntraffic: ${section}\n${VARIANTS}`;
}

const RATE = 'requests per second, a number above 0';
const SLO = 'an availability objective from 0 to less than 1, like 0.999 (1 leaves no error budget)';

const TRAFFIC: readonly BadInput[] = [
  {
    name: 'a negative request rate',
    load: () => loadScenarioText(traffic('{ rate: -1 }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 2, column: 18, path: 'traffic.rate', expected: RATE, found: '-1' },
    message: `${FILE}:2:18: traffic.rate: expected ${RATE}, found -1`,
  },
  {
    name: 'a traffic section without a rate points at the section',
    load: () => loadScenarioText(traffic('{ slo: 0.99 }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 2, column: 10, path: 'traffic.rate', expected: RATE, found: 'nothing' },
    message: `${FILE}:2:10: traffic.rate: expected ${RATE}, found nothing`,
  },
  {
    name: 'an slo above 1',
    load: () => loadScenarioText(traffic('{ rate: 50, slo: 1.5 }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 2, column: 27, path: 'traffic.slo', expected: SLO, found: '1.5' },
    message: `${FILE}:2:27: traffic.slo: expected ${SLO}, found 1.5`,
  },
  {
    name: 'an slo of 1 leaves no error budget',
    load: () => loadScenarioText(traffic('{ rate: 50, slo: 1 }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: { line: 2, column: 27, path: 'traffic.slo', expected: SLO, found: '1' },
    message: `${FILE}:2:27: traffic.slo: expected ${SLO}, found 1`,
  },
  {
    name: 'a daily amplitude above 1',
    load: () => loadScenarioText(traffic('{ rate: 50, dailyPattern: { amplitude: 2, peakHour: 14 } }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 2,
      column: 49,
      path: 'traffic.dailyPattern.amplitude',
      expected: 'an amplitude from 0 to 1 (0.5 swings the rate +-50%)',
      found: '2',
    },
    message:
      `${FILE}:2:49: traffic.dailyPattern.amplitude: expected an amplitude from 0 to 1 ` +
      '(0.5 swings the rate +-50%), found 2',
  },
  {
    name: 'a peak hour of 24',
    load: () =>
      loadScenarioText(traffic('{ rate: 50, dailyPattern: { amplitude: 0.5, peakHour: 24 } }'), FILE),
    code: 'E_SCENARIO_INVALID',
    problem: {
      line: 2,
      column: 64,
      path: 'traffic.dailyPattern.peakHour',
      expected: 'an hour of the day from 0 to less than 24, like 14',
      found: '24',
    },
    message:
      `${FILE}:2:64: traffic.dailyPattern.peakHour: expected an hour of the day ` +
      'from 0 to less than 24, like 14, found 24',
  },
];

describe('bad inputs in the traffic section', () => {
  testBadInputs(TRAFFIC);
});

describe('the traffic section', () => {
  const cases: [string, string, Scenario['traffic']][] = [
    ['absent: no traffic', `name: x\n${VARIANTS}`, undefined],
    ['a rate alone: no daily pattern, the default slo', traffic('{ rate: 50 }'), { rate: 50, slo: 0.999 }],
    [
      'every setting given',
      traffic('{ rate: 0.5, dailyPattern: { amplitude: 0.5, peakHour: 14.5 }, slo: 0.99 }'),
      { rate: 0.5, dailyPattern: { amplitude: 0.5, peakHour: 14.5 }, slo: 0.99 },
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(loadScenarioText(text, FILE).traffic, expected));
  }
});

/** `delivery: pull` resolved: the Argo CD profile's defaults (schema.ts ARGOCD_PROFILE) with autoSync on. */
const ARGOCD_DEFAULTS = {
  type: 'pull',
  profile: 'argocd',
  intervalMs: 120_000,
  jitterMs: 60_000,
  revisionCacheExpirationMs: 180_000,
  webhook: false,
  autoSync: true,
  selfHeal: false,
  watchDelayMs: 1000,
  renderTime: { kind: 'lognormal', medianMs: 500, p95Ms: 2000 },
  compareTime: { kind: 'lognormal', medianMs: 20, p95Ms: 100 },
  statusProcessors: 20,
  operationProcessors: 10,
  kubectlParallelism: 20,
  qps: 50,
  burst: 100,
  resourcesPerApp: 5,
  apiLatency: { kind: 'lognormal', medianMs: 20, p95Ms: 100 },
  hookTime: { kind: 'constant', valueMs: 0 },
  shards: 1,
  syncFailRate: 0,
  repoServerReplicas: 1,
  repoServerParallelism: 0,
  manifestGeneratePaths: false,
} as const;

describe('valid documents', () => {
  test('defaults are filled in and strings resolved to milliseconds and distributions', () => {
    const scenario = loadScenarioText(
      [
        'name: smoke',
        VARIANTS.trimEnd(),
        '  - name: pull',
        '    delivery: { type: pull, interval: 30s }',
        '  - name: flux',
        '    delivery: { type: pull, profile: flux }',
        '    imageAutomation: {}',
        '',
      ].join('\n'),
      FILE,
    );
    const expected: Scenario = {
      name: 'smoke',
      description: undefined,
      seed: 1,
      horizonMs: 7 * 86_400_000,
      replications: 10,
      apps: {
        count: 1,
        replicas: 1,
        image: 'registry.example/app',
        strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' },
        minReadySeconds: 0,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        imageSizeBytes: 30_000_000,
      },
      cluster: {
        count: 1,
        nodes: 3,
        podsPerNode: 110,
        nodeDiskBytes: 100_000_000_000,
        podStartup: { kind: 'lognormal', medianMs: 2000, p95Ms: 3800 },
        controllerManager: { qps: 20, burst: 30 },
        imageGc: { highThresholdPercent: 85, lowThresholdPercent: 80, minimumAgeMs: 120_000 },
      },
      registry: { pullLatencyMs: 1000, pullBandwidthBytesPerSecond: 50_000_000, pullSpread: 0.25 },
      ci: {
        commits: { every: { kind: 'exp', meanMs: 4 * 3_600_000 } },
        commitEvery: { kind: 'exp', meanMs: 4 * 3_600_000 },
        runners: 4,
        stages: GO_SERVICE_STAGES.map((s) => ({ ...s, duration: parseDistribution(s.duration) })),
        tagPolicy: 'version',
        badReleaseRate: 0.05,
        badManifest: 0,
        detectAfter: { kind: 'lognormal', medianMs: 15 * 60_000, p95Ms: 3_600_000 },
      },
      git: { layout: 'shared', webhookDelay: 2000, massChanges: [] },
      drift: [],
      traffic: undefined,
      baseline: 'push',
      variants: [
        {
          name: 'push',
          delivery: {
            type: 'push',
            startupTime: { kind: 'lognormal', medianMs: 30_000, p95Ms: 90_000 },
            apiLatency: { kind: 'lognormal', medianMs: 50, p95Ms: 200 },
            resourcesPerApp: 5,
            serverSide: false,
            qps: 5,
            burst: 10,
            failRate: 0,
            retries: 0,
            rerun: 'deploy',
          },
          imageRef: 'digest',
          rollback: 'rerun',
        },
        {
          name: 'pull',
          delivery: {
            type: 'pull',
            profile: 'argocd',
            intervalMs: 30_000,
            jitterMs: 60_000,
            revisionCacheExpirationMs: 180_000,
            webhook: false,
            autoSync: true,
            selfHeal: false,
            watchDelayMs: 1000,
            renderTime: { kind: 'lognormal', medianMs: 500, p95Ms: 2000 },
            compareTime: { kind: 'lognormal', medianMs: 20, p95Ms: 100 },
            statusProcessors: 20,
            operationProcessors: 10,
            kubectlParallelism: 20,
            qps: 50,
            burst: 100,
            resourcesPerApp: 5,
            apiLatency: { kind: 'lognormal', medianMs: 20, p95Ms: 100 },
            hookTime: { kind: 'constant', valueMs: 0 },
            shards: 1,
            syncFailRate: 0,
            repoServerReplicas: 1,
            repoServerParallelism: 0,
            manifestGeneratePaths: false,
          },
          imageRef: 'digest',
          rollback: 'revert',
        },
        {
          name: 'flux',
          delivery: {
            type: 'pull',
            profile: 'flux',
            sourceIntervalMs: 60_000,
            intervalMs: 600_000,
            jitterFraction: 0.05,
            retryIntervalMs: 600_000,
            timeoutMs: 570_000,
            concurrent: 4,
            webhook: false,
            wait: false,
            applyTime: { kind: 'lognormal', medianMs: 2000, p95Ms: 8000 },
            failRate: 0,
          },
          imageRef: 'digest',
          rollback: 'revert',
          imageAutomation: {
            scanIntervalMs: 300_000,
            commitIntervalMs: 1_800_000,
            policy: 'semver',
            reflectDigest: false,
            jitterFraction: 0.05,
            watchPolicies: false,
          },
        },
      ],
    };
    assert.deepEqual(scenario, expected);
  });

  test('a Flagger interval under 10s runs as 10s, as Flagger runs it', () => {
    const text = [
      'name: flagger',
      'variants:',
      '  - { name: f, delivery: pull, strategy: { type: Flagger, interval: 5s } }',
      '',
    ].join('\n');
    const strategy = loadScenarioText(text, FILE).variants[0].strategy;
    assert.deepEqual(strategy?.type === 'Flagger' && [strategy.intervalMs, strategy.maxWeight], [10_000, 100]);
  });

  test("the default pod startup keeps Kubernetes' startup SLO: p99 at most 5 s", () => {
    const startup = loadScenarioText(['name: slo', VARIANTS.trimEnd(), ''].join('\n'), FILE).cluster.podStartup;
    assert.equal(startup.kind, 'lognormal');
    if (startup.kind !== 'lognormal') return;
    // z(0.95) and z(0.99) of the standard normal.
    const sigma = Math.log(startup.p95Ms / startup.medianMs) / 1.6448536;
    const p99Ms = startup.medianMs * Math.exp(2.3263479 * sigma);
    assert.ok(p99Ms <= 5000 && p99Ms > 4900, `p99 ${p99Ms} ms`);
  });

  test('every setting given explicitly', () => {
    const scenario = loadScenarioText(
      `name: full
description: all of it
seed: canary
horizon: 1h30m
replications: 3
apps:
  count: 4
  replicas: 0
  image: registry.example:5000/shop/api
  imageSize: 1.5GiB
  strategy: { type: Recreate }
  minReadySeconds: 5
  revisionHistoryLimit: 3
  progressDeadlineSeconds: 120
  resources: { ConfigMap: 3, Secret: 1 }
cluster:
  nodes: 5
  podsPerNode: 30
  nodeDisk: 20000000000
  podStartup: "uniform(1s, 5s)"
  controllerManager: { qps: 2.5, burst: 5 }
registry:
  pullLatency: 500ms
  pullBandwidth: 10MiB
ci:
  commits: { every: 10m }
  runners: 2
  stages:
    - { name: build, duration: 2m, failRate: 0.1 }
    - { name: test, duration: "uniform(1m, 3m)" }
  tag: latest
  badRelease: 0
  detectAfter: 30m
git:
  layout: perApp
  webhookDelay: 5s
drift:
  - { kind: manualScale, every: exp(12h) }
  - { kind: hpa, at: [1h, 2h30m], min: 2, max: 6 }
  - { kind: nodeFailure, every: exp(24h), downFor: "uniform(5m, 15m)" }
  - { kind: tagMoved, at: [3d] }
variants:
  - { name: a, delivery: pull }
  - name: b
    delivery: { type: push, startupTime: 45s, apiLatency: 30ms, resourcesPerApp: 8, serverSide: true, qps: 20, burst: 40, failRate: 0.02, retries: 2, rerun: buildAndDeploy }
    imageRef: tag
  - name: argo
    rollback: undo
    delivery:
      type: pull
      profile: argocd
      interval: 3m
      jitter: 0s
      revisionCacheExpiration: 5m
      webhook: true
      autoSync: false
      selfHeal: true
      watchDelay: 500ms
      renderTime: 1s
      compareTime: "uniform(10ms, 50ms)"
      statusProcessors: 50
      operationProcessors: 25
      kubectlParallelism: 10
      qps: 7.5
      burst: 200
      resourcesPerApp: 12
      syncFailRate: 0.01
      repoServerReplicas: 2
      repoServerParallelism: 4
      manifestGeneratePaths: true
  - name: flux
    imageRef: tag
    rollback: none
    delivery:
      type: pull
      profile: flux
      sourceInterval: 30s
      interval: 5m
      jitter: 0.1
      retryInterval: 2m
      timeout: 1m
      concurrent: 10
      webhook: true
      wait: true
      applyTime: exp(3s)
      failRate: 0.02
    imageAutomation: { scanInterval: 1m, commitInterval: 10m, policy: numerical, reflectDigest: true }
`,
      FILE,
    );
    assert.equal(scenario.seed, 'canary');
    assert.equal(scenario.horizonMs, 5_400_000);
    assert.deepEqual(scenario.apps, {
      count: 4,
      replicas: 0,
      image: 'registry.example:5000/shop/api',
      strategy: { type: 'Recreate' },
      minReadySeconds: 5,
      revisionHistoryLimit: 3,
      progressDeadlineSeconds: 120,
      imageSizeBytes: 1.5 * 1024 ** 3,
      resources: { ConfigMap: 3, Secret: 1 },
    });
    assert.deepEqual(scenario.cluster, {
      count: 1,
      nodes: 5,
      podsPerNode: 30,
      nodeDiskBytes: 20_000_000_000,
      podStartup: { kind: 'uniform', minMs: 1000, maxMs: 5000 },
      controllerManager: { qps: 2.5, burst: 5 },
      imageGc: { highThresholdPercent: 85, lowThresholdPercent: 80, minimumAgeMs: 120_000 },
    });
    assert.deepEqual(scenario.registry, {
      pullLatencyMs: 500,
      pullBandwidthBytesPerSecond: 10 * 1024 ** 2,
      pullSpread: 0.25,
    });
    assert.deepEqual(scenario.ci, {
      commits: { every: { kind: 'constant', valueMs: 600_000 } },
      commitEvery: { kind: 'constant', valueMs: 600_000 },
      runners: 2,
      stages: [
        { name: 'build', duration: { kind: 'constant', valueMs: 120_000 }, failRate: 0.1 },
        { name: 'test', duration: { kind: 'uniform', minMs: 60_000, maxMs: 180_000 }, failRate: 0 },
      ],
      tagPolicy: 'latest',
      badReleaseRate: 0,
      badManifest: 0,
      detectAfter: { kind: 'constant', valueMs: 1_800_000 },
    });
    assert.deepEqual(scenario.git, {
      layout: 'perApp',
      webhookDelay: 5000,
      massChanges: [],
    });
    assert.deepEqual(scenario.drift, [
      { kind: 'manualScale', every: { kind: 'exp', meanMs: 12 * 3_600_000 } },
      { kind: 'hpa', at: [3_600_000, 9_000_000], min: 2, max: 6 },
      {
        kind: 'nodeFailure',
        every: { kind: 'exp', meanMs: 24 * 3_600_000 },
        downFor: { kind: 'uniform', minMs: 300_000, maxMs: 900_000 },
      },
      { kind: 'tagMoved', at: [3 * 86_400_000] },
    ]);
    assert.deepEqual(scenario.variants, [
      {
        name: 'a',
        delivery: { ...ARGOCD_DEFAULTS, intervalMs: 120_000 },
        imageRef: 'digest',
        rollback: 'revert',
      },
      {
        name: 'b',
        delivery: {
          type: 'push',
          startupTime: { kind: 'constant', valueMs: 45_000 },
          apiLatency: { kind: 'constant', valueMs: 30 },
          resourcesPerApp: 8,
          serverSide: true,
          qps: 20,
          burst: 40,
          failRate: 0.02,
          retries: 2,
          rerun: 'buildAndDeploy',
        },
        imageRef: 'tag',
        rollback: 'rerun',
      },
      {
        name: 'argo',
        delivery: {
          type: 'pull',
          profile: 'argocd',
          intervalMs: 180_000,
          jitterMs: 0,
          revisionCacheExpirationMs: 300_000,
          webhook: true,
          autoSync: false,
          selfHeal: true,
          watchDelayMs: 500,
          renderTime: { kind: 'constant', valueMs: 1000 },
          compareTime: { kind: 'uniform', minMs: 10, maxMs: 50 },
          statusProcessors: 50,
          operationProcessors: 25,
          kubectlParallelism: 10,
          qps: 7.5,
          burst: 200,
          resourcesPerApp: 12,
          apiLatency: { kind: 'lognormal', medianMs: 20, p95Ms: 100 },
          hookTime: { kind: 'constant', valueMs: 0 },
          shards: 1,
          syncFailRate: 0.01,
          repoServerReplicas: 2,
          repoServerParallelism: 4,
          manifestGeneratePaths: true,
        },
        imageRef: 'digest',
        rollback: 'undo',
      },
      {
        name: 'flux',
        delivery: {
          type: 'pull',
          profile: 'flux',
          sourceIntervalMs: 30_000,
          intervalMs: 300_000,
          jitterFraction: 0.1,
          retryIntervalMs: 120_000,
          timeoutMs: 60_000,
          concurrent: 10,
          webhook: true,
          wait: true,
          applyTime: { kind: 'exp', meanMs: 3000 },
          failRate: 0.02,
        },
        imageRef: 'tag',
        rollback: 'none',
        imageAutomation: {
          scanIntervalMs: 60_000,
          commitIntervalMs: 600_000,
          policy: 'numerical',
          reflectDigest: true,
          jitterFraction: 0.05,
          watchPolicies: false,
        },
      },
    ]);
  });

  test('anchors and aliases are allowed', () => {
    const scenario = loadScenarioText(
      `name: x
variants:
  - name: fast
    delivery: &fast { type: pull, interval: 1m }
  - { name: fast-again, delivery: *fast }
`,
      FILE,
    );
    const fast = { ...ARGOCD_DEFAULTS, intervalMs: 60_000 };
    assert.deepEqual(
      scenario.variants.map((v) => v.delivery),
      [fast, fast],
    );
  });

  test('loadScenarioFile reads the file', () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, `name: from-disk\n${VARIANTS}`);
    assert.equal(loadScenarioFile(file).name, 'from-disk');
  });

  test('the bundled default scenario loads', () => {
    const scenario = loadScenarioFile('scenarios/default.yaml');
    assert.ok(scenario.variants.length > 0);
  });
});

/** [name, text, code, [line, column, path, expected, found, hint?] of each problem, in file order]. */
type Row = readonly [
  name: string,
  text: string,
  code: ScenarioErrorCode,
  problems: readonly (readonly [number, number, string, string, string, string?])[],
];

const MORE: readonly Row[] = [
  [
    'apps.resources: two Deployments in one app',
    `name: x\napps:\n  resources: { Deployment: 2, ConfigMap: 1 }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[3, 28, 'apps.resources.Deployment', '0 or 1 (an app is at most one Deployment)', '2']],
  ],
  [
    'apps.resources without a Deployment wants apps.replicas 0',
    `name: x\napps:\n  replicas: 2\n  resources: { ConfigMap: 3 }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[3, 13, 'apps.replicas', '0 for an app without a Deployment (apps.resources)', '2']],
  ],
  [
    'apps.resources with no object at all',
    `name: x\napps:\n  replicas: 0\n  resources: { ConfigMap: 0 }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[4, 14, 'apps.resources', '1 to 10000 objects in all', 'a mapping']],
  ],
  [
    'apps.resources: a kind that is not a Kubernetes kind',
    `name: x\napps:\n  replicas: 0\n  resources: { config-map: 1 }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[4, 28, 'apps.resources.config-map', 'a Kubernetes kind like ConfigMap (this key)', '1']],
  ],
  [
    'git.layout that is neither shared nor perApp',
    `name: x\ngit: { layout: mono }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[2, 16, 'git.layout', '"shared" or "perApp"', '"mono"']],
  ],
  [
    'a missing required key points at the mapping that should hold it',
    `seed: 1\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[1, 1, 'name', 'a string', 'nothing']],
  ],
  [
    'an empty value points at its key',
    `name: x\nhorizon:\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[2, 1, 'horizon', 'a duration like 500ms, 30s, 2m, 1h30m or 7d', 'nothing']],
  ],
  [
    'an unknown discriminator value suggests the nearest one',
    'name: x\nvariants:\n  - { name: a, delivery: { type: pul } }\n',
    'E_SCENARIO_INVALID',
    [[3, 34, 'variants.0.delivery.type', '"push" or "pull"', '"pul"', 'did you mean "pull"?']],
  ],
  [
    'a missing discriminator',
    'name: x\nvariants:\n  - { name: a, delivery: {} }\n',
    'E_SCENARIO_INVALID',
    [[3, 26, 'variants.0.delivery.type', '"push" or "pull"', 'nothing']],
  ],
  [
    'a short-form delivery that is misspelt',
    'name: x\nvariants:\n  - { name: a, delivery: pul }\n',
    'E_SCENARIO_INVALID',
    [[3, 26, 'variants.0.delivery', '"push" or "pull"', '"pul"', 'did you mean "pull"?']],
  ],
  [
    'a value that fits no branch of a union lists every branch',
    'name: x\nvariants:\n  - { name: a, delivery: 42 }\n',
    'E_SCENARIO_INVALID',
    [[3, 26, 'variants.0.delivery', '"push" or "pull", or a mapping with type "push" or "pull"', '42']],
  ],
  [
    'a type mismatch in a simple union',
    `name: x\nseed: 1.5\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[2, 7, 'seed', 'a whole number or a string', '1.5']],
  ],
  [
    'a discriminated union given a scalar',
    `name: x\napps: { strategy: 5 }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [
      [
        2,
        19,
        'apps.strategy',
        'a mapping with type one of "RollingUpdate", "Recreate", "Canary", "BlueGreen" or "Flagger"',
        '5',
      ],
    ],
  ],
  [
    'unknown keys are judged against the chosen branch',
    `name: x\napps:\n  strategy: { type: Recreate, maxSurge: 1 }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[3, 31, 'apps.strategy.maxSurge', 'only type', '"maxSurge"', 'a setting of type "RollingUpdate"']],
  ],
  [
    'numbers are shown as written',
    `name: x\nreplications: 1e9\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[2, 15, 'replications', 'a whole number <= 10000', '1e9']],
  ],
  [
    'collections are described, not dumped',
    'name: [a, b]\nvariants: {}\n',
    'E_SCENARIO_INVALID',
    [
      [1, 7, 'name', 'a string', 'a list of 2 items'],
      [2, 11, 'variants', 'a list', 'an empty mapping'],
    ],
  ],
  [
    'an empty list',
    'name: x\nvariants: []\n',
    'E_SCENARIO_INVALID',
    [[2, 11, 'variants', 'a non-empty list', 'an empty list']],
  ],
  [
    'checks on resolved values show the value as written',
    `name: x\nhorizon: 0s\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [[2, 10, 'horizon', 'a duration above zero', '"0s"']],
  ],
  [
    'maxSurge and maxUnavailable both zero, however written',
    `name: x\napps:\n  strategy: { type: RollingUpdate, maxSurge: 00%, maxUnavailable: 0 }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [
      [
        3,
        67,
        'apps.strategy.maxUnavailable',
        'maxSurge and maxUnavailable not both zero (a rollout could never proceed)',
        '0',
      ],
    ],
  ],
  [
    'duplicate variant names',
    'name: x\nvariants:\n  - { name: a, delivery: push }\n  - { name: a, delivery: pull }\n',
    'E_SCENARIO_INVALID',
    [[4, 13, 'variants.1.name', 'a name not used by another variant (variants.0 has it)', '"a"']],
  ],
  [
    'a comma inside a flow mapping splits a distribution',
    `name: x\ncluster: { podStartup: uniform(1s, 5s) }\n${VARIANTS}`,
    'E_SCENARIO_INVALID',
    [
      [
        2,
        24,
        'cluster.podStartup',
        'a distribution: 5s, exp(mean), uniform(a, b), normal(mean, sd) or lognormal(median, p95)',
        '"uniform(1s"',
        'inside { } or [ ] a comma ends a value: quote values like "uniform(1s, 5s)"',
      ],
      [
        2,
        36,
        'cluster.5s)',
        'one of count, nodes, podsPerNode, nodeDisk, podStartup, controllerManager, imageGc',
        '"5s)"',
        'inside { } or [ ] a comma ends a value: quote values like "uniform(1s, 5s)"',
      ],
    ],
  ],
  [
    'every problem is reported, in file order',
    'variants: [{ name: a, delivery: push, extra: 1 }]\napps: { replicas: -1, count: 0 }\nhorizon: 2 days\nname: x\n',
    'E_SCENARIO_INVALID',
    [
      [
        1,
        39,
        'variants.0.extra',
        'one of name, delivery, imageRef, rollback, imageAutomation, promotion, strategy, thresholds',
        '"extra"',
      ],
      [2, 19, 'apps.replicas', 'a whole number >= 0', '-1'],
      [2, 30, 'apps.count', 'a whole number >= 1', '0'],
      [3, 10, 'horizon', 'a duration like 500ms, 30s, 2m, 1h30m or 7d', '"2 days"'],
    ],
  ],
  [
    'duplicate keys are a YAML error, with the path and the first occurrence',
    'name: x\napps:\n  count: 1\n  count: 2\n',
    'E_SCENARIO_YAML',
    [[4, 3, 'apps.count', 'each key at most once in a mapping', '"count" again', 'first at line 3']],
  ],
  [
    'an alias without an anchor',
    'name: x\nvariants: [*v]\n',
    'E_SCENARIO_YAML',
    [[2, 12, 'variants.0', 'an alias to an anchor defined above it (&v)', '*v']],
  ],
  [
    'tabs as indentation',
    'name: x\n\tseed: 1\n',
    'E_SCENARIO_YAML',
    [[2, 1, '', 'spaces for indentation', 'a tab']],
  ],
  [
    'several documents',
    'name: x\n---\nname: y\n',
    'E_SCENARIO_YAML',
    [[2, 1, '', 'one YAML document per file', 'a second document']],
  ],
  [
    'an unclosed flow collection',
    'name: x\nvariants: [\n',
    'E_SCENARIO_YAML',
    [
      [
        3,
        1,
        '',
        'valid YAML',
        'the end of the file',
        'flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    ],
  ],
  [
    'a file of comments only',
    '# nothing yet\n',
    'E_SCENARIO_EMPTY',
    [[1, 1, '', 'a mapping of scenario settings, with at least name and variants', 'an empty document']],
  ],
  [
    'a list at the top level',
    '- name: x\n',
    'E_SCENARIO_EMPTY',
    [[1, 1, '', 'a mapping of scenario settings, with at least name and variants', 'a list of 1 item']],
  ],
  [
    'a plain string at the top level',
    'just some words\n',
    'E_SCENARIO_EMPTY',
    [[1, 1, '', 'a mapping of scenario settings, with at least name and variants', '"just some words"']],
  ],
];

describe('more bad inputs', () => {
  for (const [name, text, code, problems] of MORE) {
    test(name, () => {
      const error = textError(text);
      assert.equal(error.code, code);
      assert.deepEqual(
        error.problems.map((p) => [p.line, p.column, p.path, p.expected, p.found, p.hint]),
        problems.map(([line, column, path, expected, found, hint]) => [
          line,
          column,
          path,
          expected,
          found,
          hint,
        ]),
      );
      assert.equal(error.message.split('\n').length, problems.length);
      for (const line of error.message.split('\n')) assert.ok(line.startsWith(`${FILE}:`), line);
    });
  }

  test('alias bombs are refused, not expanded', () => {
    const rows = ['name: x', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ]) {
      rows.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const error = textError(`${rows.join('\n')}\n${VARIANTS}`);
    assert.equal(error.code, 'E_SCENARIO_YAML');
    assert.match(error.message, /resource exhaustion/);
  });

  test('an unreadable path (a directory) is E_SCENARIO_READ', () => {
    const error = scenarioError(() => loadScenarioFile(dir));
    assert.equal(error.code, 'E_SCENARIO_READ');
    assert.equal(error.problems[0].found, 'a directory');
  });
});

test('baseline must name a variant; by default it is the first', () => {
  const text = (baseline: string) =>
    `name: b\n${baseline}variants:\n  - { name: push, delivery: push }\n  - { name: pull, delivery: pull }\n`;
  assert.equal(loadScenarioText(text(''), 'b.yaml').baseline, 'push');
  assert.equal(loadScenarioText(text('baseline: pull\n'), 'b.yaml').baseline, 'pull');
  assert.throws(
    () => loadScenarioText(text('baseline: pul\n'), 'b.yaml'),
    (error: unknown) =>
      error instanceof ScenarioError &&
      error.message.includes(
        'b.yaml:2:11: baseline: expected the name of a variant ("push", "pull"), found "pul"',
      ),
  );
});

function withThresholds(global: string, own = ''): string {
  const ownKey = own === '' ? '' : `, thresholds: ${own}`;
  return `name: x\nthresholds: ${global}\nvariants:\n  - { name: push, delivery: push${ownKey} }\n`;
}

const SHARE_EXPRESSION =
  'an expression like "< 5m" or ">= 0.999": <, <=, > or >= and a share from 0 to 1, or a percentage like 99.9%';
const DURATION_EXPRESSION =
  'an expression like "< 5m" or ">= 0.999": <, <=, > or >= and a duration like 500ms, 30s, 2m, 1h30m or 7d';

const THRESHOLDS: readonly Row[] = [
  [
    'an unknown metric suggests the nearest name',
    withThresholds('{ correctnes: "> 0.9" }'),
    'E_SCENARIO_INVALID',
    [
      [
        2,
        15,
        'thresholds.correctnes',
        `one of ${ALL_METRICS.map((m) => m.name).join(', ')}`,
        '"correctnes"',
        'did you mean "correctness"?',
      ],
    ],
  ],
  [
    'a share above 1',
    withThresholds('{ correctness: "> 1.5" }'),
    'E_SCENARIO_INVALID',
    [[2, 28, 'thresholds.correctness', SHARE_EXPRESSION, '"> 1.5"']],
  ],
  [
    'no operator',
    withThresholds('{ correctness: "0.999" }'),
    'E_SCENARIO_INVALID',
    [[2, 28, 'thresholds.correctness', SHARE_EXPRESSION, '"0.999"']],
  ],
  [
    'a duration metric with a bare number (no unit)',
    withThresholds('{ convergenceP95Ms: "< 300" }'),
    'E_SCENARIO_INVALID',
    [[2, 33, 'thresholds.convergenceP95Ms', DURATION_EXPRESSION, '"< 300"']],
  ],
  [
    'an operator k6 does not have',
    withThresholds('{ convergenceP95Ms: "== 5m" }'),
    'E_SCENARIO_INVALID',
    [[2, 33, 'thresholds.convergenceP95Ms', DURATION_EXPRESSION, '"== 5m"']],
  ],
  [
    'a bad expression in a list points at it',
    withThresholds('{ availability: [">= 99.9%", "< 2"] }'),
    'E_SCENARIO_INVALID',
    [[2, 42, 'thresholds.availability.1', SHARE_EXPRESSION, '"< 2"']],
  ],
  [
    'a bad expression in a variant’s thresholds',
    withThresholds('{}', '{ zeroReadyMs: "<= banana" }'),
    'E_SCENARIO_INVALID',
    [[4, 62, 'variants.0.thresholds.zeroReadyMs', DURATION_EXPRESSION, '"<= banana"']],
  ],
  [
    'an expression longer than 64 characters',
    withThresholds(`{ correctness: "> 0.${'9'.repeat(70)}" }`),
    'E_SCENARIO_INVALID',
    [
      [
        2,
        28,
        'thresholds.correctness',
        `${SHARE_EXPRESSION}, at most 64 characters`,
        `"> 0.${'9'.repeat(53)}..."`,
      ],
    ],
  ],
  [
    'an empty list',
    withThresholds('{ correctness: [] }'),
    'E_SCENARIO_INVALID',
    [[2, 28, 'thresholds.correctness', 'a non-empty list', 'an empty list']],
  ],
  [
    'a number instead of an expression',
    withThresholds('{ correctness: 0.99 }'),
    'E_SCENARIO_INVALID',
    [[2, 28, 'thresholds.correctness', 'an expression like "< 5m" or "> 0.999"', '0.99']],
  ],
];

describe('bad thresholds', () => {
  for (const [name, text, code, problems] of THRESHOLDS) {
    test(name, () => {
      const error = textError(text);
      assert.equal(error.code, code);
      assert.deepEqual(
        error.problems.map((p) => [p.line, p.column, p.path, p.expected, p.found, p.hint]),
        problems.map(([line, column, path, expected, found, hint]) => [
          line,
          column,
          path,
          expected,
          found,
          hint,
        ]),
      );
    });
  }
});

describe('thresholds', () => {
  test('absent: left out of the scenario (its input hash stays as it was)', () =>
    assert.equal('thresholds' in loadScenarioText(`name: x\n${VARIANTS}`, FILE), false));
  test("scenario-wide and per variant, each expression resolved in its metric's unit", () => {
    const s = loadScenarioText(
      withThresholds(
        '{ convergenceP95Ms: "< 5m", availability: [">= 99.9%", "<1"] }',
        '{ convergenceP95Ms: "<= 10m" }',
      ),
      FILE,
    );
    assert.deepEqual(s.thresholds, [
      { metric: 'convergenceP95Ms', expression: '< 5m', operator: '<', limit: 300_000 },
      { metric: 'availability', expression: '>= 99.9%', operator: '>=', limit: 0.999 },
      { metric: 'availability', expression: '< 1', operator: '<', limit: 1 },
    ]);
    assert.deepEqual(s.variants[0].thresholds, [
      { metric: 'convergenceP95Ms', expression: '<= 10m', operator: '<=', limit: 600_000 },
    ]);
  });
});

describe('commit replay (ci.commits.replay): the CSV beside the scenario', () => {
  const replayDir = join(dir, 'replay');
  const scenarioPath = join(replayDir, 's.yaml');
  const scenarioText = (commits: string) =>
    `name: r\napps: { count: 2 }\nci:\n  commits: ${commits}\n${VARIANTS}`;
  const write = (csv: string | null, commits = '{ replay: c.csv, apps: [api, web] }') => {
    rmSync(replayDir, { recursive: true, force: true });
    mkdirSync(replayDir);
    writeFileSync(scenarioPath, scenarioText(commits));
    if (csv !== null) writeFileSync(join(replayDir, 'c.csv'), csv);
  };
  const csvPath = join(replayDir, 'c.csv');

  test('times are read per app, sorted, relative to the scenario file', () => {
    write('app,at,commit\nweb,1h,abc\napi,2d9h30m,def\napi,30m,ghi\n');
    const s = loadScenarioFile(scenarioPath);
    assert.deepEqual(s.ci.commitReplay, {
      file: 'c.csv',
      apps: ['api', 'web'],
      atMs: [[1_800_000, 2 * 86_400_000 + 9 * 3_600_000 + 1_800_000], [3_600_000]],
    });
  });

  test('without apps, names are app-1, app-2, ...', () => {
    write('app,at\napp-2,5m\n', '{ replay: c.csv }');
    assert.deepEqual(loadScenarioFile(scenarioPath).ci.commitReplay?.atMs, [[], [300_000]]);
  });

  const rows: readonly [string, string | null, string, string][] = [
    [
      'a missing file',
      null,
      scenarioPath,
      `${scenarioPath}:4:22: ci.commits.replay: expected a readable CSV file, relative to the scenario file, found "c.csv" (no such file: looked for ${csvPath})`,
    ],
    [
      'a wrong header',
      'time,app\n',
      csvPath,
      `${csvPath}:1:1: header: expected the header app,at (or app,at,commit), found "time,app"`,
    ],
    [
      'a bad time',
      'app,at\napi,yesterday\n',
      csvPath,
      `${csvPath}:2:5: at: expected a time since the start like 500ms, 30s, 2m, 1h30m or 7d, found "yesterday"`,
    ],
    [
      'a negative time',
      'app,at\napi,-1h\n',
      csvPath,
      `${csvPath}:2:5: at: expected a time since the start like 500ms, 30s, 2m, 1h30m or 7d, found "-1h"`,
    ],
    [
      'an unknown app',
      'app,at\ndb,1h\n',
      csvPath,
      `${csvPath}:2:1: app: expected an app of the scenario (api, web), found "db"`,
    ],
    [
      'a short row',
      'app,at\napi\n',
      csvPath,
      `${csvPath}:2:1: row: expected 2 comma-separated fields (app,at), found 1`,
    ],
  ];
  for (const [name, csv, file, message] of rows) {
    test(`${name} is E_SCENARIO_REPLAY, located`, () => {
      write(csv);
      const error = scenarioError(() => loadScenarioFile(scenarioPath));
      assert.equal(error.code, 'E_SCENARIO_REPLAY');
      assert.equal(error.file, file);
      assert.equal(error.message, message);
    });
  }

  test('a file over the size limit is refused before it is read', () => {
    write(`app,at\n${'api,1h\n'.repeat(1_200_000)}`);
    const error = scenarioError(() => loadScenarioFile(scenarioPath));
    assert.equal(error.code, 'E_SCENARIO_REPLAY');
    assert.match(error.message, /expected a CSV of at most 8388608 bytes, found "c.csv" \(.* is 8400007 bytes\)/);
  });

  test('apps must name every app once', () => {
    write('app,at\n', '{ replay: c.csv, apps: [api] }');
    assert.match(
      scenarioError(() => loadScenarioFile(scenarioPath)).message,
      /ci\.commits\.apps: expected one name per app \(apps\.count is 2\)/,
    );
    write('app,at\n', '{ replay: c.csv, apps: [api, api] }');
    assert.match(
      scenarioError(() => loadScenarioFile(scenarioPath)).message,
      /ci\.commits\.apps\.1: expected a name not used by another app, found "api"/,
    );
  });

  test('every and replay do not mix', () => {
    write('app,at\n', '{ replay: c.csv, every: exp(1h) }');
    assert.equal(scenarioError(() => loadScenarioFile(scenarioPath)).code, 'E_SCENARIO_INVALID');
  });
});

describe('a weekly commit pattern and shares per app (ci.commits.weekly, shares)', () => {
  const withCommits = (commits: string) =>
    `name: w\napps: { count: 2 }\nci:\n  commits: ${commits}\n${VARIANTS}`;

  test('resolved as given; days default to Monday to Friday, outside to 0', () => {
    const s = loadScenarioText(
      withCommits('{ every: exp(1h), weekly: { hours: [9, 17.5] }, shares: [3, 1] }'),
      FILE,
    );
    assert.deepEqual(s.ci.commits, {
      every: { kind: 'exp', meanMs: 3_600_000 },
      weekly: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], hours: [9, 17.5], outside: 0 },
      shares: [3, 1],
    });
  });

  const rows: readonly [string, string][] = [
    [
      '{ weekly: { hours: [18, 9] } }',
      `${FILE}:4:36: ci.commits.weekly.hours.1: expected an hour after 18, found 9`,
    ],
    [
      '{ weekly: { hours: [9, 25] } }',
      `${FILE}:4:35: ci.commits.weekly.hours.1: expected an hour of the day from 0 to 24, found 25`,
    ],
    [
      '{ weekly: { days: [Mon, Sunday], hours: [9, 17] } }',
      `${FILE}:4:36: ci.commits.weekly.days.1: expected one of "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" or "Sun", found "Sunday" (did you mean "Sun"?)`,
    ],
    [
      '{ weekly: { hours: [9, 17], outside: 2 } }',
      `${FILE}:4:49: ci.commits.weekly.outside: expected a probability from 0 to 1, found 2`,
    ],
    [
      '{ shares: [1] }',
      `${FILE}:4:22: ci.commits.shares: expected one share per app (apps.count is 2), found a list of 1 item`,
    ],
    [
      '{ shares: [0, 0] }',
      `${FILE}:4:22: ci.commits.shares: expected at least one share above 0, found a list of 2 items`,
    ],
  ];
  for (const [commits, message] of rows) {
    test(commits, () => {
      assert.equal(textError(withCommits(commits)).message, message);
    });
  }
});

describe('question and headline', () => {
  const cases: [string, string, RegExp][] = [
    [
      'a headline metric that does not exist',
      'headline: [correctness, nope]',
      /^scenarios\/x\.yaml:2:25: headline\.1: expected one of "convergenceMeanMs", .* or "escapedDefectShare", found "nope"$/,
    ],
    [
      'an empty headline',
      'headline: []',
      /^scenarios\/x\.yaml:2:11: headline: expected a non-empty list, found an empty list$/,
    ],
    [
      'five headline metrics',
      'headline: [correctness, availability, zeroReadyMs, exposureMs, apiRequests]',
      /^scenarios\/x\.yaml:2:11: headline: expected a list of at most 4 items, found a list of 5 items$/,
    ],
    [
      'a question longer than 300 characters',
      `question: "${'q'.repeat(301)}"`,
      /^scenarios\/x\.yaml:2:11: question: expected a string of at most 300 characters, found "q+\.\.\."$/,
    ],
  ];
  for (const [name, line, message] of cases) {
    test(name, () => assert.match(textError(`name: x\n${line}\n${VARIANTS}`).message, message));
  }

  test('are kept as written, and left out of the scenario (and its input hash) when not given', () => {
    const s = loadScenarioText(`name: x\nquestion: Which?\nheadline: [correctness]\n${VARIANTS}`, FILE);
    assert.equal(s.question, 'Which?');
    assert.deepEqual(s.headline, ['correctness']);
    const plain = loadScenarioText(`name: x\n${VARIANTS}`, FILE);
    assert.ok(!('question' in plain) && !('headline' in plain));
  });
});

describe('environments and promotion', () => {
  const ENVS = 'environments:\n  - { name: staging }\n  - { name: production }\n';
  const gated = (gate: string) => `variants:\n  - { name: v, delivery: push, promotion: { production: ${gate} } }\n`;
  const cases: [string, string, RegExp][] = [
    [
      'a promotion without environments',
      gated('{ type: auto }'),
      /^scenarios\/x\.yaml:3:43: variants\.0\.promotion: expected nothing without environments \(add them, or drop this\), found a mapping$/,
    ],
    [
      'git.environments without environments',
      `git: { environments: folders }\n${VARIANTS}`,
      /^scenarios\/x\.yaml:2:22: git\.environments: expected nothing without environments/,
    ],
    [
      'a gate into the first environment',
      `${ENVS}variants:\n  - { name: v, delivery: push, promotion: { staging: { type: auto } } }\n`,
      /^scenarios\/x\.yaml:6:54: variants\.0\.promotion\.staging: expected the name of an environment after the first \("production"\), found a mapping$/,
    ],
    [
      'two environments of one name',
      `environments:\n  - { name: prod }\n  - { name: prod }\n${VARIANTS}`,
      /^scenarios\/x\.yaml:4:13: environments\.1\.name: expected a name not used by another environment \(environments\.0 has it\), found "prod"$/,
    ],
    [
      'no environment',
      `environments: []\n${VARIANTS}`,
      /^scenarios\/x\.yaml:2:15: environments: expected a non-empty list, found an empty list$/,
    ],
    [
      'eleven environments',
      `environments: [${Array.from({ length: 11 }, (_, i) => `{ name: e${i} }`).join(', ')}]\n${VARIANTS}`,
      /environments: expected a list of at most 10 items, found a list of 11 items$/,
    ],
    [
      'a detection probability above 1',
      `environments:\n  - { name: staging, detect: { probability: 1.5 } }\n${VARIANTS}`,
      /^scenarios\/x\.yaml:3:45: environments\.0\.detect\.probability: expected a probability from 0 to 1, found 1\.5$/,
    ],
    [
      'a gate of an unknown type',
      `${ENVS}${gated('{ type: nightly }')}`,
      /^scenarios\/x\.yaml:6:65: variants\.0\.promotion\.production\.type: expected "auto" or "manual", found "nightly"$/,
    ],
    [
      'a soak that is not a duration',
      `${ENVS}${gated('{ type: auto, soak: soon }')}`,
      /variants\.0\.promotion\.production\.soak: expected a duration like .*, found "soon"$/,
    ],
    [
      'a time zone beyond UTC+14',
      `${ENVS}${gated('{ type: manual, workingHours: { utcOffset: 20 } }')}`,
      /variants\.0\.promotion\.production\.workingHours\.utcOffset: expected an offset from UTC in hours from -12 to 14, like 1 or -5 or 5\.5, found 20$/,
    ],
    [
      'working hours that end before they start',
      `${ENVS}${gated('{ type: manual, workingHours: { hours: [17, 9] } }')}`,
      /variants\.0\.promotion\.production\.workingHours\.hours\.1: expected an hour at least a minute after 17, found 9$/,
    ],
    [
      'no working day',
      `${ENVS}${gated('{ type: manual, workingHours: { days: [] } }')}`,
      /variants\.0\.promotion\.production\.workingHours\.days: expected a non-empty list, found an empty list$/,
    ],
    [
      'image automation with environments',
      `${ENVS}variants:\n  - { name: v, delivery: { type: pull, profile: flux }, imageAutomation: {} }\n`,
      /variants\.0\.imageAutomation: expected no image automation with environments/,
    ],
    [
      'an environment with more pods than its nodes hold',
      `cluster: { nodes: 1, podsPerNode: 10 }\nenvironments:\n  - { name: staging, replicas: 11 }\n  - { name: production }\n${VARIANTS}`,
      /environments\.0\.replicas: expected room for 11 pods at 10 per node: at least 2 nodes, found 11$/,
    ],
    [
      'an unknown key in an environment',
      `environments:\n  - { name: staging, replica: 2 }\n${VARIANTS}`,
      /environments\.0\.replica: unknown key; expected one of name, cluster, replicas, delivery, detect; found "replica" \(did you mean "replicas"\?\)$/,
    ],
  ];
  for (const [name, text, message] of cases) {
    test(name, () => assert.match(textError(`name: x\n${text}`).message, message));
  }

  test('defaults: production finds every bad release, the environments before it half; gates auto without soak', () => {
    const s = loadScenarioText(
      `name: x\nci: { detectAfter: 20m }\n${ENVS}variants:\n  - { name: cd, delivery: push }\n` +
        '  - { name: cdel, delivery: push, promotion: { production: { type: manual } } }\n',
      FILE,
    );
    assert.deepEqual(
      s.environments?.map((e) => [e.name, e.detectProbability, e.detectAfter, e.replicas]),
      [
        ['staging', 0.5, parseDistribution('20m'), 1],
        ['production', 1, parseDistribution('20m'), 1],
      ],
    );
    assert.equal(s.git.environments, 'repositories');
    assert.deepEqual(s.variants[0].promotion, { production: { type: 'auto', soakMs: 0 } });
    assert.deepEqual(s.variants[1].promotion, {
      production: {
        type: 'manual',
        approveAfter: parseDistribution('lognormal(1h, 8h)'),
        workingHours: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], hours: [9, 17], utcOffsetHours: 0 },
        batch: true,
      },
    });
  });

  test('a scenario without environments resolves without any of their keys', () => {
    const s = loadScenarioText(`name: x\n${VARIANTS}`, FILE);
    assert.equal('environments' in s, false);
    assert.equal('environments' in s.git, false);
    assert.equal('promotion' in s.variants[0], false);
  });
});

describe('a file with very many problems (each under the 1 MiB limit)', () => {
  const head = `name: x\n${VARIANTS}`;
  const timed = (text: string) => {
    const start = performance.now();
    const error = textError(text);
    return { error, ms: performance.now() - start };
  };

  test('200,000 bad durations: the first 100 and a line for the rest, not a stack overflow', () => {
    const at = Array.from({ length: 10_000 }, () => '1x').join(', ');
    const text = `${head}drift:\n${`  - { kind: podCrash, at: [${at}] }\n`.repeat(20)}`;
    assert.ok(text.length < 1024 * 1024);
    const { error } = timed(text);
    assert.equal(error.problems.length, MAX_PROBLEMS);
    assert.deepEqual(pick(error.problems[0]), [5, 28, 'drift.0.at.0', 'a duration like 500ms, 30s, 2m, 1h30m or 7d', '"1x"']);
    assert.equal(error.more, Number.POSITIVE_INFINITY);
    assert.match(error.message.split('\n').at(-1) ?? '', /^scenarios\/x\.yaml: and more problems, too many to count \(the first 100 are listed\)$/);
  });

  test('40,000 unknown keys, repeated keys and aliases without anchors: counted, and found in linear time', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: 1\n`).join('');
    const small = timed(`${head}${keys(5000)}`);
    const large = timed(`${head}${keys(40_000)}`);
    assert.equal(large.error.problems.length, MAX_PROBLEMS);
    assert.equal(large.error.more, 40_000 - MAX_PROBLEMS);
    assert.match(large.error.message.split('\n').at(-1) ?? '', /and 39900 more problems \(the first 100 are listed\)$/);
    // Quadratic took 4.5 s and 88 s: 8 times the keys must stay well under 64 times the time.
    assert.ok(large.ms < 20 * Math.max(small.ms, 50), `${Math.round(small.ms)} ms, then ${Math.round(large.ms)} ms`);
    const repeated = textError(`${head}${'k: 1\n'.repeat(40_000)}`);
    assert.equal(repeated.code, 'E_SCENARIO_YAML');
    assert.equal(repeated.problems.length, MAX_PROBLEMS);
    assert.equal(repeated.more, 40_000 - 1 - MAX_PROBLEMS);
    const aliases = textError(`${head}z: [${Array.from({ length: 40_000 }, () => '*a').join(', ')}]\n`);
    assert.equal(aliases.problems.length, MAX_PROBLEMS);
    assert.equal(aliases.more, 40_000 - MAX_PROBLEMS);
  });
});

function pick(p: ScenarioProblem | undefined): unknown[] {
  return p === undefined ? [] : [p.line, p.column, p.path, p.expected, p.found];
}
