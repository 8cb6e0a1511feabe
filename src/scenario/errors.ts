/**
 * What goes wrong when loading a scenario file, in a form both people and
 * programs can use: a stable code, and every problem with its position.
 */

export type ScenarioErrorCode =
  /** The file is missing or unreadable, or not UTF-8 text with LF or CRLF line ends. */
  | 'E_SCENARIO_READ'
  /** The text is not valid YAML (syntax, duplicate keys, broken aliases), or tags a value beyond the core schema. */
  | 'E_SCENARIO_YAML'
  /** The document is empty, or its top level is not a mapping. */
  | 'E_SCENARIO_EMPTY'
  /** Valid YAML that the schema rejects. */
  | 'E_SCENARIO_INVALID'
  /** The commit replay CSV (ci.commits.replay) is missing, too large or malformed. */
  | 'E_SCENARIO_REPLAY';

export interface ScenarioProblem {
  /** 1-based; 0 when the problem concerns the file as a whole (it could not be read). */
  readonly line: number;
  /** 1-based; 0 together with line. */
  readonly column: number;
  /** Dotted path to the value, array indices as numbers (`variants.1.name`); '' is the top level. */
  readonly path: string;
  /** What would have been accepted, e.g. `a whole number >= 0`. */
  readonly expected: string;
  /** What the file holds there, as written: `"25"`, `-3`, `a list of 2 items`, `nothing`. */
  readonly found: string;
  /** What is wrong when it is more than a wrong value, e.g. `unknown key`. */
  readonly problem?: string;
  /** A likely fix, e.g. `did you mean "replications"?`. */
  readonly hint?: string;
}

/**
 * Problems listed at most: a file with thousands of them repeats a few mistakes, and a list of
 * 100,000 lines helps no one (the rest are counted).
 */
export const MAX_PROBLEMS = 100;

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(
    readonly code: ScenarioErrorCode,
    /** The path as the caller gave it, so messages match what the user typed. */
    readonly file: string,
    /** At most MAX_PROBLEMS, in file order. */
    readonly problems: readonly ScenarioProblem[],
    /** Problems found but not listed; Infinity when there were too many to count. */
    readonly more = 0,
  ) {
    super([...problems.map((p) => formatProblem(file, p)), ...(more > 0 ? [formatMore(file, problems.length, more)] : [])].join('\n'));
  }
}

/** The line after a list cut at MAX_PROBLEMS. */
function formatMore(file: string, listed: number, more: number): string {
  const count = Number.isFinite(more) ? `${more} more problem${more === 1 ? '' : 's'}` : 'more problems, too many to count';
  return oneLine(`${file}: and ${count} (the first ${listed} are listed)`);
}

/**
 * One line in the compiler style editors and terminals link to:
 * `file:line:column: path: expected X, found Y (hint)`, or, when the problem
 * has a name, `file:line:column: path: unknown key; expected X; found Y (hint)`
 * (semicolons, because X is then usually a comma-separated list).
 */
export function formatProblem(file: string, p: ScenarioProblem): string {
  const where = p.line > 0 ? `${file}:${p.line}:${p.column}` : file;
  const path = p.path === '' ? '' : `${p.path}: `;
  const what =
    p.problem === undefined
      ? `expected ${p.expected}, found ${p.found}`
      : `${p.problem}; expected ${p.expected}; found ${p.found}`;
  const hint = p.hint === undefined ? '' : ` (${p.hint})`;
  return oneLine(`${where}: ${path}${what}${hint}`);
}

/** How `oneLine` writes the commonest control characters; the rest as `\uXXXX`. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters and line separators escaped (`\n`, `\t`, `\u2028`), so a problem stays one
 * line whatever its parts quote: yaml's messages quote the source after an error, newlines and all,
 * and a file's name may hold anything.
 */
export function oneLine(text: string): string {
  return text.replace(
    /[\p{Cc}\u2028\u2029]/gu,
    (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
