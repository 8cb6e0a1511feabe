/**
 * Scenario loading: YAML text -> validated Scenario, or a ScenarioError that
 * names the file, line, column and path of every problem, what was expected
 * there and what the file holds.
 *
 * The schema says what is valid; this file only explains its verdicts. Zod
 * reports problems as paths into the parsed data, so each path is looked up in
 * the YAML node tree (which keeps source offsets) to find where it was written
 * and how, and in the schema to describe what would have been accepted.
 */
import { dirname, join, resolve } from 'node:path';
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLError,
  YAMLParseError,
  type YAMLMap,
} from 'yaml';
import * as z from 'zod';
import { MAX_REPLAY_BYTES, parseReplayCsv, ReplayCsvError } from '../model/commitReplay.ts';
import { MAX_PROBLEMS, oneLine, ScenarioError, type ScenarioErrorCode, type ScenarioProblem } from './errors.ts';
import { MAX_SCENARIO_BYTES } from './limits.ts';
import { MOVED_KEYS, type Scenario, scenarioSchema } from './schema.ts';
import { nearestKey } from './suggest.ts';
import { readTextFile, TextFileError } from './textFile.ts';
import { maxOf } from '../engine/extremes.ts';

type Segment = string | number;
type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

/** Reads and loads a scenario file; `file` is kept as given for messages. */
export function loadScenarioFile(file: string): Scenario {
  return loadScenarioText(readScenarioText(file), file);
}

/**
 * A scenario file's text, as loadScenarioFile reads it (checked, decoded, without a byte-order mark):
 * for the commands that keep the text as well (a report shows it, a sweep edits it).
 */
export function readScenarioText(file: string): string {
  try {
    return readTextFile(file, MAX_SCENARIO_BYTES);
  } catch (error) {
    if (error instanceof TextFileError) {
      const { line, column, expected, found, hint } = error;
      // A file that is not a regular one, or too large: where it was looked for helps.
      const why = error.kind === 'file' ? `looked for ${resolve(file)}` : hint;
      throw new ScenarioError('E_SCENARIO_READ', file, [{ line, column, path: '', expected, found, ...(why !== undefined && { hint: why }) }]);
    }
    throw new ScenarioError('E_SCENARIO_READ', file, [
      { line: 0, column: 0, path: '', expected: 'a readable scenario file', found: describeReadFailure(error), hint: `looked for ${resolve(file)}` },
    ]);
  }
}

/**
 * Parses and validates scenario text; `file` labels the messages, and files
 * the scenario names (a commit replay CSV) are found in `baseDir`.
 */
export function loadScenarioText(text: string, file: string, baseDir = dirname(file)): Scenario {
  const lineCounter = new LineCounter();
  // logLevel 'error': the yaml package would otherwise print its own warnings to the console.
  // uniqueKeys off: yaml compares each key with every earlier one (40,000 keys took 40 s); duplicateKeys is linear.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'error', uniqueKeys: false });
  const source = new Source(text, doc, lineCounter);

  // Only the first errors are located: locating one walks the document, and a file may hold 100,000.
  const errors = [...doc.errors, ...source.duplicateKeys()].sort((a, b) => a.pos[0] - b.pos[0]);
  const aliases = source.unresolvedAliases();
  const tags = source.foreignTags();
  const yamlProblems = [...errors.slice(0, MAX_PROBLEMS).map((e) => source.yamlProblem(e)), ...aliases.problems, ...tags.problems];
  if (yamlProblems.length > 0) {
    const unlocated = Math.max(0, errors.length - MAX_PROBLEMS) + aliases.more + tags.more;
    throw listedError('E_SCENARIO_YAML', file, yamlProblems, unlocated);
  }

  if (!isMap(doc.contents)) throw new ScenarioError('E_SCENARIO_EMPTY', file, [source.notAMapping()]);

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // Alias expansion beyond yaml's maxAliasCount ("billion laughs") lands here.
    throw new ScenarioError('E_SCENARIO_YAML', file, [source.unexpandable(error)]);
  }

  // Built-in zod messages are replaced by a marker so they can be told apart
  // from the schema's own messages, which already say what was expected.
  const options = { error: () => BUILTIN, reportInput: true, jitless: true };
  let result: ReturnType<typeof scenarioSchema.safeParse>;
  let checked = data;
  try {
    result = scenarioSchema.safeParse(data, options);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    // Zod gathers every problem before it returns, spreading each level's list into its parent's: a few
    // hundred thousand of them (under 1 MiB of `[1x, 1x, ...]`) overflow the stack. Checked again with
    // the first entries of each list and mapping, which hold the first problems; the rest are uncounted.
    checked = pruned(data, MAX_PROBLEMS + 1);
    result = scenarioSchema.safeParse(checked, options);
    const root: Scope = { schema: scenarioSchema, data: checked, path: [] };
    const problems = result.success ? [] : tightestBounds(result.error.issues).flatMap((issue) => problemsOf(issue, root, source));
    throw listedError('E_SCENARIO_INVALID', file, problems, Number.POSITIVE_INFINITY);
  }
  if (result.success) return withReplayedCommits(result.data, file, baseDir, source);
  const root: Scope = { schema: scenarioSchema, data: checked, path: [] };
  const problems = tightestBounds(result.error.issues).flatMap((issue) => problemsOf(issue, root, source));
  throw listedError('E_SCENARIO_INVALID', file, problems);
}

const BUILTIN = '\u0000zod';

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';
/** YAML 1.2's core schema: tags that only say what the value already is, or make it a string. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `${YAML_TAG_PREFIX}${t}`));

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** `data` with each list and mapping cut to its first `keep` entries. */
function pruned(data: unknown, keep: number): unknown {
  if (Array.isArray(data)) return data.slice(0, keep).map((item) => pruned(item, keep));
  if (isRecord(data)) return Object.fromEntries(Object.entries(data).slice(0, keep).map(([k, v]) => [k, pruned(v, keep)]));
  return data;
}

/** The first MAX_PROBLEMS problems in file order, and a count of the rest (`uncounted` more besides). */
function listedError(code: ScenarioErrorCode, file: string, problems: ScenarioProblem[], uncounted = 0): ScenarioError {
  const sorted = sortProblems(problems);
  const more = Math.max(0, sorted.length - MAX_PROBLEMS) + uncounted;
  return new ScenarioError(code, file, sorted.slice(0, MAX_PROBLEMS), more);
}

/**
 * `ci.commits.replay` names a CSV beside the scenario: read it now, so a run
 * never touches the file system and its times are part of the input hash.
 */
function withReplayedCommits(scenario: Scenario, file: string, baseDir: string, source: Source): Scenario {
  const replay = scenario.ci.commitReplay;
  if (replay === undefined) return scenario;
  const csvPath = join(baseDir, replay.file);
  const where = ['ci', 'commits', 'replay'];
  let text: string;
  try {
    text = readTextFile(csvPath, MAX_REPLAY_BYTES, 'CSV');
  } catch (error) {
    if (error instanceof TextFileError) {
      const { line, column, expected, found, hint } = error;
      // Its encoding is the CSV's own problem, at a place in it; its kind or size is the scenario's, at the key.
      if (error.kind === 'text') throw new ScenarioError('E_SCENARIO_REPLAY', csvPath, [{ line, column, path: '', expected, found, ...(hint !== undefined && { hint }) }]);
      throw new ScenarioError('E_SCENARIO_REPLAY', file, [source.valueProblem(where, expected, replay.file, `${csvPath} is ${found}`)]);
    }
    const problem = source.valueProblem(where, 'a readable CSV file, relative to the scenario file', replay.file);
    throw new ScenarioError('E_SCENARIO_REPLAY', file, [
      { ...problem, hint: `${describeReadFailure(error)}: looked for ${resolve(csvPath)}` },
    ]);
  }
  try {
    const atMs = parseReplayCsv(text, replay.apps);
    return { ...scenario, ci: { ...scenario.ci, commitReplay: { ...replay, atMs } } };
  } catch (error) {
    if (!(error instanceof ReplayCsvError)) throw error;
    const problems = error.problems.map((p) => ({ line: p.line, column: p.column, path: p.field, expected: p.expected, found: p.found }));
    throw new ScenarioError('E_SCENARIO_REPLAY', csvPath, problems);
  }
}

function describeReadFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'a directory';
    case 'EACCES':
    case 'EPERM':
      return 'a file this process may not read';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Without repeats (zod and yaml both repeat themselves at times), in file order. */
function sortProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = JSON.stringify(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

// ---------------------------------------------------------------------------
// Zod issues -> problems

/** Where an issue's relative path starts: zod reports union branches relative to the union. */
interface Scope {
  readonly schema: Schema | undefined;
  readonly data: unknown;
  readonly path: readonly Segment[];
}

function problemsOf(issue: Issue, scope: Scope, source: Source): ScenarioProblem[] {
  const relative = issue.path as Segment[];
  const path = [...scope.path, ...relative];
  const schema = schemaAt(scope.schema, relative, scope.data);
  switch (issue.code) {
    case 'invalid_union':
      return unionProblems(issue, { schema, data: valueAt(scope.data, relative), path }, source);
    case 'unrecognized_keys': {
      const value = valueAt(scope.data, relative);
      const allowed = allowedKeys(schema, value);
      return issue.keys.map((key) =>
        source.unknownKey([...path, key], allowed, otherBranchesWith(schema, value, key)),
      );
    }
    default: {
      const hint = issue.code === 'invalid_value' ? suggestValue(issue.input, issue.values) : undefined;
      return [source.valueProblem(path, expectedOf(issue, schema), issue.input, hint)];
    }
  }
}

/**
 * z.int() carries its own safe-integer limits, so 1e20 breaks both those and
 * .max(10000): keep only the tightest bound of each kind for a path.
 */
function tightestBounds(issues: readonly Issue[]): Issue[] {
  // One pass for the tightest bounds of each path, one to keep only those: linear in the issues.
  const tightest = new Map<string, { maximum: number; minimum: number }>();
  for (const issue of issues) {
    if (issue.code !== 'too_big' && issue.code !== 'too_small') continue;
    const key = pathKey(issue.path);
    const bounds = tightest.get(key) ?? { maximum: Number.POSITIVE_INFINITY, minimum: Number.NEGATIVE_INFINITY };
    if (issue.code === 'too_big') bounds.maximum = Math.min(bounds.maximum, Number(issue.maximum));
    else bounds.minimum = Math.max(bounds.minimum, Number(issue.minimum));
    tightest.set(key, bounds);
  }
  return issues.filter((a) => {
    if (a.code === 'too_big') return Number(a.maximum) <= (tightest.get(pathKey(a.path))?.maximum ?? Number.POSITIVE_INFINITY);
    if (a.code === 'too_small') return Number(a.minimum) >= (tightest.get(pathKey(a.path))?.minimum ?? Number.NEGATIVE_INFINITY);
    return true;
  });
}

/** Numbers and strings apart (index 0 is not key "0"), as zod's paths hold them. */
function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)));
}

/**
 * A union failed: report the branch the user was evidently writing (one whose
 * type matches the value), or, when the value fits no branch's type, one
 * problem listing what each branch accepts.
 */
function unionProblems(issue: z.core.$ZodIssueInvalidUnion, scope: Scope, source: Source): ScenarioProblem[] {
  if (issue.errors.length === 0) {
    // A discriminated union with no option for the discriminator's value; zod's path ends at the discriminator.
    // An optional discriminator (delivery's profile) lists undefined among its values: that is no value to write.
    const values = ('options' in issue ? (issue.options ?? []) : []).filter((v) => v !== undefined);
    const found = valueAt(scope.data, []);
    return [
      source.valueProblem(
        scope.path,
        values.length > 0 ? oneOf(values) : 'a valid value',
        found,
        suggestValue(found, values),
      ),
    ];
  }
  const options = scope.schema instanceof z.ZodUnion ? scope.schema.options : [];
  const branches = issue.errors.map((issues, i) => ({ issues, option: options[i] as Schema | undefined }));
  const fitting = branches.filter((b) => !isTypeMismatch(b.issues, scope.data));
  if (fitting.length > 0) {
    const best = fitting.reduce((a, b) => (depth(b.issues) > depth(a.issues) ? b : a));
    return best.issues.flatMap((i) => problemsOf(i, { ...scope, schema: best.option }, source));
  }
  // The schema's own messages describe the whole union ("a whole number or a percentage"), so prefer them.
  const custom = branches.filter((b) => b.issues[0].message !== BUILTIN);
  const described = (custom.length > 0 ? custom : branches).map((b) =>
    expectedOf(b.issues[0], unwrap(b.option)),
  );
  return [source.valueProblem(scope.path, joinOr([...new Set(described)]), scope.data)];
}

/** "a or b"; with a comma when a part has its own "or", so the alternatives stay apart. */
function joinOr(parts: readonly string[]): string {
  return parts.join(parts.some((p) => p.includes(' or ')) ? ', or ' : ' or ');
}

/** A branch that rejected the value's type outright, rather than something inside it. */
function isTypeMismatch(issues: readonly Issue[], data: unknown): boolean {
  if (issues.length !== 1 || issues[0].path.length > 0) return false;
  const issue = issues[0];
  switch (issue.code) {
    case 'invalid_type':
      return true;
    case 'invalid_value':
      return !issue.values.some((v) => typeof v === typeof data);
    case 'invalid_union':
      return issue.errors.length > 0 && issue.errors.every((branch) => isTypeMismatch(branch, data));
    default:
      return false;
  }
}

/** How far into the value a branch got: deeper issues mean more of it matched. */
function depth(issues: readonly Issue[]): number {
  return maxOf(issues.map((i) => i.path.length));
}

/** Plain English for what a failed check accepts. Schema messages already are that. */
function expectedOf(issue: Issue, schema: Schema | undefined): string {
  if (issue.message !== BUILTIN) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return describeType(issue.expected, schema);
    case 'too_small':
      return describeBound(issue.origin, issue.inclusive ? '>=' : '>', issue.minimum, issue.exact, schema);
    case 'too_big':
      return describeBound(issue.origin, issue.inclusive ? '<=' : '<', issue.maximum, issue.exact, schema);
    case 'invalid_value':
      return oneOf(issue.values);
    case 'invalid_format':
      return issue.format === 'regex' ? `a string matching ${issue.pattern}` : `a valid ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    default:
      return 'a valid value';
  }
}

function describeType(expected: string, schema: Schema | undefined): string {
  switch (expected) {
    case 'object':
      if (schema instanceof z.ZodDiscriminatedUnion) {
        const key = schema.def.discriminator;
        return `a mapping with ${key} ${oneOf(discriminatorValues(schema.options, key))}`;
      }
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'number':
      return isWholeNumber(schema) ? 'a whole number' : 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

function describeBound(
  origin: string,
  relation: string,
  limit: number | bigint,
  exact: boolean | undefined,
  schema: Schema | undefined,
): string {
  const n = Number(limit);
  switch (origin) {
    case 'string':
      if (exact) return `a string of exactly ${n} character${plural(n)}`;
      if (relation === '>=' && n === 1) return 'a non-empty string';
      return `a string of ${relation === '>=' ? 'at least' : 'at most'} ${n} character${plural(n)}`;
    case 'array':
      if (exact) return `a list of exactly ${n} item${plural(n)}`;
      if (relation === '>=' && n === 1) return 'a non-empty list';
      return `a list of ${relation === '>=' ? 'at least' : 'at most'} ${n} item${plural(n)}`;
    default: {
      const kind = origin === 'int' || isWholeNumber(schema) ? 'a whole number' : 'a number';
      return exact ? `exactly ${n}` : `${kind} ${relation} ${n}`;
    }
  }
}

/** z.int() and friends: number schemas whose format is an integer one (safeint, int32, uint32). */
function isWholeNumber(schema: Schema | undefined): boolean {
  return schema instanceof z.ZodNumber && (schema.format ?? '').includes('int');
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

/** `"push" or "pull"`, `one of "a", "b" or "c"`: values quoted as a file would write them. */
function oneOf(values: readonly unknown[]): string {
  const quoted = values.map((v) => JSON.stringify(v) ?? String(v));
  if (quoted.length <= 2) return quoted.join(' or ');
  return `one of ${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

function suggestValue(found: unknown, values: readonly unknown[]): string | undefined {
  if (typeof found !== 'string') return undefined;
  const near = nearestKey(
    found,
    values.filter((v) => typeof v === 'string'),
  );
  return near === undefined ? undefined : `did you mean ${JSON.stringify(near)}?`;
}

// ---------------------------------------------------------------------------
// Schema lookup: which schema judged the value at a path

/** Sees through what does not change the shape a file writes: input side of pipes, defaults, optionals. */
function unwrap(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodPipe) s = s.in;
    else if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap();
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else return s;
  }
}

function schemaAt(root: Schema | undefined, path: readonly Segment[], data: unknown): Schema | undefined {
  let schema = unwrap(root);
  let value = data;
  for (const segment of path) {
    schema = unwrap(childSchema(schema, segment, value));
    value = valueAt(value, [segment]);
  }
  return schema;
}

function childSchema(schema: Schema | undefined, segment: Segment, value: unknown): Schema | undefined {
  if (schema instanceof z.ZodObject) return typeof segment === 'string' ? schema.shape[segment] : undefined;
  if (schema instanceof z.ZodArray) return typeof segment === 'number' ? schema.element : undefined;
  if (schema instanceof z.ZodUnion) {
    for (const option of unionOptions(schema, value)) {
      const child = childSchema(unwrap(option), segment, value);
      if (child !== undefined) return child;
    }
  }
  return undefined;
}

/** A discriminated union's options for this value's discriminator (all of them when none matches). */
function unionOptions(union: z.ZodUnion, value: unknown): readonly Schema[] {
  if (!(union instanceof z.ZodDiscriminatedUnion) || !isRecord(value)) return union.options;
  const key = union.def.discriminator;
  const matching = union.options.filter((o) =>
    unwrap(o)?._zod.propValues?.[key]?.has(value[key] as z.core.util.Primitive),
  );
  return matching.length > 0 ? matching : union.options;
}

/** The values a discriminator may take in these options, as a file writes them (an optional one's undefined left out). */
function discriminatorValues(options: readonly Schema[], key: string): unknown[] {
  return options
    .flatMap((o) => [...(unwrap(o)?._zod.propValues?.[key] ?? [])])
    .filter((v) => v !== undefined);
}

/**
 * A key the chosen branch of a discriminated union refuses, but another branch
 * takes: "a setting of profile "argocd"". Nested unions (delivery's type, then
 * profile) are searched from the innermost chosen branch outwards.
 */
function otherBranchesWith(schema: Schema | undefined, value: unknown, key: string): string | undefined {
  if (!(schema instanceof z.ZodUnion)) return undefined;
  const chosen = unionOptions(schema, value);
  for (const option of chosen) {
    const deeper = otherBranchesWith(unwrap(option), value, key);
    if (deeper !== undefined) return deeper;
  }
  if (!(schema instanceof z.ZodDiscriminatedUnion) || chosen.length === schema.options.length)
    return undefined;
  const discriminator = schema.def.discriminator;
  const others = schema.options.filter((o) => !chosen.includes(o) && takesKey(unwrap(o), key));
  const values = discriminatorValues(others, discriminator).map((v) => JSON.stringify(v) ?? String(v));
  if (values.length === 0) return undefined;
  const listed = values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return `a setting of ${discriminator} ${listed}`;
}

function takesKey(schema: Schema | undefined, key: string): boolean {
  // hasOwn: a key like "constructor" must not find Object.prototype's.
  if (schema instanceof z.ZodObject) return Object.hasOwn(schema.shape, key);
  if (schema instanceof z.ZodUnion) return schema.options.some((o) => takesKey(unwrap(o), key));
  return false;
}

function allowedKeys(schema: Schema | undefined, value: unknown): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodUnion) {
    return [...new Set(unionOptions(schema, value).flatMap((o) => allowedKeys(unwrap(o), value)))];
  }
  return [];
}

function valueAt(data: unknown, path: readonly Segment[]): unknown {
  let value = data;
  for (const segment of path) {
    value =
      isRecord(value) || Array.isArray(value) ? (value as Record<Segment, unknown>)[segment] : undefined;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// The YAML side: positions and values as written

interface Located {
  /** The node at the path, or undefined when the path goes further than the document. */
  readonly node: Node | undefined;
  /** The key node of the last path segment, when it names a mapping entry. */
  readonly key: Node | undefined;
  /** The deepest node the path reached: where a missing entry belongs. */
  readonly nearest: Node;
}

class Source {
  /** Each mapping's pairs by key, the first of a repeated key (built once: 40,000 unknown keys were 88 s). */
  private readonly pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  /** A problem with the value at `path`; `input` describes it when the document has no node there. */
  valueProblem(path: readonly Segment[], expected: string, input: unknown, hint?: string): ScenarioProblem {
    const at = this.locate(path);
    // An empty value (`horizon:`) has a zero-width node after the colon; the key is easier to spot.
    const emptyValue = isScalar(at.node) && at.node.source === '';
    const anchor = at.node !== undefined && !emptyValue ? at.node : (at.key ?? at.nearest);
    const found = at.node === undefined ? describeValue(input) : this.describeNode(at.node);
    const why = hint ?? flowCommaHint(isScalar(at.node) ? at.node.value : input, at.nearest);
    return {
      ...this.position(anchor),
      path: dotted(path),
      expected,
      found,
      ...(why !== undefined && { hint: why }),
    };
  }

  /** `elsewhere` says which other branch of a union takes the key, if one does. */
  unknownKey(path: readonly Segment[], allowed: readonly string[], elsewhere?: string): ScenarioProblem {
    const key = String(path.at(-1));
    const at = this.locate(path);
    const near = nearestKey(key, allowed);
    const hint =
      movedHint(path) ??
      elsewhere ??
      (near === undefined ? flowCommaHint(key, at.nearest) : `did you mean ${JSON.stringify(near)}?`);
    return {
      ...this.position(at.key ?? at.nearest),
      path: dotted(path),
      problem: 'unknown key',
      expected: allowed.length === 1 ? `only ${allowed[0]}` : `one of ${allowed.join(', ')}`,
      found: JSON.stringify(key),
      ...(hint !== undefined && { hint }),
    };
  }

  yamlProblem(error: YAMLError): ScenarioProblem {
    const [start, end] = error.pos;
    const position = this.position(start);
    switch (error.code) {
      case 'DUPLICATE_KEY': {
        const { path, map } = this.pathAt(start);
        const key = String(path.at(-1));
        const first = map === undefined ? undefined : this.pairOf(map, key)?.key;
        return {
          ...position,
          path: dotted(path),
          expected: 'each key at most once in a mapping',
          found: `${JSON.stringify(key)} again`,
          ...(isNodeWithRange(first) && { hint: `first at line ${this.position(first).line}` }),
        };
      }
      case 'TAB_AS_INDENT':
        return { ...position, path: '', expected: 'spaces for indentation', found: 'a tab' };
      case 'MULTIPLE_DOCS':
        return { ...position, path: '', expected: 'one YAML document per file', found: 'a second document' };
      default:
        return {
          ...position,
          path: '',
          expected: 'valid YAML',
          found: this.snippet(start, end),
          hint: sentence(error.message),
        };
    }
  }

  /** A key a mapping already has, as yaml's own check finds it (scalars by value), in one pass per mapping. */
  duplicateKeys(): YAMLParseError[] {
    const errors: YAMLParseError[] = [];
    visit(this.doc, {
      Map: (_, map) => {
        const seen = new Set<unknown>();
        for (const { key } of map.items) {
          if (!isScalar(key) || !key.range) continue;
          if (seen.has(key.value)) errors.push(new YAMLParseError([key.range[0], key.range[1]], 'DUPLICATE_KEY', 'Map keys must be unique'));
          else seen.add(key.value);
        }
      },
    });
    return errors;
  }

  /**
   * yaml parses `*name` without an earlier `&name` silently and only fails when converting. The
   * first MAX_PROBLEMS, and a count of the rest. Anchors are gathered in document order as the walk
   * meets them (yaml's alias.resolve walks the document again for each alias: quadratic).
   */
  unresolvedAliases(): { problems: ScenarioProblem[]; more: number } {
    const problems: ScenarioProblem[] = [];
    const anchors = new Set<string>();
    let more = 0;
    visit(this.doc, (_, node) => {
      if (isScalar(node) || isMap(node) || isSeq(node)) {
        if (node.anchor) anchors.add(node.anchor);
        return;
      }
      if (!isAlias(node) || anchors.has(node.source) || !node.range) return;
      if (problems.length === MAX_PROBLEMS) {
        more++;
        return;
      }
      problems.push({
        ...this.position(node.range[0]),
        path: dotted(this.pathAt(node.range[0]).path),
        expected: `an alias to an anchor defined above it (&${node.source})`,
        found: `*${node.source}`,
      });
    });
    return { problems, more };
  }

  /**
   * Values with a tag beyond YAML 1.2's core schema: `!!binary` became bytes that the schema then called "a
   * mapping", `!!timestamp` a Date, `!custom` a plain string with a warning no one saw. A scenario holds
   * plain values; `!!str 42` and the other core tags stay allowed.
   */
  foreignTags(): { problems: ScenarioProblem[]; more: number } {
    const problems: ScenarioProblem[] = [];
    let more = 0;
    visit(this.doc, (_, node) => {
      if (!(isScalar(node) || isMap(node) || isSeq(node)) || node.tag === undefined || CORE_TAGS.has(node.tag) || !node.range) return;
      if (problems.length === MAX_PROBLEMS) {
        more++;
        return;
      }
      const tag = node.tag.startsWith(YAML_TAG_PREFIX) ? `!!${node.tag.slice(YAML_TAG_PREFIX.length)}` : node.tag;
      const value = isScalar(node) ? this.snippet(node.range[0], node.range[1]) : isMap(node) ? 'a mapping' : 'a list';
      problems.push({
        ...this.position(node.range[0]),
        path: dotted(this.pathAt(node.range[0]).path),
        expected: 'a plain value, without a YAML tag other than !!str, !!int, !!float, !!bool, !!null, !!map or !!seq',
        found: `${value} tagged ${tag}`,
      });
    });
    return { problems, more };
  }

  unexpandable(error: unknown): ScenarioProblem {
    let first: Node | undefined;
    visit(this.doc, {
      Alias: (_, alias) => {
        first = alias;
        return visit.BREAK;
      },
    });
    return {
      ...(first?.range ? this.position(first.range[0]) : { line: 1, column: 1 }),
      path: '',
      expected: 'aliases that expand to a document of reasonable size',
      found: first === undefined ? 'a document yaml could not convert' : this.describeNode(first),
      hint: sentence(error instanceof Error ? error.message : String(error)),
    };
  }

  notAMapping(): ScenarioProblem {
    const contents = this.doc.contents;
    const expected = 'a mapping of scenario settings, with at least name and variants';
    if (contents === null || (isScalar(contents) && contents.source === '')) {
      // Comments, `---` or directives only.
      const found = this.text.trim() === '' ? 'an empty file' : 'an empty document';
      return { line: 1, column: 1, path: '', expected, found };
    }
    return { ...this.position(contents), path: '', expected, found: this.describeNode(contents) };
  }

  /** The node at a data path; aliases are followed, so a path through one ends in its anchor's node. */
  private locate(path: readonly Segment[]): Located {
    let node: Node | undefined = this.doc.contents ?? undefined;
    let key: Node | undefined;
    let nearest: Node = this.doc.contents as Node;
    for (const segment of path) {
      const container = this.resolve(node);
      if (container === undefined) return { node: undefined, key: undefined, nearest };
      nearest = container;
      if (isMap(container)) {
        const pair = this.pairOf(container, String(segment));
        if (pair === undefined) return { node: undefined, key: undefined, nearest };
        key = pair.key as Node;
        // `? key` without a value has no value node: the key is what the file holds.
        node = (pair.value ?? undefined) as Node | undefined;
        if (node === undefined) return { node: undefined, key, nearest };
      } else if (isSeq(container) && typeof segment === 'number' && segment < container.items.length) {
        key = undefined;
        node = container.items[segment] as Node;
      } else {
        return { node: undefined, key: undefined, nearest };
      }
    }
    return { node, key, nearest };
  }

  /** The data path of the node at a source offset, and the mapping whose key starts there, if any. */
  private pathAt(offset: number): { path: Segment[]; map?: YAMLMap } {
    const path: Segment[] = [];
    let node: unknown = this.doc.contents;
    for (;;) {
      if (isMap(node)) {
        const pair = node.items.find((p) => contains(p.key, offset) || contains(p.value, offset));
        if (pair === undefined) return { path };
        path.push(keyText(pair.key));
        if (contains(pair.key, offset)) return { path, map: node };
        node = pair.value;
      } else if (isSeq(node)) {
        const index = node.items.findIndex((item) => contains(item, offset));
        if (index < 0) return { path };
        path.push(index);
        node = node.items[index];
      } else {
        return { path };
      }
    }
  }

  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = this.pairsByKey.get(map);
    if (index === undefined) {
      index = new Map();
      for (const pair of map.items) {
        const text = keyText(pair.key);
        if (!index.has(text)) index.set(text, pair);
      }
      this.pairsByKey.set(map, index);
    }
    return index.get(key);
  }

  private resolve(node: Node | undefined): Node | undefined {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  /** The value as the user wrote it: quoted strings, numbers as typed, a short description of collections. */
  private describeNode(node: Node): string {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      return target === undefined ? `*${node.source}` : `${this.describeNode(target)} (via *${node.source})`;
    }
    if (isMap(node)) return node.items.length === 0 ? 'an empty mapping' : 'a mapping';
    if (isSeq(node)) return describeValue(node.items);
    if (node.value === null) return node.source === '' ? 'nothing' : 'null';
    // Plain numbers keep their spelling (1e3, 0x10); yaml's value would print as 1000, 16.
    if (typeof node.value === 'number' && node.type === 'PLAIN' && node.source) return node.source;
    return describeValue(node.value);
  }

  private position(at: Node | number): { line: number; column: number } {
    const offset = typeof at === 'number' ? at : (at.range?.[0] ?? 0);
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  private snippet(start: number, end: number): string {
    if (this.text.slice(start).trim() === '') return 'the end of the file';
    const line = this.text.slice(start, Math.max(end, start + 1)).split(/\r?\n/)[0];
    return line === '' ? 'the end of the line' : quote(line);
  }
}

/**
 * `{ every: uniform(1s, 5s) }` is a trap: in YAML's flow style the comma ends
 * the value, leaving "uniform(1s" and a key "5s)". Unbalanced parentheses in
 * a flow collection are the tell.
 */
function flowCommaHint(value: unknown, container: Node): string | undefined {
  if (typeof value !== 'string' || !((isMap(container) || isSeq(container)) && container.flow))
    return undefined;
  const unbalanced = value.split('(').length !== value.split(')').length;
  return unbalanced
    ? 'inside { } or [ ] a comma ends a value: quote values like "uniform(1s, 5s)"'
    : undefined;
}

/** "moved to ci.commits" for an unknown key that the schema once had at `path` (MOVED_KEYS). */
function movedHint(path: readonly Segment[]): string | undefined {
  const pattern = path.map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.');
  // hasOwn: a key like "constructor" must not find Object.prototype's.
  return Object.hasOwn(MOVED_KEYS, pattern) ? `moved to ${MOVED_KEYS[pattern]}` : undefined;
}

/** `variants.1.name`; control characters in keys are escaped, as in the message. */
function dotted(path: readonly Segment[]): string {
  return oneLine(path.join('.'));
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value))
    return value.length === 0 ? 'an empty list' : `a list of ${value.length} item${plural(value.length)}`;
  if (isRecord(value)) return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return String(value);
}

/** JSON-style quoting, shortened so one line stays one line. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** yaml's messages as a clause: "Map keys must be unique" -> "map keys must be unique". */
function sentence(message: string): string {
  // yaml's messages may end in the source text after the error, line break and indentation included.
  const text = message.trimEnd();
  return (text.charAt(0).toLowerCase() + text.slice(1)).replace(/\.$/, '');
}

/** The key as the parsed data spells it (yaml's toJS stringifies non-string keys). */
function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function contains(node: unknown, offset: number): boolean {
  return isNodeWithRange(node) && node.range[0] <= offset && offset < node.range[2];
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) && Array.isArray(node.range);
}
