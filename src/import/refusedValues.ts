/**
 * The last check of an import's values: the scenario is loaded as it will be written, and each
 * value it refuses (a replica count past the scenario's limit, read from a manifest; a cluster size
 * computed from it) is dropped with a warning, so its default applies. The readers check what they
 * read; this catches what they let through, so a manifest's odd value is a warning and never a
 * scenario that does not load.
 */
import { ScenarioError, type ScenarioProblem } from '../scenario/errors.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { emitScenario, isLeaf, type Leaf, type Section } from './emit.ts';
import type { Warnings } from './warnings.ts';

/** The warnings' kind for values dropped here: no one object kind, as some are computed from several. */
export const REFUSED_KIND = '(refused by the scenario)';

/** The scenario's text, after dropping from `body` each value the scenario refuses (each a warning). */
export function withoutRefused(header: readonly string[], warnings: Warnings, body: Section): string {
  for (;;) {
    const text = emitScenario(header, warnings, body);
    const problems = schemaProblems(text);
    let dropped = 0;
    for (const p of problems) {
      const leaf = removeLeaf(body, p.path.split('.'));
      if (leaf === undefined) continue;
      warnings.add(REFUSED_KIND, leaf.from, `${p.path}: expected ${p.expected}, found ${p.found}; default kept`);
      dropped++;
    }
    // Nothing left to drop: the text as it is (if it still does not load, the import's own check says so).
    if (dropped === 0) return text;
  }
}

/** What the scenario's schema refuses in `text`; none when it loads or fails for another reason (its commit CSV). */
function schemaProblems(text: string): readonly ScenarioProblem[] {
  try {
    loadScenarioText(text, 'imported.yaml');
    return [];
  } catch (error) {
    return error instanceof ScenarioError && error.code === 'E_SCENARIO_INVALID' ? error.problems : [];
  }
}

/** Removes the leaf at or above `path` (a value inside a leaf's value takes the whole leaf); the leaf, or undefined. */
function removeLeaf(section: Section, path: readonly string[]): Leaf | undefined {
  const [key, ...rest] = path;
  if (key === undefined || !Object.hasOwn(section, key)) return undefined;
  const node = section[key];
  if (isLeaf(node)) {
    delete (section as Record<string, unknown>)[key];
    return node;
  }
  if (Array.isArray(node)) {
    const item = (node as readonly Section[])[Number(rest[0])];
    return item === undefined ? undefined : removeLeaf(item, rest.slice(1));
  }
  return removeLeaf(node as Section, rest);
}
