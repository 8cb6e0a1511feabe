/**
 * One sweep's points, timed in this fresh process as `gitops-sim sweep` runs
 * them: the worker threads started, then the plan (not timed), then every
 * point on the given number of workers, with the compiled code from dist/
 * (`npm run build`), so worker threads start as they do for a user: their
 * start-up overlaps the plan, and what is left of it is timed. Prints a
 * SweepTiming as one line of JSON (sweepWorkload.ts, which runs this).
 *
 *   node --import tsx bench/sweepPoints.ts <workers>
 */
import { createHash } from 'node:crypto';
import { SWEEP_SCENARIO, SWEEP_SETS, type SweepTiming } from './sweepWorkload.ts';

// The public API as bundled into dist/ (what `import 'gitops-sim'` loads).
const { planSweep, parseSet, runPoints, SweepThreads } = (await import(
  new URL('../dist/api/index.js', import.meta.url).href
)) as typeof import('../src/index.ts');

const workers = Number(process.argv[2]);
const threads = workers > 1 ? SweepThreads.start(workers - 1) : undefined;
const plan = planSweep(SWEEP_SCENARIO, 'sweep-bench.yaml', SWEEP_SETS.map(parseSet));
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
const [wallStart, cpuStart] = [performance.now(), cpuMs()];
await runPoints(tasks, {
  workers,
  threads,
  onRun: () => undefined,
  onPoint: async (task, json) => {
    files[task.index] = json;
  },
});
const [wallMs, spentMs] = [performance.now() - wallStart, cpuMs() - cpuStart];
const hash = createHash('sha256');
for (const file of files) hash.update(file);
const timing: SweepTiming = {
  workers,
  points: tasks.length,
  wallMs,
  cpuMs: spentMs,
  hash: hash.digest('hex'),
};
process.stdout.write(`${JSON.stringify(timing)}\n`);
