/**
 * One run: a fresh world for (scenario, variant, replication), run to the
 * horizon. Random streams are named per component, so every variant of a
 * replication sees the same code commits, builds, failures and outages
 * (common random numbers).
 */
import { compileSampler, type Distribution } from '../engine/distribution.ts';
import { Engine } from '../engine/engine.ts';
import { RandomStreams } from '../engine/random.ts';
import { ImageAutomation } from '../delivery/imageAutomation.ts';
import { type DriftSpec, startDrift } from '../delivery/drift.ts';
import { Rollbacks } from '../delivery/rollback.ts';
import { DriftRecorder } from '../metrics/driftRecorder.ts';
import { RollbackRecorder } from '../metrics/rollbackRecorder.ts';
import { MassChangeRecorder } from '../metrics/massChangeRecorder.ts';
import { TimeSeriesSampler } from '../metrics/timeSeries.ts';
import { AppMonitor } from '../metrics/appMonitor.ts';
import { ChangeRecorder } from '../metrics/changeRecorder.ts';
import { RolloutRecorder } from '../metrics/rolloutRecorder.ts';
import { TrafficMonitor } from '../metrics/traffic.ts';
import type { RunResult } from '../metrics/results.ts';
import { CiPipeline, type Release } from '../model/ciPipeline.ts';
import { keepCommit, pickApp } from '../model/commitPattern.ts';
import { scheduleReplay } from '../model/commitReplay.ts';
import type { Manifest } from '../model/cluster/cluster.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import { GitRepo } from '../model/gitRepo.ts';
import { digestReference } from '../model/image.ts';
import { Recurring } from '../model/recurring.ts';
import { Registry } from '../model/registry.ts';
import { type Scenario, variantStrategy } from '../scenario/schema.ts';
import { capacityRecord, createDelivery, createFleet } from './fleet.ts';

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
    const desired: Manifest = { image, replicas: apps.replicas, strategy: variantStrategy(scenario, variant) };
    return { desired, intendedDigest: digest };
  });

  const git = new GitRepo(
    engine,
    initial,
    scenario.git.webhookDelay,
  );
  // Bad releases, known from their build: what the TrafficMonitor fails and what analysis finds.
  const badDigests = new Set<string>();
  const cluster = createFleet(scenario, engine, registry, initial.map((s) => s.desired), streams, {
    isBad: (digest) => badDigests.has(digest),
  });
  const recorder = new ChangeRecorder(git, cluster, () => engine.now);
  const rolloutRecorder = new RolloutRecorder(cluster, git, () => engine.now);

  const { delivery, shards } = createDelivery(variant.delivery, clusterConfig.count, engine, git, cluster, streams);
  const monitor = new AppMonitor(git, cluster, delivery, () => engine.now);
  const traffic =
    scenario.traffic === undefined
      ? null
      : {
          slo: scenario.traffic.slo,
          monitor: new TrafficMonitor(
            cluster,
            { ratePerSecond: scenario.traffic.rate, dailyPattern: scenario.traffic.dailyPattern },
            () => engine.now,
          ),
        };
  delivery.start();

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
  // Only CI's releases are bad (a rebuild that moves a tag pushes good bytes); marked before Git has them.
  pipeline.onRelease((release) => {
    if (!release.bad) return;
    badDigests.add(release.digest);
    traffic?.monitor.markBad(release.digest);
  });
  // Each release is committed to the config repo by CI, or picked up from the registry by image automation.
  const automation = variant.imageAutomation;
  if (automation === undefined) {
    pipeline.onRelease((release: Release) => {
      const image = variant.imageRef === 'digest' ? release.digestRef : release.imageRef;
      git.commit(release.app, { ...git.desiredAt(release.app), image }, release.digest, 'release', {
        codeCommitMs: release.triggeredMs,
        bad: release.bad,
      });
    });
  } else {
    new ImageAutomation(
      engine,
      git,
      registry,
      {
        scanIntervalMs: automation.scanInterval,
        commitIntervalMs: automation.commitInterval,
        policy: automation.policy,
        reflectDigest: automation.reflectDigest,
      },
      streams,
    ).start();
  }
  if (ci.commitReplay !== undefined) {
    scheduleReplay(engine, ci.commitReplay, scenario.horizonMs, (app) => pipeline.trigger(app));
  } else {
    const commitApps = streams.stream('ci.commitApps');
    const { weekly, shares } = 'every' in ci.commits ? ci.commits : { weekly: undefined, shares: undefined };
    const offHours = streams.stream('ci.commitOffHours');
    new Recurring(engine, sample(ci.commitEvery), streams.stream('ci.commitTimes'), () => {
      if (keepCommit(weekly, engine.now, offHours)) pipeline.trigger(pickApp(apps.count, shares, commitApps));
    }).start();
  }

  startFailures(scenario, streams, engine, cluster, registry, git);

  const lastTag: (string | undefined)[] = new Array(apps.count);
  pipeline.onRelease((release) => {
    lastTag[release.app] = release.tag;
  });
  const drift = startDrift(scenario.drift.map(driftSpec), {
    engine,
    cluster,
    git,
    registry,
    delivery,
    streams,
    releaseTag: (app) => lastTag[app],
  });
  const driftRecorder = new DriftRecorder(drift, cluster, git, registry, () => engine.now);
  const rollbacks = new Rollbacks(engine, git, cluster, pipeline, variant.rollback);
  const rollbackRecorder = new RollbackRecorder(rollbacks, git, cluster, () => engine.now);
  const sampler = new TimeSeriesSampler(engine, scenario.horizonMs, {
    correctShare: () => {
      const { correct, desired } = monitor.snapshot();
      return desired > 0 ? correct / desired : 1;
    },
    readyReplicas: () => {
      let ready = 0;
      for (let app = 0; app < apps.count; app++) ready += cluster.readyPods(app);
      return ready;
    },
    openDrift: () => driftRecorder.openCount(),
    queueDepth: () => delivery.queueDepth(),
    apiThrottledMs: () => cluster.stats().apiThrottledMs + delivery.stats().apiThrottledMs,
  });
  sampler.start();
  const massChanges = new MassChangeRecorder(git, cluster, () => engine.now);
  startMassChanges(scenario, variant.imageRef, engine, registry, git, repositories, massChanges);

  engine.run(scenario.horizonMs);
  const stats = cluster.stats();
  const health = monitor.finish();
  return {
    variant: variant.name,
    replication,
    horizonMs: scenario.horizonMs,
    changes: recorder.finish(),
    applies: cluster.applies,
    gitFetches: delivery.stats().gitFetches,
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
    health: {
      correctReplicaMs: sum(health, (h) => h.correctReplicaMs),
      desiredReplicaMs: sum(health, (h) => h.desiredReplicaMs),
      availableMs: sum(health, (h) => h.availableMs),
      zeroReadyMs: sum(health, (h) => h.zeroReadyMs),
      silentDivergenceMs: sum(health, (h) => h.silentDivergenceMs),
      appMs: sum(health, (h) => h.observedMs),
    },
    drifts: driftRecorder.finish().map((d) => ({
      kind: d.kind,
      app: d.app,
      atMs: d.atMs,
      openMs: d.openMs,
      closed: d.closedMs !== null,
    })),
    rollbacks: rollbackRecorder.finish().map((r) => ({
      app: r.app,
      method: r.method,
      detectedMs: r.detectedMs,
      correct: r.correct,
      restoreMs: r.restoredMs === null ? null : r.restoredMs - r.detectedMs,
    })),
    delivery: delivery.stats(),
    credentialsOutsideCluster: delivery.credentialsOutsideCluster,
    timeSeries: sampler.finish(),
    massChanges: massChanges.finish(),
    capacity: capacityRecord(shards),
    traffic: traffic === null ? null : { ...traffic.monitor.finish(), slo: traffic.slo },
    rollouts: rolloutRecorder.finish(),
  };
}

/** A scenario drift entry as the drift sources take it. */
function driftSpec(entry: Scenario['drift'][number]): DriftSpec {
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

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += pick(item);
  return total;
}

/** Build numbers of mass changes start here, far from CI's, so their digests never collide. */
const MASS_CHANGE_BUILD = 2_000_000;

/** At each of git.massChanges, a new build of every app, committed to Git at once. */
function startMassChanges(
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
function startFailures(
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
