import { loadScenarioFile } from '/work/main/src/scenario/load.ts';
import { simulateRun } from '/work/main/src/world/world.ts';
const file = process.argv[2] ?? '/work/main/bench/scenarios/capacity-50k.yaml';
const n = Number(process.argv[3] ?? 4);
for (let i = 0; i < n; i++) {
  const sc = loadScenarioFile(file) as any;
  const t0 = performance.now();
  const r = simulateRun(sc, 0, i);
  console.log(`@@RUN ${i} ${(performance.now() - t0).toFixed(0)} ms ${r.horizonMs}`);
}
