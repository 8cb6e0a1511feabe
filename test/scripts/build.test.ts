import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, it } from 'node:test';
import { builtCliModule } from '../cli/helpers.ts';

const ROOT = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));

describe('the build (scripts/build.mjs)', () => {
  builtCliModule(); // refuses a dist/ older than the sources
  const types = new URL(pkg.exports['.'].types, ROOT);
  const typesRoot = new URL('./', types);

  it("gives TypeScript the public API's declarations, through package.json's exports", async () => {
    assert.equal(Object.keys(pkg.exports['.'])[0], 'types', 'TypeScript reads the first matching condition');
    const api = await import(new URL(pkg.exports['.'].default, ROOT).href);
    const declared = readFileSync(types, 'utf8');
    for (const name of Object.keys(api)) assert.match(declared, new RegExp(`\\b${name}\\b`), name);
  });

  it('writes declarations that name only shipped files, dependencies and Node', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const files = readdirSync(typesRoot, { recursive: true }).map(String);
    assert.ok(files.every((f) => f.endsWith('.d.ts') || !f.includes('.')), 'declarations only');
    for (const file of files.filter((f) => f.endsWith('.d.ts'))) {
      const text = readFileSync(new URL(file, typesRoot), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from |import\()['"]([^'"]+)['"]/g)) {
        if (specifier.startsWith('.')) {
          const target = new URL(specifier.replace(/\.ts$/, '.d.ts'), new URL(file, typesRoot));
          assert.ok(target.href.startsWith(typesRoot.href) && existsSync(target), `${file}: ${specifier}`);
        } else {
          const name = specifier.replace(/^node:/, '').match(/^(@[^/]+\/)?[^/]+/)![0];
          assert.ok(allowed.has(name), `${file}: ${specifier} is neither a dependency nor Node's`);
        }
      }
    }
  });
});
