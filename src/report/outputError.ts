/**
 * An output location the tool will not write: a file where a folder is
 * wanted, a folder of someone else's files, one another process is writing,
 * a name that collides or escapes. The CLI turns it into exit code 2; it is
 * raised before anything is written.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly code: 'E_OUTPUT' | 'E_OUTPUT_LOCKED';
  constructor(message: string, code: 'E_OUTPUT' | 'E_OUTPUT_LOCKED' = 'E_OUTPUT') {
    super(message);
    this.code = code;
  }
}

/** What the file system says when it is full, read-only or not this user's: the user's environment, not a bug. */
const ENVIRONMENT_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
};

/**
 * `error` as an OutputError (exit 2, one line) naming `file` (else the path the error names) when the
 * environment caused it; any other error unchanged.
 */
export function environmentError(error: unknown, file?: string): unknown {
  if (error instanceof OutputError || !(error instanceof Error)) return error;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  const why = code === undefined ? undefined : ENVIRONMENT_ERRORS[code];
  if (why === undefined) return error;
  const where = file ?? path;
  return new OutputError(`${where === undefined ? '' : `${where}: `}${why}${syscall === undefined ? '' : ` (${syscall})`}`);
}
