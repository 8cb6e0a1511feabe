// Compiles src/ to dist/ (plain JavaScript that bin/ and the worker threads load) and copies the
// files that are read at run time rather than imported. A fresh dist/ each time: no stale modules.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
rmSync(new URL('dist', root), { recursive: true, force: true });
const tsc = fileURLToPath(new URL('node_modules/.bin/tsc', root));
execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
// The page script is inlined into index.html as text (src/report/html.ts reads it beside itself).
cpSync(new URL('src/report/htmlCharts.js', root), new URL('dist/report/htmlCharts.js', root));
