/**
 * What the scenario schedules in a run besides code commits: its drift
 * entries (every disturbance: drift, crashes, node failures, outages) as the
 * disturbance layer takes them, and mass changes of every app at once.
 */
import { compileSampler } from '../engine/distribution.ts';
import type { Engine } from '../engine/engine.ts';
import type { DriftSpec } from '../disturbance/drift.ts';
import type { MassChangeRecorder } from '../metrics/massChangeRecorder.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import { builtImage } from '../model/image.ts';
import type { Registry } from '../model/registry.ts';
import type { Scenario } from '../scenario/schema.ts';

/** A scenario drift entry as the drift sources take it. */
export function driftSpec(entry: Scenario['drift'][number]): DriftSpec {
  const timing = entry.at !== undefined ? { atMs: entry.at } : { every: compileSampler(entry.every!) };
  switch (entry.kind) {
    case 'hpa':
      return { ...timing, kind: 'hpa', min: entry.min, max: entry.max };
    case 'nodeFailure':
    case 'controllerOutage':
    case 'gitOutage':
    case 'registryOutage':
      return { ...timing, kind: entry.kind, downFor: compileSampler(entry.downFor) };
    default:
      return { ...timing, kind: entry.kind };
  }
}

/** Build numbers of mass changes start here, far from CI's, so their digests never collide. */
const MASS_CHANGE_BUILD = 2_000_000;

/** At each of git.massChanges, a new build of every app, committed to Git at once. */
export function startMassChanges(
  scenario: Scenario,
  imageRef: Scenario['variants'][number]['imageRef'],
  engine: Engine,
  registry: Registry,
  git: GitRepo,
  repositories: readonly string[],
  recorder: MassChangeRecorder,
): void {
  scenario.git.massChanges.forEach((atMs, k) => {
    engine.at(atMs, () => {
      const tag = `mass-${k + 1}`;
      const commits = repositories.map((repository, app) => {
        const { reference: digestRef, digest } = builtImage(repository, MASS_CHANGE_BUILD + k);
        registry.push(repository, tag, digest, scenario.apps.imageSizeBytes, engine.now);
        const image = imageRef === 'digest' ? digestRef : `${repository}:${tag}`;
        return git.commit(app, { ...git.desiredAt(app), image }, digest);
      });
      recorder.started(commits);
    });
  });
}
