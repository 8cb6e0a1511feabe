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
