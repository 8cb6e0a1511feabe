/**
 * The clusters of a run and the delivery system that serves them, built from
 * the scenario: one cluster, or several seen as one fleet; push, Argo CD
 * (sharded by cluster), or Flux (one per cluster, as Flux runs in each).
 */
import type { Engine } from '../engine/engine.ts';
import { type StreamSource, streamsOfCopy } from '../engine/random.ts';
import {
  type AppShape,
  ArgoCdController,
  defaultKindCounts,
  GitRefCache,
  refRepositories,
} from '../delivery/argocd.ts';
import { DEFAULT_RESOURCES_PER_APP, type Delivery } from '../model/deliverySystem.ts';
import { FluxController } from '../delivery/flux.ts';
import { PushDelivery, type RunnerPool } from '../delivery/push.ts';
import { ShardedDelivery } from '../delivery/sharded.ts';
import { Cluster, type ClusterWorld, type Manifest } from '../model/cluster/cluster.ts';
import { type ClusterApi, ClusterSet } from '../model/cluster/clusterSet.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import type { Registry } from '../model/registry.ts';
import type { Scenario } from '../scenario/schema.ts';

export function createFleet(
  scenario: Scenario,
  engine: Engine,
  registry: Registry,
  manifests: readonly Manifest[],
  streams: StreamSource,
  releaseQuality?: ClusterWorld['releaseQuality'],
): ClusterApi {
  const { cluster: config, apps } = scenario;
  const clusters = Array.from({ length: config.count }, (_, c) => {
    const own = streamsOfCopy(streams, c);
    return new Cluster(
      engine,
      registry,
      manifests.filter((_, app) => app % config.count === c),
      {
        ...config,
        ...apps,
        random: { startup: own.stream('cluster.podStartup'), pull: own.stream('registry.pull') },
        releaseQuality,
      },
    );
  });
  return clusters.length === 1 ? clusters[0] : new ClusterSet(clusters);
}

export interface FleetDelivery {
  readonly delivery: Delivery;
  /** The Argo CD shards, for the capacity record; empty for other delivery systems. */
  readonly shards: readonly ArgoCdController[];
}

export function createDelivery(
  config: Scenario['variants'][number]['delivery'],
  clusterCount: number,
  engine: Engine,
  git: GitRepo,
  cluster: ClusterApi,
  streams: StreamSource,
  /** Push only: the CI runners its deploy jobs run on, and whether rollbacks re-run (or revert). */
  push: { readonly runners: RunnerPool; readonly rollbackReruns: boolean },
  /** The repository layout and each app's objects (apps.resources; by default Argo CD's resourcesPerApp). */
  repo: { readonly layout: AppShape['layout']; readonly resources?: Readonly<Record<string, number>> },
): FleetDelivery {
  if (config.type === 'push') {
    return {
      delivery: new PushDelivery({ engine, git, cluster }, push.runners, config, streams, push.rollbackReruns),
      shards: [],
    };
  }
  // One pass, no array of every app per part: at 50,000 apps and 5 shards the filtered copies were 2% of building the world.
  const appsOf = (keep: (clusterIndex: number) => boolean) => {
    const apps: number[] = [];
    for (let app = 0; app < git.appCount; app++) if (keep(app % clusterCount)) apps.push(app);
    return apps;
  };
  if (config.profile === 'flux') {
    // The objects Argo CD applies of an app: apps.resources, or the default count (Flux has no setting of its own).
    const objectsPerApp =
      repo.resources === undefined ? DEFAULT_RESOURCES_PER_APP : kindCountsOf(repo.resources).reduce((a, b) => a + b, 0);
    const parts = Array.from(
      { length: clusterCount },
      (_, c) =>
        new FluxController(
          { engine, git, cluster },
          config,
          streamsOfCopy(streams, c),
          objectsPerApp,
          clusterCount === 1 ? undefined : appsOf((clusterIndex) => clusterIndex === c),
          repo.resources === undefined || (repo.resources.Deployment ?? 0) > 0,
        ),
    );
    // Each cluster's Flux is a deployment of its own: an outage takes one down.
    return { delivery: combine(parts, (app) => app % clusterCount, true), shards: [] };
  }
  const shape: AppShape = {
    layout: repo.layout,
    kindCounts: repo.resources === undefined ? defaultKindCounts(config.resourcesPerApp) : kindCountsOf(repo.resources),
  };
  // The repo-server's ref cache is in argocd-redis: every shard of this Argo CD reads the same one.
  const refCache = new GitRefCache(refRepositories(shape.layout, git.appCount));
  // Argo CD shards by cluster: cluster c belongs to shard c mod shards (round-robin distribution).
  const shards = Array.from(
    { length: config.shards },
    (_, s) =>
      new ArgoCdController(
        { engine, git, cluster },
        config,
        streamsOfCopy(streams, s),
        config.shards === 1 ? undefined : appsOf((clusterIndex) => clusterIndex % config.shards === s),
        shape,
        refCache,
      ),
  );
  // The shards are replicas of one application-controller StatefulSet: they fail together.
  return { delivery: combine(shards, (app) => (app % clusterCount) % config.shards, false), shards };
}

function combine(parts: readonly Delivery[], partOf: (app: number) => number, failApart: boolean): Delivery {
  return parts.length === 1 ? parts[0] : new ShardedDelivery(parts, partOf, failApart);
}

/**
 * The objects of each kind in the order a sync applies them: Argo CD applies
 * workloads after their config (gitops-engine sync task ordering by kind), so
 * the Deployment, when there is one, comes last and is the object a release changes.
 */
export function kindCountsOf(resources: Readonly<Record<string, number>>): number[] {
  const counts = Object.entries(resources).filter(([kind, n]) => kind !== 'Deployment' && n > 0).map(([, n]) => n);
  if ((resources.Deployment ?? 0) > 0) counts.push(1);
  return counts;
}
