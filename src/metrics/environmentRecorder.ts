/**
 * Follows releases through the environments of a run (model/promotion.ts):
 * per environment, the releases the apps converged on, the lead time of every
 * code change to it, the bad releases that reached it and those found there,
 * and the waits at the gate into it and the releases each approval promoted.
 *
 * Lead time counts every code change, those that never ran alone too: a
 * change has reached an environment once its app converged there on its build
 * or a newer one (a newer build holds the older changes), as DORA measures
 * lead time per change, not per deployment.
 */
import type { Release } from '../model/ciPipeline.ts';
import type { PromotionListeners } from '../model/promotion.ts';
import type { EnvironmentRecord, RunResult } from './results.ts';

interface Tally {
  deployments: number;
  readonly leadTimesMs: number[];
  badReached: number;
  found: number;
  readonly gateWaitsMs: number[];
  readonly releasesPerApproval: number[];
  /** Per app, code changes (releases) not here yet, oldest first. */
  readonly pending: Release[][];
}

export class EnvironmentRecorder {
  private readonly tallies: Tally[];

  constructor(
    private readonly names: readonly string[],
    appCount: number,
    promotion: { observe(listeners: PromotionListeners): void },
    /** Each environment's bad-release detection (its rollbacks), in the order of `names`. */
    rollbacks: readonly { onFound(listener: (digest: string) => void): void }[],
    private readonly nowMs: () => number,
  ) {
    this.tallies = names.map(() => ({
      deployments: 0,
      leadTimesMs: [],
      badReached: 0,
      found: 0,
      gateWaitsMs: [],
      releasesPerApproval: [],
      pending: Array.from({ length: appCount }, () => []),
    }));
    promotion.observe({
      committed: (env, release) => {
        // Every change enters at the first environment; from then on it is pending in each.
        if (env === 0) for (const t of this.tallies) t.pending[release.app].push(release);
      },
      reached: (env, release) => this.reached(env, release),
      passed: (env, releases, waitedMs, manual) => {
        const t = this.tallies[env];
        t.gateWaitsMs.push(...waitedMs);
        if (manual) t.releasesPerApproval.push(releases.length);
      },
    });
    for (const [env, r] of rollbacks.entries()) {
      r.onFound(() => {
        this.tallies[env].found++;
      });
    }
  }

  /** This recorder's part of the run. */
  slice(): Pick<RunResult, 'environments'> {
    return {
      environments: this.tallies.map(
        (t, env): EnvironmentRecord => ({
          name: this.names[env],
          deployments: t.deployments,
          leadTimesMs: t.leadTimesMs,
          badReached: t.badReached,
          found: t.found,
          gateWaitsMs: t.gateWaitsMs,
          releasesPerApproval: t.releasesPerApproval,
        }),
      ),
    };
  }

  private reached(env: number, release: Release): void {
    const t = this.tallies[env];
    t.deployments++;
    if (release.bad) t.badReached++;
    const now = this.nowMs();
    const pending = t.pending[release.app];
    let kept = 0;
    for (const change of pending) {
      if (change.build <= release.build) t.leadTimesMs.push(now - change.triggeredMs);
      else pending[kept++] = change;
    }
    pending.length = kept;
  }
}
