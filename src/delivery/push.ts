/**
 * Push delivery: CI runs `kubectl apply` once, when the commit lands, and
 * forgets. Nothing compares the cluster with Git afterwards.
 */
import type { Cluster } from '../model/cluster.ts';
import type { GitRepo } from '../model/gitRepo.ts';

export class PushDelivery {
  constructor(git: GitRepo, cluster: Cluster) {
    git.onCommit((commit) => {
      cluster.apply(commit.app, commit.desired);
    });
  }
}
