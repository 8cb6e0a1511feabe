/**
 * A strategy read from a manifest, as a scenario can take it. Manifests hold values the scenario's
 * strategy schema refuses (a weight of 1000, an analysis interval that is no duration): each
 * setting it refuses is dropped with a warning, so its default applies, and a strategy still
 * refused after that is not mapped at all. Without this, import wrote a scenario that did not load.
 */
import { strategySchema } from '../scenario/schema.ts';
import type { StrategyInput } from './kubernetes.ts';
import type { Sourced } from './sourced.ts';
import type { Warnings } from './warnings.ts';

/** `strategy` with the settings the scenario refuses dropped (each a warning of `kind`), or undefined. */
export function checkedStrategy(
  kind: string,
  strategy: Sourced<StrategyInput>,
  warnings: Warnings,
): Sourced<StrategyInput> | undefined {
  const value: StrategyInput = { ...strategy.value };
  let dropped = false;
  // Each round drops one setting (or one canary step): at most as many rounds as there are.
  for (;;) {
    const parsed = strategySchema.safeParse(value);
    if (parsed.success) return dropped ? { value, from: strategy.from } : strategy;
    const issue = parsed.error.issues[0];
    const [key, index] = issue.path;
    const at = issue.path.join('.');
    const found = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], value);
    const setting = `${value.type} ${at} ${JSON.stringify(found)}`;
    if (key === 'steps' && typeof index === 'number' && Array.isArray(value.steps) && value.steps.length > 1) {
      warnings.add(kind, strategy.from, `${setting}: ${issue.message}; step skipped`);
      value.steps = value.steps.filter((_, i) => i !== index);
    } else if (typeof key === 'string' && key !== 'type' && Object.hasOwn(value, key)) {
      warnings.add(kind, strategy.from, `${setting}: ${issue.message}; default kept`);
      delete value[key];
    } else {
      warnings.add(kind, strategy.from, `${value.type}${at === '' ? '' : ` ${at}`}: ${issue.message}; strategy not mapped`);
      return undefined;
    }
    dropped = true;
  }
}
