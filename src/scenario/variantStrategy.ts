/**
 * A variant's rollout strategy, apart from the schema so that code running
 * scenarios (a sweep's worker threads) does not load zod and build the
 * schema only to look it up.
 */
import type { Strategy, Variant } from './schema.ts';

/** The rollout strategy a variant runs: its own, or the scenario's apps.strategy. */
export function variantStrategy(scenario: { apps: { strategy: Strategy } }, variant: Variant): Strategy {
  return variant.strategy ?? scenario.apps.strategy;
}
