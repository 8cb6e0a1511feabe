/**
 * The work a run made the world do, read from the components' own counters
 * at the horizon: applies, Git fetches, engine events, API requests, image
 * pulls, CI builds, and the delivery system's counters.
 */
import type { Delivery } from '../model/deliverySystem.ts';
import type { Engine } from '../engine/engine.ts';
import type { CiPipeline } from '../model/ciPipeline.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Registry } from '../model/registry.ts';
import type { RunResult } from './results.ts';

export interface LoadSources {
  readonly engine: Pick<Engine, 'eventsProcessed'>;
  readonly cluster: Pick<ClusterApi, 'applies' | 'stats'>;
  readonly registry: Pick<Registry, 'pulls' | 'pulledBytes'>;
  readonly pipeline: Pick<CiPipeline, 'releases' | 'failures'>;
  readonly delivery: Pick<Delivery, 'stats' | 'credentialsOutsideCluster' | 'credentialsHeldMs'>;
}

type LoadSlice = Pick<
  RunResult,
  'applies' | 'gitFetches' | 'eventsProcessed' | 'load' | 'delivery' | 'credentialsOutsideCluster' | 'exposureMs'
>;

export class LoadRecorder {
  constructor(private readonly sources: LoadSources) {}

  /** This recorder's part of the run. */
  slice(): LoadSlice {
    const { engine, cluster, registry, pipeline, delivery } = this.sources;
    const stats = cluster.stats();
    const deliveryStats = delivery.stats();
    return {
      applies: cluster.applies,
      gitFetches: deliveryStats.gitFetches,
      eventsProcessed: engine.eventsProcessed,
      load: {
        apiRequests: stats.apiRequests,
        apiThrottledMs: stats.apiThrottledMs,
        imagePulls: registry.pulls,
        imagePullBytes: registry.pulledBytes,
        failedPulls: stats.failedPulls,
        podsCreated: stats.podsCreated,
        nodeFailures: stats.nodeFailures,
        evictions: stats.evictions,
        crashes: stats.crashes,
        ciReleases: pipeline.releases,
        ciFailures: pipeline.failures,
      },
      delivery: deliveryStats,
      credentialsOutsideCluster: delivery.credentialsOutsideCluster,
      exposureMs: delivery.credentialsHeldMs(),
    };
  }
}
