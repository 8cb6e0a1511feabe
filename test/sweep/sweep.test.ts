/** Sweeps give the same bytes however they are run: on 1 or 2 threads, resumed, or as merged shards. */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { OutputError } from '../../src/report/outputError.ts';
import { parseSet } from '../../src/sweep/grid.ts';
import { mergeSweeps } from '../../src/sweep/merge.ts';
import { planSweep, type SweepPlan } from '../../src/sweep/plan.ts';
import { pointPath } from '../../src/sweep/resultsFolder.ts';
import { runSweep, type SweepOptions } from '../../src/sweep/sweep.ts';
import { SweepError } from '../../src/sweep/sweepError.ts';
import { tempDir } from '../cli/helpers.ts';
import { assertSameFolder, listFiles, TINY_SCENARIO } from './helpers.ts';

const SETS = ['apps.replicas=2,3', 'variants.1.delivery.interval=30s,2m'];

function plan(text = TINY_SCENARIO): SweepPlan {
  return planSweep(text, 'tiny.yaml', SETS.map(parseSet));
}

function sweep(out: string, options: Partial<SweepOptions> = {}) {
  return runSweep(plan(), { out, workers: 1, resume: false, ...options });
}

describe('sweep', () => {
  let reference: string;
  let ids: string[];
  before(async () => {
    reference = path.join(tempDir(), 'reference');
    const outcome = await sweep(reference);
    ids = plan().points.map((p) => p.id);
    const { answers, ...rest } = outcome;
    assert.deepEqual(rest, { ran: ids, kept: [], report: true });
    // The answer given back is the one the report holds: made from the folder's files.
    const report = JSON.parse(readFileSync(path.join(reference, 'sweep.json'), 'utf8'));
    assert.deepEqual({ ...answers, text: report.answers.text }, report.answers);
  });

  it('writes the manifest, a file per point, the tables and a chart per metric and parameter', () => {
    const files = listFiles(reference);
    assert.deepEqual(
      files.filter((f) => !f.startsWith('charts')),
      [
        'manifest.json',
        ...plan().points.map((p) => path.join(...pointPath(p.name).split('/'))),
        'sweep.csv',
        'sweep.json',
        'sweep.md',
      ],
    );
    assert.ok(files.includes(path.join('charts', 'variants.1.delivery.interval--convergenceMeanMs.png')));
    assert.ok(files.includes(path.join('charts', 'apps.replicas--apiRequests.png')));
    const report = JSON.parse(readFileSync(path.join(reference, 'sweep.json'), 'utf8'));
    assert.deepEqual(
      report.points.map((p: { id: string }) => p.id),
      ids,
    );
    assert.deepEqual(report.points[3].params, { 'apps.replicas': 3, 'variants.1.delivery.interval': '2m' });
    assert.deepEqual(Object.keys(report.points[0].variants[1].metrics.correctness), ['mean', 'ci95']);
    const csv = readFileSync(path.join(reference, 'sweep.csv'), 'utf8').split('\n');
    assert.equal(csv[0], 'apps.replicas,variants.1.delivery.interval,variant,metric,mean,low,high');
    assert.match(csv[1], /^2,30s,push,convergenceMeanMs,[\d.]+,[\d.-]+,[\d.]+$/);
    const markdown = readFileSync(path.join(reference, 'sweep.md'), 'utf8');
    assert.match(markdown, /\n\| 3 \| 2m \| pull \| /);
    // The answer first, along each parameter, then every point: the byte-identity tests below cover it too.
    assert.match(markdown, /^# Sweep of tiny\n\n4 point\(s\): .*\n\n## Answer\n/);
    assert.match(markdown, /### apps\.replicas\n\nAlong apps\.replicas \(2, 3\), the other parameters at their first value \(variants\.1\.delivery\.interval=30s\)/);
    assert.match(markdown, /\n\*\*correctness \(higher is better\)\*\*\n\n- /);
    assert.ok(markdown.indexOf('## Answer') < markdown.indexOf('## Every point'));
    assert.deepEqual(
      report.answers.params.map((p: { path: string }) => p.path),
      ['apps.replicas', 'variants.1.delivery.interval'],
    );
  });

  it('gives byte-identical files on 2 worker threads', async () => {
    const out = path.join(tempDir(), 'two');
    await sweep(out, { workers: 2 });
    assertSameFolder(out, reference);
  });

  // The sweeps below skip the charts (--no-charts): drawn from the same points as the others' data.
  it('resumes: runs only the point whose file is missing, and ends with the same files', async () => {
    const out = path.join(tempDir(), 'resumed');
    cpSync(reference, out, { recursive: true });
    rmSync(path.join(out, pointPath(plan().points[2].name)));
    rmSync(path.join(out, 'sweep.json'));
    const ran: string[] = [];
    const progress: string[] = [];
    const outcome = await sweep(out, {
      resume: true,
      charts: false,
      onPoint: (id) => ran.push(id),
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    assert.deepEqual(ran, [ids[2]]);
    assert.deepEqual(outcome.kept, [ids[0], ids[1], ids[3]]);
    assert.deepEqual(progress, ['1/4', '2/4', '3/4', '4/4']);
    // The charts the copy had are gone with the rest of the earlier report.
    assertSameFolder(out, reference, { charts: false });
  });

  it('keeps what appears in --out while it runs: the swap is refused, and --resume later reuses every point', async () => {
    const out = path.join(tempDir(), 'busy');
    cpSync(reference, out, { recursive: true });
    let added = false;
    await assert.rejects(
      sweep(out, {
        charts: false,
        onPoint: () => {
          if (added) return;
          // Another command's report, written into the folder while the sweep runs.
          mkdirSync(path.join(out, 'tiny'));
          writeFileSync(path.join(out, 'tiny', 'summary.json'), '{}');
          added = true;
        },
      }),
      (e: unknown) => e instanceof OutputError && /busy now holds files that are not a gitops-sim output \(tiny\/\)/.test(e.message),
    );
    assert.equal(readFileSync(path.join(out, 'tiny', 'summary.json'), 'utf8'), '{}');
    rmSync(path.join(out, 'tiny'), { recursive: true });
    // The earlier sweep's files are all still there, as they were.
    assertSameFolder(out, reference);
    const outcome = await sweep(out, { resume: true, charts: false, onPoint: () => assert.fail('no point runs again') });
    assert.deepEqual(outcome.kept, ids);
  });

  it('runs again, on --resume, a point whose file has the format before samples; merge refuses it and says why', async () => {
    const out = path.join(tempDir(), 'earlier');
    cpSync(reference, out, { recursive: true });
    const file = path.join(out, pointPath(plan().points[1].name));
    const { point, summary, checksum } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, `${JSON.stringify({ point, summary, checksum }, null, 2)}\n`);
    await assert.rejects(
      mergeSweeps([out], path.join(tempDir(), 'x')),
      (e: unknown) =>
        e instanceof SweepError &&
        /written by an earlier gitops-sim, without the per-replication samples the sweep answer pairs/.test(e.message),
    );
    const ran: string[] = [];
    await sweep(out, { resume: true, charts: false, onPoint: (id) => ran.push(id) });
    assert.deepEqual(ran, [ids[1]]);
    assertSameFolder(out, reference, { charts: false });
  });

  it('refuses to resume from results of another scenario', async () => {
    const out = path.join(tempDir(), 'changed');
    cpSync(reference, out, { recursive: true });
    await assert.rejects(
      runSweep(plan(TINY_SCENARIO.replace('seed: 3', 'seed: 4')), { out, workers: 1, resume: true }),
      (e: unknown) =>
        e instanceof SweepError &&
        /--resume: .* holds results of another scenario or settings for 4 point/.test(e.message),
    );
  });

  it('merges 2 shards into exactly the folder of a single run', async () => {
    const dir = tempDir();
    const shards = [1, 2].map((index) => path.join(dir, `shard-${index}`));
    for (const [i, out] of shards.entries()) {
      const outcome = await sweep(out, { shard: { index: i + 1, count: 2 } });
      assert.deepEqual(outcome.ran, i === 0 ? [ids[0], ids[2]] : [ids[1], ids[3]]);
      assert.equal(outcome.report, false);
      assert.equal(existsSync(path.join(out, 'sweep.json')), false);
    }
    const merged = path.join(dir, 'merged');
    const { answers, ...counts } = await mergeSweeps(shards, merged, { charts: false });
    assert.deepEqual(counts, { points: 4, folders: 2 });
    const report = JSON.parse(readFileSync(path.join(merged, 'sweep.json'), 'utf8'));
    assert.deepEqual({ ...answers, text: report.answers.text }, report.answers);
    assertSameFolder(merged, reference, { charts: false });

    await assert.rejects(
      mergeSweeps([shards[0]], path.join(dir, 'half')),
      (e: unknown) =>
        e instanceof SweepError &&
        e.message.startsWith(
          `merge: 2 of 4 points are missing: ${ids[1]} (shard 2/2); ${ids[3]} (shard 2/2).`,
        ),
    );
    assert.equal(existsSync(path.join(dir, 'half')), false);
  });

  it('refuses to merge folders of different sweeps', async () => {
    const other = path.join(tempDir(), 'other');
    await runSweep(planSweep(TINY_SCENARIO, 'tiny.yaml', [parseSet('apps.replicas=2')]), {
      out: other,
      workers: 1,
      resume: false,
      shard: { index: 2, count: 2 },
    });
    await assert.rejects(
      mergeSweeps([reference, other], path.join(tempDir(), 'x')),
      new RegExp(
        `${other.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} is from another sweep than .*: the grid differs`,
      ),
    );
    await assert.rejects(
      mergeSweeps([tempDir()], path.join(tempDir(), 'x')),
      /no manifest\.json, so not a folder/,
    );
  });
});

it('a scenario that replays commits finds its CSV beside the scenario file, in worker threads too', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'r.commits.csv'), 'app,at\napp-1,1h\napp-2,2h\n');
  const text = `name: r\nhorizon: 6h\nreplications: 1\napps: { count: 2 }\nci: { commits: { replay: r.commits.csv } }\nvariants:\n  - { name: push, delivery: push }\n`;
  const outs = [path.join(tempDir(), 'one'), path.join(tempDir(), 'two')];
  for (const [i, out] of outs.entries()) {
    const outcome = await runSweep(planSweep(text, path.join(dir, 'r.yaml'), [parseSet('apps.replicas=1,2')]), {
      out,
      workers: i + 1,
      resume: false,
      charts: false,
    });
    assert.equal(outcome.ran.length, 2);
  }
  assertSameFolder(outs[0], outs[1]);
});
