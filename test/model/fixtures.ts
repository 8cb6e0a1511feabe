/**
 * A small cluster on a fresh engine, for tests of the model and the delivery
 * layer. Components take their options from a resolved scenario, so every
 * default a test relies on is the schema's.
 */
import { parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { Cluster, type ClusterSetup, type Manifest } from '../../src/model/cluster/cluster.ts';
import { builtImage } from '../../src/model/image.ts';
import { Registry, type RegistryOptions } from '../../src/model/registry.ts';
import type { DeploymentStrategy } from '../../src/model/rollout.ts';
import { type Scenario, type ScenarioInput, scenarioSchema } from '../../src/scenario/schema.ts';

export const ROLLING: DeploymentStrategy = { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' };
export const IMAGE_BYTES = 30_000_000;

/** A minimal scenario (`sections` added), resolved: each component's options as a run gets them. */
export function resolvedScenario(sections: Partial<ScenarioInput> = {}): Scenario {
  return scenarioSchema.parse({ name: 'test', variants: [{ name: 'push', delivery: 'push' }], ...sections });
}

/** The options every component gets from a scenario that sets nothing. */
export const DEFAULTS = resolvedScenario();

/** A registry with the scenario defaults, or some of them replaced. */
export function newRegistry(options: Partial<RegistryOptions> = {}): Registry {
  return new Registry({ ...DEFAULTS.registry, ...options });
}

/** `repo@sha256:…` and its digest, pushed to the registry under `tag`. */
export function build(registry: Registry, repository: string, n: number, tag = `1.0.${n}`, atMs = 0) {
  const { reference: ref, digest } = builtImage(repository, n);
  registry.push(repository, tag, digest, IMAGE_BYTES, atMs);
  return { ref, digest, tagRef: `${repository}:${tag}` };
}

/** Four nodes of large disks, a client that never throttles and a constant 5s start, unless `options` say otherwise. */
export function smallCluster(
  manifests: Manifest[],
  options: Partial<Omit<ClusterSetup, 'podStartup'>> & { podStartup?: string } = {},
  registry = newRegistry(),
  engine = new Engine(),
) {
  const cluster = new Cluster(engine, registry, manifests, {
    ...DEFAULTS.cluster,
    ...DEFAULTS.apps,
    nodes: 4,
    nodeDiskBytes: 100e9,
    controllerManager: { qps: 1e6, burst: 1e6 },
    random: { startup: createStream(1, 'startup', 0), pull: createStream(1, 'pull', 0) },
    ...options,
    podStartup: parseDistribution(options.podStartup ?? '5s'),
  });
  return { engine, cluster, registry };
}
