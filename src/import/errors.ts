/**
 * What makes an import fail (exit 2, nothing written): input that cannot be
 * read at all. Objects that can be read but not mapped are warnings instead.
 */

export type ImportErrorCode =
  /** A path that does not exist or cannot be read, or input over a limit. */
  | 'E_IMPORT_READ'
  /** A file that is not valid YAML. */
  | 'E_IMPORT_YAML'
  /** --git names no repository, or git cannot be run or read it. */
  | 'E_IMPORT_GIT'
  /** Nothing to simulate: no workload or delivery object was found. */
  | 'E_IMPORT_EMPTY';

export interface ImportProblem {
  /** The path as the user gave it (or under a folder they gave). */
  readonly file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly found: string;
  readonly hint?: string;
}

export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    readonly problems: readonly ImportProblem[],
  ) {
    super(problems.map(formatImportProblem).join('\n'));
  }
}

/** `file:line:column: expected X, found Y (hint)`, the scenario loader's style. */
export function formatImportProblem(p: ImportProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  const hint = p.hint === undefined ? '' : ` (${p.hint})`;
  return `${where}: expected ${p.expected}, found ${p.found}${hint}`;
}
