/**
 * Push delivery: CI runs `kubectl apply` once, when its pipeline commits the
 * new manifest, and forgets. Nothing compares the cluster with Git afterwards.
 */
import type { Cluster } from '../model/cluster/cluster.ts';
import type { GitRepo } from '../model/gitRepo.ts';

export class PushDelivery {
  constructor(git: GitRepo, cluster: Cluster) {
    git.onCommit((commit) => {
      cluster.apply(commit.app, commit.desired);
    });
  }
}
