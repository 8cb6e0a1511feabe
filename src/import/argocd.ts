/**
 * Argo CD: `Application` objects (argoproj.io/v1alpha1) become apps, and the
 * controller's settings come from the `argocd-cm` and `argocd-cmd-params-cm`
 * ConfigMaps and the application controller's StatefulSet.
 *
 * Keys and defaults (Argo CD 3.x):
 * - argocd-cm `timeout.reconciliation`, `timeout.reconciliation.jitter`: the
 *   refresh period and its jitter; --app-resync default 120, --app-resync-jitter
 *   default 60 (docs: operator-manual/server-commands/argocd-application-controller;
 *   before 3.0 the period was 180s without jitter).
 * - argocd-cmd-params-cm `controller.status.processors` (default 20),
 *   `controller.operation.processors` (default 10),
 *   `controller.kubectl.parallelism.limit` (default 20)
 *   (docs: operator-manual/argocd-cmd-params-cm.yaml).
 * - client QPS and burst are environment variables of the controller,
 *   ARGOCD_K8S_CLIENT_QPS (default 50) and ARGOCD_K8S_CLIENT_BURST (default 100)
 *   (docs: operator-manual/high_availability.md); its replicas are the shards
 *   (ARGOCD_CONTROLLER_REPLICAS).
 */
import { parseDuration } from '../engine/duration.ts';
import { isRecord, type ManifestObject } from './manifests.ts';
import { field, type Sourced, sourced } from './sourced.ts';
import type { Warnings } from './warnings.ts';

export interface ArgoApplication {
  readonly object: ManifestObject;
  /** Repository-relative folder of the manifests (spec.source.path), without ./ or a trailing /. */
  readonly path?: Sourced<string>;
  /** spec.destination.server or .name: one simulated cluster per distinct destination. */
  readonly destination: Sourced<string>;
  readonly autoSync: Sourced<boolean>;
  readonly selfHeal: Sourced<boolean>;
}

/** The controller's settings that were found; anything absent keeps the scenario default. */
export interface ArgoSettings {
  interval?: Sourced<string>;
  jitter?: Sourced<string>;
  statusProcessors?: Sourced<number>;
  operationProcessors?: Sourced<number>;
  kubectlParallelism?: Sourced<number>;
  qps?: Sourced<number>;
  burst?: Sourced<number>;
  shards?: Sourced<number>;
}

export const ARGOCD_CONFIG_NAMES: ReadonlySet<string> = new Set(['argocd-cm', 'argocd-cmd-params-cm']);
export const ARGOCD_CONTROLLER = 'argocd-application-controller';

export function readApplication(o: ManifestObject, warnings: Warnings): ArgoApplication {
  const spec = isRecord(o.body.spec) ? o.body.spec : {};
  const where = `${o.at('metadata.name')} ${o.name}`;
  let sourcePath = 'spec.source';
  let source = isRecord(spec.source) ? spec.source : undefined;
  if (source === undefined && Array.isArray(spec.sources) && isRecord(spec.sources[0])) {
    source = spec.sources[0];
    sourcePath = 'spec.sources.0';
    if (spec.sources.length > 1)
      warnings.add(o.kind, where, `${spec.sources.length} sources: only the first is mapped to commit paths`);
  }
  const path =
    source !== undefined && typeof source.path === 'string'
      ? field(cleanPath(source.path), o.at, `${sourcePath}.path`)
      : undefined;
  if (source !== undefined && typeof source.chart === 'string')
    warnings.add(
      o.kind,
      where,
      `${sourcePath}.chart: a Helm chart from a chart repository; its releases are not in Git history`,
    );
  const destination = isRecord(spec.destination) ? spec.destination : {};
  const dest =
    typeof destination.server === 'string'
      ? field(destination.server, o.at, 'spec.destination.server')
      : typeof destination.name === 'string'
        ? field(destination.name, o.at, 'spec.destination.name')
        : sourced('in-cluster', 'default (no spec.destination server or name)');
  const syncPolicy = isRecord(spec.syncPolicy) ? spec.syncPolicy : {};
  const automated = syncPolicy.automated;
  const autoSync = isRecord(automated)
    ? field(automated.enabled !== false, o.at, 'spec.syncPolicy.automated')
    : sourced(false, `${o.at('spec')} spec.syncPolicy.automated absent (Argo CD default: manual sync)`);
  const selfHeal =
    isRecord(automated) && automated.selfHeal === true
      ? field(true, o.at, 'spec.syncPolicy.automated.selfHeal')
      : sourced(false, `${o.at('spec')} spec.syncPolicy.automated.selfHeal absent (Argo CD default: false)`);
  if (isRecord(automated) && automated.prune === true) {
    warnings.add(
      o.kind,
      `${o.at('spec.syncPolicy.automated.prune')} ${o.name}`,
      'syncPolicy.automated.prune: not modelled (apps do not remove resources)',
    );
  }
  if (isRecord(syncPolicy.retry)) {
    warnings.add(
      o.kind,
      `${o.at('spec.syncPolicy.retry')} ${o.name}`,
      "syncPolicy.retry: not a scenario setting; the model retries like Argo CD's default (5, 5s doubling, 3m cap)",
    );
  }
  if (
    source !== undefined &&
    typeof source.targetRevision === 'string' &&
    !['HEAD', 'main', 'master'].includes(source.targetRevision)
  ) {
    warnings.add(
      o.kind,
      `${o.at(`${sourcePath}.targetRevision`)} ${o.name}`,
      `targetRevision ${source.targetRevision}: commit history is read from the --git folder's current branch`,
    );
  }
  return { object: o, path, destination: dest, autoSync, selfHeal };
}

/** Reads argocd-cm, argocd-cmd-params-cm or the controller StatefulSet into `settings`. */
export function readArgoConfig(o: ManifestObject, settings: ArgoSettings, warnings: Warnings): void {
  const where = `${o.at('metadata.name')} ${o.name}`;
  if (o.kind === 'ConfigMap') {
    const data = isRecord(o.body.data) ? o.body.data : {};
    const at = (key: string) => `${o.at(['data', key])} data["${key}"]`;
    if (o.name === 'argocd-cm') {
      const interval = goDuration(data['timeout.reconciliation']);
      if (interval?.ms === 0)
        warnings.add(
          o.kind,
          where,
          'timeout.reconciliation 0 (no periodic refresh): not modelled; default kept',
        );
      else if (interval !== undefined)
        settings.interval = sourced(interval.text, at('timeout.reconciliation'));
      else if (data['timeout.reconciliation'] !== undefined)
        warnings.add(o.kind, where, 'timeout.reconciliation: not a duration; default kept');
      const jitter = goDuration(data['timeout.reconciliation.jitter']);
      if (jitter !== undefined) settings.jitter = sourced(jitter.text, at('timeout.reconciliation.jitter'));
      else if (data['timeout.reconciliation.jitter'] !== undefined)
        warnings.add(o.kind, where, 'timeout.reconciliation.jitter: not a duration; default kept');
    } else {
      const count = (key: string) => {
        const n = Number(data[key]);
        return data[key] !== undefined && Number.isInteger(n) && n >= 1 ? sourced(n, at(key)) : undefined;
      };
      settings.statusProcessors = count('controller.status.processors') ?? settings.statusProcessors;
      settings.operationProcessors = count('controller.operation.processors') ?? settings.operationProcessors;
      settings.kubectlParallelism =
        count('controller.kubectl.parallelism.limit') ?? settings.kubectlParallelism;
    }
    return;
  }
  // The application controller's StatefulSet.
  const spec = isRecord(o.body.spec) ? o.body.spec : {};
  if (Number.isInteger(spec.replicas) && (spec.replicas as number) >= 1)
    settings.shards = field(spec.replicas as number, o.at, 'spec.replicas');
  const containers =
    isRecord(spec.template) && isRecord(spec.template.spec) && Array.isArray(spec.template.spec.containers)
      ? spec.template.spec.containers
      : [];
  containers.forEach((c, i) => {
    const env = isRecord(c) && Array.isArray(c.env) ? c.env : [];
    env.forEach((e, j) => {
      if (!isRecord(e) || typeof e.value !== 'string') return;
      const n = Number(e.value);
      const from = `${o.at(`spec.template.spec.containers.${i}.env.${j}.value`)} env ${e.name}`;
      if (e.name === 'ARGOCD_K8S_CLIENT_QPS' && n > 0) settings.qps = sourced(n, from);
      if (e.name === 'ARGOCD_K8S_CLIENT_BURST' && Number.isInteger(n) && n >= 1)
        settings.burst = sourced(n, from);
    });
  });
}

/** Go's time.ParseDuration forms Argo CD reads ("180s", "3m0s"); undefined for anything else. */
function goDuration(value: unknown): { text: string; ms: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  try {
    return { text, ms: parseDuration(text) };
  } catch {
    return undefined;
  }
}

/** `./apps/api/` -> `apps/api`; `.` and `` are the repository root (''). */
export function cleanPath(path: string): string {
  return path
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '');
}
