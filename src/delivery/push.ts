/**
 * Push delivery: when CI commits a release to Git, its deploy job runs
 * `kubectl apply` once, with credentials that can write to the cluster, and
 * forgets. Nothing compares the cluster with Git afterwards, and the pipeline
 * shows the deploy as green whatever happens to the cluster later.
 */
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import type { Delivery, DeliveryStats } from '../model/deliverySystem.ts';

export class PushDelivery implements Delivery {
  readonly kind = 'push' as const;
  readonly credentialsOutsideCluster = true;
  private deploys = 0;

  constructor(git: GitRepo, cluster: ClusterApi) {
    git.onCommit((commit) => {
      this.deploys++;
      cluster.apply(commit.app, commit.desired);
    });
  }

  start(): void {}

  /** The last deploy job succeeded: push never looks again. */
  reportsInSync(): boolean {
    return true;
  }

  /** Push has no controller to go down. */
  setAvailable(): void {}

  queueDepth(): number {
    return 0;
  }

  stats(): DeliveryStats {
    return {
      gitFetches: 0,
      refreshes: 0,
      syncs: this.deploys,
      syncFailures: 0,
      apiRequests: this.deploys,
      apiThrottledMs: 0,
      maxQueueDepth: 0,
    };
  }
}
