/** Push deliveries for tests of other modules. */
import { parseDistribution } from '../../src/engine/distribution.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { RandomStreams } from '../../src/engine/random.ts';
import { type PushOptions, PushDelivery, type RunnerPool } from '../../src/delivery/push.ts';
import type { ClusterApi } from '../../src/model/cluster/clusterSet.ts';
import type { GitRepo } from '../../src/model/gitRepo.ts';

/** A deploy job that starts at once, takes no time and never fails. */
export const FREE_JOB: PushOptions = {
  startupTime: parseDistribution('0s'),
  apiLatency: parseDistribution('0s'),
  resourcesPerApp: 5,
  serverSide: false,
  qps: 5,
  burst: 10,
  failRate: 0,
  retries: 0,
  rerun: 'deploy',
};

/** Runners that are never busy: a job runs when queued, and one of no time ends in the same call. */
export function idleRunners(engine: Engine): RunnerPool {
  return {
    runJob(work, done) {
      const ms = work();
      if (ms === 0) done();
      else engine.after(ms, () => done());
    },
    buildDurationMs: () => 0,
  };
}

/** Push as it was before deploy jobs: each commit applied the instant it lands. */
export function instantPush(engine: Engine, git: GitRepo, cluster: ClusterApi): PushDelivery {
  return new PushDelivery({ engine, git, cluster }, idleRunners(engine), FREE_JOB, new RandomStreams(1, 0));
}
