/**
 * Ctrl-C (SIGINT), a job runner's SIGTERM or a closed terminal's SIGHUP while output is being
 * written: the open writes are abandoned (lock and staging folder removed; a sweep's finished
 * points kept for --resume), then the process ends by the same signal, as it would have without a
 * handler, so a shell sees 128 + its number. Without this, the lock and the staging folder stayed
 * until the next write to the same folder.
 *
 * Handlers are installed only while a write is open: a handler runs when the event loop turns, and
 * the loop waits for synchronous work (a run made in this thread), so a command with nothing to
 * clean up keeps Node's immediate end. Runs made here let the loop turn between them
 * (parallelRun.ts, workerPool.ts), so a stop waits for at most the run under way.
 */
import { constants } from 'node:os';
import { abandonOpenWrites, onOpenWrites } from '../report/atomicFolder.ts';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Installs the handling above for this process (bin/gitops-sim.js; tests call main() without it). */
export function stopOnSignals(): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal while abandoning (a terminal's Ctrl-C reaches a relaunched process twice: from
    // the terminal and passed on by its parent) waits for the same cleanup, which is a few removals.
    if (stopping) return;
    stopping = true;
    onOpenWrites(undefined);
    void abandonOpenWrites().finally(() => {
      for (const s of STOP_SIGNALS) process.off(s, stop);
      process.exitCode = 128 + constants.signals[signal];
      process.kill(process.pid, signal);
    });
  };
  onOpenWrites((open) => {
    for (const signal of STOP_SIGNALS) {
      if (open) process.on(signal, stop);
      else process.off(signal, stop);
    }
  });
}
