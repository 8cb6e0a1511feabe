/**
 * `run --trace <app>`: one replication of each variant with one app traced,
 * the log on stdout (no report is written). The app is named as the report
 * names apps: its number from 1, or its name (app-3, or a replayed app's).
 */
import type { Scenario } from '../scenario/schema.ts';
import { terminalText } from '../report/escape.ts';
import { traceText } from '../report/trace.ts';
import { traceRun } from '../world/world.ts';
import { UsageError } from './errors.ts';

/** The 0-based app `name` stands for, or a usage error listing what would do. */
export function resolveTraceApp(scenario: Scenario, name: string): number {
  const count = scenario.apps.count;
  const names = scenario.ci.commitReplay?.apps ?? Array.from({ length: count }, (_, i) => `app-${i + 1}`);
  const byName = names.indexOf(name);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(name) && Number(name) >= 1 && Number(name) <= count) return Number(name) - 1;
  throw new UsageError(
    `--trace: expected an app number from 1 to ${count} or a name like ${names[0]}, found ${JSON.stringify(name)}`,
  );
}

/**
 * The trace of `app` in replication 0 of every variant, as text for a terminal: names and the seed come
 * from the file or the command line, so their control characters are written as `\u` escapes.
 */
export function traceScenario(scenario: Scenario, app: number): string {
  const names = scenario.ci.commitReplay?.apps;
  const text = traceText(
    { scenario: scenario.name, app: names?.[app] ?? `app-${app + 1}`, seed: scenario.seed, replication: 0 },
    scenario.variants.map((v, i) => ({ variant: v.name, lines: traceRun(scenario, i, 0, app) })),
  );
  return terminalText(text);
}
