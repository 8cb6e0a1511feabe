/**
 * Measures benchmark cases. Exact figures in this process (they do not
 * depend on how they are computed); speed in fresh child processes
 * (worker.ts), run one at a time so they do not compete for the CPU, in
 * rounds that visit every case once, so a slow drift of the machine (another
 * job starting, thermal throttling) spreads over all cases instead of landing
 * on one.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childExecArgv, codeModule } from '../runtime.ts';
import { type CaseRef, loadCase } from './cases.ts';
import { fingerprint, type Machine } from './fingerprint.ts';
import type { BenchResult, Figure } from './results.ts';
import type { SpeedSettings } from './settings.ts';
import { speedFigures, type WorkerReport, type WorkerRequest } from './speed.ts';
import { appendAll } from '../engine/extremes.ts';

export interface MeasureOptions {
  readonly metrics: readonly string[];
  /** Exact figures only: no speed processes. */
  readonly resultsOnly: boolean;
  readonly speed: SpeedSettings;
  readonly machine: Machine;
  readonly onProgress?: (message: string) => void;
}

/** Loads every case first (a bad scenario file fails before anything runs), then measures. */
export async function measureCases(
  refs: readonly CaseRef[],
  options: MeasureOptions,
): Promise<BenchResult[]> {
  const cases = [];
  for (const ref of refs) cases.push(await loadCase(ref, { metrics: options.metrics }));
  const figures: Figure[][] = [];
  for (const [i, c] of cases.entries()) {
    options.onProgress?.(`${refs[i].name}: exact results`);
    figures.push([...(await c.exact())]);
  }
  if (!options.resultsOnly) {
    const reports: WorkerReport[][] = refs.map(() => []);
    for (let round = 1; round <= options.speed.processes; round++) {
      for (const [i, ref] of refs.entries()) {
        const processes = Math.min(ref.processes ?? options.speed.processes, options.speed.processes);
        if (round > processes) continue;
        options.onProgress?.(`${ref.name}: speed, process ${round} of ${processes}`);
        reports[i].push(await runWorker({ ref, timing: { ...options.speed, ...ref.timing } }));
      }
    }
    for (const [i, r] of reports.entries()) appendAll(figures[i], speedFigures(r));
  }
  return cases.map((c, i) => ({
    name: refs[i].name,
    fingerprint: fingerprint({ scenarioHash: c.scenarioHash, seed: c.seed }, options.machine),
    figures: figures[i],
  }));
}

const WORKER = fileURLToPath(codeModule('bench/worker'));

/** One speed process. Its own Node flags only: a parent's (--test, --cpu-prof) would change what is measured. */
function runWorker(request: WorkerRequest): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(request)], {
      // Single-threaded GC: the collector's work is CPU time of the code whose garbage it collects,
      // not of helper threads that run on into the reference's blocks (interleave.ts).
      execArgv: ['--single-threaded-gc', ...childExecArgv(request.ref.kind === 'module' ? [request.ref.module] : [])],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let report: WorkerReport | undefined;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('message', (m) => {
      report = m as WorkerReport;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (report !== undefined && code === 0) resolve(report);
      else {
        const how = signal ?? `exit code ${code}`;
        reject(
          new Error(
            `${request.ref.name}: speed process failed (${how})${stderr ? `:\n${stderr.trim()}` : ''}`,
          ),
        );
      }
    });
  });
}
