import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { escapeHtml, jsonForScript, reportHtml } from '../../src/report/html.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/world/runScenario.ts';
import { tempDir } from '../cli/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

/** A small scenario with drift and rollbacks, so every chart has something to draw, and hostile names. */
function scenarioText(name: string, firstVariant: string): string {
  return `name: ${JSON.stringify(name)}
seed: 5
horizon: 1d
replications: 2
apps: { count: 2, replicas: 3 }
ci: { commits: { every: exp(2h) }, badRelease: 0.3 }
drift:
  - { kind: manualScale, every: exp(6h) }
variants:
  - { name: ${JSON.stringify(firstVariant)}, delivery: push }
  - { name: pull, delivery: { type: pull, interval: 60s, jitter: 10s } }
`;
}

function report(name: string, firstVariant: string): { text: string; html: string } {
  const text = scenarioText(name, firstVariant);
  const result = runScenario(loadScenarioText(text, 'test.yaml'));
  return { text, html: reportHtml(result, text) };
}

/** The text of the page's JSON data block. */
function dataBlock(html: string): string {
  const start = html.indexOf('<script type="application/json" id="report-data">');
  assert.ok(start >= 0, 'the data block is there');
  const open = html.indexOf('>', start) + 1;
  return html.slice(open, html.indexOf('</script>', open));
}

describe('escapeHtml', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['a & b', 'a &amp; b'],
    [`"quoted" 'single'`, '&quot;quoted&quot; &#39;single&#39;'],
    ['&lt;', '&amp;lt;'],
  ];
  for (const [text, expected] of cases) {
    it(`${text} -> ${expected}`, () => assert.equal(escapeHtml(text), expected));
  }
});

describe('jsonForScript', () => {
  it('writes every < as \\u003c, which parses back to the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', comment: '<!-- x -->' };
    const json = jsonForScript(value);
    assert.ok(!json.includes('<'), json);
    assert.deepEqual(JSON.parse(json), value);
  });
});

describe('reportHtml', () => {
  const hostile = '</script><script>alert(1)</script>';
  const { text, html } = report(hostile, '<b>x</b>');

  it('escapes the scenario name and the variant names in the page', () => {
    assert.ok(html.includes('<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>'));
    assert.ok(html.includes('&lt;b&gt;x&lt;/b&gt;'));
    assert.ok(!html.includes('<b>x</b>'));
    assert.ok(!html.includes('<script>alert(1)'));
  });

  it('shows the scenario text escaped', () => assert.ok(html.includes(`<pre>${escapeHtml(text)}</pre>`)));

  it('embeds the chart data as JSON with no literal </script>, the names intact once parsed', () => {
    const block = dataBlock(html);
    assert.ok(!block.includes('</script'));
    const data = JSON.parse(block);
    assert.deepEqual(
      data.correctness.lines.map((line: { name: string }) => line.name),
      ['<b>x</b>', 'pull'],
    );
  });

  it('has a script element for the data, Chart.js and the page, and no other', () =>
    assert.equal(html.match(/<\/script>/g)?.length, 3));

  // Links within the page (the table of contents) only.
  it('loads nothing from elsewhere', () => assert.ok(!/\s(src|href)="(?!#)/.test(html)));

  it('opens with the findings, then a table of contents; the detail tables collapsed, no row all n/a', () => {
    const body = html.slice(html.indexOf('<body>'));
    assert.ok(body.indexOf('<section id="findings">') < body.indexOf('<nav'));
    assert.ok(body.indexOf('<nav') < body.indexOf('<h2 id="charts">'));
    assert.ok(body.indexOf('<h2 id="charts">') < body.indexOf('<details>'));
    assert.ok(!/<tr><td>[^\n]*<\/code><\/td>(<td>n\/a<\/td>)+<\/tr>/.test(html));
  });

  it('shows the warnings and the thresholds when there are', () => {
    const text = `${scenarioText('t', 'push')}thresholds: { convergenceP95Ms: "< 1s" }\n`;
    const page = reportHtml(runScenario(loadScenarioText(text, 'test.yaml')), text);
    assert.match(page, /<div class="warnings"><strong>Warnings<\/strong>\n<ul>\n<li>only 2 replications: /);
    assert.match(page, /<h2 id="thresholds">Thresholds<\/h2>/);
    assert.match(page, /<td><code>convergenceP95Ms &lt; 1s<\/code><\/td><td>[^<]+<\/td><td class="worse">FAIL: /);
  });

  it('is the same for the same input', () =>
    assert.equal(html, reportHtml(runScenario(loadScenarioText(text, 'test.yaml')), text)));
});

describe('reportHtml: where the controller waited', () => {
  it('in the detail tables for a scenario with Argo CD, as summary.md says it', () => {
    const { html: quiet } = report('quiet', 'push');
    assert.match(quiet, /<summary>Where the controller waited<\/summary>\n<p class="note">The Argo CD controller&#39;s work never waited/);
    // One shard, one processor, slow comparisons: work waits for the status processors.
    const text = scenarioText('busy', 'push').replace(
      'interval: 60s, jitter: 10s',
      'interval: 60s, jitter: 10s, statusProcessors: 1, compareTime: 30s',
    );
    const html = reportHtml(runScenario(loadScenarioText(text, 'test.yaml')), text);
    assert.match(html, /<tr><td>status processors<\/td><td>[^<]+ \([^<]+\)<\/td><\/tr>/);
    assert.match(html, /<tr><td>bottleneck<\/td><td><strong>status processors<\/strong><\/td><\/tr>/);
  });
});

describe('reportHtml with traffic', () => {
  it('adds the failed-requests chart only when the scenario sends traffic', () => {
    const { html: quiet } = report('no traffic', 'push');
    assert.ok(!quiet.includes('<canvas id="chart-failed-requests"'));
    assert.equal(JSON.parse(dataBlock(quiet)).failed, null);
    const text = `${scenarioText('traffic', 'push')}traffic: { rate: 10 }\n`;
    const html = reportHtml(runScenario(loadScenarioText(text, 'test.yaml')), text);
    assert.ok(html.includes('<canvas id="chart-failed-requests"'));
    const failed = JSON.parse(dataBlock(html)).failed;
    // A bar per variant, labelled with its mean failed requests per run.
    assert.equal(failed.bars.length, 2);
    for (const bar of failed.bars) assert.match(bar.label, /^[\d,]+$/);
  });
});

/** Runs in the page: what each chart canvas holds. */
const INSPECT_PAGE = `(() => {
  const canvases = [...document.querySelectorAll('canvas')];
  return {
    rendered: document.body.dataset.chartsRendered,
    heading: document.querySelector('h1').textContent,
    firstSection: document.querySelector('header').nextElementSibling.id,
    winner: document.querySelector('#findings .winner-name')?.textContent ?? null,
    charts: canvases.map((canvas) => {
      const blank = document.createElement('canvas');
      blank.width = canvas.width;
      blank.height = canvas.height;
      const chart = Chart.getChart(canvas);
      return {
        id: canvas.id,
        width: canvas.width,
        height: canvas.height,
        drawn: canvas.toDataURL() !== blank.toDataURL(),
        datasets: chart === undefined ? 0 : chart.data.datasets.length,
      };
    }),
  };
})()`;

interface PageState {
  rendered: string | undefined;
  heading: string;
  firstSection: string;
  winner: string | null;
  charts: { id: string; width: number; height: number; drawn: boolean; datasets: number }[];
}

describe('index.html in a browser', () => {
  it('draws every chart and shows a <script> in the name as text', { timeout: 30_000 }, async (t) => {
    if (!existsSync(CHROMIUM)) {
      const message = `Chromium not found at ${CHROMIUM}: skipped the browser test of index.html (apt-get install -y chromium)`;
      process.stderr.write(`${message}\n`);
      t.skip(message);
      return;
    }
    const name = 'small <script>alert("x")</script>';
    const text = scenarioText(name, 'push');
    // index.html draws its charts itself from the data it embeds: the page alone is the subject.
    const file = path.join(tempDir(), 'index.html');
    writeFileSync(file, reportHtml(runScenario(loadScenarioText(text, 'test.yaml')), text));

    const page = await (await sharedBrowser()).newPage();
    try {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
      });
      page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));

      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction('document.body.dataset.chartsRendered !== undefined', undefined, {
        timeout: 10_000,
      });
      const state = (await page.evaluate(INSPECT_PAGE)) as PageState;

      assert.deepEqual(problems, []);
      assert.ok(state.heading.includes('<script>alert("x")</script>'), state.heading);
      // The convergence, correctness, drift and four DORA charts: this scenario has no controller load.
      assert.equal(state.charts.length, 7);
      assert.equal(state.rendered, String(state.charts.length));
      for (const chart of state.charts) {
        assert.match(chart.id, /^chart-/);
        assert.ok(chart.width > 0 && chart.height > 0, `${chart.id} has a size`);
        assert.ok(chart.drawn, `${chart.id} drew pixels`);
        assert.ok(chart.datasets > 0, `${chart.id} is a chart with data`);
      }
    } finally {
      await page.close();
    }
  });
});

let browser: Promise<Browser> | undefined;

/** One headless Chromium for every browser test of this file (a launch costs seconds), closed after them. */
function sharedBrowser(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return browser;
}

after(async () => {
  if (browser !== undefined) await (await browser).close();
});

/** Opens `file` in a fresh page of the shared Chromium and hands the page to `use`. */
async function inChromium<T>(file: string, use: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
  const page = await (await sharedBrowser()).newPage({ viewport: { width: 1100, height: 760 } });
  try {
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction('document.body.dataset.chartsRendered !== undefined', undefined, { timeout: 10_000 });
    return await use(page);
  } finally {
    await page.close();
  }
}

/** The README's picture of the report's first screen; rewritten with UPDATE_SCREENSHOT=1. */
const SCREENSHOT = path.join(import.meta.dirname, '..', '..', 'docs', 'report-first-screen.png');

describe('index.html of the default scenario in a browser', () => {
  it('opens with the findings, which name the winner', { timeout: 300_000 }, async (t) => {
    if (!existsSync(CHROMIUM)) {
      t.skip(`Chromium not found at ${CHROMIUM}`);
      return;
    }
    const file = path.join(import.meta.dirname, '..', '..', 'scenarios', 'default.yaml');
    const text = readFileSync(file, 'utf8');
    const indexFile = path.join(tempDir(), 'index.html');
    writeFileSync(indexFile, reportHtml(runScenario(loadScenarioText(text, file)), text));
    const state = await inChromium(indexFile, async (page) => {
      if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: SCREENSHOT });
      return (await page.evaluate(INSPECT_PAGE)) as PageState;
    });
    assert.equal(state.firstSection, 'findings');
    // Its 30 replications tell pull/digest apart on correctness, the first headline metric.
    assert.equal(state.winner, 'pull/digest');
  });
});
