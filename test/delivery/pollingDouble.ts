/**
 * A test double of a pull controller for tests of what happens around
 * delivery (drift, rollbacks and their recorders): every `intervalMs`, from a
 * random phase, it fetches Git and applies every app whose live spec the
 * reconcile loop would act on, at once. No queues, render or API times and no
 * self-heal back-off, so a test can say exactly when Git wins again. A paused
 * app (rollback `pause`) gets its known-good manifest at once and is left
 * alone until resumed. The real controllers (src/delivery/argocd.ts, flux.ts)
 * have tests of their own.
 */
import type { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import type { ClusterApi } from '../../src/model/cluster/clusterSet.ts';
import type { Delivery } from '../../src/model/deliverySystem.ts';
import type { GitRepo } from '../../src/model/gitRepo.ts';
import { reconcile } from '../../src/model/reconcile.ts';

export function pollingDouble(engine: Engine, git: GitRepo, cluster: ClusterApi, intervalMs: number): Delivery {
  let up = true;
  const paused = new Set<number>();
  let fetches = 0;
  let applies = 0;
  const outOfSync = (app: number): boolean => {
    const live = cluster.spec(app);
    return live === null || reconcile(git.desiredAt(app), live).actions.length > 0;
  };
  const refresh = (): void => {
    if (up) {
      fetches++;
      if (git.fetch()) {
        for (let app = 0; app < git.appCount; app++) {
          if (paused.has(app) || !outOfSync(app)) continue;
          applies++;
          cluster.apply(app, git.desiredAt(app));
        }
      }
    }
    engine.after(intervalMs, refresh);
  };
  return {
    kind: 'poll',
    credentialsOutsideCluster: false,
    // The controller has been running for a while: its first refresh comes at a random phase of its period.
    start: () => engine.after(Math.floor(createStream(3, 'pull', 0).next() * intervalMs), refresh),
    reportsInSync: (app) => !paused.has(app) && !outOfSync(app),
    pause: (app, knownGood) => {
      paused.add(app);
      cluster.apply(app, knownGood.desired, 'person');
    },
    resume: (app) => {
      paused.delete(app);
    },
    setAvailable: (available) => {
      up = available;
    },
    queueDepth: () => 0,
    credentialsHeldMs: () => 0,
    stats: () => ({
      gitFetches: fetches,
      refreshes: fetches,
      syncs: applies,
      syncFailures: 0,
      apiRequests: applies,
      apiThrottledMs: 0,
      maxQueueDepth: 0,
    }),
  };
}
