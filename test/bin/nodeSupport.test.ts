import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error: plain JavaScript, as bin/ ships, without declarations
import { MIN_NODE, unsupportedNode } from '../../bin/nodeSupport.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('unsupportedNode', () => {
  for (const [version, refused] of [
    ['v18.20.4', true],
    ['v20.0.0', true],
    ['v20.11.1', true],
    ['v20.12.0', false],
    ['v20.20.2', false],
    ['v21.0.0', false],
    ['v22.1.0', false],
  ] as const)
    it(`${version}: ${refused ? 'refused' : 'runs'}`, () => {
      const message = unsupportedNode(version);
      if (refused) assert.equal(message, `gitops-sim needs Node.js 20.12 or newer; this is Node.js ${version}\n`);
      else assert.equal(message, null);
    });

  it("is package.json's engines and the README's requirement", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.engines.node, `>=${MIN_NODE.join('.')}`);
    assert.match(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), new RegExp(`Node\\.js ${MIN_NODE.join('\\.')} or newer`));
  });

  it('lets this Node run the CLI', () => {
    assert.equal(unsupportedNode(process.version), null);
    const child = spawnSync(process.execPath, [path.join(ROOT, 'bin/gitops-sim.js'), '--version'], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
  });
});
