/**
 * A sweep's results folder: `manifest.json` (the sweep's definition: tool,
 * scenario, grid, each point's input hash; and which shard this folder is)
 * and `points/<name>.json` (one point's ScenarioSummary and the per-replication
 * samples of its headline metrics), each written as soon
 * as its point completes. The report is rebuilt from these files alone, which
 * is what makes --resume and merge give the same bytes as one uninterrupted run.
 */
import path from 'node:path';
import type { ScenarioSummary } from '../metrics/results.ts';
import { TOOL } from '../version.ts';
import type { OutputKind } from '../report/ownOutput.ts';
import type { PointSamples } from './pointFileText.ts';
import { checkPointFile, manifestProblem, POINT_NAME, readResultFile } from './pointFile.ts';
import type { ParamValue, SweepParam } from './grid.ts';
import type { SweepPlan } from './plan.ts';
import type { Shard } from './shard.ts';
import { SweepError } from './sweepError.ts';

export const MANIFEST_FILE = 'manifest.json';

/**
 * A results folder as a sweep or merge fills it: replaced by a later one only when it holds nothing
 * else (ownOutput.ts). The manifest, points/<name>.json, and the report of sweepReport.ts.
 */
export const SWEEP_OUTPUT: OutputKind = {
  marker: MANIFEST_FILE,
  files: new Set([MANIFEST_FILE, 'sweep.json', 'sweep.csv', 'sweep.md']),
  folders: new Map([
    ['points', new RegExp(`${POINT_NAME.source.slice(0, -1)}\\.json$`)],
    ['charts', /^[A-Za-z0-9._-]+--[A-Za-z0-9._-]+\.png$/],
  ]),
  markerProblem: (data) => {
    const problem = manifestProblem(data);
    if (problem !== undefined) return `not a ${TOOL.name} sweep manifest: ${problem}`;
    const { name } = (data as SweepManifest).sweep.tool;
    return name === TOOL.name ? undefined : `written by ${name}, not ${TOOL.name}`;
  },
};

export interface ManifestPoint {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly inputHash: string;
}

/** Everything that makes two folders parts of the same sweep. */
export interface SweepDefinition {
  readonly tool: { readonly name: string; readonly version: string };
  readonly scenario: SweepPlan['scenario'];
  /** Of the scenario file with overrides, before any point's values. */
  readonly inputHash: string;
  readonly params: readonly SweepParam[];
  readonly points: readonly ManifestPoint[];
}

export interface SweepManifest {
  readonly sweep: SweepDefinition;
  /** null for a whole sweep (a single run, or merged shards). */
  readonly shard: Shard | null;
}

export interface PointRecord {
  readonly index: number;
  readonly id: string;
  /** path -> value, in parameter order. */
  readonly params: Readonly<Record<string, ParamValue>>;
}

export interface PointFile {
  readonly point: PointRecord;
  readonly summary: ScenarioSummary;
  /** The per-replication samples of the headline metrics, which the answer pairs across points. */
  readonly samples: PointSamples;
}

export function sweepDefinition(plan: SweepPlan): SweepDefinition {
  return {
    tool: TOOL,
    scenario: plan.scenario,
    inputHash: plan.inputHash,
    params: plan.params.map((p) => ({ path: p.path, values: p.values })),
    points: plan.points.map((p) => ({ index: p.index, id: p.id, name: p.name, inputHash: p.inputHash })),
  };
}

/** `points/<name>.json`, relative to the folder, with forward slashes (as writeReportFiles takes it). */
export function pointPath(name: string): string {
  return `points/${name}.json`;
}

export function manifestJson(manifest: SweepManifest): string {
  return `${JSON.stringify({ sweep: manifest.sweep, shard: manifest.shard }, null, 2)}\n`;
}

export { pointFileJson } from './pointFileText.ts';

/** The manifest of a results folder; a SweepError when there is none or it is not one. */
export async function readManifest(dir: string): Promise<SweepManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  const read = await readResultFile(file);
  if (read === undefined) {
    throw new SweepError(`${dir}: no ${MANIFEST_FILE}, so not a folder written by gitops-sim sweep`);
  }
  if ('problem' in read) throw new SweepError(`${file}: ${read.problem}`);
  const manifest = parseJson(read.text) as Partial<SweepManifest> | undefined;
  const sweep = manifest?.sweep;
  const problem = manifestProblem(manifest);
  if (sweep === undefined || problem !== undefined) {
    throw new SweepError(
      `${file}: not a sweep manifest (expected sweep.params, sweep.points and sweep.inputHash; ${problem})`,
    );
  }
  return { sweep, shard: manifest?.shard ?? null };
}

/**
 * A point's file as text and parsed; undefined when there is none; a problem
 * when it is not a whole, unedited point file (pointFile.ts): a resumed
 * sweep runs that point again, merge refuses it.
 */
export async function readPointFile(
  dir: string,
  name: string,
): Promise<{ readonly text: string; readonly file: PointFile } | { readonly problem: string } | undefined> {
  const read = await readResultFile(path.join(dir, ...pointPath(name).split('/')));
  if (read === undefined || 'problem' in read) return read;
  const checked = checkPointFile(read.text);
  if ('problem' in checked) return checked;
  return { text: read.text, file: checked.file as PointFile };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
