/**
 * One run: a fresh world for (scenario, variant, replication), run to the
 * horizon. Random streams are named per component, so every variant of a
 * replication sees the same code commits, builds, failures and outages
 * (common random numbers).
 */
import { compileSampler, type Distribution } from '../engine/distribution.ts';
import { Engine } from '../engine/engine.ts';
import { RandomStreams } from '../engine/random.ts';
import { PullController } from '../delivery/pull.ts';
import { PushDelivery } from '../delivery/push.ts';
import { ChangeRecorder } from '../metrics/changeRecorder.ts';
import type { RunResult } from '../metrics/results.ts';
import { CiPipeline, type Release } from '../model/ciPipeline.ts';
import { Cluster, type Manifest } from '../model/cluster/cluster.ts';
import { GitRepo } from '../model/gitRepo.ts';
import { digestReference } from '../model/image.ts';
import { Recurring } from '../model/recurring.ts';
import { Registry } from '../model/registry.ts';
import type { Scenario } from '../scenario/schema.ts';

export function simulateRun(scenario: Scenario, variantIndex: number, replication: number): RunResult {
  const variant = scenario.variants[variantIndex];
  const engine = new Engine();
  const streams = new RandomStreams(scenario.seed, replication);
  const { apps, cluster: clusterConfig, ci } = scenario;
  const repositories = Array.from({ length: apps.count }, (_, i) => `${apps.image}-${i + 1}`);
  const sample = compileSampler;

  const registry = new Registry({
    pullBaseLatencyMs: scenario.registry.pullLatency,
    pullBandwidthBytesPerSecond: scenario.registry.pullBandwidth,
  });
  // Build 0 of every app is what runs when the run starts.
  const tag0 = ci.tag === 'latest' ? 'latest' : '1.0.0';
  const initial = repositories.map((repository) => {
    const digestRef = digestReference(repository, 0);
    const digest = digestRef.slice(repository.length + 1);
    registry.push(repository, tag0, digest, apps.imageSize, 0);
    const image = variant.imageRef === 'digest' ? digestRef : `${repository}:${tag0}`;
    const desired: Manifest = { image, replicas: apps.replicas, strategy: apps.strategy };
    return { desired, intendedDigest: digest };
  });

  const git = new GitRepo(
    engine,
    initial,
    scenario.git.webhookDelay,
  );
  const cluster = new Cluster(
    engine,
    registry,
    initial.map((s) => s.desired),
    {
      nodes: clusterConfig.nodes,
      podsPerNode: clusterConfig.podsPerNode,
      nodeDiskBytes: clusterConfig.nodeDisk,
      podStartup: sample(clusterConfig.podStartup),
      minReadySeconds: apps.minReadySeconds,
      progressDeadlineSeconds: apps.progressDeadlineSeconds,
      revisionHistoryLimit: apps.revisionHistoryLimit,
      controllerQps: clusterConfig.controllerManager.qps,
      controllerBurst: clusterConfig.controllerManager.burst,
      random: { startup: streams.stream('cluster.podStartup'), pull: streams.stream('registry.pull') },
    },
  );
  const recorder = new ChangeRecorder(git, cluster, () => engine.now);

  let gitFetches = () => 0;
  if (variant.delivery.type === 'push') {
    new PushDelivery(git, cluster);
  } else {
    const controller = new PullController(engine, git, cluster, variant.delivery, streams.stream('pull.schedule'));
    controller.start();
    gitFetches = () => controller.gitFetches;
  }

  // Code commits go through CI; each release is committed to the config repo.
  const pipeline = new CiPipeline(
    engine,
    registry,
    {
      repositories,
      stages: ci.stages?.map((s) => ({ name: s.name, duration: sample(s.duration), failRate: s.failRate })),
      runners: ci.runners,
      tagPolicy: ci.tag,
      badReleaseRate: ci.badRelease,
      detectAfter: sample(ci.detectAfter),
      imageSizeBytes: apps.imageSize,
    },
    streams,
  );
  pipeline.onRelease((release: Release) => {
    const image = variant.imageRef === 'digest' ? release.digestRef : release.imageRef;
    git.commit(release.app, { ...git.desiredAt(release.app), image }, release.digest);
  });
  const commitApps = streams.stream('ci.commitApps');
  new Recurring(engine, sample(ci.commitEvery), streams.stream('ci.commitTimes'), () => {
    pipeline.trigger(Math.floor(commitApps.next() * apps.count));
  }).start();

  startFailures(scenario, streams, engine, cluster, registry, git);

  engine.run(scenario.horizonMs);
  const stats = cluster.stats();
  return {
    variant: variant.name,
    replication,
    horizonMs: scenario.horizonMs,
    changes: recorder.finish(),
    applies: cluster.applies,
    gitFetches: gitFetches(),
    eventsProcessed: engine.eventsProcessed,
    load: {
      apiRequests: stats.apiRequests,
      apiThrottledMs: stats.apiThrottledMs,
      imagePulls: registry.pulls,
      imagePullBytes: registry.pulledBytes,
      failedPulls: stats.failedPulls,
      podsCreated: stats.podsCreated,
      nodeFailures: stats.nodeFailures,
      evictions: stats.evictions,
      crashes: stats.crashes,
      ciReleases: pipeline.releases,
      ciFailures: pipeline.failures,
    },
  };
}

/** Node failures, pod crashes, registry and Git outages, as the scenario says. */
function startFailures(
  scenario: Scenario,
  streams: RandomStreams,
  engine: Engine,
  cluster: Cluster,
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
  recurringOutages(engine, streams, 'gitOutages', scenario.git.outages, (downForMs) => git.startOutage(downForMs));
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
