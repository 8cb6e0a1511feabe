// Bundles src/ into dist/ (the plain JavaScript that bin/, the sweep's worker threads and the bench's
// speed processes load) with esbuild, and copies the files read at run time rather than imported.
// A bundle, not one compiled file per module: start-up was mostly Node finding, reading and
// compiling some 150 small modules (ours, yaml's, zod's, yargs'); a few chunks load in a fraction of
// that. Every output file sits two folders below the package root (dist/<folder>/<file>.js), which
// src/runtime.ts relies on to find files. Types are checked by `tsc -p .`, not here; the public API's
// declarations (dist/types/, package.json's exports "types") are written alongside the bundle.
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { lazyStringWidth } from './lazyStringWidth.mjs';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
rmSync(dist, { recursive: true, force: true });
// In a process of its own, while esbuild bundles: the project's TypeScript writes declarations without
// checking types again (`noCheck`, scripts/tsconfig.types.json; `tsc -p .` checks them). Alone that
// takes 1.5-2 s; beside esbuild the build went from 0.8 s to 1.6-2.4 s wall (2 shared cores).
const declarations = emitDeclarations();
await build({
  absWorkingDir: new URL('.', root).pathname,
  entryPoints: {
    'cli/main': 'src/cli/main.ts',
    'sweep/pointWorker': 'src/sweep/pointWorker.ts',
    'bench/worker': 'src/bench/worker.ts',
    'api/index': 'src/index.ts',
  },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds of the dependencies (yaml ships both), so the bundle needs no CommonJS wrappers.
  mainFields: ['module', 'main'],
  // A native module, and chart.js, whose browser build html.ts reads from its package folder.
  external: ['@napi-rs/canvas', 'chart.js', 'tsx', 'tsx/*', 'dejavu-fonts-ttf'],
  // CommonJS code in the bundle that requires Node's built-ins gets a real `require`.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'eof',
  // Less source for V8 to read and pre-parse on every start (1.6 MB -> 1.2 MB): validate starts
  // 15-20 ms sooner. Names are kept, so a stack trace still names its functions.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [lazyStringWidth],
  logLevel: 'warning',
});
// Plain JavaScript in src/ (the page scripts that index.html inlines as text and the PNG charts
// import, the threads' entry from source) is used as it is: copied to the same place under dist/.
for (const file of readdirSync(new URL('src', root), { recursive: true })) {
  if (file.endsWith('.js')) cpSync(new URL(`src/${file}`, root), new URL(`dist/${file}`, root));
}
await declarations;

function emitDeclarations() {
  const typescript = createRequire(import.meta.url).resolve('typescript/package.json');
  const tsc = new URL('bin/tsc', pathToFileURL(typescript)).pathname;
  const child = spawn(process.execPath, [tsc, '-p', new URL('scripts/tsconfig.types.json', root).pathname], {
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`tsc (declarations) ended with ${signal ?? `exit code ${code}`}`)),
    );
  });
}
