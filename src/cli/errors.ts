/** Bad command-line usage: exit code 2. */
export class UsageError extends Error {
  readonly code = 'E_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes of every command. */
export const EXIT = { ok: 0, failedRun: 1, badInput: 2 } as const;

/** compare --fail-if-worse found a metric worse: a failed check in CI. */
export const EXIT_WORSE = 1;
