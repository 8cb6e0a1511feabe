import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RandomStream } from '../../src/engine/random.ts';
import { inWorkingWindow, keepCommit, pickApp, type WeeklyPattern } from '../../src/model/commitPattern.ts';

const H = 3_600_000;
const D = 24 * H;
const OFFICE: WeeklyPattern = { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], hours: [9, 18], outside: 0.25 };

/** A stream that returns the given numbers in turn, and counts the draws. */
function stream(...values: number[]): RandomStream & { draws: number } {
  const s = { draws: 0, next: () => values[s.draws++ % values.length] };
  return s as unknown as RandomStream & { draws: number };
}

test('the working window: days from Monday 00:00, hours [from, to)', () => {
  const rows: readonly [number, boolean][] = [
    [9 * H, true], // Monday 9:00
    [9 * H - 1, false],
    [18 * H - 1, true],
    [18 * H, false],
    [4 * D + 12 * H, true], // Friday noon
    [5 * D + 12 * H, false], // Saturday noon
    [7 * D + 10 * H, true], // the next Monday
  ];
  for (const [t, inside] of rows) assert.equal(inWorkingWindow(OFFICE, t), inside, `${t / H}h`);
});

test('commits are kept inside the window without a draw, outside with probability outside', () => {
  const r = stream(0.2, 0.3);
  assert.equal(keepCommit(OFFICE, 10 * H, r), true);
  assert.equal(r.draws, 0);
  assert.equal(keepCommit(OFFICE, 5 * D, r), true); // 0.2 < 0.25
  assert.equal(keepCommit(OFFICE, 5 * D, r), false); // 0.3
  assert.equal(keepCommit(undefined, 5 * D, r), true);
  assert.equal(r.draws, 2);
});

test('the app: uniform without shares (as before), in proportion to shares with them', () => {
  const rows: readonly [number, readonly number[] | undefined, number][] = [
    [0.0, undefined, 0],
    [0.74, undefined, 2],
    [0.99, undefined, 3],
    [0.0, [0.5, 0.25, 0.25, 0], 0],
    [0.5, [0.5, 0.25, 0.25, 0], 1],
    [0.74, [0.5, 0.25, 0.25, 0], 1],
    [0.75, [0.5, 0.25, 0.25, 0], 2],
    [0.999999, [0.5, 0.25, 0.25, 0], 2],
    [0.3, [2, 0, 0, 1], 0],
    [0.7, [2, 0, 0, 1], 3],
  ];
  for (const [u, shares, app] of rows) assert.equal(pickApp(4, shares, stream(u)), app, `${u} ${shares}`);
});
