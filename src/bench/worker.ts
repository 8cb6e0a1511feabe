/**
 * A speed process: rebuilds one case from the request in argv[2], times its
 * tasks with tinybench (warm-up first, so the JIT has settled), and sends the
 * samples and its peak memory to the parent. One process per case and round,
 * so no case inherits another's heap or compiled code.
 */
import { Bench } from 'tinybench';
import { loadCase } from './cases.ts';
import type { WorkerReport, WorkerRequest } from './speed.ts';

const request = JSON.parse(process.argv[2]) as WorkerRequest;
const { speed } = await loadCase(request.ref, { metrics: [] });
const units = new Map<string, number>();
const bench = new Bench({
  time: request.timing.sampleTimeMs,
  iterations: request.timing.minSamples,
  warmupTime: request.timing.warmupTimeMs,
  warmupIterations: request.timing.warmupRuns,
  retainSamples: true,
  throws: true,
});
for (const task of speed.tasks) {
  bench.add(task.name, () => {
    units.set(task.name, task.run());
  });
}
await bench.run();

const report: WorkerReport = {
  tasks: speed.tasks.map((task) => {
    const result = bench.getTask(task.name)?.result;
    if (result?.state !== 'completed' || result.latency.samples === undefined) {
      throw new Error(`${request.ref.name}: task ${task.name} did not complete (${result?.state})`);
    }
    return {
      name: task.name,
      unit: task.unit,
      reference: task.reference === true,
      units: units.get(task.name)!,
      latencyMs: [...result.latency.samples],
    };
  }),
  ratio: speed.ratio,
  // maxRSS is in KiB.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
// The IPC channel keeps the process alive: let go once the report is out.
process.send!(report, () => process.disconnect());
