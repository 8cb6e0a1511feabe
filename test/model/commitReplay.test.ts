import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import {
  MAX_REPLAY_COMMITS,
  parseReplayCsv,
  ReplayCsvError,
  scheduleReplay,
} from '../../src/model/commitReplay.ts';

const APPS = ['api', 'web'];

test('rows become sorted times per app; CRLF, a commit column and a missing final newline are fine', () => {
  assert.deepEqual(parseReplayCsv('app,at,commit\r\nweb,2h,b\r\napi,1d,a\r\napi,90s,c', APPS), [
    [90_000, 86_400_000],
    [7_200_000],
  ]);
  assert.deepEqual(parseReplayCsv('app,at\n', APPS), [[], []]);
});

test('problems are collected with their line and column', () => {
  try {
    parseReplayCsv('app,at\napi,1h\nweb,soon\ndb,2h\n', APPS);
    assert.fail('expected a ReplayCsvError');
  } catch (error) {
    assert.ok(error instanceof ReplayCsvError);
    assert.deepEqual(
      error.problems.map((p) => [p.line, p.column, p.field, p.found]),
      [
        [3, 5, 'at', '"soon"'],
        [4, 1, 'app', '"db"'],
      ],
    );
  }
});

test('more rows than the limit are refused', () => {
  const text = `app,at\n${'api,1s\n'.repeat(MAX_REPLAY_COMMITS + 1)}`;
  assert.throws(() => parseReplayCsv(text, APPS), /rows: expected at most 100000 commits, found 100001/);
});

test('scheduled in time order, ties by app, nothing after the horizon', () => {
  const engine = new Engine();
  const seen: [number, number][] = [];
  scheduleReplay(
    engine,
    {
      file: 'c.csv',
      apps: APPS,
      atMs: [
        [5, 10, 99],
        [5, 7],
      ],
    },
    50,
    (app) => seen.push([engine.now, app]),
  );
  engine.run();
  assert.deepEqual(seen, [
    [5, 0],
    [5, 1],
    [7, 1],
    [10, 0],
  ]);
});
