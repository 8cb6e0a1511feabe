#!/usr/bin/env node
// Entry point: runs the JavaScript compiled into dist/ (`npm run build`, run by `npm install` in a clone and before packing).
import { unsupportedNode } from './nodeSupport.js';

const unsupported = unsupportedNode(process.version);
if (unsupported !== null) {
  process.stderr.write(unsupported);
  process.exit(1);
}
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  nowMs: () => performance.now(),
  env: process.env,
});
