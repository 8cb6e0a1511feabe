import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeSamples } from '../../src/bench/samples.ts';

describe('summarizeSamples', () => {
  it('median and quartiles of every sample; noise from the interquartile range when processes agree', () => {
    assert.deepEqual(
      summarizeSamples([
        [90, 100, 110],
        [95, 100, 105],
      ]),
      { value: 100, lower: 96.25, upper: 103.75, noise: 0.0375, samples: 6, processes: 2 },
    );
  });

  it('noise from the spread of per-process medians when processes disagree', () => {
    const s = summarizeSamples([
      [100, 100, 100],
      [120, 120, 120],
    ]);
    assert.equal(s.value, 110);
    // IQR 100..120 gives 10/110; so do the medians 100 and 120: the larger of the two.
    assert.equal(s.noise, 10 / 110);
    const t = summarizeSamples([[100, 100, 100, 100, 100, 100, 100], [130]]);
    assert.equal(t.value, 100);
    assert.equal(t.noise, 15 / 100);
  });

  it('one sample per process (peak memory) works', () => {
    assert.deepEqual(summarizeSamples([[200], [210], [220]]), {
      value: 210,
      lower: 205,
      upper: 215,
      noise: 10 / 210,
      samples: 3,
      processes: 3,
    });
  });

  it('refuses a process without samples', () => {
    assert.throws(() => summarizeSamples([[1], []]), RangeError);
    assert.throws(() => summarizeSamples([]), RangeError);
  });
});
