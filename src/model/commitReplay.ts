/**
 * Recorded commit times, replayed: the scenario form `ci.commits: { replay:
 * <file> }`. The CSV (written by `gitops-sim import --git`, or by hand) has a
 * header `app,at` and a row per commit: the app's name and the time since the
 * start of the run as a duration (`1d9h30m`). An optional third column,
 * `commit`, names the source commit and is not used by the model.
 *
 * Parsing is pure (the loader reads the file); scheduling puts each commit on
 * the engine at its time, in time order and, on ties, app order.
 */
import { DURATION_EXAMPLES, DurationError, parseDuration } from '../engine/duration.ts';
import type { Engine } from '../engine/engine.ts';

export const REPLAY_CSV_HEADER = 'app,at';
/** The header with the optional third column, each commit's id (what `gitops-sim import` writes). */
export const REPLAY_CSV_HEADER_WITH_COMMIT = 'app,at,commit';
/** Limits of a replay file: a year of a busy monorepo fits (about 270 commits a day). */
export const MAX_REPLAY_COMMITS = 100_000;
export const MAX_REPLAY_BYTES = 8 * 1024 * 1024;
/** Problems reported before giving up: enough to see the pattern of a broken file. */
const MAX_PROBLEMS = 20;

export interface CommitReplay {
  /** The CSV as the scenario names it. */
  readonly file: string;
  /** App names in app order. */
  readonly apps: readonly string[];
  /** Per app, its commit times in ms since the start, ascending. */
  readonly atMs: readonly (readonly number[])[];
}

export interface ReplayProblem {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly field: string;
  readonly expected: string;
  readonly found: string;
}

export class ReplayCsvError extends Error {
  readonly code = 'E_REPLAY_CSV';
  constructor(readonly problems: readonly ReplayProblem[]) {
    super(
      problems
        .map((p) => `${p.line}:${p.column}: ${p.field}: expected ${p.expected}, found ${p.found}`)
        .join('\n'),
    );
    this.name = 'ReplayCsvError';
  }
}

/** Commit times per app from CSV text; every problem (up to a limit) is collected, then thrown together. */
export function parseReplayCsv(text: string, apps: readonly string[]): number[][] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const problems: ReplayProblem[] = [];
  const header = lines[0]?.trim() ?? '';
  if (header !== REPLAY_CSV_HEADER && header !== REPLAY_CSV_HEADER_WITH_COMMIT) {
    throw new ReplayCsvError([
      {
        line: 1,
        column: 1,
        field: 'header',
        expected: `the header ${REPLAY_CSV_HEADER} (or ${REPLAY_CSV_HEADER_WITH_COMMIT})`,
        found: lines.length === 0 ? 'an empty file' : JSON.stringify(shorten(header)),
      },
    ]);
  }
  const columns = header.split(',').length;
  if (lines.length - 1 > MAX_REPLAY_COMMITS) {
    throw new ReplayCsvError([
      {
        line: MAX_REPLAY_COMMITS + 2,
        column: 1,
        field: 'rows',
        expected: `at most ${MAX_REPLAY_COMMITS} commits`,
        found: `${lines.length - 1}`,
      },
    ]);
  }
  const index = new Map(apps.map((name, i) => [name, i]));
  const atMs: number[][] = apps.map(() => []);
  for (let i = 1; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const line = i + 1;
    const fields = lines[i].split(',');
    if (fields.length !== columns) {
      problems.push({
        line,
        column: 1,
        field: 'row',
        expected: `${columns} comma-separated fields (${header})`,
        found: `${fields.length}`,
      });
      continue;
    }
    const [name, at] = fields;
    const app = index.get(name.trim());
    if (app === undefined) {
      problems.push({
        line,
        column: 1,
        field: 'app',
        expected: `an app of the scenario (${listNames(apps)})`,
        found: JSON.stringify(shorten(name)),
      });
    }
    const timeMs = parseTime(at);
    if (timeMs === undefined) {
      problems.push({
        line,
        column: name.length + 2,
        field: 'at',
        expected: `a time since the start like ${DURATION_EXAMPLES}`,
        found: JSON.stringify(shorten(at)),
      });
    }
    if (app !== undefined && timeMs !== undefined) atMs[app].push(timeMs);
  }
  if (problems.length > 0) throw new ReplayCsvError(problems);
  for (const times of atMs) times.sort((a, b) => a - b);
  return atMs;
}

/** Schedules every commit before the horizon; later ones are never reached. */
export function scheduleReplay(
  engine: Engine,
  replay: CommitReplay,
  horizonMs: number,
  trigger: (app: number) => void,
): void {
  const commits: { atMs: number; app: number }[] = [];
  replay.atMs.forEach((times, app) => {
    for (const atMs of times) if (atMs <= horizonMs) commits.push({ atMs, app });
  });
  commits.sort((a, b) => a.atMs - b.atMs || a.app - b.app);
  for (const { atMs, app } of commits) engine.at(atMs, trigger, app);
}

function parseTime(text: string): number | undefined {
  try {
    return parseDuration(text.trim());
  } catch (error) {
    if (error instanceof DurationError) return undefined;
    throw error;
  }
}

function listNames(apps: readonly string[]): string {
  const shown = apps.slice(0, 5).join(', ');
  return apps.length > 5 ? `${shown}, ... ${apps.length} in all` : shown;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
