import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, now. After a simulation the model (hundreds of MB for a large fleet) is
 * garbage and the result a few MB, but V8 sized its next full collection to the model's heap, so the
 * report's allocations would pile on top of it and set the run's peak memory. `--expose-gc` set at
 * run time exposes `gc` to contexts made after it (Node's documented `v8.setFlagsFromString`), so
 * `gitops-sim` needs no Node flag on its command line.
 */
let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
