/**
 * A sweep's worker thread starts quickly: the modules it loads (pointWorker.ts and
 * every module it imports for its values) leave out zod and yaml, whose loading and
 * schema building took most of a thread's start-up before; the worker gets scenarios
 * already loaded. A value import of scenario/schema.ts anywhere below the runs brings
 * them back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';

const ENTRY = path.resolve(import.meta.dirname, '../../src/sweep/pointWorker.ts');

/** Packages the module graph from `file` loads at run time (type-only imports are erased). */
function packagesLoaded(file: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(file)) return packages;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^(import|export)\s+(type\s)?[^;]*?from\s+'([^']+)';/gms)) {
    if (m[2] !== undefined) continue;
    const specifier = m[3];
    if (specifier.startsWith('.'))
      packagesLoaded(path.resolve(path.dirname(file), specifier), seen, packages);
    else if (!specifier.startsWith('node:')) packages.add(specifier);
  }
  return packages;
}

it('loads neither zod nor yaml', () => {
  const packages = packagesLoaded(ENTRY);
  assert.ok(packages.has('seedrandom'), 'the walk reaches the model');
  assert.deepEqual(
    [...packages].filter((p) => p === 'zod' || p === 'yaml'),
    [],
  );
});
