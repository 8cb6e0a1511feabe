import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Each layer and the layers of src/ it must not import from (docs/architecture.md), type imports included. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  engine: ['model', 'delivery', 'disturbance', 'scenario', 'metrics', 'world', 'report', 'sweep', 'cli', 'bench'],
  model: ['delivery', 'disturbance', 'metrics', 'world', 'report', 'sweep', 'cli'],
  delivery: ['disturbance', 'metrics', 'world', 'report', 'sweep', 'cli'],
  disturbance: ['metrics', 'world', 'report', 'sweep', 'cli'],
  // Recorders observe the model and the disturbances; the delivery systems only through model/deliverySystem.ts.
  metrics: ['delivery', 'world', 'report', 'sweep', 'cli'],
  report: ['world', 'sweep', 'cli'],
  world: ['report', 'sweep', 'cli'],
  sweep: ['cli'],
};

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

test('every layer imports only from the layers below it', () => {
  const wrong: string[] = [];
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    for (const file of files(path.join(SRC, layer))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)';/gms)) {
        const target = path.relative(SRC, path.resolve(path.dirname(file), m[1])).split(path.sep)[0];
        if (forbidden.includes(target)) wrong.push(`${path.relative(SRC, file)} imports ${m[1]}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});
