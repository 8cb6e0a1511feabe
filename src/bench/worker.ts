/**
 * A speed process: rebuilds one case from the request in argv[2], times each
 * of its tasks interleaved with the reference workload (interleave.ts, warm-up
 * first, so the JIT has settled), and sends the samples and its peak memory
 * to the parent. One process per case and round, so no case inherits
 * another's heap or compiled code.
 */
import { performance } from 'node:perf_hooks';
import { loadCase } from './cases.ts';
import { type Clocks, sampleInterleaved } from './interleave.ts';
import { REFERENCE } from './reference.ts';
import { measureScaling, SCALING_PAIRS } from './scaling.ts';
import type { WorkerReport, WorkerRequest, WorkerTaskReport } from './speed.ts';

const CLOCKS: Clocks = {
  wallMs: () => performance.now(),
  cpuMs: () => {
    // The whole process (µs): the main thread's work and the garbage collector's helpers.
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  },
};

const request = JSON.parse(process.argv[2]) as WorkerRequest;
const { speed } = await loadCase(request.ref, { metrics: [] });

const tasks: WorkerTaskReport[] = speed.tasks.map((task) => {
  let units = 0;
  const samples = sampleInterleaved(
    () => {
      units = task.run();
    },
    REFERENCE.run,
    request.timing,
    CLOCKS,
  );
  return {
    name: task.name,
    unit: task.unit,
    units,
    latencyMs: samples.taskMs,
    cpuMs: samples.taskCpuMs,
    referenceMs: samples.referenceMs,
    referenceCpuMs: samples.referenceCpuMs,
    referenceRuns: samples.referenceRuns,
  };
});

const report: WorkerReport = {
  tasks,
  ...(speed.scaling === undefined ? {} : { scaling: await measureScaling(speed.scaling, SCALING_PAIRS) }),
  ...(speed.probe === undefined ? {} : { probes: await speed.probe() }),
  referenceEvents: REFERENCE.eventsPerRun,
  // maxRSS is in KiB.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
// The IPC channel keeps the process alive: let go once the report is out.
process.send!(report, () => process.disconnect());
