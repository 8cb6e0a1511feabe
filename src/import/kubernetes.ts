/**
 * Workloads from Kubernetes manifests (apps/v1): Deployments as the model has
 * them; StatefulSets and DaemonSets as Deployments that replace one pod at a
 * time, which is as far as the model goes (no ordering, volumes or per-node
 * placement). Any other object counts as a resource its app applies.
 */
import { defaultPullPolicy, type ImageRef, parseImageRef } from '../model/imageRef.ts';
import { MAX_REPLICAS } from '../scenario/schema.ts';
import { isRecord, type ManifestObject } from './manifests.ts';
import { field, type Sourced, sourced } from './sourced.ts';
import type { Warnings } from './warnings.ts';

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Rollout',
]);

/** The strategy as the scenario file writes it (apps.strategy). */
export type StrategyInput = Record<string, unknown> & { type: string };

export interface Workload {
  readonly object: ManifestObject;
  readonly replicas?: Sourced<number>;
  readonly strategy?: Sourced<StrategyInput>;
  readonly images: readonly Sourced<ImageRef>[];
  readonly minReadySeconds?: Sourced<number>;
  readonly revisionHistoryLimit?: Sourced<number>;
  readonly progressDeadlineSeconds?: Sourced<number>;
}

/** A Deployment-like object's settings; what cannot be mapped is a warning. */
export function readWorkload(o: ManifestObject, warnings: Warnings): Workload {
  const spec = isRecord(o.body.spec) ? o.body.spec : {};
  const where = `${o.at('metadata.name')} ${o.namespace === '' ? '' : `${o.namespace}/`}${o.name}`;
  const int = (path: string, value: unknown): Sourced<number> | undefined =>
    Number.isInteger(value) && (value as number) >= 0 ? field(value as number, o.at, path) : undefined;
  // Cluster size is computed from the replicas: one past the scenario's limit is dropped here, not after.
  const replicas = (): Sourced<number> | undefined => {
    if (Number.isInteger(spec.replicas) && (spec.replicas as number) > MAX_REPLICAS) {
      warnings.add(o.kind, where, `spec.replicas ${spec.replicas}: more than the scenario's ${MAX_REPLICAS}; default kept`);
      return undefined;
    }
    return int('spec.replicas', spec.replicas);
  };
  const images = readImages(o, spec, warnings, where);
  const common = {
    object: o,
    images,
    minReadySeconds: int('spec.minReadySeconds', spec.minReadySeconds),
    revisionHistoryLimit: int('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
    progressDeadlineSeconds: int('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds),
  };
  switch (o.kind) {
    case 'Deployment':
      return {
        ...common,
        replicas: replicas(),
        strategy: deploymentStrategy(o, spec),
      };
    case 'StatefulSet': {
      warnings.add(
        o.kind,
        where,
        'modelled as a Deployment replacing one pod at a time: no ordering, no volumes',
      );
      const rolling =
        isRecord(spec.updateStrategy) && isRecord(spec.updateStrategy.rollingUpdate)
          ? spec.updateStrategy.rollingUpdate
          : {};
      const maxUnavailable = rolling.maxUnavailable ?? 1;
      return {
        ...common,
        replicas: replicas(),
        // StatefulSet RollingUpdate: no surge, maxUnavailable 1 unless set (Kubernetes API reference, StatefulSetSpec).
        strategy: sourced(
          { type: 'RollingUpdate', maxSurge: 0, maxUnavailable },
          `${o.at('spec.updateStrategy')} spec.updateStrategy (StatefulSet: no surge, maxUnavailable ${maxUnavailable})`,
        ),
      };
    }
    case 'DaemonSet': {
      warnings.add(o.kind, where, 'modelled as a Deployment with a pod per node (replicas = cluster.nodes)');
      const rolling =
        isRecord(spec.updateStrategy) && isRecord(spec.updateStrategy.rollingUpdate)
          ? spec.updateStrategy.rollingUpdate
          : {};
      // DaemonSet RollingUpdate defaults: maxUnavailable 1, maxSurge 0 (Kubernetes API reference, DaemonSetSpec).
      const maxUnavailable = rolling.maxUnavailable ?? 1;
      const maxSurge = rolling.maxSurge ?? 0;
      return {
        ...common,
        strategy: sourced(
          { type: 'RollingUpdate', maxSurge, maxUnavailable },
          `${o.at('spec.updateStrategy')} spec.updateStrategy (DaemonSet defaults: maxSurge 0, maxUnavailable 1)`,
        ),
      };
    }
    default:
      // A Rollout: its strategy is read by rollouts.ts.
      return { ...common, replicas: replicas() };
  }
}

function deploymentStrategy(
  o: ManifestObject,
  spec: Record<string, unknown>,
): Sourced<StrategyInput> | undefined {
  const strategy = isRecord(spec.strategy) ? spec.strategy : undefined;
  if (strategy === undefined) return undefined;
  if (strategy.type === 'Recreate') return field({ type: 'Recreate' }, o.at, 'spec.strategy.type');
  const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const value: StrategyInput = { type: 'RollingUpdate' };
  if (rolling.maxSurge !== undefined) value.maxSurge = rolling.maxSurge;
  if (rolling.maxUnavailable !== undefined) value.maxUnavailable = rolling.maxUnavailable;
  return field(value, o.at, 'spec.strategy');
}

/** Container images of the pod template, by tag or digest; init containers are not modelled. */
function readImages(
  o: ManifestObject,
  spec: Record<string, unknown>,
  warnings: Warnings,
  where: string,
): Sourced<ImageRef>[] {
  const podSpec = isRecord(spec.template) && isRecord(spec.template.spec) ? spec.template.spec : {};
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  if (Array.isArray(podSpec.initContainers) && podSpec.initContainers.length > 0) {
    warnings.add(o.kind, where, 'initContainers: not modelled');
  }
  if (containers.length > 1)
    warnings.add(
      o.kind,
      where,
      `${containers.length} containers: the model builds one image per app (the first)`,
    );
  const images: Sourced<ImageRef>[] = [];
  containers.forEach((c, i) => {
    if (!isRecord(c) || typeof c.image !== 'string') return;
    const path = `spec.template.spec.containers.${i}.image`;
    let ref: ImageRef;
    try {
      ref = parseImageRef(c.image);
    } catch {
      warnings.add(
        o.kind,
        `${o.at(path)} ${where}`,
        `${path} ${JSON.stringify(c.image)} is not an image reference; skipped`,
      );
      return;
    }
    images.push(field(ref, o.at, path));
    const policy = c.imagePullPolicy;
    if (typeof policy === 'string' && policy !== defaultPullPolicy(ref)) {
      warnings.add(
        o.kind,
        `${o.at(`spec.template.spec.containers.${i}.imagePullPolicy`)} ${where}`,
        `imagePullPolicy ${policy}: not a scenario setting; the model uses the API server default for the reference (${defaultPullPolicy(ref)})`,
      );
    }
  });
  return images;
}
