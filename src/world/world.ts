/**
 * The composition root: one run is a fresh world for (scenario, variant,
 * replication), built here and nowhere else, and run to the horizon. Random
 * streams are named per component, so every variant of a replication sees
 * the same code commits, builds, failures and outages (common random
 * numbers). Recorders observe the world without changing it; at the horizon
 * each returns its own part of the RunResult.
 */
import { compileSampler } from '../engine/distribution.ts';
import { Engine } from '../engine/engine.ts';
import { RandomStreams } from '../engine/random.ts';
import { ImageAutomation } from '../delivery/imageAutomation.ts';
import { startDrift } from '../disturbance/drift.ts';
import { Rollbacks } from '../disturbance/rollback.ts';
import { AppMonitor } from '../metrics/appMonitor.ts';
import { CapacityRecorder } from '../metrics/capacity.ts';
import { ChangeRecorder } from '../metrics/changeRecorder.ts';
import { DriftRecorder } from '../metrics/driftRecorder.ts';
import { LoadRecorder } from '../metrics/loadRecorder.ts';
import { MassChangeRecorder } from '../metrics/massChangeRecorder.ts';
import type { RunResult } from '../metrics/results.ts';
import { EnvironmentRecorder } from '../metrics/environmentRecorder.ts';
import { RollbackRecorder } from '../metrics/rollbackRecorder.ts';
import { RolloutRecorder } from '../metrics/rolloutRecorder.ts';
import { TimeSeriesSampler } from '../metrics/timeSeries.ts';
import { TrafficMonitor } from '../metrics/traffic.ts';
import { type TraceLine, TraceRecorder, type TraceSources } from '../metrics/traceRecorder.ts';
import { CiPipeline, type Release } from '../model/ciPipeline.ts';
import { keepCommit, pickApp } from '../model/commitPattern.ts';
import { scheduleReplay } from '../model/commitReplay.ts';
import type { Manifest } from '../model/cluster/cluster.ts';
import { GitRepo } from '../model/gitRepo.ts';
import { type EnvironmentStage, Promotion } from '../model/promotion.ts';
import { DEFAULT_GATE } from '../model/promotionGate.ts';
import { builtImage } from '../model/image.ts';
import { Recurring } from '../engine/recurring.ts';
import { Registry } from '../model/registry.ts';
import type { Scenario } from '../scenario/schema.ts';
import { variantStrategy } from '../scenario/variantStrategy.ts';
import { collectBeforeRun, runFinished } from './collectGarbage.ts';
import { driftSpec, startMassChanges } from './scheduled.ts';
import { createDelivery, createFleet } from './fleet.ts';

/** The recorders of a run; each returns its own part of the RunResult at the horizon. */
export interface Recorders {
  readonly changes: ChangeRecorder;
  readonly load: LoadRecorder;
  readonly health: AppMonitor;
  readonly drifts: DriftRecorder;
  readonly rollbacks: RollbackRecorder;
  readonly timeSeries: TimeSeriesSampler;
  readonly massChanges: MassChangeRecorder;
  readonly capacity: CapacityRecorder;
  /** With the objective it is judged by; null when the scenario sends no traffic. */
  readonly traffic: { readonly monitor: TrafficMonitor; readonly slo: number } | null;
  readonly rollouts: RolloutRecorder;
  /** Releases through the environments; null without `environments:`. */
  readonly environments: EnvironmentRecorder | null;
}

/** One variant x replication of a scenario, built and ready to run. */
export interface World {
  readonly variant: string;
  readonly replication: number;
  readonly horizonMs: number;
  readonly engine: Engine;
  readonly recorders: Recorders;
  /** The traced app's story; null unless asked for. */
  readonly trace: TraceRecorder | null;
}

export interface WorldOptions {
  /** Keep a trace of this app (0-based): `run --trace`. */
  readonly traceApp?: number;
}

export function buildWorld(
  scenario: Scenario,
  variantIndex: number,
  replication: number,
  options: WorldOptions = {},
): World {
  const variant = scenario.variants[variantIndex];
  const engine = new Engine();
  const streams = new RandomStreams(scenario.seed, replication);
  const { ci } = scenario;
  // With environments, the world below is production (the last); the others are built beside it.
  const environments = scenario.environments;
  const production = environments?.[environments.length - 1];
  const productionScenario = production === undefined ? scenario : environmentScenario(scenario, production);
  const { apps, cluster: clusterConfig } = productionScenario;
  const productionDelivery = production?.delivery ?? variant.delivery;
  // Joined, not concatenated: flat strings, hashed once as registry keys rather than flattened at each first use.
  const repositories = Array.from({ length: apps.count }, (_, i) => [apps.image, i + 1].join('-'));
  // Read once here, not by the closures below on every release and commit: a scenario's objects
  // differ in shape between variants and points, and the closures' code is shared by every run.
  const appCount = apps.count;
  const byDigest = variant.imageRef === 'digest';
  const sample = compileSampler;

  const registry = new Registry(scenario.registry);
  // Build 0 of every app is what runs when the run starts.
  const tag0 = ci.tagPolicy === 'latest' ? 'latest' : '1.0.0';
  const strategy = variantStrategy(scenario, variant);
  const initialOf = (replicas: number) =>
    repositories.map((repository) => {
      const { reference: digestRef, digest } = builtImage(repository, 0);
      const image = byDigest ? digestRef : `${repository}:${tag0}`;
      const desired: Manifest = { image, replicas, strategy };
      return { desired, intendedDigest: digest };
    });
  const initial = initialOf(apps.replicas);
  for (let app = 0; app < repositories.length; app++) {
    registry.push(repositories[app], tag0, initial[app].intendedDigest, apps.imageSizeBytes, 0);
  }

  const git = new GitRepo(engine, initial, scenario.git.webhookDelay);
  // Bad releases, known from their build: what the TrafficMonitor fails and what analysis finds.
  const badDigests = new Set<string>();
  const cluster = createFleet(
    productionScenario,
    engine,
    registry,
    initial.map((s) => s.desired),
    streams,
    {
      isBad: (digest) => badDigests.has(digest),
    },
  );
  const changes = new ChangeRecorder(git, cluster, () => engine.now);
  const rollouts = new RolloutRecorder(cluster, git, () => engine.now);

  // Code commits go through CI; each release is committed to the config repo (and, under push, deployed by a job on the same runners).
  const pipeline = new CiPipeline(engine, registry, { ...ci, repositories, imageSizeBytes: apps.imageSizeBytes }, streams);
  const { delivery, shards } = createDelivery(
    productionDelivery,
    clusterConfig.count,
    engine,
    git,
    cluster,
    streams,
    { runners: pipeline, rollbackReruns: variant.rollback === 'rerun' },
    { layout: scenario.git.layout, resources: apps.resources },
  );
  const health = new AppMonitor(git, cluster, delivery, () => engine.now);
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

  // Only CI's releases are bad (a rebuild that moves a tag pushes good bytes); marked before Git has them.
  pipeline.onRelease((release) => {
    if (!release.bad) return;
    badDigests.add(release.digest);
    traffic?.monitor.markBad(release.digest);
  });
  const imageOf = (release: Release) => (byDigest ? release.digestRef : release.imageRef);
  // Environments before production: each its own config, clusters, delivery and rollbacks, fed by promotion.
  const before =
    environments === undefined
      ? []
      : environments.slice(0, -1).map((env) => {
          const own = { stream: (name: string) => streams.stream(`${name}@${env.name}`) };
          const envInitial = initialOf(env.replicas);
          const envGit = new GitRepo(engine, envInitial, scenario.git.webhookDelay, scenario.git.environments === 'folders' ? git : undefined);
          const envCluster = createFleet(environmentScenario(scenario, env), engine, registry, envInitial.map((s) => s.desired), own, {
            isBad: (digest) => badDigests.has(digest),
          });
          const envDelivery = env.delivery ?? variant.delivery;
          const built = createDelivery(
            envDelivery,
            env.cluster.count,
            engine,
            envGit,
            envCluster,
            own,
            { runners: pipeline, rollbackReruns: variant.rollback === 'rerun' },
            { layout: scenario.git.layout, resources: apps.resources },
          );
          built.delivery.start();
          return { env, git: envGit, cluster: envCluster, delivery: built.delivery };
        });
  const stages: EnvironmentStage[] | undefined = environments?.map((env, i) => {
    const built = before[i];
    return {
      name: env.name,
      git: built?.git ?? git,
      cluster: built?.cluster ?? cluster,
      detectProbability: env.detectProbability,
      detectAfter: env.detectAfter,
    };
  });
  const promotion =
    environments === undefined
      ? null
      : new Promotion(
          engine,
          stages!,
          environments.slice(1).map((env) => variant.promotion?.[env.name] ?? DEFAULT_GATE),
          streams,
          imageOf,
        );
  // Each release is committed to the config repo by CI (to the first environment's, when there are several), or picked up from the registry by image automation.
  const automation = variant.imageAutomation;
  if (promotion !== null) {
    pipeline.onRelease((release) => promotion.release(release));
  } else if (automation === undefined) {
    // During a Git outage CI's push is retried: the commit lands when the outage ends (and under push, its deploy job follows).
    pipeline.onRelease((release: Release) =>
      git.whenUp(() => {
        const image = byDigest ? release.digestRef : release.imageRef;
        git.commit(release.app, { ...git.desiredAt(release.app), image }, release.digest, 'release', {
          codeCommitMs: release.triggeredMs,
          bad: release.bad,
          badManifest: release.badManifest,
        });
      }),
    );
  } else {
    new ImageAutomation(engine, git, registry, automation, streams, pipeline).start();
  }
  if (ci.commitReplay !== undefined) {
    scheduleReplay(engine, ci.commitReplay, scenario.horizonMs, (app) => pipeline.trigger(app));
  } else {
    const commitApps = streams.stream('ci.commitApps');
    const { weekly, shares } = 'every' in ci.commits ? ci.commits : { weekly: undefined, shares: undefined };
    const offHours = streams.stream('ci.commitOffHours');
    new Recurring(engine, sample(ci.commitEvery), streams.stream('ci.commitTimes'), () => {
      if (keepCommit(weekly, engine.now, offHours)) pipeline.trigger(pickApp(appCount, shares, commitApps));
    }).start();
  }


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
  const drifts = new DriftRecorder(drift, cluster, git, registry, () => engine.now);
  const rollbackSource = new Rollbacks(
    engine,
    git,
    cluster,
    promotion === null ? pipeline : promotion.releasesInto(environments!.length - 1),
    variant.rollback,
    delivery,
  );
  // A paused app is meant to run its known-good release: correctness judges it by that, not by Git HEAD.
  if (variant.rollback === 'pause') health.followPauses(rollbackSource);
  const environmentRollbacks = [
    ...before.map(
      (b, i) => new Rollbacks(engine, b.git, b.cluster, promotion!.releasesInto(i), variant.rollback, b.delivery),
    ),
    rollbackSource,
  ];
  if (promotion !== null) for (const r of environmentRollbacks) r.onFound((digest) => promotion.foundBad(digest));
  const rollbacks = new RollbackRecorder(
    rollbackSource,
    git,
    cluster,
    () => engine.now,
  );
  const timeSeries = new TimeSeriesSampler(engine, scenario.horizonMs, {
    correctShare: () => {
      const { correct, desired } = health.snapshot();
      return desired > 0 ? correct / desired : 1;
    },
    readyReplicas: () => cluster.readyPodsTotal(),
    openDrift: () => drifts.openCount(),
    queueDepth: () => delivery.queueDepth(),
    apiThrottledMs: () => cluster.stats().apiThrottledMs + delivery.stats().apiThrottledMs,
  });
  timeSeries.start();
  const trace =
    options.traceApp === undefined
      ? null
      : new TraceRecorder(
          options.traceApp,
          {
            pipeline,
            git,
            cluster,
            drift,
            rollbacks: rollbackSource,
            // Only a controller that reports its syncs (Argo CD) adds them.
            syncs: 'onSync' in delivery ? (delivery as unknown as TraceSources['syncs']) : undefined,
          },
          () => engine.now,
        );
  const massChanges = new MassChangeRecorder(git, cluster, () => engine.now);
  startMassChanges(scenario, variant.imageRef, engine, registry, git, repositories, massChanges);

  return {
    variant: variant.name,
    replication,
    horizonMs: scenario.horizonMs,
    engine,
    trace,
    recorders: {
      changes,
      load: new LoadRecorder({ engine, cluster, registry, pipeline, delivery }),
      health,
      drifts,
      rollbacks,
      timeSeries,
      massChanges,
      capacity: new CapacityRecorder(shards),
      traffic,
      rollouts,
      environments:
        promotion === null
          ? null
          : new EnvironmentRecorder(
              environments!.map((e) => e.name),
              apps.count,
              promotion,
              environmentRollbacks,
              () => engine.now,
            ),
    },
  };
}

/** The scenario as one environment sees it: its clusters and replicas. */
function environmentScenario(scenario: Scenario, env: NonNullable<Scenario['environments']>[number]): Scenario {
  return { ...scenario, cluster: env.cluster, apps: { ...scenario.apps, replicas: env.replicas } };
}

/** Runs the world to its horizon; the result is each recorder's part, put together. */
export function runWorld(world: World): RunResult {
  world.engine.run(world.horizonMs);
  const r = world.recorders;
  return {
    variant: world.variant,
    replication: world.replication,
    horizonMs: world.horizonMs,
    ...r.changes.slice(),
    ...r.load.slice(),
    ...r.health.slice(),
    ...r.drifts.slice(),
    ...r.rollbacks.slice(),
    ...r.timeSeries.slice(),
    ...r.massChanges.slice(),
    ...r.capacity.slice(),
    ...(r.traffic === null ? { traffic: null } : r.traffic.monitor.slice(r.traffic.slo)),
    ...r.rollouts.slice(),
    ...(r.environments === null ? {} : r.environments.slice()),
  };
}

/** Runs one variant x replication with the app traced: its story, line by line. */
export function traceRun(scenario: Scenario, variantIndex: number, replication: number, app: number): TraceLine[] {
  return runAlone(scenario, variantIndex, () => {
    const world = buildWorld(scenario, variantIndex, replication, { traceApp: app });
    const result = runWorld(world);
    return world.trace!.finish(result.drifts, result.rollbacks);
  });
}

/**
 * Builds and runs one variant x replication. A large model left by the previous run in this
 * thread is collected first (collectGarbage.ts), so runs one after another each peak as one does.
 */
export function simulateRun(scenario: Scenario, variantIndex: number, replication: number): RunResult {
  return runAlone(scenario, variantIndex, () => runWorld(buildWorld(scenario, variantIndex, replication)));
}

/**
 * `run`, the previous run's large model collected first, with a world of one app of the same
 * scenario and variant kept across the collection (collectGarbage.ts); its own model is marked for
 * the next.
 */
function runAlone<T>(scenario: Scenario, variantIndex: number, run: () => T): T {
  collectBeforeRun(() => shapeWorld(scenario, variantIndex));
  const result = run();
  runFinished(scenario);
  return result;
}

/**
 * A world of the scenario's variant with one app: the classes and shapes a run of it makes, in a
 * few MB at most (3.5 MB for the 5,000 nodes of bench/scenarios/capacity-50k.yaml). A scenario
 * whose settings name apps past the first cannot make one; the run then goes without (this only
 * saves compiling again), and the run itself reports any error.
 */
export function shapeWorld(scenario: Scenario, variantIndex: number): World | null {
  try {
    return buildWorld({ ...scenario, apps: { ...scenario.apps, count: 1 } }, variantIndex, 0);
  } catch {
    return null;
  }
}
