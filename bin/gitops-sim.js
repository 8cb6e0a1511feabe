#!/usr/bin/env node
// Entry point: runs the JavaScript compiled into dist/ (`npm run build`: packing runs it, and in a
// clone `npm start`, `npm test` and `npm run bench` do).
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { unsupportedNode } from './nodeSupport.js';

const unsupported = unsupportedNode(process.version);
if (unsupported !== null) {
  process.stderr.write(unsupported);
  process.exit(1);
}
// A reader that stops reading (`| head`) gets no more output, quietly, and the command finishes as it
// would have (its reports written, its exit code); a standard stream that cannot be written (a full
// disk) is said in one line, exit 2: the user's environment, not a bug (docs/commands.md).
let streamFailed = false;
for (const [stream, name] of [
  [process.stdout, 'stdout'],
  [process.stderr, 'stderr'],
]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE' || streamFailed) return;
    streamFailed = true;
    process.exitCode = 2;
    const why = error.code === 'ENOSPC' ? 'no space left on the device' : error.message;
    if (name === 'stdout') process.stderr.write(`gitops-sim: cannot write to stdout: ${why}\n`);
  });
}
const built = new URL('../dist/cli/main.js', import.meta.url);
// Only a clone can lack it: the package ships dist/, and `npm install` runs no build (an install-time
// script would ship in the package, where it cannot work).
if (!existsSync(built)) {
  process.stderr.write('gitops-sim: dist/ is not built: run `npm run build` in this clone first\n');
  process.exit(2);
}
const { main, startFlags, stopOnSignals } = await import(built.href);
const { endWithParent, RELAUNCHED, relaunch } = await import('./relaunch.js');
const argv = process.argv.slice(2);
if (process.env[RELAUNCHED] === '1') endWithParent();
// A sweep with a worker on every core runs V8 single-threaded, a flag only a new process can take.
const flags = startFlags(argv).filter((flag) => !process.execArgv.includes(flag));
let ended;
if (flags.length > 0) {
  ended = await relaunch(fileURLToPath(import.meta.url), argv, flags).catch((error) => {
    process.stderr.write(
      `gitops-sim: could not start with ${flags.join(' ')} (${error.message}); running without\n`,
    );
    return undefined;
  });
}
if (ended === undefined) {
  stopOnSignals();
  const code = await main(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    nowMs: () => performance.now(),
    env: process.env,
  });
  if (!streamFailed) process.exitCode = code;
} else if (ended.signal !== undefined) {
  // Ended by the same signal; where Node ignores that one (SIGPIPE), by the shell's code for it.
  process.exitCode = 128 + constants.signals[ended.signal];
  process.kill(process.pid, ended.signal);
} else {
  process.exitCode = ended.code;
}
