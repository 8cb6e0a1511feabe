/**
 * Merges the results folders of a sweep's shards into one folder: the point
 * files as they are, the manifest of a whole sweep, and the report rebuilt
 * from them, so the folder is byte for byte what a single run writes. The
 * folders must come from one sweep (same tool, scenario and grid) and hold
 * every point between them.
 */
import { realpath } from 'node:fs/promises';
import { writeFolderWhole } from '../report/atomicFolder.ts';
import { writeReportFiles } from '../report/write.ts';
import { canonicalJson } from '../scenario/inputHash.ts';
import {
  MANIFEST_FILE,
  manifestJson,
  type ManifestPoint,
  pointPath,
  readManifest,
  readPointFile,
  SWEEP_OUTPUT,
  type SweepDefinition,
  type SweepManifest,
} from './resultsFolder.ts';
import { formatShard } from './shard.ts';
import { missingPoints, writeSweepReport } from './sweep.ts';
import type { ReportOptions } from '../report/reportFiles.ts';
import type { SweepAnswers } from './sweepAnswer.ts';
import { SweepError } from './sweepError.ts';

export interface MergeOutcome {
  readonly points: number;
  readonly folders: number;
  /** The merged report's answer. */
  readonly answers: SweepAnswers;
}

/**
 * One folder given twice (`s1 s1`, or through another path), or two copies of one shard: the points of the
 * shards not given were reported missing, with no word of the repeat.
 */
async function checkDistinct(folders: readonly string[], manifests: readonly SweepManifest[]): Promise<void> {
  const seen = new Map<string, string>();
  for (const folder of folders) {
    const real = await realpath(folder);
    const earlier = seen.get(real);
    if (earlier !== undefined) {
      throw new SweepError(`merge: ${folder} is given twice${earlier === folder ? '' : ` (as ${earlier} and ${folder})`}; name each shard's folder once`);
    }
    seen.set(real, folder);
  }
  const shards = new Map<string, string>();
  manifests.forEach(({ shard }, i) => {
    if (shard == null) return;
    const name = formatShard(shard);
    const earlier = shards.get(name);
    if (earlier !== undefined) {
      throw new SweepError(`merge: ${earlier} and ${folders[i]} are both shard ${name}; name each shard's folder once`);
    }
    shards.set(name, folders[i]);
  });
}

export async function mergeSweeps(
  folders: readonly string[],
  out: string,
  options: ReportOptions = { charts: true },
): Promise<MergeOutcome> {
  if (folders.length === 0) throw new SweepError('merge: name the results folders of the shards');
  const manifests: SweepManifest[] = [];
  for (const folder of folders) manifests.push(await readManifest(folder));
  await checkDistinct(folders, manifests);
  const { sweep } = manifests[0];
  manifests.forEach((m, i) => {
    const difference = differenceOf(sweep, m.sweep);
    if (difference !== undefined) {
      throw new SweepError(`${folders[i]} is from another sweep than ${folders[0]}: ${difference}`);
    }
  });

  const files = new Map<string, string>([[MANIFEST_FILE, manifestJson({ sweep, shard: null })]]);
  const missing: ManifestPoint[] = [];
  for (const point of sweep.points) {
    const text = await findPoint(folders, point);
    if (text === undefined) missing.push(point);
    else files.set(pointPath(point.name), text);
  }
  if (missing.length > 0) {
    const counts = new Set(manifests.flatMap((m) => (m.shard === null ? [] : [m.shard.count])));
    const count = counts.size === 1 ? [...counts][0] : undefined;
    const ids = missing.map((p) =>
      count === undefined ? p.id : `${p.id} (shard ${formatShard({ index: (p.index % count) + 1, count })})`,
    );
    throw new SweepError(
      `merge: ${missingPoints(ids, sweep.points.length)}. Run the shards that made them ` +
        '(with --resume to keep what they have), then merge again.',
    );
  }
  let answers: SweepAnswers | undefined;
  await writeFolderWhole(out, SWEEP_OUTPUT, async (staging) => {
    await writeReportFiles(staging, files);
    answers = await writeSweepReport(staging, options);
  });
  return { points: sweep.points.length, folders: folders.length, answers: answers! };
}

/** The first folder's file of the point, checked against the point's input hash. */
async function findPoint(folders: readonly string[], point: ManifestPoint): Promise<string | undefined> {
  for (const folder of folders) {
    const found = await readPointFile(folder, point.name);
    if (found === undefined) continue;
    if ('problem' in found) {
      throw new SweepError(
        `${folder}/${pointPath(point.name)}: ${found.problem}; run its shard again with --resume, then merge`,
      );
    }
    if (found.file.point.id !== point.id) {
      throw new SweepError(`${folder}/${pointPath(point.name)}: holds point ${found.file.point.id}, not ${point.id}`);
    }
    if (found.file.summary.inputHash !== point.inputHash) {
      throw new SweepError(
        `${folder}/${pointPath(point.name)} was made from another scenario than its manifest says (input hash differs)`,
      );
    }
    return found.text;
  }
  return undefined;
}

/** What makes two sweep definitions differ, in words; undefined when they are the same sweep. */
function differenceOf(a: SweepDefinition, b: SweepDefinition): string | undefined {
  if (canonicalJson(a) === canonicalJson(b)) return undefined;
  if (canonicalJson(a.tool) !== canonicalJson(b.tool)) {
    return `made by ${b.tool.name} ${b.tool.version}, not ${a.tool.name} ${a.tool.version}`;
  }
  if (a.inputHash !== b.inputHash) return 'the scenario differs (its input hash)';
  if (canonicalJson(a.params) !== canonicalJson(b.params)) {
    const grid = (d: SweepDefinition) => d.params.map((p) => `${p.path}=${p.values.join(',')}`).join(' ');
    return `the grid differs (${grid(b)} against ${grid(a)})`;
  }
  return 'the points differ (their input hashes)';
}
