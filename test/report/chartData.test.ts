import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationUnit, meanOverReplications, sameAsLabels } from '../../src/report/chartData.ts';
import { chartRun } from './chartFixtures.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('durationUnit', () => {
  const cases: [number, string][] = [
    [0, 'seconds'],
    [500, 'seconds'],
    [2 * MINUTE, 'seconds'],
    [3 * MINUTE, 'minutes'],
    [2 * HOUR, 'minutes'],
    [3 * HOUR, 'hours'],
    [2 * DAY, 'hours'],
    [3 * DAY, 'days'],
    [7 * DAY, 'days'],
    [400 * DAY, 'days'],
  ];
  for (const [ms, name] of cases) {
    it(`${ms} ms -> ${name}`, () => assert.equal(durationUnit(ms).name, name));
  }

  it('gives the unit in ms', () => assert.equal(durationUnit(7 * DAY).ms, DAY));
});

describe('meanOverReplications', () => {
  const runs = [
    chartRun('a', 0, { horizonMs: 2 * HOUR, correctShare: [1, 0.5, 1] }),
    chartRun('a', 1, { horizonMs: 2 * HOUR, correctShare: [1, 1, 0.5] }),
    chartRun('b', 0, { horizonMs: 2 * HOUR, correctShare: [0, 0, 0] }),
  ];

  it('averages one variant at each sample instant', () =>
    assert.deepEqual(
      meanOverReplications(runs, 'a', (s) => s.correctShare),
      [
        { x: 0, y: 1 },
        { x: HOUR, y: 0.75 },
        { x: 2 * HOUR, y: 0.75 },
      ],
    ));

  it('takes a single replication as it is', () =>
    assert.deepEqual(
      meanOverReplications(runs, 'b', (s) => s.correctShare).map((p) => p.y),
      [0, 0, 0],
    ));

  it('leaves a shorter run out of the later instants', () => {
    const uneven = [
      chartRun('a', 0, { correctShare: [1, 0] }),
      chartRun('a', 1, { correctShare: [0.5, 1, 1] }),
    ];
    assert.deepEqual(
      meanOverReplications(uneven, 'a', (s) => s.correctShare).map((p) => p.y),
      [0.75, 0.5, 1],
    );
  });

  it('is empty for a variant without runs or samples', () => {
    assert.deepEqual(
      meanOverReplications(runs, 'none', (s) => s.correctShare),
      [],
    );
    assert.deepEqual(
      meanOverReplications([chartRun('a', 0)], 'a', (s) => s.correctShare),
      [],
    );
  });
});

describe('sameAsLabels', () => {
  const a = [
    { x: 0, y: 1 },
    { x: 1, y: 0.5 },
  ];
  const b = [
    { x: 0, y: 1 },
    { x: 1, y: 0.6 },
  ];
  const cases: [string, { name: string; points: { x: number; y: number }[] }[], string[]][] = [
    [
      'distinct lines keep their names',
      [
        { name: 'p', points: a },
        { name: 'q', points: b },
      ],
      ['p', 'q'],
    ],
    [
      'a copy names the first line it copies',
      [
        { name: 'p', points: a },
        { name: 'q', points: b },
        { name: 'r', points: [...a] },
        { name: 's', points: a },
      ],
      ['p', 'q', 'r (same as p)', 's (same as p)'],
    ],
    [
      'a point differs by its x',
      [
        { name: 'p', points: a },
        { name: 'q', points: [a[0], { x: 2, y: 0.5 }] },
      ],
      ['p', 'q'],
    ],
    [
      'empty lines are not the same line',
      [
        { name: 'p', points: [] },
        { name: 'q', points: [] },
      ],
      ['p', 'q'],
    ],
  ];
  for (const [what, lines, expected] of cases) {
    it(what, () => assert.deepEqual(sameAsLabels(lines), expected));
  }
});
