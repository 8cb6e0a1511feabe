/**
 * Progressive delivery objects as apps.strategy: an Argo Rollouts `Rollout`
 * (argoproj.io/v1alpha1, canary steps or blue-green) and a Flagger `Canary`
 * (flagger.app/v1beta1, its analysis), which names the Deployment it drives.
 */
import { parseDuration } from '../engine/duration.ts';
import type { StrategyInput } from './kubernetes.ts';
import { isRecord, type ManifestObject } from './manifests.ts';
import { field, type Sourced } from './sourced.ts';
import type { Warnings } from './warnings.ts';

/** A Rollout's strategy, or undefined (with a warning) when it has neither canary nor blueGreen. */
export function readRolloutStrategy(
  o: ManifestObject,
  warnings: Warnings,
): Sourced<StrategyInput> | undefined {
  const spec = isRecord(o.body.spec) ? o.body.spec : {};
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  const where = `${o.at('metadata.name')} ${o.name}`;
  if (spec.workloadRef !== undefined)
    warnings.add(
      o.kind,
      where,
      'spec.workloadRef: the referenced Deployment supplies the pods; read it for images',
    );
  if (isRecord(strategy.canary)) {
    const canary = strategy.canary;
    const steps: Record<string, unknown>[] = [];
    const rawSteps = Array.isArray(canary.steps) ? canary.steps : [];
    rawSteps.forEach((step, i) => {
      if (isRecord(step) && Number.isInteger(step.setWeight)) steps.push({ setWeight: step.setWeight });
      else if (isRecord(step) && isRecord(step.pause)) {
        const duration = pauseDuration(step.pause.duration);
        steps.push({ pause: duration === undefined ? {} : { duration } });
      } else {
        const key = isRecord(step) ? Object.keys(step).join(', ') : String(step);
        warnings.add(
          o.kind,
          `${o.at(`spec.strategy.canary.steps.${i}`)} ${o.name}`,
          `canary step ${key}: not modelled; skipped`,
        );
      }
    });
    // A Rollout without steps promotes at once: one step of 100% is the same.
    if (steps.length === 0) steps.push({ setWeight: 100 });
    const value: StrategyInput = { type: 'Canary', steps, trafficRouting: isRecord(canary.trafficRouting) };
    if (isRecord(canary.analysis)) value.analysis = {};
    return field(value, o.at, 'spec.strategy.canary');
  }
  if (isRecord(strategy.blueGreen)) {
    const bg = strategy.blueGreen;
    const value: StrategyInput = { type: 'BlueGreen' };
    if (Number.isInteger(bg.scaleDownDelaySeconds)) value.scaleDownDelay = `${bg.scaleDownDelaySeconds}s`;
    if (Number.isInteger(bg.autoPromotionSeconds)) value.autoPromotion = `${bg.autoPromotionSeconds}s`;
    if (bg.autoPromotionEnabled === false) {
      warnings.add(
        o.kind,
        where,
        'blueGreen.autoPromotionEnabled false: promoted by a person; modelled as autoPromotion 10m',
      );
      value.autoPromotion = '10m';
    }
    if (isRecord(bg.prePromotionAnalysis)) value.prePromotionAnalysis = {};
    return field(value, o.at, 'spec.strategy.blueGreen');
  }
  warnings.add(o.kind, where, 'no spec.strategy.canary or blueGreen; strategy not mapped');
  return undefined;
}

export interface FlaggerCanary {
  /** The Deployment it drives (spec.targetRef.name). */
  readonly target: string;
  readonly strategy: Sourced<StrategyInput>;
}

export function readFlaggerCanary(o: ManifestObject, warnings: Warnings): FlaggerCanary | undefined {
  const spec = isRecord(o.body.spec) ? o.body.spec : {};
  const target =
    isRecord(spec.targetRef) && typeof spec.targetRef.name === 'string' ? spec.targetRef.name : undefined;
  if (target === undefined) {
    warnings.add(o.kind, `${o.at('spec')} ${o.name}`, 'no spec.targetRef.name; skipped');
    return undefined;
  }
  const analysis = isRecord(spec.analysis) ? spec.analysis : {};
  const value: StrategyInput = { type: 'Flagger' };
  if (typeof analysis.interval === 'string') value.interval = analysis.interval;
  for (const key of ['stepWeight', 'maxWeight', 'threshold'] as const) {
    if (Number.isInteger(analysis[key])) value[key] = analysis[key];
  }
  if (analysis.iterations !== undefined)
    warnings.add(
      o.kind,
      `${o.at('spec.analysis.iterations')} ${o.name}`,
      'analysis.iterations (A/B or blue-green): not modelled; read as a canary',
    );
  if (Array.isArray(analysis.stepWeights))
    warnings.add(
      o.kind,
      `${o.at('spec.analysis.stepWeights')} ${o.name}`,
      'analysis.stepWeights: not modelled; stepWeight/maxWeight used',
    );
  return { target, strategy: field(value, o.at, 'spec.analysis') };
}

/** Rollouts pause durations: a string with a unit, or an integer of seconds. */
function pauseDuration(value: unknown): string | undefined {
  if (Number.isInteger(value)) return `${value}s`;
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value)) return `${value}s`;
  try {
    parseDuration(value);
    return value;
  } catch {
    return undefined;
  }
}
