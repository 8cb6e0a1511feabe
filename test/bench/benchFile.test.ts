import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BenchFileError, benchFileJson, parseBenchFile, readBenchFile } from '../../src/bench/benchFile.ts';
import { result } from './fixtures.ts';

describe('bench files', () => {
  it('round-trips results', () => {
    const results = [result(), result({ name: 'other' })];
    assert.deepEqual(parseBenchFile(benchFileJson(results), 'b.json').results, results);
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{', /^b\.json: not JSON/],
    ['another format', '{"format":"x","results":[]}', /^b\.json: not a gitops-sim bench file .*: format:/],
    [
      'a speed figure of zero',
      benchFileJson([result()]).replace('"value": 1000000', '"value": 0'),
      /results\.0\.figures\.3\.value/,
    ],
    [
      'a missing fingerprint',
      '{"format":"gitops-sim-bench/1","results":[{"name":"a","figures":[]}]}',
      /results\.0\.fingerprint/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name}`, () =>
      assert.throws(() => parseBenchFile(text, 'b.json'), { name: 'BenchFileError', message }));
  }

  it('says when the file is missing', () => {
    const file = path.join(import.meta.dirname, 'no-such-baseline.json');
    assert.throws(
      () => readBenchFile(file),
      (e: unknown) => e instanceof BenchFileError && /no such file/.test(e.message),
    );
  });
});
