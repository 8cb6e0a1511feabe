import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { BYTES_PER_CHANGE, checkRunFits, estimateRun, LimitError, maxWorkers, regularFileProblem } from '../../src/scenario/limits.ts';

const scenario = (horizon: string, every: string, replications = 1) =>
  loadScenarioText(
    `name: s\nhorizon: ${horizon}\nreplications: ${replications}\napps: { count: 10, replicas: 2 }\n` +
      `ci: { commits: { every: ${every} } }\ndrift:\n  - { kind: podCrash, every: 1h }\n  - { kind: manualScale, at: [1h, 2h] }\n` +
      'variants:\n  - { name: a, delivery: push }\n  - { name: b, delivery: push }\n',
    's.yaml',
  );

test('the estimate counts commits, drift and fixed times, per variant x replication', () => {
  // 1 day: 24 commits, 24 crashes, 2 fixed times = 50 changes per run; 2 variants x 3 replications.
  const estimate = estimateRun(scenario('1d', '1h', 3));
  assert.equal(estimate.changes, 50 * 6);
  assert.equal(estimate.memoryBytes, 50 * 6 * BYTES_PER_CHANGE);
  // 24 h x 10 apps x 60 + 50 changes x 2 replicas x 20, per run.
  assert.equal(estimate.events, 6 * (24 * 10 * 60 + 50 * 2 * 20));
});

test('a run that fits passes; one beyond the heap or the event cap is refused with its estimate', () => {
  checkRunFits(scenario('7d', 'exp(4h)', 10), 's.yaml');
  assert.throws(
    () => checkRunFits(scenario('3650d', 'exp(1s)', 100), 's.yaml'),
    (e: unknown) => e instanceof LimitError && /^s\.yaml: about [\d.e+]+ events \(2 variant\(s\) x 100 replication\(s\)\), more than the limit of 1\.0e\+10/.test(e.message),
  );
  assert.throws(
    () => checkRunFits(scenario('30d', '1s', 1), 's.yaml', 1e9),
    (e: unknown) => e instanceof LimitError && /about 5\.2e\+6 changes .* about 1\d\d\d MB, more than 500 MB \(half of this process's heap of 1000 MB\)/.test(e.message),
  );
});

test('workers: at most twice the cores, and at least 2', () => {
  assert.ok(maxWorkers() >= 2);
});

test('regularFileProblem refuses what is not a regular file, and files over the limit', () => {
  assert.deepEqual(regularFileProblem(statSync('/dev/zero'), 10), { expected: 'a regular file', found: 'a character device' });
  assert.deepEqual(regularFileProblem(statSync('test'), 10), { expected: 'a regular file', found: 'a directory' });
  const self = statSync('test/scenario/limits.test.ts');
  assert.deepEqual(regularFileProblem(self, 10), { expected: 'a file of at most 10 bytes', found: `${self.size} bytes` });
  assert.equal(regularFileProblem(self, self.size), undefined);
});

test("the estimate counts an autoscaler's max replicas, not only apps.replicas", () => {
  const text = (drift: string) =>
    `name: s\nhorizon: 1d\nreplications: 1\napps: { count: 1, replicas: 2 }\nci: { commits: { every: 1h } }\n${drift}variants:\n  - { name: a, delivery: push }\n`;
  const plain = estimateRun(loadScenarioText(text(''), 's.yaml'));
  const scaled = estimateRun(loadScenarioText(text('drift:\n  - { kind: hpa, at: [1h], min: 1, max: 300 }\n'), 's.yaml'));
  // 24 commits and the one drift change, each touching 300 replicas rather than 2.
  assert.equal(plain.events, 24 * 60 + 24 * 2 * 20);
  assert.equal(scaled.events, 24 * 60 + 25 * 300 * 20);
});
