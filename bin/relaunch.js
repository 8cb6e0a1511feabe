// Starts the command line again in a new process with V8 flags that hold only from a process's
// start (dist/cli/main.js startFlags says which), passing the terminal through and the outcome back.
import { spawn } from 'node:child_process';

/** Set in the new process's environment: it ends with the process that started it. */
export const RELAUNCHED = 'GITOPS_SIM_RELAUNCHED';

/** Signals a user or a job runner sends to this process, passed on to the new one (a Ctrl-C reaches both anyway). */
const PASSED_ON = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `script` with `argv` in a new Node.js process with this one's options and `flags`, sharing
 * its standard streams. Resolves with how it ended, { code } or { signal }; rejects when it could
 * not start. A channel to it (unused but for its closing) lets it see this process end, even by a
 * kill -9 that nothing could pass on (endWithParent).
 */
export function relaunch(script, argv, flags) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...argv], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, [RELAUNCHED]: '1' },
    });
    const passOn = (signal) => child.kill(signal);
    for (const signal of PASSED_ON) process.on(signal, passOn);
    const settle = () => {
      for (const signal of PASSED_ON) process.off(signal, passOn);
    };
    child.on('error', (error) => {
      settle();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      settle();
      resolve(signal === null ? { code } : { signal });
    });
  });
}

/**
 * In a process relaunch started: when the process that started it is gone (its channel closes
 * while this one still runs), this one ends as a kill -9 would have ended both.
 */
export function endWithParent() {
  if (process.channel === undefined) return;
  // The channel alone must not keep this process alive once its work is done.
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
