import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANGE_CODEC } from '../../src/metrics/changeRecorder.ts';
import { DRIFT_CODEC } from '../../src/metrics/driftRecorder.ts';
import { fromNullableField, nullableField, type RecordCodec, RecordTable } from '../../src/metrics/recordTable.ts';
import type { ChangeRecord, DriftRecord } from '../../src/metrics/results.ts';

interface Point {
  readonly name: string;
  readonly x: number;
  readonly y: number | null;
}

const POINT: RecordCodec<Point> = {
  width: 3,
  encode(p, row, at, strings) {
    row[at] = strings.index(p.name);
    row[at + 1] = p.x;
    row[at + 2] = nullableField(p.y);
  },
  decode(row, at, strings) {
    return { name: strings.text(row[at]), x: row[at + 1], y: fromNullableField(row[at + 2]) };
  },
};

describe('RecordTable', () => {
  const points: Point[] = [
    { name: 'a', x: 0.1 + 0.2, y: null },
    { name: 'b', x: -0, y: 2 ** 53 + 2 },
    { name: 'a', x: 31_536_000_000.5, y: -1e-300 },
  ];
  const table = new RecordTable(POINT, points);

  it('reads back every record as it was stored, in order', () => {
    assert.equal(table.length, 3);
    assert.deepEqual([...table], points);
    assert.ok(Object.is(table.at(1)!.x, -0), '-0 stays -0');
  });

  it('reads one record by index, and nothing outside the table', () => {
    assert.deepEqual(table.at(2), points[2]);
    for (const i of [-1, 3, 1.5]) assert.equal(table.at(i), undefined, String(i));
  });

  it('keeps each string once', () => {
    assert.equal(table.index('a'), 0);
    assert.equal(table.index('b'), 1);
    assert.equal(table.index('c'), 2);
    assert.equal(table.text(1), 'b');
  });

  it('is empty without records', () => {
    const empty = new RecordTable(POINT, []);
    assert.equal(empty.length, 0);
    assert.deepEqual([...empty], []);
  });
});

describe('the codecs of the records a run keeps', () => {
  const changes: ChangeRecord[] = [
    { app: 0, revision: 1, kind: 'release', codeCommitMs: 12.5, bad: false, atMs: 100, outcome: { state: 'converged', convergenceMs: 0 } },
    { app: 3, revision: 2, kind: 'release', codeCommitMs: 0, bad: true, atMs: 2e10, outcome: { state: 'superseded', supersededAfterMs: 7.25 } },
    { app: 1, revision: 3, kind: 'revert', codeCommitMs: null, bad: false, atMs: 3.5, outcome: { state: 'open', openMs: 1 / 3 } },
  ];
  const drifts: DriftRecord[] = [
    { kind: 'podCrash', app: 2, atMs: 10.5, openMs: 0, closed: true },
    { kind: 'nodeFailure', app: null, atMs: 20, openMs: 3e10, closed: false },
    { kind: 'podCrash', app: 0, atMs: 30, openMs: 1e-3, closed: true },
  ];

  it('changes read back equal, outcome and all', () => {
    assert.deepEqual([...new RecordTable(CHANGE_CODEC, changes)], changes);
  });

  it('drift events read back equal, an event on no one app too', () => {
    assert.deepEqual([...new RecordTable(DRIFT_CODEC, drifts)], drifts);
  });

  it('fields come back in the order the record declares them (JSON of a record is unchanged)', () => {
    assert.equal(JSON.stringify([...new RecordTable(CHANGE_CODEC, changes)]), JSON.stringify(changes));
    assert.equal(JSON.stringify([...new RecordTable(DRIFT_CODEC, drifts)]), JSON.stringify(drifts));
  });
});
