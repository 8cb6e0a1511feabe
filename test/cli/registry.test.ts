import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { COMMANDS } from '../../src/cli/registry.ts';
import { describedWithExtras, examplesText } from '../../src/cli/usage.ts';
import { captureIo } from './helpers.ts';
import { main } from '../../src/cli/main.ts';

const SRC = path.resolve(import.meta.dirname, '../../src');
const BIN = path.resolve(import.meta.dirname, '../../bin/gitops-sim.js');

/** Modules a file loads when it is imported: its static imports, transitively (type-only imports erased). */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  if (!file.startsWith(SRC)) return seen;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)';/gms)) {
    const spec = m[1];
    const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
    staticImports(target, seen);
  }
  return seen;
}

test('starting the CLI loads neither the simulator nor the reports: commands load their code when they run', () => {
  const loaded = [...staticImports(path.join(SRC, 'cli/main.ts'))];
  const heavy = loaded.filter(
    (m) =>
      /\/src\/(world|model|delivery|disturbance|report\/(?!escape|outputError)|sweep\/(?!shard|sweepError|v8Flags))/.test(
        m,
      ) || ['zod', 'yaml', 'chart.js', '@napi-rs/canvas', 'csv-stringify', 'seedrandom'].includes(m),
  );
  assert.deepEqual(heavy, []);
  assert.ok(loaded.includes('yargs'));
});

test('every command has its own name, and help lists each (the built CLI: npm test builds first)', () => {
  const names = COMMANDS.map((c) => c.usage.command.split(' ')[0]);
  assert.equal(new Set(names).size, names.length);
  const help = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  for (const name of [...names, 'completion']) assert.match(help, new RegExp(`gitops-sim ${name}\\b`));
  assert.match(
    execFileSync(process.execPath, [BIN, 'completion'], { encoding: 'utf8' }),
    /gitops-sim completion >> ~\/\.bashrc/,
  );
});

test('version and --version print the tool and Node version', async () => {
  for (const argv of [['version'], ['--version']]) {
    const io = captureIo();
    assert.equal(await main(argv, io), 0);
    assert.match(
      io.out(),
      new RegExp(`^gitops-sim \\d+\\.\\d+\\.\\d+ \\(Node ${process.version.replaceAll('.', '\\.')}\\)\\n$`),
    );
  }
});

test('examples: each command line whole on its own line, what it does indented below', () => {
  assert.equal(
    examplesText([['$0 run a.yaml --seed 7', 'Another seed']]),
    'Examples:\n  gitops-sim run a.yaml --seed 7\n      Another seed',
  );
});

test('an option says its choices, a default worth saying and "required" in its description', () => {
  const cases: [Parameters<typeof describedWithExtras>, string][] = [
    [[{ type: 'string', describe: 'Folder' }], 'Folder'],
    [[{ type: 'string', describe: 'Folder', default: 'reports' }], 'Folder (default: reports)'],
    [[{ type: 'boolean', describe: 'Quiet', default: false }], 'Quiet'],
    [[{ type: 'boolean', describe: 'Draw', default: true }], 'Draw (on by default)'],
    [[{ type: 'string', describe: 'Metrics', array: true, default: [] }], 'Metrics'],
    [[{ type: 'string', describe: 'Metrics', array: true, default: ['a', 'b'] }], 'Metrics (default: a, b)'],
    [[{ type: 'number', describe: 'Processes', default: 3 }], 'Processes (default: 3)'],
    [[{ type: 'string', describe: 'Format', choices: ['x', 'y'], default: 'x' }], 'Format (one of: x, y; default: x)'],
    [[{ type: 'string', describe: 'Out', demandOption: true }], 'Out (required)'],
    // A positional's angle brackets already say it is required.
    [[{ type: 'string', describe: 'Files', array: true, demandOption: true }, true], 'Files'],
  ];
  for (const [args, expected] of cases) assert.equal(describedWithExtras(...args), expected);
});
