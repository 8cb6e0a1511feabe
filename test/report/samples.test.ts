import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ReportSamples, type reportSamplesSchema, SAMPLES_FORMAT, samplesProblem, summaryMismatch } from '../../src/report/samples.ts';

type Samples = ReturnType<typeof reportSamplesSchema.parse>;

/** Two replications of one variant, a sample of each aggregation: a run mean, a pooled quantile and a pooled share. */
function valid(): Samples {
  return {
    format: SAMPLES_FORMAT,
    seed: 1,
    variants: [
      {
        name: 'push',
        replications: [0, 1],
        metrics: {
          correctness: [0.99, null],
          convergenceP95Ms: [[1000, 2000, 2000], []],
          changeFailureRate: [[0, 3], [1, 1]],
          someFutureMetric: [[1, 2, 3]],
        },
      },
    ],
  };
}

test('samples as a run writes them have no problem; a metric this version does not know is left alone', () => {
  assert.equal(samplesProblem(valid()), undefined);
});

const cases: [string, (s: Samples) => void, string][] = [
  ['a run mean that is a list', (s) => { (s.variants[0].metrics.correctness as unknown[])[0] = [1]; }, 'variants.0.metrics.correctness.0: expected a number from 0 to 1, or null, found [1]'],
  ['a share above 1', (s) => { (s.variants[0].metrics.correctness as unknown[])[0] = 1.01; }, 'variants.0.metrics.correctness.0: expected a number from 0 to 1, or null, found 1.01'],
  ['a negative pooled value', (s) => { (s.variants[0].metrics.convergenceP95Ms as unknown[])[1] = [-1]; }, 'variants.0.metrics.convergenceP95Ms.1: expected a list of numbers >= 0 in ascending order, found [-1]'],
  ['pooled values out of order', (s) => { (s.variants[0].metrics.convergenceP95Ms as unknown[])[0] = [2, 1]; }, 'variants.0.metrics.convergenceP95Ms.0: expected a list of numbers >= 0 in ascending order, found [2,1]'],
  ['a pooled quantile of null', (s) => { (s.variants[0].metrics.convergenceP95Ms as unknown[])[0] = null; }, 'variants.0.metrics.convergenceP95Ms.0: expected a list of numbers >= 0 in ascending order, found null'],
  ['more successes than trials', (s) => { (s.variants[0].metrics.changeFailureRate as unknown[])[0] = [4, 3]; }, 'variants.0.metrics.changeFailureRate.0: expected [successes, trials], whole numbers with 0 <= successes <= trials, found [4,3]'],
  ['a fractional count', (s) => { (s.variants[0].metrics.changeFailureRate as unknown[])[0] = [0.5, 3]; }, 'variants.0.metrics.changeFailureRate.0: expected [successes, trials], whole numbers with 0 <= successes <= trials, found [0.5,3]'],
  ['three counts', (s) => { (s.variants[0].metrics.changeFailureRate as unknown[])[0] = [0, 1, 2]; }, 'variants.0.metrics.changeFailureRate.0: expected [successes, trials], whole numbers with 0 <= successes <= trials, found [0,1,2]'],
  ['a sample too few', (s) => { (s.variants[0].metrics.correctness as unknown[]).pop(); }, 'variants.0.metrics.correctness: 1 samples for 2 replications'],
  ['a replication twice', (s) => { (s.variants[0].replications as number[])[1] = 0; }, 'variants.0.replications: expected distinct whole numbers >= 0'],
  ['a negative replication', (s) => { (s.variants[0].replications as number[])[1] = -1; }, 'variants.0.replications: expected distinct whole numbers >= 0'],
  ['a variant named twice', (s) => { (s.variants as unknown[]).push(structuredClone(s.variants[0])); }, 'variants.1.name: "push" named twice'],
];

for (const [name, edit, problem] of cases) {
  test(`table: ${name}`, () => {
    const samples = valid();
    edit(samples);
    assert.equal(samplesProblem(samples), problem);
  });
}

test('samples give their summary its figures again; a figure they do not give is named', () => {
  const samples = valid() as ReportSamples;
  // correctness: the mean of 0.99 (null runs do not count); p95 of the pooled values; 1 of 4 pooled.
  const figures = { correctness: { mean: 0.99 }, convergenceP95Ms: { mean: 2000 }, changeFailureRate: { mean: 0.25 } };
  assert.equal(summaryMismatch(samples, { variants: [{ name: 'push', metrics: figures }] }), undefined);
  assert.equal(summaryMismatch(samples, { variants: [{ name: 'other', metrics: {} }] }), undefined, 'a variant the summary lacks');
  assert.equal(summaryMismatch(samples, { variants: [{ name: 'push', metrics: {} }] }), undefined, 'metrics the summary lacks');
  assert.equal(
    summaryMismatch(samples, { variants: [{ name: 'push', metrics: { ...figures, changeFailureRate: { mean: 0.3 } } }] }),
    'variants.0.metrics.changeFailureRate: its samples give 0.25, summary.json has 0.3',
  );
  assert.equal(
    summaryMismatch(samples, { variants: [{ name: 'push', metrics: { ...figures, correctness: { mean: null } } }] }),
    'variants.0.metrics.correctness: its samples give 0.99, summary.json has null',
  );
});
