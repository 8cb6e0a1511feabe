/**
 * A bad manifest: a release whose manifest the cluster refuses at every
 * apply (an invalid field, an admission policy that rejects it). Unlike a
 * delivery's per-attempt failure rate, it is a property of the commit, drawn
 * once per build by CI (`ci.badManifest`, its own stream), so every attempt to
 * apply that commit fails, in every delivery mode and every variant alike,
 * until a newer commit of the app replaces it. Each mode then does what
 * upstream does with a failure (sources in docs/calibration.md):
 * - push: the deploy job fails; it is re-run only `retries` times (0 by default);
 * - Argo CD: the automated sync is retried 5 times, then that revision is left
 *   alone (OutOfSync, sync failed) until the repository's revision moves;
 * - Flux: the Kustomization is Ready=False and retried every `retryInterval`, for ever.
 * Each attempt costs what a failing attempt costs in that mode's model.
 *
 * Simplified: nobody reacts to the failed deploy; the app's next release,
 * whenever CI makes it, is what replaces the commit. A revert commit restores
 * an earlier manifest and is not refused (a rollback never goes to a refused
 * one: disturbance/rollback.ts).
 */
import type { Commit } from '../model/gitRepo.ts';

/** Whether the cluster refuses every apply of this commit's manifest. */
export function manifestRefused(commit: Commit): boolean {
  return commit.origin?.badManifest === true;
}
