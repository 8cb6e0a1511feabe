/**
 * End to end through environments: the bundled scenario
 * scenarios/delivery-vs-deployment.yaml (with fewer replications), and a
 * one-app world where batching at a manual gate divides production's
 * deployments by the releases per approval that queueing predicts.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/world/runScenario.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('the bundled delivery-vs-deployment scenario: same commits, the price of each gate in lead time, what it buys in escaped defects', () => {
  const scenario = {
    ...loadScenarioFile(path.join(ROOT, 'scenarios/delivery-vs-deployment.yaml')),
    replications: 3,
  };
  const { summary } = runScenario(scenario);
  const [cd, soak, daily] = summary.variants;
  assert.deepEqual(
    summary.variants.map((v) => v.name),
    ['continuous deployment', 'staging soak 4h', 'daily approval'],
  );
  for (const v of summary.variants) {
    assert.deepEqual(
      v.environments?.map((e) => e.name),
      ['staging', 'production'],
    );
  }
  // Staging sees the same commit stream and the same controller under every variant: the same figures.
  assert.deepEqual(soak.environments?.[0], cd.environments?.[0]);
  assert.deepEqual(daily.environments?.[0], cd.environments?.[0]);
  const m = (v: typeof cd, name: string) => v.metrics[name].mean!;
  // Continuous deployment promotes before staging finds anything: almost every bad release escapes.
  assert.ok(m(cd, 'escapedDefectShare') > 0.9, `cd escaped ${m(cd, 'escapedDefectShare')}`);
  // A four-hour soak outlasts most of staging's detections: about half (its probability) is caught.
  assert.ok(
    Math.abs(m(soak, 'escapedDefectShare') - 0.5) < 0.15,
    `soak escaped ${m(soak, 'escapedDefectShare')}`,
  );
  assert.ok(m(daily, 'escapedDefectShare') < m(soak, 'escapedDefectShare'));
  // The soak adds its 4 hours to every change; the approval waits for working hours and the approver.
  const lead = (v: typeof cd) => m(v, 'leadTimeToProductionMeanMs');
  assert.ok(lead(cd) < 3_600_000, `cd lead time ${lead(cd)}`);
  assert.ok(Math.abs(lead(soak) - lead(cd) - 4 * 3_600_000) < 30 * 60_000, `soak lead time ${lead(soak)}`);
  assert.ok(lead(daily) > lead(soak));
  assert.equal(m(soak, 'gateWaitMeanMs'), 4 * 3_600_000);
  assert.ok(m(daily, 'releasesPerApproval') > 2);
  assert.ok(m(daily, 'deploymentsPerDay') < m(cd, 'deploymentsPerDay') / 2);
  assert.equal(cd.metrics.releasesPerApproval.mean, null);
  // The verdict compares the variants on the headline metrics with the paired machinery.
  assert.deepEqual(summary.headline, [
    'escapedDefectShare',
    'changeFailureRate',
    'leadTimeToProductionMeanMs',
    'deploymentsPerDay',
  ]);
  const leadAnswer = summary.answers.find((a) => a.metric === 'leadTimeToProductionMeanMs')!;
  assert.equal(leadAnswer.leader, 'continuous deployment');
  assert.equal(leadAnswer.clear, true);
  assert.equal(summary.answers.find((a) => a.metric === 'escapedDefectShare')!.leader, 'daily approval');
});

/**
 * First principles in the whole world: releases become healthy in staging at
 * a rate r; an approval taken up by the first one waiting comes A later
 * (around the clock here) and promotes every release waiting. So each
 * approval carries N = 1 + r A releases, and one app's production gets one
 * deployment per approval: staging's deployments over production's is N.
 */
test('batching N releases per approval divides production deployments by about N', () => {
  const text = `
name: batching
seed: 18
horizon: 60d
replications: 2
apps: { count: 1, replicas: 1 }
ci: { commits: { every: exp(1h) }, badRelease: 0 }
environments: [{ name: staging }, { name: production }]
variants:
  - name: approval every 3h
    delivery: { type: pull, webhook: true }
    promotion:
      production:
        type: manual
        approveAfter: 3h
        workingHours: { days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], hours: [0, 24] }
`;
  const { runs } = runScenario(loadScenarioText(text, 'batching.yaml'));
  for (const run of runs) {
    const [staging, production] = run.environments!;
    const hours = run.horizonMs / 3_600_000;
    const expectedN = 1 + (staging.deployments / hours) * 3;
    const perApproval = staging.deployments / production.deployments;
    assert.ok(
      Math.abs(perApproval / expectedN - 1) < 0.1,
      `staging ${staging.deployments}, production ${production.deployments}: divided by ${perApproval.toFixed(2)}, N = ${expectedN.toFixed(2)}`,
    );
    const meanBatch =
      production.releasesPerApproval.reduce((s, n) => s + n, 0) / production.releasesPerApproval.length;
    assert.ok(Math.abs(meanBatch / expectedN - 1) < 0.1, `releases per approval ${meanBatch.toFixed(2)}`);
  }
});
