import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeFigures } from '../../src/metrics/changeFigures.ts';
import { CHANGE_CODEC } from '../../src/metrics/changeRecorder.ts';
import { RecordTable } from '../../src/metrics/recordTable.ts';
import type { ChangeRecord, RunResult } from '../../src/metrics/results.ts';
import { QUIET_RUN, ZERO_LOAD } from './fixtures.ts';

function runOf(changes: RunResult['changes']): RunResult {
  return {
    variant: 'v',
    replication: 0,
    horizonMs: 86_400_000,
    changes,
    applies: 0,
    gitFetches: 0,
    eventsProcessed: 0,
    load: ZERO_LOAD,
    ...QUIET_RUN,
  };
}

function release(atMs: number, outcome: ChangeRecord['outcome'], codeCommitMs: number | null, bad = false): ChangeRecord {
  return { app: 0, revision: 1, kind: 'release', codeCommitMs, bad, atMs, outcome };
}

const CHANGES: ChangeRecord[] = [
  release(1000, { state: 'converged', convergenceMs: 3000 }, 400, true),
  { app: 1, revision: 2, kind: 'revert', codeCommitMs: null, bad: false, atMs: 2000, outcome: { state: 'converged', convergenceMs: 500 } },
  release(3000, { state: 'superseded', supersededAfterMs: 200 }, 2500),
  release(4000, { state: 'converged', convergenceMs: 0.1 }, null),
  release(5000, { state: 'converged', convergenceMs: 0.2 }, 4000),
  release(6000, { state: 'open', openMs: 9 }, 5000, true),
];

describe('changeFigures', () => {
  const cases: [string, RunResult['changes'], Partial<ReturnType<typeof changeFigures>>][] = [
    [
      'no changes: zero counts, no times, no mean',
      [],
      { total: 0, converged: 0, superseded: 0, open: 0, convergenceMs: [], convergenceMeanMs: null, leadTimesMs: [] },
    ],
    [
      'counts by outcome; converged releases and the bad ones; a revert converges but is no release',
      CHANGES,
      { total: 6, converged: 4, superseded: 1, open: 1, convergedReleases: 3, badConvergedReleases: 1 },
    ],
    [
      'convergence times ascending; lead times of releases with a code commit, in the order of the changes',
      CHANGES,
      { convergenceMs: [0.1, 0.2, 500, 3000], leadTimesMs: [1000 + 3000 - 400, 5000 + 0.2 - 4000] },
    ],
    [
      'a packed table reads as the records it packs',
      new RecordTable(CHANGE_CODEC, CHANGES),
      { total: 6, converged: 4, convergenceMs: [0.1, 0.2, 500, 3000] },
    ],
  ];
  for (const [name, changes, expected] of cases) {
    it(name, () => {
      const figures = changeFigures(runOf(changes));
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(figures[key as keyof typeof figures], value, key);
    });
  }

  it('sums the mean in the order of the changes, not the sorted one (the last bits can differ)', () => {
    const times = [1e16, 1, 1];
    // In order 1e16 + 1 rounds back to 1e16, twice; sorted, 1 + 1 is added to it whole.
    const inOrder = (1e16 + 1 + 1) / 3;
    assert.notEqual(inOrder, (1 + 1 + 1e16) / 3);
    const figures = changeFigures(runOf(times.map((ms) => release(0, { state: 'converged', convergenceMs: ms }, null))));
    assert.equal(figures.convergenceMeanMs, inOrder);
    assert.deepEqual(figures.convergenceMs, [1, 1, 1e16]);
  });

  it('reads the changes once per run', () => {
    let reads = 0;
    const changes = {
      length: CHANGES.length,
      *[Symbol.iterator]() {
        reads++;
        yield* CHANGES;
      },
    };
    const run = runOf(changes);
    assert.equal(changeFigures(run), changeFigures(run));
    assert.equal(reads, 1);
  });
});
