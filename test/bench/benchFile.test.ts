import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BenchFileError, benchFileJson, parseBenchFile, readBenchFile } from '../../src/bench/benchFile.ts';
import { exact, result } from './fixtures.ts';

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
    // A metric's figure must be one the metric can take: compared, it printed "-Infinity%" and "improved".
    [
      'a share below 0',
      benchFileJson([result({ figures: [exact({ measure: 'correctness', unit: 'ratio', value: -1e308 })] })]),
      /results\.0\.figures\.0\.value: expected a number from 0 to 1 \(correctness\), found -1e\+308$/,
    ],
    [
      'a share above 1',
      benchFileJson([result({ figures: [exact({ measure: 'correctness', unit: 'ratio', value: 1.5 })] })]),
      /results\.0\.figures\.0\.value: expected a number from 0 to 1 \(correctness\), found 1\.5$/,
    ],
    [
      'a negative time',
      benchFileJson([result({ figures: [exact({ value: -1 })] })]),
      /results\.0\.figures\.0\.value: expected a number >= 0 \(convergenceP95Ms\), found -1$/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name}`, () =>
      assert.throws(() => parseBenchFile(text, 'b.json'), { name: 'BenchFileError', message }));
  }

  it('keeps a figure that is no metric, or a metric without a value, as it is', () => {
    const figures = [exact({ measure: 'events', unit: 'count', value: 3, better: undefined }), exact({ value: null })];
    assert.deepEqual(parseBenchFile(benchFileJson([result({ figures })]), 'b.json').results[0].figures, figures);
  });

  it('says when the file is missing', () => {
    const file = path.join(import.meta.dirname, 'no-such-baseline.json');
    assert.throws(
      () => readBenchFile(file),
      (e: unknown) => e instanceof BenchFileError && /no such file/.test(e.message),
    );
  });
});
