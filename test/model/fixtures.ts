/** A small cluster on a fresh engine, for tests of the model and the delivery layer. */
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { Cluster, type ClusterOptions, type Manifest } from '../../src/model/cluster/cluster.ts';
import { digestReference } from '../../src/model/image.ts';
import { Registry } from '../../src/model/registry.ts';
import type { DeploymentStrategy } from '../../src/model/rollout.ts';

export const ROLLING: DeploymentStrategy = { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' };
export const IMAGE_BYTES = 30_000_000;

/** `repo@sha256:…` and its digest, pushed to the registry under `tag`. */
export function build(registry: Registry, repository: string, n: number, tag = `1.0.${n}`, atMs = 0) {
  const ref = digestReference(repository, n);
  const digest = ref.slice(repository.length + 1);
  registry.push(repository, tag, digest, IMAGE_BYTES, atMs);
  return { ref, digest, tagRef: `${repository}:${tag}` };
}

export function smallCluster(
  manifests: Manifest[],
  options: Partial<Omit<ClusterOptions, 'podStartup'>> & { podStartup?: string } = {},
  registry = new Registry(),
  engine = new Engine(),
) {
  const cluster = new Cluster(engine, registry, manifests, {
    nodes: 4,
    podsPerNode: 110,
    nodeDiskBytes: 100e9,
    minReadySeconds: 0,
    progressDeadlineSeconds: 600,
    revisionHistoryLimit: 10,
    controllerQps: 1e6,
    controllerBurst: 1e6,
    random: { startup: createStream(1, 'startup', 0), pull: createStream(1, 'pull', 0) },
    ...options,
    podStartup: compileSampler(parseDistribution(options.podStartup ?? '5s')),
  });
  return { engine, cluster, registry };
}
