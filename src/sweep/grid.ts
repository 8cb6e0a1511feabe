/**
 * Parameter grids: `--set path=v1,v2,...` parsed into a parameter, the
 * cartesian product of the parameters as points in a fixed order, a readable
 * id and a file name per point, and a point applied to a scenario's data.
 * Pure: checking a point against the schema is plan.ts's job.
 */
import { isScalar, parseDocument } from 'yaml';
import { SweepError } from './sweepError.ts';

/** A value as YAML reads a scalar: `4` a number, `true` a boolean, `30s` a string. */
export type ParamValue = string | number | boolean | null;

export interface SweepParam {
  /** Dotted path of a scenario field, as given: `apps.replicas`, `variants.1.delivery.interval`. */
  readonly path: string;
  /** In the order given, no two alike. */
  readonly values: readonly ParamValue[];
  /**
   * Each value as the user typed it, for messages: `.inf` and `~` read as Infinity and null, which a
   * message would otherwise echo (and JSON writes Infinity as null). A manifest's params have none.
   */
  readonly given?: readonly string[];
}

export interface GridPoint {
  /** Position in the grid, from 0: the first parameter varies slowest, the last fastest. */
  readonly index: number;
  /** One value per parameter, in parameter order. */
  readonly values: readonly ParamValue[];
  /** `apps.replicas=4,cluster.nodes=10`. */
  readonly id: string;
  /** `003-apps.replicas=4,cluster.nodes=10`: unique (the index), safe as a file name, sorts in grid order. */
  readonly name: string;
}

/** A guard against a typo that multiplies into millions of points; a real sweep this big would be sharded anyway. */
export const MAX_POINTS = 10_000;

/** Keeps file names well under the 255-byte limit of common file systems. */
const MAX_NAME_ID_LENGTH = 120;

/** Parses one `--set path=v1,v2,...`; the message of a SweepError quotes the flag. */
export function parseSet(text: string): SweepParam {
  const flag = `--set ${text}`;
  const eq = text.indexOf('=');
  if (eq < 0) throw new SweepError(`${flag}: expected path=value1,value2,... (like apps.replicas=2,4,8)`);
  const path = text.slice(0, eq).trim();
  if (!/^[^.\s]+(\.[^.\s]+)*$/.test(path)) {
    throw new SweepError(
      `${flag}: expected a dotted field path before "=", like apps.replicas or variants.1.delivery.interval`,
    );
  }
  const given = splitValues(text.slice(eq + 1));
  const values = given.map((piece) => parseValue(piece, flag));
  const seen = new Set<string>();
  for (const value of values) {
    const label = formatValue(value);
    if (seen.has(label)) throw new SweepError(`${flag}: ${label} is given twice`);
    seen.add(label);
  }
  return { path, values, given };
}

/** Refuses a path given twice, or one inside another (`apps` and `apps.replicas`): the later would overwrite. */
export function checkParams(params: readonly SweepParam[]): void {
  if (params.length === 0)
    throw new SweepError('--set: name at least one field to sweep, like --set apps.replicas=2,4');
  for (const [i, a] of params.entries()) {
    for (const b of params.slice(i + 1)) {
      if (a.path === b.path)
        throw new SweepError(`--set ${a.path} is given twice; list all its values in one --set`);
      const [outer, inner] = a.path.length < b.path.length ? [a, b] : [b, a];
      if (inner.path.startsWith(`${outer.path}.`)) {
        throw new SweepError(`--set ${outer.path} and --set ${inner.path} overlap: one is inside the other`);
      }
    }
  }
}

/**
 * Splits at commas outside quotes and brackets, so a distribution keeps its
 * comma: `exp(1h),uniform(1s, 5s)` is two values.
 */
function splitValues(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.map((p) => p.trim());
}

function parseValue(piece: string, flag: string): ParamValue {
  if (piece === '') throw new SweepError(`${flag}: an empty value; separate values with single commas`);
  const doc = parseDocument(piece, { logLevel: 'error' });
  if (doc.errors.length > 0) {
    throw new SweepError(`${flag}: ${JSON.stringify(piece)} is not a YAML value (${doc.errors[0].message})`);
  }
  const node = doc.contents;
  const value: unknown = isScalar(node) ? node.value : undefined;
  if (!(value === null || ['string', 'number', 'boolean'].includes(typeof value))) {
    throw new SweepError(
      `${flag}: ${JSON.stringify(piece)} is not a single value; expected a number, true or false, or a string`,
    );
  }
  return value as ParamValue;
}

/**
 * A value as ids, tables and chart labels show it: as a file would write it,
 * and quoted when a string would otherwise read as something else (`"4"`).
 */
export function formatValue(value: ParamValue): string {
  if (typeof value !== 'string') return String(value);
  const back = parseDocument(value, { logLevel: 'error' });
  return back.errors.length === 0 && isScalar(back.contents) && back.contents.value === value
    ? value
    : JSON.stringify(value);
}

/** Every combination of the parameters' values, the first parameter varying slowest. */
export function gridPoints(params: readonly SweepParam[]): GridPoint[] {
  const total = params.reduce((n, p) => n * p.values.length, 1);
  if (total > MAX_POINTS) {
    throw new SweepError(
      `--set: ${params.map((p) => p.values.length).join(' x ')} = ${total} points; at most ${MAX_POINTS} in one sweep`,
    );
  }
  const width = Math.max(3, String(total - 1).length);
  return Array.from({ length: total }, (_, index) => {
    const values: ParamValue[] = new Array(params.length);
    let rest = index;
    for (let j = params.length - 1; j >= 0; j--) {
      values[j] = params[j].values[rest % params[j].values.length];
      rest = Math.floor(rest / params[j].values.length);
    }
    const id = params.map((p, j) => `${p.path}=${formatValue(values[j])}`).join(',');
    const safe = id.replace(/[^A-Za-z0-9._=,+-]/g, '_').slice(0, MAX_NAME_ID_LENGTH);
    return { index, values, id, name: `${String(index).padStart(width, '0')}-${safe}` };
  });
}

/**
 * The scenario data (as parsed from YAML) with a point's values set at their
 * paths. Missing mappings on the way are created; a list is indexed by number.
 */
export function applyPoint(
  data: Readonly<Record<string, unknown>>,
  params: readonly SweepParam[],
  values: readonly ParamValue[],
): Record<string, unknown> {
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const [j, param] of params.entries()) setPath(copy, param.path, values[j]);
  return copy;
}

function setPath(root: Record<string, unknown>, path: string, value: ParamValue): void {
  const segments = path.split('.');
  let node: unknown = root;
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    const here = segments.slice(0, i).join('.');
    if (Array.isArray(node)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= node.length) {
        throw new SweepError(
          `--set ${path}: ${here} is a list of ${node.length} item${node.length === 1 ? '' : 's'}; ` +
            `expected an index from 0 to ${node.length - 1}, found ${JSON.stringify(segment)}`,
        );
      }
      if (last) node[index] = value;
      else node = node[index];
    } else if (isRecord(node)) {
      // Own keys only: `__proto__` or `constructor` must name a key of the file, never Object.prototype.
      let child = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (last || child === undefined || child === null) {
        child = last ? value : {};
        Object.defineProperty(node, segment, {
          value: child,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      node = child;
    } else {
      throw new SweepError(
        `--set ${path}: ${here} is ${JSON.stringify(node)}, not a mapping, so it has no ${segment} ` +
          '(write it as a mapping in the scenario file to sweep a field inside it)',
      );
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
