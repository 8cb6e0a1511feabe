/**
 * What happens to a run's world from outside, as its scenario declares it:
 * node failures, pod crashes, registry and Git outages, drift entries, and
 * mass changes of every app at once.
 */
import { compileSampler, type Distribution } from '../engine/distribution.ts';
import type { Engine } from '../engine/engine.ts';
import type { RandomStreams } from '../engine/random.ts';
import type { DriftSpec } from '../disturbance/drift.ts';
import type { MassChangeRecorder } from '../metrics/massChangeRecorder.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import { digestReference } from '../model/image.ts';
import { Recurring } from '../engine/recurring.ts';
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
        const digestRef = digestReference(repository, MASS_CHANGE_BUILD + k);
        const digest = digestRef.slice(repository.length + 1);
        registry.push(repository, tag, digest, scenario.apps.imageSize, engine.now);
        const image = imageRef === 'digest' ? digestRef : `${repository}:${tag}`;
        return git.commit(app, { ...git.desiredAt(app), image }, digest);
      });
      recorder.started(commits);
    });
  });
}

/** Node failures, pod crashes, registry and Git outages, as the scenario says. */
export function startFailures(
  scenario: Scenario,
  streams: RandomStreams,
  engine: Engine,
  cluster: ClusterApi,
  registry: Registry,
  git: GitRepo,
): void {
  const { nodeFailures, podCrashes } = scenario.cluster;
  const pickNode = streams.stream('nodeFailures.node');
  recurringOutages(engine, streams, 'nodeFailures', nodeFailures, (downForMs) => {
    cluster.failNode(Math.floor(pickNode.next() * cluster.nodeCount), downForMs);
  });
  recurringOutages(engine, streams, 'registryOutages', scenario.registry.outages, (downForMs) => {
    registry.setOutage(engine.now, engine.now + downForMs);
  });
  recurringOutages(engine, streams, 'gitOutages', scenario.git.outages, (downForMs) =>
    git.startOutage(downForMs),
  );
  if (podCrashes !== undefined) {
    const which = streams.stream('podCrashes.pod');
    new Recurring(engine, compileSampler(podCrashes.every), streams.stream('podCrashes.times'), () => {
      const app = Math.floor(which.next() * cluster.appCount);
      cluster.crashPod(app, Math.floor(which.next() * scenario.apps.replicas));
    }).start();
  }
}

/** Failures of one kind at random times, each lasting a random time; streams named after the kind. */
function recurringOutages(
  engine: Engine,
  streams: RandomStreams,
  kind: string,
  outages: { everyDist: Distribution; downForDist: Distribution } | undefined,
  begin: (downForMs: number) => void,
): void {
  if (outages === undefined) return;
  const downFor = compileSampler(outages.downForDist);
  const downForDraws = streams.stream(`${kind}.downFor`);
  new Recurring(engine, compileSampler(outages.everyDist), streams.stream(`${kind}.times`), () =>
    begin(downFor(downForDraws)),
  ).start();
}
