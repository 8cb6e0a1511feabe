import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatTraceTime, shortDigest, type TraceLine } from '../../src/metrics/traceRecorder.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { traceRun } from '../../src/world/world.ts';

const DEFAULT = path.join(import.meta.dirname, '..', '..', 'scenarios', 'default.yaml');
/** App 10 of the default scenario: scaled by hand on day 0, a release on day 1, a bad one rolled back on day 3. */
const APP = 9;

/** The index of the first line from `from` on whose source and text match; fails the test when none does. */
function find(lines: readonly TraceLine[], source: string, text: RegExp, from = 0): number {
  const i = lines.findIndex((l, k) => k >= from && l.source === source && text.test(l.text));
  assert.ok(i >= 0, `no ${source} line matching ${text} after line ${from}`);
  return i;
}

describe('a trace of one app (default scenario)', () => {
  const scenario = loadScenarioFile(DEFAULT);
  const variants = [
    ['push/tag', 0, /^rerun to /],
    ['pull/tag', 2, /^revert to /],
  ] as const;
  for (const [name, index, method] of variants) {
    it(`${name}: a commit, a rollback and a drift, each cause before its effect, in time order`, () => {
      const lines = traceRun(scenario, index, 0, APP);
      for (let i = 1; i < lines.length; i++)
        assert.ok(lines[i - 1].atMs <= lines[i].atMs, `line ${i} goes back in time`);
      // A release: code commit, the push, the Git commit, the apply, new pods Ready on the new bytes.
      const code = find(lines, 'ci', /^code commit: build 1 starts$/);
      const push = find(lines, 'registry', /^pushed .*:1\.0\.1 -> sha256:[0-9a-f]{8}$/, code);
      const commit = find(lines, 'git', /^revision \d+ \(release\): image .*:1\.0\.1, replicas 6$/, push);
      // Under push the release's apply also undoes the hand-made scale (below).
      const apply = find(
        lines,
        'cluster',
        /^apply: set image .*:1\.0\.0 -> .*:1\.0\.1(, scale down -> 6)?$/,
        commit,
      );
      find(lines, 'pods', /^6\/6 Ready: 6 on sha256:/, apply);
      // The bad release found and rolled back: the decision, the revert in Git, the bytes back.
      const bad = find(
        lines,
        'registry',
        /^pushed .*:1\.0\.2 -> sha256:[0-9a-f]{8} \(a bad release\)$/,
        apply,
      );
      const found = find(lines, 'rollback', /^bad release sha256:[0-9a-f]{8} found: /, bad);
      assert.match(lines[found].text.replace(/^bad release sha256:[0-9a-f]{8} found: /, ''), method);
      const revert = find(lines, 'git', /^revision \d+ \(revert\): image .*:1\.0\.1, replicas 6$/, found);
      const undo = find(lines, 'cluster', /^apply: set image .*:1\.0\.2 -> .*:1\.0\.1$/, revert);
      find(lines, 'rollback', /^known-good bytes back on every Ready replica, /, undo);
      // A scale by hand: a person's kubectl, then an apply that undoes it: self-heal within a second
      // under pull, the next release's apply under push (hours later).
      const drift = find(lines, 'drift', /^manualScale \(drift \d+\)$/);
      const scaled = find(lines, 'cluster', /^a person \(kubectl\): scale up -> 7$/, drift);
      const restored = find(lines, 'cluster', /^apply: (set image .*, )?scale down -> 6$/, scaled);
      const undone = find(lines, 'drift', /^manualScale undone after /, restored);
      assert.equal(lines[undone].atMs, lines[restored].atMs);
      if (name.startsWith('pull')) assert.ok(lines[undone].atMs - lines[drift].atMs < 5000);
      else assert.equal(restored, apply);
    });
  }

  it('is the same trace for the same run', () =>
    assert.deepEqual(traceRun(scenario, 2, 0, APP), traceRun(scenario, 2, 0, APP)));
});

describe('trace formatting', () => {
  const times: [number, string][] = [
    [0, '0d 00:00:00.000'],
    [1_234, '0d 00:00:01.234'],
    [90_061_001, '1d 01:01:01.001'],
  ];
  for (const [ms, text] of times) it(`${ms} ms -> ${text}`, () => assert.equal(formatTraceTime(ms), text));
  it('shortens a digest to 8 hex digits', () =>
    assert.equal(shortDigest(`sha256:${'ab'.repeat(32)}`), 'sha256:abababab'));
});
