/**
 * One sweep's points, timed in this fresh process as `gitops-sim sweep` runs
 * them: the worker threads started, then the plan (not timed), then every
 * point on the given number of workers, with the compiled code from dist/
 * (`npm run build`), so worker threads start as they do for a user: their
 * start-up overlaps the plan, and what is left of it is timed. Prints a
 * SweepTiming as one line of JSON (sweepWorkload.ts, which runs this).
 *
 *   node --import tsx bench/sweepPoints.ts <workers> [workload]
 *
 * the workload a name of sweepWorkload.ts's SWEEP_WORKLOADS (default: suite),
 * with `--single-threaded` before the script when the workers take every core,
 * as `gitops-sim sweep` and timeSweepPoints start it (src/sweep/v8Flags.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { isSweepWorkloadName, SWEEP_WORKLOADS, type SweepTiming } from './sweepWorkload.ts';

/**
 * CPU ms (user + system) of each thread of this process by thread id, where Linux tells
 * (/proc/self/task/<tid>/stat, in clock ticks of 10 ms); undefined elsewhere.
 */
function threadCpuMs(): Map<string, number> | undefined {
  try {
    const threads = new Map<string, number>();
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
    return threads;
  } catch {
    return undefined;
  }
}

// The threads before any sweep thread: this one and Node's and V8's helpers (compilers, GC).
const threadsBefore = threadCpuMs();

// The public API as bundled into dist/ (what `import 'gitops-sim'` loads).
const { planSweep, parseSet, runPoints, SweepThreads } = (await import(
  new URL('../dist/api/index.js', import.meta.url).href
)) as typeof import('../src/index.ts');

const workers = Number(process.argv[2]);
const workloadName = process.argv[3] ?? 'suite';
if (!isSweepWorkloadName(workloadName)) throw new Error(`no sweep workload named ${workloadName}`);
const workload = SWEEP_WORKLOADS[workloadName];
const threads = workers > 1 ? SweepThreads.start(workers - 1) : undefined;
const plan = planSweep(workload.scenario, workload.file, workload.sets.map(parseSet));
const tasks = plan.points.map((p) => ({
  index: p.index,
  id: p.id,
  params: Object.fromEntries(plan.params.map((param, j) => [param.path, p.values[j]])),
  scenario: p.scenario,
}));
const files: string[] = [];
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const [wallStart, cpuStart, threadsStart] = [performance.now(), cpuMs(), threadCpuMs()];
/** Each thread's CPU ms when last seen: at each point's file and once the sweep returns, before its threads end. */
const threadsSeen = new Map<string, number>();
function seeThreads(): void {
  for (const [tid, ms] of threadCpuMs() ?? []) threadsSeen.set(tid, ms);
}
await runPoints(tasks, {
  workers,
  threads,
  onRun: () => undefined,
  onPoint: async (task, json) => {
    files[task.index] = json;
    seeThreads();
  },
});
const [wallMs, spentMs] = [performance.now() - wallStart, cpuMs() - cpuStart];
seeThreads();
await threads?.end();
/**
 * The CPU time of the threads that run JavaScript (this one and the sweep's worker threads, which
 * started after `threadsBefore`) over the same span; the rest of `cpuMs` is V8's helper threads'.
 * Each thread as last seen: at each point's file and at the end.
 */
function jsThreadCpuMs(): { jsCpuMs?: number } {
  if (threadsBefore === undefined || threadsStart === undefined) return {};
  let js = 0;
  for (const [tid, after] of threadsSeen) {
    if (tid === String(process.pid) || !threadsBefore.has(tid)) js += after - (threadsStart.get(tid) ?? 0);
  }
  return { jsCpuMs: js };
}

const hash = createHash('sha256');
for (const file of files) hash.update(file);
const timing: SweepTiming = {
  workers,
  points: tasks.length,
  wallMs,
  cpuMs: spentMs,
  ...jsThreadCpuMs(),
  hash: hash.digest('hex'),
};
process.stdout.write(`${JSON.stringify(timing)}\n`);
