// Compiles src/ to dist/ (plain JavaScript that bin/ and the worker threads load) and copies the
// files that are read at run time rather than imported. A fresh dist/ each time: no stale modules.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
rmSync(new URL('dist', root), { recursive: true, force: true });
const tsc = fileURLToPath(new URL('node_modules/.bin/tsc', root));
execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
// Plain JavaScript in src/ (the page scripts that index.html inlines as text, and that the PNG
// charts import) is used as it is: copied beside the compiled modules.
for (const file of readdirSync(new URL('src', root), { recursive: true })) {
  if (file.endsWith('.js')) cpSync(new URL(`src/${file}`, root), new URL(`dist/${file}`, root));
}
