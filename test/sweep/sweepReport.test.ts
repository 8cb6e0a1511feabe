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
import { around, definition, noisy, point, TINY_SCENARIO } from './helpers.ts';

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

describe('sweep.md', () => {
  it('leads with the answer, then the bottlenecks, then every point: the text exactly, for a made-up sweep', async () => {
    const values = ['30s', '2m', '5m'];
    const pull = [around(300), around(120), noisy(118)];
    const points = values.map((v, k) =>
      point(k, v, {
        push: { mean: around(50) },
        pull: { mean: pull[k], bottleneck: k === 0 ? 'status processors' : 'repo-server' },
      }),
    );
    const files = await sweepReportFiles(definition(values), points, { charts: false });
    assert.equal(
      files.get('sweep.md'),
      [
      "# Sweep of s",
      "",
      "3 point(s): `variants.0.delivery.interval` = 30s, 2m, 5m. Otherwise as the scenario file says: seed 7, horizon 1h, 5 replication(s) per variant.",
      "",
      "## Answer",
      "",
      "For each swept parameter, each headline metric and each variant whose figure changes with it: the value with the best figure, with its 95% interval [in brackets], and each other value against it. A difference is the figure at that value minus the best's, paired replication by replication (the same seed), with its 95% interval; a value is called clearly better only when that interval leaves out 0, and never when it leaves clearly more changes unfinished.",
      "",
      "Along variants.0.delivery.interval (30s, 2m, 5m); 5 replications per variant at each value.",
      "",
      "**convergenceMeanMs (lower is better)**",
      "",
      "- pull: best figure at 5m, 118ms \\[70ms, 166ms\\]. Clearly better at 5m than at 30s (+182ms \\[+133ms, +231ms\\]). Not told apart from 2m (+2ms \\[-47ms, +51ms\\]). More stops helping at 2m: the first value not told apart from the best.",
      "- Not changed by variants.0.delivery.interval: push.",
      "",
      "What made the controller's work wait longest (in most runs), at each point:",
      "",
      "- pull: status processors at 30s; repo-server at 2m and 5m",
      "",
      "## Every point",
      "",
      "Each figure as its metric defines it (a mean over replications, or pooled over them), the headline metrics with their 95% interval [in brackets]. sweep.csv and sweep.json have every metric with its 95% interval; charts/<parameter>--<metric>.png (none when the sweep ran with --no-charts) draw each metric that varies against each parameter, the other parameters at their first value.",
      "",
      "| `variants.0.delivery.interval` | variant | convergenceMeanMs | convergenceUnfinished |",
      "| --- | --- | --- | --- |",
      "| 30s | push | 50ms [40ms, 60ms] | 0.00% |",
      "| 30s | pull | 300ms [290ms, 310ms] | 0.00% |",
      "| 2m | push | 50ms [40ms, 60ms] | 0.00% |",
      "| 2m | pull | 120ms [110ms, 130ms] | 0.00% |",
      "| 5m | push | 50ms [40ms, 60ms] | 0.00% |",
      "| 5m | pull | 118ms [70ms, 166ms] | 0.00% |",
      "",
      ].join('\n'),
    );
    const { answers } = JSON.parse(String(files.get('sweep.json')));
    assert.equal(answers.params[0].metrics[0].variants[0].stopsHelping, '2m');
    assert.equal(answers.text[0], 'Along variants.0.delivery.interval (30s, 2m, 5m); 5 replications per variant at each value.');
  });
});
