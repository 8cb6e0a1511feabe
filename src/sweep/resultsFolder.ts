/**
 * A sweep's results folder: `manifest.json` (the sweep's definition: tool,
 * scenario, grid, each point's input hash; and which shard this folder is)
 * and `points/<name>.json` (one point's ScenarioSummary), each written as soon
 * as its point completes. The report is rebuilt from these files alone, which
 * is what makes --resume and merge give the same bytes as one uninterrupted run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScenarioSummary } from '../metrics/results.ts';
import { TOOL } from '../version.ts';
import type { ParamValue, SweepParam } from './grid.ts';
import type { SweepPlan } from './plan.ts';
import type { Shard } from './shard.ts';
import { SweepError } from './sweepError.ts';

export const MANIFEST_FILE = 'manifest.json';

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

export function pointFileJson(point: PointRecord, summary: ScenarioSummary): string {
  return `${JSON.stringify({ point, summary }, null, 2)}\n`;
}

/** The manifest of a results folder; a SweepError when there is none or it is not one. */
export async function readManifest(dir: string): Promise<SweepManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new SweepError(`${dir}: no ${MANIFEST_FILE}, so not a folder written by gitops-sim sweep`);
  }
  const manifest = parseJson(text) as Partial<SweepManifest> | undefined;
  const sweep = manifest?.sweep;
  if (
    !Array.isArray(sweep?.points) ||
    !Array.isArray(sweep?.params) ||
    typeof sweep?.inputHash !== 'string'
  ) {
    throw new SweepError(
      `${file}: not a sweep manifest (expected sweep.params, sweep.points and sweep.inputHash)`,
    );
  }
  return { sweep, shard: manifest?.shard ?? null };
}

/**
 * A point's file as text and parsed, or undefined when there is none. Files
 * are renamed into place whole, so one that does not parse was not written by
 * a sweep; it is treated as missing and the point is run again.
 */
export async function readPointFile(
  dir: string,
  name: string,
): Promise<{ readonly text: string; readonly file: PointFile } | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, ...pointPath(name).split('/')), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const file = parseJson(text) as PointFile | undefined;
  return typeof file?.summary?.inputHash === 'string' ? { text, file } : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
