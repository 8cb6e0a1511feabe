import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { speedFigures, type WorkerReport } from '../../src/bench/speed.ts';

/** A process that timed `engine` (1000 events a run) and a reference `floor`. */
function report(engineMs: number[], floorMs: number[], maxRssBytes: number): WorkerReport {
  return {
    tasks: [
      { name: 'engine', unit: 'events', reference: false, units: 1000, latencyMs: engineMs },
      { name: 'floor', unit: 'events', reference: true, units: 1000, latencyMs: floorMs },
    ],
    ratio: { measure: 'engineFloorRatio', numerator: 'engine', denominator: 'floor' },
    maxRssBytes,
  };
}

describe('speedFigures', () => {
  it('rate and wall time of each reported task, the ratio per process, and peak memory', () => {
    const figures = speedFigures([
      report([10, 10, 10], [8, 8, 8], 100),
      report([20, 20, 20], [16, 16, 16], 300),
    ]);
    assert.deepEqual(
      figures.map((f) => [f.subject, f.measure, f.unit, f.better, f.value, f.samples, f.processes]),
      [
        [null, 'eventsPerSec', 'events/s', 'higher', 75_000, 6, 2],
        [null, 'wallMs', 'ms', 'lower', 15, 6, 2],
        [null, 'engineFloorRatio', 'ratio', 'higher', 0.8, 2, 2],
        [null, 'peakRssBytes', 'bytes', 'lower', 200, 2, 2],
      ],
    );
  });

  it('several reported tasks are told apart by subject', () => {
    const two: WorkerReport = {
      tasks: [
        { name: 'a', unit: 'calls', reference: false, units: 10, latencyMs: [1] },
        { name: 'b', unit: 'calls', reference: false, units: 10, latencyMs: [2] },
      ],
      maxRssBytes: 1,
    };
    assert.deepEqual(
      speedFigures([two, two]).map((f) => `${f.subject}: ${f.measure} ${f.value}`),
      ['a: callsPerSec 10000', 'a: wallMs 1', 'b: callsPerSec 5000', 'b: wallMs 2', 'null: peakRssBytes 1'],
    );
  });
});
