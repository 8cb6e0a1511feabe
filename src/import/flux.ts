/**
 * Flux: a `Kustomization` (kustomize.toolkit.fluxcd.io) or `HelmRelease`
 * (helm.toolkit.fluxcd.io) is an app; `GitRepository` gives the source
 * interval; `ImageRepository`, `ImagePolicy` and `ImageUpdateAutomation`
 * (image.toolkit.fluxcd.io) give image automation; a `Receiver`
 * (notification.toolkit.fluxcd.io) means webhooks. The kustomize-controller
 * Deployment's `--concurrent` flag gives its workers (default 4).
 *
 * Defaults when a field is absent (Flux 2.x API reference): Kustomization
 * retryInterval = interval, timeout = interval - 30s (at least 30s);
 * HelmRelease timeout 5m.
 */
import { parseDuration } from '../engine/duration.ts';
import { isRecord, type ManifestObject } from './manifests.ts';
import { cleanPath } from './argocd.ts';
import { field, type Sourced } from './sourced.ts';
import type { Warnings } from './warnings.ts';

export interface FluxApp {
  readonly object: ManifestObject;
  readonly path?: Sourced<string>;
  readonly interval?: Sourced<string>;
  readonly retryInterval?: Sourced<string>;
  readonly timeout?: Sourced<string>;
}

export interface FluxSettings {
  sourceInterval?: Sourced<string>[];
  webhook?: Sourced<boolean>;
  concurrent?: Sourced<number>;
  scanInterval?: Sourced<string>[];
  commitInterval?: Sourced<string>[];
  policy?: Sourced<'semver' | 'numerical' | 'alphabetical'>[];
}

export const FLUX_APP_KINDS: ReadonlySet<string> = new Set(['Kustomization', 'HelmRelease']);
export const FLUX_SETTING_KINDS: ReadonlySet<string> = new Set([
  'GitRepository',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'Receiver',
]);
export const FLUX_CONTROLLER = 'kustomize-controller';

/** True for Flux's objects, false for a kustomize build file (kustomize.config.k8s.io) of the same kind name. */
export function isFlux(o: ManifestObject): boolean {
  return o.apiVersion.includes('.toolkit.fluxcd.io/');
}

export function readFluxApp(o: ManifestObject, warnings: Warnings): FluxApp {
  const spec = isRecord(o.body.spec) ? o.body.spec : {};
  const where = `${o.at('metadata.name')} ${o.name}`;
  const text = (path: string, value: unknown) => duration(o, path, value, warnings);
  let path: Sourced<string> | undefined;
  if (o.kind === 'Kustomization') {
    path = typeof spec.path === 'string' ? field(cleanPath(spec.path), o.at, 'spec.path') : undefined;
    if (spec.prune === true)
      warnings.add(
        o.kind,
        `${o.at('spec.prune')} ${o.name}`,
        'spec.prune: not modelled (apps do not remove resources)',
      );
    if (spec.wait === true)
      warnings.add(
        o.kind,
        `${o.at('spec.wait')} ${o.name}`,
        'spec.wait: not modelled (health is not awaited by the controller)',
      );
    if (Array.isArray(spec.dependsOn) && spec.dependsOn.length > 0)
      warnings.add(o.kind, where, 'spec.dependsOn: not modelled');
  } else {
    const chart = isRecord(spec.chart) && isRecord(spec.chart.spec) ? spec.chart.spec : {};
    const ref = isRecord(chart.sourceRef) ? chart.sourceRef : {};
    if (ref.kind === 'GitRepository' && typeof chart.chart === 'string')
      path = field(cleanPath(chart.chart), o.at, 'spec.chart.spec.chart');
    else
      warnings.add(
        o.kind,
        where,
        'a chart from a Helm or OCI repository: its releases are not in Git history',
      );
    warnings.add(
      o.kind,
      where,
      'modelled as a Kustomization with the same interval and timeout (Helm hooks and tests are not)',
    );
  }
  return {
    object: o,
    path,
    interval: text('spec.interval', spec.interval),
    retryInterval: text('spec.retryInterval', spec.retryInterval),
    timeout: text('spec.timeout', spec.timeout),
  };
}

/** Reads a Flux source, image automation object, Receiver or the kustomize-controller Deployment into `settings`. */
export function readFluxSetting(o: ManifestObject, settings: FluxSettings, warnings: Warnings): void {
  const spec = isRecord(o.body.spec) ? o.body.spec : {};
  const push = <T>(list: Sourced<T>[] | undefined, value: Sourced<T>): Sourced<T>[] => [
    ...(list ?? []),
    value,
  ];
  const interval = duration(o, 'spec.interval', spec.interval, warnings);
  switch (o.kind) {
    case 'GitRepository':
      if (interval !== undefined) settings.sourceInterval = push(settings.sourceInterval, interval);
      return;
    case 'ImageRepository':
      if (interval !== undefined) settings.scanInterval = push(settings.scanInterval, interval);
      return;
    case 'ImageUpdateAutomation':
      if (interval !== undefined) settings.commitInterval = push(settings.commitInterval, interval);
      return;
    case 'ImagePolicy': {
      const policy = isRecord(spec.policy) ? spec.policy : {};
      const kind = (['semver', 'numerical', 'alphabetical'] as const).find((k) => policy[k] !== undefined);
      if (kind === undefined)
        warnings.add(
          o.kind,
          `${o.at('spec')} ${o.name}`,
          'no spec.policy semver, numerical or alphabetical; skipped',
        );
      else settings.policy = push(settings.policy, field(kind, o.at, `spec.policy.${kind}`));
      return;
    }
    case 'Receiver':
      settings.webhook = field(
        true,
        o.at,
        `metadata.name (a Receiver, type ${String(spec.type ?? 'unknown')})`,
      );
      return;
    default: {
      // The kustomize-controller Deployment: --concurrent=N among its container args.
      const containers =
        isRecord(spec.template) &&
        isRecord(spec.template.spec) &&
        Array.isArray(spec.template.spec.containers)
          ? spec.template.spec.containers
          : [];
      containers.forEach((c, i) => {
        const args = isRecord(c) && Array.isArray(c.args) ? c.args : [];
        args.forEach((arg, j) => {
          const match = typeof arg === 'string' ? /^--concurrent=(\d+)$/.exec(arg) : null;
          if (match !== null && Number(match[1]) >= 1) {
            settings.concurrent = field(
              Number(match[1]),
              o.at,
              `spec.template.spec.containers.${i}.args.${j}`,
            );
          }
        });
      });
    }
  }
}

/** A Go duration as Flux writes it ("10m", "1m0s"); anything the scenario cannot read is a warning. */
function duration(
  o: ManifestObject,
  path: string,
  value: unknown,
  warnings: Warnings,
): Sourced<string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    try {
      parseDuration(value);
      return field(value, o.at, path);
    } catch {
      // reported below
    }
  }
  warnings.add(
    o.kind,
    `${o.at(path)} ${o.name}`,
    `${path} ${JSON.stringify(value)}: not a duration; default kept`,
  );
  return undefined;
}
