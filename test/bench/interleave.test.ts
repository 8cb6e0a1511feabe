import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  blockRuns,
  MAX_REFERENCE_RUNS,
  sampleInterleaved,
  type SpeedTiming,
} from '../../src/bench/interleave.ts';

/**
 * Fake clocks that the task and the reference advance by their CPU cost, the
 * wall clock `wallPerCpu` times as much (a shared machine), and a log of what ran.
 */
function fakeMachine(taskMs: number, referenceMs: number, wallPerCpu = 1) {
  let cpuMs = 0;
  const log: string[] = [];
  const spend = (ms: number, what: string) => {
    cpuMs += ms;
    log.push(what);
  };
  return {
    log,
    clocks: { wallMs: () => cpuMs * wallPerCpu, cpuMs: () => cpuMs },
    task: () => spend(taskMs, 'T'),
    reference: () => spend(referenceMs, 'R'),
  };
}

const TIMING: SpeedTiming = { sampleTimeMs: 100, minSamples: 3, warmupTimeMs: 0, warmupRuns: 1 };

describe('sampleInterleaved', () => {
  it('warm-up, an untimed block, then a reference block before each task run and after the last', () => {
    const m = fakeMachine(10, 10);
    const samples = sampleInterleaved(m.task, m.reference, { ...TIMING, sampleTimeMs: 0 }, m.clocks);
    assert.equal(m.log.join(''), `TR R R${'TR'.repeat(3)}`.replaceAll(' ', ''));
    assert.deepEqual(samples, {
      taskMs: [10, 10, 10],
      taskCpuMs: [10, 10, 10],
      referenceMs: [10, 10, 10, 10],
      referenceCpuMs: [10, 10, 10, 10],
      referenceRuns: 1,
    });
  });

  it('a reference block lasts about one task run; sampling goes on for the sample time', () => {
    const m = fakeMachine(30, 10);
    const samples = sampleInterleaved(m.task, m.reference, TIMING, m.clocks);
    assert.equal(samples.referenceRuns, 3);
    assert.ok(samples.referenceMs.every((ms) => ms === 30));
    // 60 ms a pair after the first block: 100 ms of sampling takes 2 pairs, the minimum 3.
    assert.equal(samples.taskMs.length, 3);
    const longer = sampleInterleaved(m.task, m.reference, { ...TIMING, sampleTimeMs: 600 }, m.clocks);
    assert.equal(longer.taskMs.length, 10);
  });

  it('on a shared machine: CPU time sizes the blocks and bounds the warm-up and the sampling', () => {
    const m = fakeMachine(30, 10, 3);
    const samples = sampleInterleaved(m.task, m.reference, { ...TIMING, sampleTimeMs: 600 }, m.clocks);
    assert.equal(samples.referenceRuns, 3);
    // 600 ms of CPU time at 60 a pair: 10 pairs (by wall time it would have been 4).
    assert.deepEqual(samples.taskMs, Array(10).fill(90));
    assert.deepEqual(samples.taskCpuMs, Array(10).fill(30));
    assert.ok(samples.referenceCpuMs.every((ms) => ms === 30));
  });

  it('warms up for the warm-up time, at least the warm-up runs', () => {
    const m = fakeMachine(10, 10);
    sampleInterleaved(m.task, m.reference, { ...TIMING, sampleTimeMs: 0, warmupTimeMs: 50 }, m.clocks);
    // 3 pairs of 20 ms reach 50 ms; then the untimed block, the first block, the first timed run.
    assert.ok(m.log.join('').startsWith(`${'TR'.repeat(3)}RRT`));
  });
});

describe('blockRuns', () => {
  const cases: [string, number, number, number][] = [
    ['a task as long as the reference', 5, 5, 1],
    ['a task 10 times longer', 50, 5, 10],
    ['a task shorter than the reference: still one', 1, 5, 1],
    ['a reference too quick for the timer', 5, 0, 1],
    ['a task far too slow', 1e9, 1, MAX_REFERENCE_RUNS],
  ];
  for (const [name, taskMs, referenceMs, expected] of cases) {
    it(name, () => assert.equal(blockRuns(taskMs, referenceMs), expected));
  }
});
