/**
 * One run: a fresh world for (scenario, variant, replication), run to the
 * horizon. Random streams are named per component, so every variant of a
 * replication sees the same commits (common random numbers).
 */
import { compileSampler } from '../engine/distribution.ts';
import { Engine } from '../engine/engine.ts';
import { RandomStreams } from '../engine/random.ts';
import { PullController } from '../delivery/pull.ts';
import { PushDelivery } from '../delivery/push.ts';
import { Cluster } from '../model/cluster.ts';
import { CommitSource } from '../model/commitSource.ts';
import { GitRepo } from '../model/gitRepo.ts';
import { digestReference } from '../model/image.ts';
import type { AppState } from '../model/reconcile.ts';
import { ChangeRecorder } from '../metrics/changeRecorder.ts';
import type { RunResult } from '../metrics/results.ts';
import type { Scenario } from '../scenario/schema.ts';

export function simulateRun(scenario: Scenario, variantIndex: number, replication: number): RunResult {
  const variant = scenario.variants[variantIndex];
  const engine = new Engine();
  const streams = new RandomStreams(scenario.seed, replication);
  const { apps } = scenario;
  const repositories = Array.from({ length: apps.count }, (_, i) => `${apps.image}-${i + 1}`);
  const initial: AppState[] = repositories.map((repository) => ({
    image: digestReference(repository, 0),
    replicas: apps.replicas,
  }));

  const git = new GitRepo(initial);
  const cluster = new Cluster(engine, initial, {
    strategy: apps.strategy,
    podStartup: compileSampler(scenario.cluster.podStartup),
    random: streams.stream('cluster.podStartup'),
  });
  const recorder = new ChangeRecorder(git, cluster, () => engine.now);
  let gitFetches = () => 0;
  if (variant.delivery.type === 'push') {
    new PushDelivery(git, cluster);
  } else {
    const controller = new PullController(engine, git, cluster, variant.delivery, streams.stream('pull.schedule'));
    controller.start();
    gitFetches = () => controller.gitFetches;
  }
  new CommitSource(engine, git, {
    every: compileSampler(scenario.git.commitEvery),
    timing: streams.stream('git.commitTimes'),
    choice: streams.stream('git.commitApps'),
    repositories,
  }).start();

  engine.run(scenario.horizonMs);
  return {
    variant: variant.name,
    replication,
    horizonMs: scenario.horizonMs,
    changes: recorder.finish(),
    applies: cluster.applies,
    gitFetches: gitFetches(),
    eventsProcessed: engine.eventsProcessed,
  };
}
