import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commitsPerApp,
  fitCommits,
  fitWeekly,
  replayCsv,
  weekStartMs,
} from '../../src/import/commitModel.ts';
import { parseReplayCsv } from '../../src/model/commitReplay.ts';

const t = (iso: string) => Date.parse(iso);
const COMMITS = [
  { sha: 'a1', timeMs: t('2026-03-02T09:15:00Z'), paths: ['apps/api/deployment.yaml'] },
  { sha: 'b2', timeMs: t('2026-03-02T14:00:00Z'), paths: ['apps/web/deployment.yaml', 'apps/api/cm.yaml'] },
  { sha: 'c3', timeMs: t('2026-03-04T10:30:00Z'), paths: ['docs/README.md'] },
  { sha: 'd4', timeMs: t('2026-03-07T16:45:00Z'), paths: ['apps/api-gateway/x.yaml'] },
  { sha: 'e5', timeMs: t('2026-03-10T16:45:00Z'), paths: ['apps/web'] },
];
const APPS = [
  { name: 'api', paths: ['apps/api'] },
  { name: 'web', paths: ['apps/web'] },
];

test('a commit counts for every app whose folder it touches, on whole path segments', () => {
  const { perApp, unmatched } = commitsPerApp(COMMITS, APPS);
  assert.deepEqual(
    perApp.map((commits) => commits.map((c) => c.sha)),
    [
      ['a1', 'b2'],
      ['b2', 'e5'],
    ],
  );
  assert.equal(unmatched, 2);
  assert.deepEqual(commitsPerApp(COMMITS, [{ name: 'all', paths: [''] }]).perApp[0].length, 5);
});

test('a replay starts on the Monday 00:00 UTC of the first commit', () => {
  for (const [at, monday] of [
    ['2026-03-02T09:15:00Z', '2026-03-02T00:00:00Z'], // a Monday
    ['2026-03-08T23:59:59Z', '2026-03-02T00:00:00Z'], // the Sunday after
    ['2026-03-09T00:00:00Z', '2026-03-09T00:00:00Z'],
    ['1970-01-01T00:00:00Z', '1969-12-29T00:00:00Z'], // a Thursday
  ]) {
    assert.equal(new Date(weekStartMs(t(at))).toISOString(), new Date(t(monday)).toISOString(), at);
  }
});

test('the replay CSV: times since the start, in time then app order; it reads back', () => {
  const { perApp } = commitsPerApp(COMMITS, APPS);
  const csv = replayCsv(perApp, ['api', 'web'], t('2026-03-02T00:00:00Z'));
  assert.equal(csv, 'app,at,commit\napi,9h15m,a1\napi,14h,b2\nweb,14h,b2\nweb,8d16h45m,e5\n');
  assert.deepEqual(parseReplayCsv(csv, ['api', 'web']), [
    [33_300_000, 50_400_000],
    [50_400_000, 8 * 86_400_000 + 16 * 3_600_000 + 45 * 60_000],
  ]);
});

test('the fit: commits per day, share on weekdays, the working hours holding 90%', () => {
  const day = (d: number, h: number) => ({
    sha: `${d}-${h}`,
    timeMs: t(`2026-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`),
  });
  // Two weeks: 18 commits on weekdays between 9:00 and 17:00, 2 on a Saturday night.
  const commits = [
    ...[2, 3, 4, 5, 6, 9, 10, 11, 12].flatMap((d) => [day(d, 9), day(d, 16)]),
    day(7, 23),
    day(14, 22),
  ];
  const [fit, none] = fitCommits([commits, []], t('2026-03-02T00:00:00Z'), t('2026-03-16T00:00:00Z'));
  assert.equal(fit.commits, 20);
  assert.equal(fit.perDay, 20 / 14);
  assert.equal(fit.weekdayShare, 0.9);
  assert.deepEqual(fit.hours, [9, 17]);
  assert.deepEqual(none, { commits: 0, perDay: 0, weekdayShare: 0, hours: [0, 24] });
});

test('the weekly window of all commits: days, hours, and the rates inside and outside', () => {
  const times = [
    ...['02', '03', '04', '05', '06'].flatMap((d) => [
      t(`2026-03-${d}T10:00:00Z`),
      t(`2026-03-${d}T13:30:00Z`),
    ]),
    t('2026-03-07T20:00:00Z'),
  ];
  const fit = fitWeekly(times, t('2026-03-02T00:00:00Z'), t('2026-03-09T00:00:00Z'));
  assert.deepEqual(fit.days, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
  assert.deepEqual(fit.hours, [10, 14]);
  assert.equal(fit.insidePerHour, 10 / 20);
  assert.equal(fit.outsidePerHour, 1 / (168 - 20));
});
