/** Scaling figures: pairs of runs on 1 thread and on n, reduced to a speed-up against its target and a CPU ratio. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ScalingTask } from '../../src/bench/cases.ts';
import { isRatio } from '../../src/bench/gate.ts';
import { measureScaling, type ScalingReport, scalingFigures, speedupCeiling } from '../../src/bench/scaling.ts';

it('times pairs, 1 thread then n, as the task reports them', async () => {
  const calls: number[] = [];
  const task: ScalingTask = {
    name: 'points',
    unit: 'points',
    threads: 2,
    target: 1.8,
    run: async (threads) => {
      calls.push(threads);
      return { units: 12, wallMs: threads === 1 ? 1000 : 500, cpuMs: threads === 1 ? 900 : 1000 };
    },
  };
  const report = await measureScaling(task, 3);
  assert.deepEqual(calls, [1, 2, 1, 2, 1, 2]);
  assert.deepEqual(report, {
    name: 'points',
    unit: 'points',
    threads: 2,
    target: 1.8,
    units: 12,
    oneMs: [1000, 1000, 1000],
    oneCpuMs: [900, 900, 900],
    manyMs: [500, 500, 500],
    manyCpuMs: [1000, 1000, 1000],
  });
});

function report(oneMs: number[], manyMs: number[], oneCpuMs: number[], manyCpuMs: number[]): ScalingReport {
  return {
    name: 'points',
    unit: 'points',
    threads: 2,
    target: 1.8,
    units: 10,
    oneMs,
    manyMs,
    oneCpuMs,
    manyCpuMs,
  };
}

it('gives the speed-up per pair with its target, its ceiling, the CPU ratio and each side rate', () => {
  const figures = scalingFigures([
    report([2000, 2000], [1000, 1250], [1800, 3000], [2000, 2000]),
    report([2000], [1100], [1800], [1800]),
  ]);
  const byMeasure = new Map(figures.map((f) => [f.measure, f]));
  assert.deepEqual(
    [...byMeasure.keys()],
    ['speedup2Threads', 'speedupCeiling2Threads', 'cpuEfficiency2Threads', 'pointsPerSec1Thread', 'pointsPerSec2Threads'],
  );
  const speedup = byMeasure.get('speedup2Threads')!;
  // Ratios 2, 1.6 and 1.818...: the median.
  assert.equal(speedup.value, 2000 / 1100);
  assert.equal(speedup.target, 1.8);
  assert.equal(speedup.subject, 'points');
  assert.equal(speedup.processes, 2);
  // Wall-clock speed-up needs idle cores: never gated as a ratio to the reference.
  assert.equal(isRatio(speedup), false);
  // 1 thread kept 0.9, 1.5 and 0.9 cores busy: 2 threads could give 2 / 0.9, 2 / 1.5 and 2 / 0.9 at most.
  const ceiling = byMeasure.get('speedupCeiling2Threads')!;
  assert.equal(ceiling.value, (2 * 2000) / 1800);
  assert.equal(ceiling.target, undefined);
  assert.equal(isRatio(ceiling), false);
  const cpu = byMeasure.get('cpuEfficiency2Threads')!;
  // 0.9, 1.5 and 1.
  assert.equal(cpu.value, 1);
  assert.equal(isRatio(cpu), true);
  assert.equal(byMeasure.get('pointsPerSec1Thread')!.value, 5);
  assert.equal(byMeasure.get('pointsPerSec2Threads')!.value, 10 / 1.1);
});

it('bounds the speed-up by how many cores the 1-thread run kept busy', () => {
  for (const [threads, wallMs, cpuMs, ceiling] of [
    // One core exactly: n threads could give n.
    [2, 1000, 1000, 2],
    // Helpers kept a quarter of a second core busy: 2 / 1.25.
    [2, 1000, 1250, 1.6],
    [4, 1000, 1250, 3.2],
    // Less than one core (waiting on I/O): more than n is not ruled out.
    [2, 1000, 800, 2.5],
  ]) {
    assert.equal(speedupCeiling(threads, wallMs, cpuMs), ceiling, `${threads} threads, ${wallMs} ms, ${cpuMs} ms CPU`);
  }
});

it('gives no figures without reports', () => {
  assert.deepEqual(scalingFigures([]), []);
});
