/**
 * From what was read (manifests, and the Git history when given) to the
 * scenario: which objects are apps, the one value per setting the scenario
 * has (apps share their settings: where they differ the most common wins,
 * with a warning), the delivery variants, and the commits.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { formatDuration } from '../engine/duration.ts';
import { type ImageRef, DEFAULT_TAG } from '../model/imageRef.ts';
import {
  ARGOCD_PROFILE,
  DEFAULT_COMMIT_EVERY,
  DEFAULT_HORIZON,
  DEFAULT_NODES,
  DEFAULT_PODS_PER_NODE,
  DEFAULT_REPLICATIONS,
  DEFAULT_REPLICAS,
  type Delivery,
  deliverySchema,
  FLUX_PROFILE,
  imageAutomationSchema,
} from '../scenario/schema.ts';
import {
  ARGOCD_CONFIG_NAMES,
  ARGOCD_CONTROLLER,
  type ArgoApplication,
  type ArgoSettings,
  readApplication,
  readArgoConfig,
} from './argocd.ts';
import {
  commitsPerApp,
  fitCommits,
  fitWeekly,
  replayCsv,
  weekStartMs,
  WORKING_HOURS_SHARE,
} from './commitModel.ts';
import type { Leaf, Section } from './emit.ts';
import { ImportError } from './errors.ts';
import {
  FLUX_APP_KINDS,
  FLUX_CONTROLLER,
  FLUX_SETTING_KINDS,
  type FluxApp,
  type FluxSettings,
  isFlux,
  readFluxApp,
  readFluxSetting,
} from './flux.ts';
import type { GitHistory } from './gitHistory.ts';
import { readWorkload, type StrategyInput, WORKLOAD_KINDS, type Workload } from './kubernetes.ts';
import type { ManifestObject } from './manifests.ts';
import { type FlaggerCanary, readFlaggerCanary, readRolloutStrategy } from './rollouts.ts';
import { type Sourced, sourced } from './sourced.ts';
import { withoutRefused } from './refusedValues.ts';
import { checkedStrategy } from './strategy.ts';
import type { Warnings } from './warnings.ts';

export type CommitMode = 'replay' | 'fit';

/** The scenario's own defaults (schema.ts, where their sources are cited), for the settings the manifests leave out. */
const ARGO = deliverySchema.parse('pull') as Extract<Delivery, { profile: 'argocd' }>;
const FLUX = deliverySchema.parse({ type: 'pull', profile: 'flux' }) as Extract<
  Delivery,
  { profile: 'flux' }
>;
const AUTOMATION = imageAutomationSchema.parse({});

export interface DraftOptions {
  readonly name: string;
  /** As the user gave them, for the header. */
  readonly paths: readonly string[];
  readonly history?: GitHistory;
  readonly gitFolder?: string;
  readonly commits: CommitMode;
  /** The replay CSV's file name, beside the scenario. */
  readonly csvName: string;
}

export interface Draft {
  readonly text: string;
  /** The replay CSV, when commits are replayed. */
  readonly csv?: string;
}

/** Kinds an app applies that the model counts as resources but does not simulate; no warning needed. */
const RESOURCE_KINDS: ReadonlySet<string> = new Set([
  'ConfigMap',
  'Secret',
  'Service',
  'ServiceAccount',
  'Ingress',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'Namespace',
  'PersistentVolumeClaim',
]);

interface App {
  readonly name: string;
  readonly from: string;
  /** Repository-relative folders whose commits are this app's. */
  readonly paths: readonly string[];
  readonly workloads: Workload[];
  readonly strategy?: Sourced<StrategyInput>;
  resources: number;
}

/** How an imported scenario's first line begins: a file that does not is not replaced by the next import. */
export const IMPORTED_BY = 'Imported by `gitops-sim import`';

/** Shown when nothing was found: what was left unread may be why (a Deployment behind an alias bomb, a dangling link). */
function unreadHint(warnings: Warnings): { hint?: string } {
  const unread = warnings.unread();
  if (unread.length === 0) return {};
  const listed = unread.slice(0, 3).map((w) => `${w.where}: ${w.message}`);
  const more = unread.length > 3 ? `; and ${unread.length - 3} more` : '';
  return { hint: `left unread: ${listed.join('; ')}${more}` };
}

export function buildDraft(
  objects: readonly ManifestObject[],
  options: DraftOptions,
  warnings: Warnings,
): Draft {
  const argoApps: ArgoApplication[] = [];
  const argoSettings: ArgoSettings = {};
  let argoSeen: string | undefined;
  const fluxApps: FluxApp[] = [];
  const fluxSettings: FluxSettings = {};
  let fluxSeen: string | undefined;
  const workloads: Workload[] = [];
  const rollouts = new Map<ManifestObject, Sourced<StrategyInput> | undefined>();
  const canaries: FlaggerCanary[] = [];
  const resources: ManifestObject[] = [];

  for (const o of objects) {
    const where = `${o.at('metadata.name')} ${o.name}`;
    if (o.kind === 'Application' && o.apiVersion.startsWith('argoproj.io/')) {
      argoApps.push(readApplication(o, warnings));
      argoSeen ??= where;
    } else if (o.kind === 'ConfigMap' && ARGOCD_CONFIG_NAMES.has(o.name)) {
      readArgoConfig(o, argoSettings, warnings);
      argoSeen ??= where;
    } else if (o.kind === 'StatefulSet' && o.name === ARGOCD_CONTROLLER) {
      readArgoConfig(o, argoSettings, warnings);
      argoSeen ??= where;
    } else if (o.kind === 'Deployment' && o.name === FLUX_CONTROLLER) {
      readFluxSetting(o, fluxSettings, warnings);
      fluxSeen ??= where;
    } else if (isFlux(o) && FLUX_APP_KINDS.has(o.kind)) {
      fluxApps.push(readFluxApp(o, warnings));
      fluxSeen ??= where;
    } else if (isFlux(o) && FLUX_SETTING_KINDS.has(o.kind)) {
      readFluxSetting(o, fluxSettings, warnings);
      fluxSeen ??= where;
    } else if (o.kind === 'Rollout' && o.apiVersion.startsWith('argoproj.io/')) {
      workloads.push(readWorkload(o, warnings));
      rollouts.set(o, readRolloutStrategy(o, warnings));
    } else if (o.kind === 'Canary' && o.apiVersion.startsWith('flagger.app/')) {
      const canary = readFlaggerCanary(o, warnings);
      if (canary !== undefined) canaries.push(canary);
    } else if (WORKLOAD_KINDS.has(o.kind) && o.apiVersion === 'apps/v1') {
      workloads.push(readWorkload(o, warnings));
    } else if (RESOURCE_KINDS.has(o.kind)) {
      resources.push(o);
    } else {
      warnings.add(
        o.kind,
        where,
        `${o.apiVersion} ${o.kind}: not modelled; counted as a resource its app applies`,
      );
      resources.push(o);
    }
  }

  // Checked once per workload, so each refused setting is one warning.
  const checked = new Map<Workload, Sourced<StrategyInput> | undefined>();
  const strategyOf = (w: Workload): Sourced<StrategyInput> | undefined => {
    if (!checked.has(w)) {
      const canary = canaries.find((c) => c.target === w.object.name);
      const read = canary?.strategy ?? (rollouts.has(w.object) ? rollouts.get(w.object) : w.strategy);
      checked.set(w, read && checkedStrategy(canary === undefined ? w.object.kind : 'Canary', read, warnings));
    }
    return checked.get(w);
  };
  const apps = findApps(argoApps, fluxApps, workloads, options, warnings, strategyOf);
  if (apps.length === 0) {
    throw new ImportError('E_IMPORT_EMPTY', [
      {
        file: options.paths.join(' '),
        line: 0,
        column: 0,
        expected:
          'an app to simulate: an Argo CD Application, a Flux Kustomization or HelmRelease, or a Deployment, StatefulSet, DaemonSet or Rollout',
        found:
          objects.length === 0 ? 'no Kubernetes objects' : `${objects.length} object(s), none of them an app`,
        ...unreadHint(warnings),
      },
    ]);
  }
  for (const r of resources) {
    const app = apps.find((a) => a.paths.some((p) => inFolder(r.file, p)));
    if (app !== undefined) app.resources++;
  }
  for (const c of canaries) {
    if (!workloads.some((w) => w.object.name === c.target))
      warnings.add(
        'Canary',
        c.strategy.from,
        `targetRef ${c.target}: no such Deployment among the manifests`,
      );
  }

  const body: Record<string, Leaf | Section | Section[]> = {
    name: sourced(options.name, options.name === 'imported' ? 'default (--name)' : '--name'),
    description: sourced(`Imported from ${options.paths.join(', ')}`, 'gitops-sim import'),
    seed: sourced(1, 'default (DEFAULT_SEED)'),
  };
  const commits = commitSection(apps, options, warnings);
  body.horizon = commits.horizon ?? sourced(DEFAULT_HORIZON, 'default (DEFAULT_HORIZON: a week)');
  body.replications = sourced(DEFAULT_REPLICATIONS, 'default (DEFAULT_REPLICATIONS)');
  body.apps = appsSection(apps, warnings);
  body.cluster = clusterSection(apps, argoApps, body.apps as Section);
  body.ci = commits.ci;
  body.variants = variantsSection(
    apps,
    argoApps,
    argoSettings,
    argoSeen,
    fluxApps,
    fluxSettings,
    fluxSeen,
    warnings,
  );
  const header = [
    `${IMPORTED_BY} from ${options.paths.join(', ')}${options.gitFolder === undefined ? '' : ` and the Git history of ${options.gitFolder}`}.`,
    'Each value says where it came from: a file:line and field, or the default it is.',
    `Apps (${apps.length}): ${apps.map((a) => `${a.name} (${a.from})`).join(', ')}.`,
  ];
  return { text: withoutRefused(header, warnings, body), csv: commits.csv };
}

function findApps(
  argoApps: readonly ArgoApplication[],
  fluxApps: readonly FluxApp[],
  workloads: readonly Workload[],
  options: DraftOptions,
  warnings: Warnings,
  strategyOf: (w: Workload) => Sourced<StrategyInput> | undefined,
): App[] {
  const names = new Set<string>();
  const unique = (name: string): string => {
    let candidate = name;
    for (let i = 2; names.has(candidate); i++) candidate = `${name}-${i}`;
    names.add(candidate);
    return candidate;
  };
  const controllerApps = [
    ...argoApps.map((a) => ({ object: a.object, path: a.path })),
    ...fluxApps.map((a) => ({ object: a.object, path: a.path })),
  ];
  const apps: App[] = [];
  if (controllerApps.length > 0) {
    for (const { object, path } of controllerApps) {
      const paths = path === undefined ? [] : [path.value];
      if (path === undefined)
        warnings.add(
          object.kind,
          `${object.at('spec')} ${object.name}`,
          'no source path: its workloads and commits cannot be found',
        );
      const mine = workloads.filter((w) => paths.some((p) => inFolder(w.object.file, p)));
      apps.push(
        appOf(
          unique(object.name),
          `${object.kind} ${object.at('metadata.name')}`,
          paths,
          mine,
          strategyOf,
          warnings,
        ),
      );
    }
    for (const w of workloads) {
      if (!apps.some((a) => a.workloads.includes(w))) {
        warnings.add(
          w.object.kind,
          `${w.object.at('metadata.name')} ${w.object.name}`,
          'under no Application or Kustomization path: not simulated',
        );
      }
    }
    return apps;
  }
  // Plain manifests: every workload is an app; its commits are those touching its folder.
  for (const w of workloads) {
    const folder = repositoryPath(dirname(w.object.file), options.history?.root);
    if (folder === undefined && options.history !== undefined) {
      const where = `${w.object.at('metadata.name')} ${w.object.name}`;
      warnings.add(
        w.object.kind,
        where,
        `outside the --git repository (${options.history.root}): no commits are its own`,
      );
    }
    apps.push(
      appOf(
        unique(w.object.name),
        `${w.object.kind} ${w.object.at('metadata.name')}`,
        folder === undefined ? [] : [folder],
        [w],
        strategyOf,
        warnings,
      ),
    );
  }
  return apps;
}

function appOf(
  name: string,
  from: string,
  paths: readonly string[],
  workloads: Workload[],
  strategyOf: (w: Workload) => Sourced<StrategyInput> | undefined,
  warnings: Warnings,
): App {
  if (workloads.length > 1) {
    warnings.add(
      '(app)',
      from,
      `${workloads.length} workloads (${workloads.map((w) => w.object.name).join(', ')}): the model runs one per app, the first`,
    );
  }
  const first = workloads[0] as Workload | undefined;
  return {
    name,
    from,
    paths,
    workloads,
    strategy: first === undefined ? undefined : strategyOf(first),
    resources: 0,
  };
}

/** A file in an app's repository-relative folder: matched on whole path segments of the file's absolute path. */
function inFolder(file: string, folder: string): boolean {
  if (folder === '') return true;
  const abs = `/${resolve(file).split(sep).join('/')}`;
  return abs.includes(`/${folder}/`) || abs.endsWith(`/${folder}`);
}

/** A folder relative to the repository root; the folder itself (relative to here) without a repository. */
function repositoryPath(folder: string, root: string | undefined): string | undefined {
  const rel = relative(root ?? process.cwd(), resolve(folder))
    .split(sep)
    .join('/');
  return rel.startsWith('..') ? undefined : rel;
}

/** The most common value (by its YAML form; ties to the first seen); a warning when apps differ. */
function common<T>(
  setting: string,
  values: readonly { app: string; value: Sourced<T> }[],
  warnings: Warnings,
): Sourced<T> | undefined {
  if (values.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const v of values)
    counts.set(JSON.stringify(v.value.value), (counts.get(JSON.stringify(v.value.value)) ?? 0) + 1);
  const best = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const chosen = values.find((v) => JSON.stringify(v.value.value) === best)!.value;
  if (counts.size > 1) {
    const listed = values.map((v) => `${v.app} ${JSON.stringify(v.value.value)}`).join(', ');
    warnings.add(
      '(apps differ)',
      setting,
      `${listed}; the scenario has one value for every app: the most common (on a tie, the first)`,
    );
  }
  return chosen;
}

function appsSection(apps: readonly App[], warnings: Warnings): Section {
  const perApp = <T>(pick: (w: Workload) => Sourced<T> | undefined) =>
    apps.flatMap((a) => {
      const w = a.workloads[0];
      const value = w === undefined ? undefined : pick(w);
      return value === undefined ? [] : [{ app: a.name, value }];
    });
  const section: Record<string, Leaf> = {
    count: sourced(
      apps.length,
      `one app per ${[...new Set(apps.map((a) => a.from.split(' ')[0]))].join(' / ')}: ${apps.map((a) => a.name).join(', ')}`,
    ),
  };
  const daemonSet = apps.some((a) => a.workloads[0]?.object.kind === 'DaemonSet');
  const replicas = common(
    'apps.replicas',
    perApp((w) => w.replicas),
    warnings,
  );
  section.replicas =
    replicas ??
    (daemonSet
      ? sourced(
          DEFAULT_NODES,
          `default (a DaemonSet runs a pod per node: cluster.nodes, default ${DEFAULT_NODES})`,
        )
      : sourced(DEFAULT_REPLICAS, 'default (spec.replicas absent: Kubernetes default 1)'));
  const images = perApp((w) => (w.images[0] === undefined ? undefined : w.images[0]));
  const image = images[0]?.value;
  if (
    image !== undefined &&
    /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:(?::\d+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+)?$/.test(
      image.value.repository,
    )
  ) {
    section.image = sourced(
      image.value.repository,
      `${image.from} (repository; app i builds into <image>-<i>)`,
    );
  } else {
    section.image = sourced('registry.example/app', 'default (no image found among the workloads)');
  }
  const strategies = apps.flatMap((a) =>
    a.strategy === undefined ? [] : [{ app: a.name, value: a.strategy }],
  );
  const strategy = common('apps.strategy', strategies, warnings);
  section.strategy =
    strategy ??
    sourced(
      { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' },
      'default (spec.strategy absent: Kubernetes RollingUpdate 25%/25%)',
    );
  for (const key of ['minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'] as const) {
    const value = common(
      `apps.${key}`,
      perApp((w) => w[key]),
      warnings,
    );
    if (value !== undefined) section[key] = value;
  }
  return section;
}

function clusterSection(
  apps: readonly App[],
  argoApps: readonly ArgoApplication[],
  appsSection: Section,
): Section {
  const destinations = [...new Set(argoApps.map((a) => a.destination.value))];
  const count =
    destinations.length > 1
      ? sourced(destinations.length, `distinct Application spec.destination: ${destinations.join(', ')}`)
      : sourced(
          1,
          destinations.length === 1
            ? `${argoApps[0].destination.from} (one destination)`
            : 'default (one cluster)',
        );
  const replicas = (appsSection.replicas as Leaf).value as number;
  const pods = Math.ceil(apps.length / count.value) * replicas;
  const needed = Math.max(DEFAULT_NODES, Math.ceil(pods / DEFAULT_PODS_PER_NODE));
  return {
    count,
    nodes: sourced(
      needed,
      needed === DEFAULT_NODES
        ? `default (${DEFAULT_NODES}; nodes are not in manifests)`
        : `default raised to hold ${pods} pods at ${DEFAULT_PODS_PER_NODE} per node (nodes are not in manifests)`,
    ),
  };
}

function commitSection(
  apps: readonly App[],
  options: DraftOptions,
  warnings: Warnings,
): { ci: Section; horizon?: Leaf; csv?: string } {
  const tags = apps.flatMap((a) => a.workloads[0]?.images ?? []).map((i) => i.value);
  const ci: Record<string, Leaf | Section> = {};
  const { history } = options;
  if (history === undefined) {
    ci.commits = {
      every: sourced(DEFAULT_COMMIT_EVERY, 'default (DEFAULT_COMMIT_EVERY; pass --git to read the history)'),
    };
  } else {
    const { perApp, unmatched } = commitsPerApp(history.commits, apps);
    if (unmatched > 0)
      warnings.add(
        '(git)',
        options.gitFolder ?? history.root,
        `${unmatched} of ${history.commits.length} commits touch no app's folder: not counted`,
      );
    const times = perApp.flat().map((c) => c.timeMs);
    if (times.length === 0) {
      warnings.add(
        '(git)',
        options.gitFolder ?? history.root,
        'no commit touches an app folder: commits are drawn at the default rate',
      );
      ci.commits = {
        every: sourced(DEFAULT_COMMIT_EVERY, 'default (DEFAULT_COMMIT_EVERY; no commit matched an app)'),
      };
    } else {
      const first = Math.min(...times);
      const last = Math.max(...times);
      const gitFrom = `git log of ${options.gitFolder ?? history.root}`;
      if (options.commits === 'replay') {
        const startMs = weekStartMs(first);
        const days = Math.ceil((last - startMs) / 86_400_000 + 1e-9);
        ci.commits = {
          replay: sourced(
            options.csvName,
            `${gitFrom}: ${times.length} app commits, ${new Date(first).toISOString()} to ${new Date(last).toISOString()}`,
          ),
          apps: sourced(
            apps.map((a) => a.name),
            'the apps in order (the CSV names them)',
          ),
        };
        return {
          ci: { ...ci, tag: tagLeaf(tags) },
          horizon: sourced(
            `${days}d`,
            `the replay: from Monday ${new Date(startMs).toISOString().slice(0, 10)} 00:00 UTC to the last commit`,
          ),
          csv: replayCsv(
            perApp,
            apps.map((a) => a.name),
            startMs,
          ),
        };
      }
      // Whole hours from the first to the last commit, so both count.
      const fromMs = Math.floor(first / 3_600_000) * 3_600_000;
      const toMs = (Math.floor(last / 3_600_000) + 1) * 3_600_000;
      const fits = fitCommits(perApp, fromMs, toMs);
      const weekly = fitWeekly(times, fromMs, toMs);
      const pattern = fits
        .map(
          (f, i) =>
            `${apps[i].name} ${f.commits} commits, ${f.perDay.toFixed(2)}/day, ${Math.round(f.weekdayShare * 100)}% on weekdays, ${Math.round(WORKING_HOURS_SHARE * 100)}% within ${f.hours[0]}:00-${f.hours[1]}:00 UTC`,
        )
        .join('; ');
      const fitFrom = `${gitFrom}: ${times.length} app commits, ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()}`;
      const everyMs = Math.max(1000, Math.round(3_600_000 / Math.max(weekly.insidePerHour, 1e-9)));
      const outside = Math.min(1, round3(weekly.outsidePerHour / Math.max(weekly.insidePerHour, 1e-9)));
      ci.commits = {
        every: sourced(
          `exp(${formatDuration(everyMs)})`,
          `${fitFrom}: ${weekly.insidePerHour.toFixed(3)}/h in the window, all apps`,
        ),
        weekly: {
          days: sourced(
            weekly.days,
            `days holding ${Math.round(WORKING_HOURS_SHARE * 100)}% of the commits (UTC)`,
          ),
          hours: sourced(
            weekly.hours,
            `the shortest hours holding ${Math.round(WORKING_HOURS_SHARE * 100)}% of those days' commits (UTC)`,
          ),
          outside: sourced(
            outside,
            `${weekly.outsidePerHour.toFixed(4)}/h outside the window, relative to inside`,
          ),
        },
        shares: sourced(
          perApp.map((c) => round3(c.length / times.length)),
          `commits per app: ${pattern}`,
        ),
      };
    }
  }
  return { ci: { ...ci, tag: tagLeaf(tags) } };
}

function tagLeaf(refs: readonly ImageRef[]): Leaf {
  const latest = refs.filter((r) => r.digest === undefined && (r.tag ?? DEFAULT_TAG) === DEFAULT_TAG);
  return latest.length > 0
    ? sourced('latest', `${latest.length} image(s) by :latest or no tag`)
    : sourced('version', refs.length > 0 ? 'images carry version tags or digests' : 'default (version)');
}

function variantsSection(
  apps: readonly App[],
  argoApps: readonly ArgoApplication[],
  argo: ArgoSettings,
  argoSeen: string | undefined,
  fluxApps: readonly FluxApp[],
  flux: FluxSettings,
  fluxSeen: string | undefined,
  warnings: Warnings,
): Section[] {
  const images = apps.flatMap((a) => a.workloads[0]?.images[0] ?? []);
  const byDigest = images.length > 0 && images.every((i) => i.value.digest !== undefined);
  const imageRef = sourced(
    byDigest ? 'digest' : 'tag',
    images.length === 0
      ? 'default (no images found)'
      : byDigest
        ? `every image by digest (${images[0].from})`
        : `images by tag (${images.find((i) => i.value.digest === undefined)?.from})`,
  );
  const variants: Section[] = [];
  if (argoSeen !== undefined) {
    const delivery: Record<string, Leaf> = {
      type: sourced('pull', `Argo CD (${argoSeen})`),
      interval:
        argo.interval ??
        sourced(
          ARGOCD_PROFILE.interval,
          'default (argocd-cm timeout.reconciliation absent: Argo CD 3.x --app-resync 120s)',
        ),
      jitter:
        argo.jitter ??
        sourced(
          ARGOCD_PROFILE.jitter,
          'default (argocd-cm timeout.reconciliation.jitter absent: --app-resync-jitter 60s)',
        ),
    };
    const auto = common(
      'variants.argocd.autoSync',
      argoApps.map((a) => ({ app: a.object.name, value: a.autoSync })),
      warnings,
    );
    if (auto !== undefined) delivery.autoSync = auto;
    const heal = common(
      'variants.argocd.selfHeal',
      argoApps.map((a) => ({ app: a.object.name, value: a.selfHeal })),
      warnings,
    );
    if (heal !== undefined) delivery.selfHeal = heal;
    delivery.statusProcessors =
      argo.statusProcessors ??
      sourced(
        ARGO.statusProcessors,
        `default (argocd-cmd-params-cm controller.status.processors: ${ARGO.statusProcessors})`,
      );
    delivery.operationProcessors =
      argo.operationProcessors ??
      sourced(
        ARGO.operationProcessors,
        `default (controller.operation.processors: ${ARGO.operationProcessors})`,
      );
    delivery.kubectlParallelism =
      argo.kubectlParallelism ??
      sourced(
        ARGO.kubectlParallelism,
        `default (controller.kubectl.parallelism.limit: ${ARGO.kubectlParallelism})`,
      );
    delivery.qps = argo.qps ?? sourced(ARGO.qps, `default (ARGOCD_K8S_CLIENT_QPS: ${ARGO.qps})`);
    delivery.burst = argo.burst ?? sourced(ARGO.burst, `default (ARGOCD_K8S_CLIENT_BURST: ${ARGO.burst})`);
    if (argo.shards !== undefined) delivery.shards = argo.shards;
    const perApp = apps.map((a) => a.resources + Math.max(1, a.workloads.length));
    if (perApp.some((n) => n > 1)) {
      const mean = Math.max(1, Math.round(perApp.reduce((s, n) => s + n, 0) / perApp.length));
      delivery.resourcesPerApp = sourced(mean, `mean objects in the apps' folders (${perApp.join(', ')})`);
    }
    variants.push({ name: sourced('argocd', 'Argo CD objects found'), delivery, imageRef });
  }
  if (fluxSeen !== undefined) {
    const pick = (setting: string, list: Sourced<string>[] | undefined) =>
      common(
        setting,
        (list ?? []).map((v) => ({ app: v.from, value: v })),
        warnings,
      );
    const fluxCommon = (setting: string, get: (a: FluxApp) => Sourced<string> | undefined) =>
      common(
        setting,
        fluxApps.flatMap((a) => {
          const v = get(a);
          return v === undefined ? [] : [{ app: a.object.name, value: v }];
        }),
        warnings,
      );
    const delivery: Record<string, Leaf> = {
      type: sourced('pull', `Flux (${fluxSeen})`),
      profile: sourced('flux', `Flux (${fluxSeen})`),
      sourceInterval:
        pick('variants.flux.sourceInterval', flux.sourceInterval) ??
        sourced(FLUX_PROFILE.sourceInterval, 'default (no GitRepository interval: flux bootstrap writes 1m)'),
      interval:
        fluxCommon('variants.flux.interval', (a) => a.interval) ??
        sourced(FLUX_PROFILE.interval, 'default (no Kustomization interval: flux bootstrap writes 10m)'),
    };
    const retry = fluxCommon('variants.flux.retryInterval', (a) => a.retryInterval);
    if (retry !== undefined) delivery.retryInterval = retry;
    const timeout = fluxCommon('variants.flux.timeout', (a) => a.timeout);
    if (timeout !== undefined) delivery.timeout = timeout;
    delivery.concurrent =
      flux.concurrent ??
      sourced(FLUX.concurrent, `default (kustomize-controller --concurrent: ${FLUX.concurrent})`);
    delivery.webhook = flux.webhook ?? sourced(false, 'default (no Receiver found)');
    const variant: Record<string, Leaf | Section> = {
      name: sourced('flux', 'Flux objects found'),
      delivery,
      imageRef,
    };
    if (flux.commitInterval !== undefined || flux.scanInterval !== undefined) {
      const automation: Record<string, Leaf> = {
        scanInterval:
          pick('imageAutomation.scanInterval', flux.scanInterval) ??
          sourced(formatDuration(AUTOMATION.scanIntervalMs), 'default (no ImageRepository interval)'),
        commitInterval:
          pick('imageAutomation.commitInterval', flux.commitInterval) ??
          sourced(formatDuration(AUTOMATION.commitIntervalMs), 'default (no ImageUpdateAutomation interval)'),
        policy:
          (common(
            'imageAutomation.policy',
            (flux.policy ?? []).map((v) => ({ app: v.from, value: v })),
            warnings,
          ) as Leaf | undefined) ?? sourced(AUTOMATION.policy, 'default (no ImagePolicy)'),
      };
      variant.imageAutomation = automation;
    }
    variants.push(variant);
  }
  if (variants.length === 0) {
    variants.push({
      name: sourced('push', 'no Argo CD or Flux objects found'),
      delivery: { type: sourced('push', 'default (CI applies)') },
      imageRef,
    });
    variants.push({
      name: sourced('argocd (added)', 'added for comparison: the source has push only'),
      delivery: { type: sourced('pull', 'added for comparison: Argo CD 3.x defaults') },
      imageRef,
    });
  } else {
    variants.push({
      name: sourced('push (added)', 'added for comparison: the source has pull only'),
      delivery: { type: sourced('push', 'added for comparison: CI applies each release') },
      imageRef,
    });
  }
  return variants;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
