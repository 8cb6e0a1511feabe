/** The sweep report's files: its charts drawn a few at a time while earlier ones encode. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { METRICS } from '../../src/metrics/definitions.ts';
import { parseSet } from '../../src/sweep/grid.ts';
import { planSweep } from '../../src/sweep/plan.ts';
import {
  type PointFile,
  readManifest,
  readPointFile,
  type SweepDefinition,
} from '../../src/sweep/resultsFolder.ts';
import { runSweep } from '../../src/sweep/sweep.ts';
import { sweepChart } from '../../src/sweep/sweepChart.ts';
import { chartInput, sweepReportFiles } from '../../src/sweep/sweepReport.ts';
import { tempDir } from '../cli/helpers.ts';
import { TINY_SCENARIO } from './helpers.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('sweepReportFiles', () => {
  let sweep: SweepDefinition;
  let points: PointFile[];
  before(async () => {
    const out = path.join(tempDir(), 'sweep');
    const plan = planSweep(
      TINY_SCENARIO,
      'tiny.yaml',
      ['apps.replicas=2,3', 'variants.1.delivery.interval=30s,2m'].map(parseSet),
    );
    await runSweep(plan, { out, workers: 1, resume: false, charts: false });
    sweep = (await readManifest(out)).sweep;
    points = [];
    for (const point of sweep.points) {
      const found = await readPointFile(out, point.name);
      assert.ok(found !== undefined && !('problem' in found));
      points.push(found.file);
    }
  });

  it('gives every chart the PNG it has drawn alone, with more charts than are drawn at once', async () => {
    const files = await sweepReportFiles(sweep, points, { charts: true });
    const charts = [...files].filter(([name]) => name.startsWith('charts/'));
    assert.ok(charts.length > 8, `${charts.length} charts`);
    for (const [name, content] of charts) {
      const [param, metricName] = name.slice('charts/'.length, -'.png'.length).split('--');
      const j = sweep.params.findIndex((p) => p.path === param);
      const metric = METRICS.find((m) => m.name === metricName);
      assert.ok(j >= 0 && metric !== undefined, name);
      const png = await content;
      assert.ok(Buffer.isBuffer(png) && png.subarray(0, 8).equals(PNG_SIGNATURE), name);
      assert.ok(
        png.equals(await sweepChart(chartInput(sweep, points, metric, j))),
        `${name}: other bytes than drawn alone`,
      );
    }
  });

  it('makes no chart with charts off', async () => {
    const files = await sweepReportFiles(sweep, points, { charts: false });
    assert.deepEqual([...files.keys()], ['sweep.json', 'sweep.csv', 'sweep.md']);
  });
});

describe("sweep.md's columns", () => {
  it('the headline metrics first, a mass change time with the share it leaves out, none that no point measured', async () => {
    const scenario = TINY_SCENARIO.replace(
      'replications: 2\n',
      'replications: 2\nheadline: [massChangeConvergedMs, convergenceP95Ms]\ngit: { massChanges: [1h] }\n',
    );
    const out = path.join(tempDir(), 'sweep');
    const plan = planSweep(scenario, 'tiny.yaml', [parseSet('apps.replicas=2,3')]);
    await runSweep(plan, { out, workers: 1, resume: false, charts: false });
    const { sweep } = await readManifest(out);
    const points: PointFile[] = [];
    for (const point of sweep.points) {
      const found = await readPointFile(out, point.name);
      assert.ok(found !== undefined && !('problem' in found));
      points.push(found.file);
    }
    const markdown = String(await (await sweepReportFiles(sweep, points, { charts: false })).get('sweep.md'));
    // Two replications a point: said once, above the table.
    assert.equal(markdown.match(/\nWarning: only 2 replications: intervals from fewer than 5 are rough/g)?.length, 1);
    const header = markdown.split('\n').find((line) => line.startsWith('| `apps.replicas`'));
    assert.equal(
      header,
      '| `apps.replicas` | variant | massChangeConvergedMs | massChangeUnfinished | convergenceP95Ms | convergenceUnfinished | convergenceMeanMs | ' +
        'correctness | availability | silentDivergenceMs | deploymentsPerDay | leadTimeMeanMs | apiThrottledMs |',
    );
    // A headline figure with its interval, the others as means: the first point's push row.
    const cells = markdown
      .split('\n')
      .find((line) => line.startsWith('| 2 | push |'))!
      .split(' | ');
    assert.match(cells[4], /^\S+( \S+)? \[.+, .+\]$/, `convergenceP95Ms: ${cells[4]}`);
    assert.match(cells[7], /^[\d.]+%$/, `correctness: ${cells[7]}`);
  });
});
