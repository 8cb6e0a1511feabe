import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  processRatio,
  speedFigures,
  type WorkerReport,
  type WorkerTaskReport,
} from '../../src/bench/speed.ts';

/** Reference runs of 1000 events, one a block. */
const REFERENCE_EVENTS = 1000;

/**
 * A task of 1000 events a run, its runs taking `taskMs` of CPU time, the
 * reference blocks around them `referenceMs`; wall time `wallPerCpu` times as much.
 */
function task(taskMs: number[], referenceMs: number[], name = 'engine', wallPerCpu = 1): WorkerTaskReport {
  return {
    name,
    unit: 'events',
    units: 1000,
    latencyMs: taskMs.map((ms) => ms * wallPerCpu),
    cpuMs: taskMs,
    referenceMs: referenceMs.map((ms) => ms * wallPerCpu),
    referenceCpuMs: referenceMs,
    referenceRuns: 1,
  };
}

function report(tasks: WorkerTaskReport[], maxRssBytes = 100): WorkerReport {
  return { tasks, referenceEvents: REFERENCE_EVENTS, maxRssBytes };
}

function ratioOf(reports: WorkerReport[]): number {
  const figure = speedFigures(reports).find((f) => f.measure === 'speedRatio');
  assert.ok(figure !== undefined);
  return figure.value;
}

describe('processRatio', () => {
  it('all the runs against the blocks around them, each block between two runs counting for both', () => {
    // 2 runs of 10 ms: 100 events/ms; blocks around them 8 + 12 and 12 + 8 ms, 4 blocks' worth of 1000 events in 40 ms.
    assert.equal(processRatio(task([10, 10], [8, 12, 8]), REFERENCE_EVENTS), 1);
    assert.equal(processRatio(task([10, 30], [10, 10, 10]), REFERENCE_EVENTS), 0.5);
  });

  it('a block of several reference runs counts all their events', () => {
    const t = { ...task([10], [40, 40]), referenceRuns: 4 };
    assert.equal(processRatio(t, REFERENCE_EVENTS), 1);
  });

  it('by CPU time: time the scheduler gave to other processes does not count', () => {
    assert.equal(processRatio(task([10], [10, 10], 'engine', 3), REFERENCE_EVENTS), 1);
    const waited = { ...task([10], [10, 10]), latencyMs: [40] };
    assert.equal(processRatio(waited, REFERENCE_EVENTS), 1);
  });

  it('runs too quick for the timer are an error', () => {
    assert.throws(() => processRatio(task([0], [1, 1]), REFERENCE_EVENTS), /too quick for the timer/);
  });
});

describe('speedFigures', () => {
  it('the ratio per process, rate and wall time of each task, the reference rate and peak memory', () => {
    const figures = speedFigures([
      report([task([10, 10, 10], [8, 8, 8, 8])], 100),
      report([task([20, 20, 20], [16, 16, 16, 16])], 300),
    ]);
    assert.deepEqual(
      figures.map((f) => [f.subject, f.measure, f.unit, f.better, f.value, f.samples, f.processes]),
      [
        [null, 'speedRatio', 'ratio', 'higher', 0.8, 2, 2],
        [null, 'eventsPerSec', 'events/s', 'higher', 75_000, 6, 2],
        [null, 'wallMs', 'ms', 'lower', 15, 6, 2],
        [null, 'referenceEventsPerSec', 'events/s', 'higher', 93_750, 8, 2],
        [null, 'peakRssBytes', 'bytes', 'lower', 200, 2, 2],
      ],
    );
  });

  // The point of the ratio: a machine that is slower, for good or for a while, slows both sides.
  const steady = [report([task([10, 10, 10], [8, 8, 8, 8])]), report([task([10, 10, 10], [8, 8, 8, 8])])];
  const cases: [string, WorkerReport[], number][] = [
    [
      'a machine shared with 3 others: wall time 4 times the CPU time, the same ratio',
      [
        report([task([10, 10, 10], [8, 8, 8, 8], 'engine', 4)]),
        report([task([10, 10, 10], [8, 8, 8, 8], 'engine', 4)]),
      ],
      0.8,
    ],
    [
      'a machine twice as slow throughout: the same ratio',
      [report([task([20, 20, 20], [16, 16, 16, 16])]), report([task([20, 20, 20], [16, 16, 16, 16])])],
      0.8,
    ],
    [
      'a neighbour halving the speed from the middle of a process on: the same ratio',
      [report([task([10, 10, 20, 20], [8, 8, 12, 16, 16])]), report([task([10, 10, 10], [8, 8, 8, 8])])],
      0.8,
    ],
    [
      'one process slowed throughout, the other not: the same ratio',
      [report([task([30, 30, 30], [24, 24, 24, 24])]), report([task([10, 10, 10], [8, 8, 8, 8])])],
      0.8,
    ],
    [
      'the task 25% slower, the reference not: the ratio 20% lower',
      [report([task([12.5, 12.5, 12.5], [8, 8, 8, 8])]), report([task([12.5, 12.5, 12.5], [8, 8, 8, 8])])],
      0.64,
    ],
  ];
  for (const [name, reports, expected] of cases) {
    it(name, () => {
      assert.equal(ratioOf(steady), 0.8);
      assert.ok(Math.abs(ratioOf(reports) - expected) < 1e-12, String(ratioOf(reports)));
    });
  }

  it("a probe's figures, one sample a process, with the target a figure carries; no peak memory of a process that timed nothing", () => {
    const probed = (ratio: number): WorkerReport => ({
      ...report([], 50),
      probes: [
        { measure: 'peakRssYearOverWeek', unit: 'x', better: 'lower', value: ratio, target: 2 },
        { measure: 'peakRssWeekBytes', unit: 'bytes', better: 'lower', value: 200e6 },
      ],
    });
    const figures = speedFigures([probed(1.25), probed(1.75)]);
    assert.deepEqual(
      figures.map((f) => [f.subject, f.measure, f.unit, f.better, f.value, f.samples, f.processes, f.target]),
      [
        // The median of the processes' values.
        [null, 'peakRssYearOverWeek', 'x', 'lower', 1.5, 2, 2, 2],
        [null, 'peakRssWeekBytes', 'bytes', 'lower', 200e6, 2, 2, undefined],
      ],
    );
    assert.throws(() => speedFigures([probed(1.25), report([], 50)]), /no probe figure "peakRssYearOverWeek"/);
  });

  it('several tasks are told apart by subject', () => {
    const two = report([
      { ...task([1], [1, 1], 'a'), unit: 'calls', units: 10 },
      { ...task([2], [1, 1], 'b'), unit: 'calls', units: 10 },
    ]);
    assert.deepEqual(
      speedFigures([two, two]).map((f) => `${f.subject}: ${f.measure} ${f.value}`),
      [
        'a: speedRatio 0.01',
        'a: callsPerSec 10000',
        'a: wallMs 1',
        'b: speedRatio 0.005',
        'b: callsPerSec 5000',
        'b: wallMs 2',
        'null: referenceEventsPerSec 1000000',
        'null: peakRssBytes 100',
      ],
    );
  });
});
