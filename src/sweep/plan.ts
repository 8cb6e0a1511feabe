/**
 * A sweep's plan: the scenario file, the grid, and every point as a checked
 * scenario. Every point is validated before anything runs, so a value the
 * schema refuses is an error that names its --set, not a failure an hour in.
 */
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { formatProblem, ScenarioError } from '../scenario/errors.ts';
import { loadScenarioText } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { applyPoint, checkParams, formatValue, type GridPoint, gridPoints, type SweepParam } from './grid.ts';
import { inputHash } from '../scenario/inputHash.ts';
import { SweepError } from './sweepError.ts';

export interface PlannedPoint extends GridPoint {
  /** The point's scenario, loaded and checked: what its runs are made of, in whichever thread. */
  readonly scenario: Scenario;
  /** inputHash of the point's resolved scenario: what its results depend on. */
  readonly inputHash: string;
}

export interface SweepPlan {
  /** The scenario file's settings, overrides applied (a point may sweep some of them). */
  readonly scenario: {
    readonly name: string;
    readonly seed: number | string;
    readonly horizonMs: number;
    readonly replications: number;
  };
  readonly inputHash: string;
  readonly params: readonly SweepParam[];
  readonly points: readonly PlannedPoint[];
}

export interface PlanOverrides {
  readonly replications?: number;
}

/** Beyond this many, the rest of the problems are counted, not listed. */
const MAX_PROBLEMS_SHOWN = 20;

/**
 * `text` is the scenario file's content, `file` its name for messages. The
 * file itself must be valid (a ScenarioError with positions otherwise); a bad
 * point is a SweepError listing each distinct problem once.
 */
export function planSweep(
  text: string,
  file: string,
  params: readonly SweepParam[],
  overrides: PlanOverrides = {},
): SweepPlan {
  checkParams(params);
  loadScenarioText(text, file);
  // Valid, so the data is a mapping; overrides go in before the grid, so a --set of the same field wins.
  const data = parse(text) as Record<string, unknown>;
  if (overrides.replications !== undefined) data.replications = overrides.replications;
  const base = loadScenarioText(JSON.stringify(data), file);

  const problems = new Set<string>();
  const points: PlannedPoint[] = [];
  for (const point of gridPoints(params)) {
    const pointText = JSON.stringify(applyPoint(data, params, point.values));
    try {
      const scenario = loadScenarioText(pointText, point.id, dirname(file));
      points.push({ ...point, scenario, inputHash: inputHash(scenario) });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      for (const problem of error.problems) problems.add(describeProblem(problem, point, params));
    }
  }
  if (problems.size > 0) {
    const lines = [...problems];
    const more = lines.length - MAX_PROBLEMS_SHOWN;
    throw new SweepError(
      [...lines.slice(0, MAX_PROBLEMS_SHOWN), ...(more > 0 ? [`... and ${more} more`] : [])].join('\n'),
    );
  }
  return {
    scenario: {
      name: base.name,
      seed: base.seed,
      horizonMs: base.horizonMs,
      replications: base.replications,
    },
    inputHash: inputHash(base),
    params,
    points,
  };
}

/**
 * Blames the --set whose field the problem is at (or inside); a problem
 * elsewhere (too few nodes for the swept replicas) names the whole point.
 * Lines and columns would point into generated text, so they are left out.
 */
function describeProblem(
  problem: ScenarioError['problems'][number],
  point: GridPoint,
  params: readonly SweepParam[],
): string {
  const j = params.findIndex((p) => problem.path === p.path || problem.path.startsWith(`${p.path}.`));
  if (j < 0) return formatProblem(`sweep point ${point.id}`, { ...problem, line: 0, column: 0 });
  const param = params[j];
  const value = point.values[j];
  // Object.is: NaN is a value of the list too.
  const typed = param.given?.[param.values.findIndex((v) => Object.is(v, value))];
  const where = `--set ${param.path}=${typed ?? formatValue(value)}`;
  // The point went to the loader as JSON, where .inf and .nan became null: what was found is what was typed.
  // A string is quoted as the loader quotes it.
  const found = problem.path === param.path && typeof value !== 'string' && typed !== undefined ? typed : problem.found;
  return formatProblem(where, { ...problem, found, line: 0, column: 0 });
}
