/**
 * The project's own benchmark suite: what `gitops-sim bench` runs without
 * scenario files, and what bench/baseline.json holds. The engine against its
 * floor, the Deployment controller's rollout math, the bundled default
 * scenario, the large fleet of bench/scenarios/scale.yaml, the 50,000 apps
 * of bench/scenarios/capacity-50k.yaml, and a sweep's points on 1 and on 2
 * workers (bench/cases/sweep.ts), each timed against the reference workload
 * (src/bench/reference.ts). The scale scenario's variants are timed apart, and
 * with capacity-50k a run takes seconds, so those cases take one warm-up run
 * and one timed run per process (TIMED_ONCE). The sweep case gives the
 * speed-up of a second core, which only an idle machine can show, and what
 * the second worker costs in CPU time, which any machine can.
 *
 * The horizon case runs `gitops-sim run` of the default scenario over a week
 * and over a year and compares their peak memory (bench/cases/horizon.ts).
 *
 * Targets (src/bench/targets.ts; issue "Speed where users wait"), absolute
 * figures printed after the results and never gated: for an idle 2-core
 * machine, a week of the scale scenario in under 0.7 s (push) and 3 s (pull),
 * the capacity scenario in under 5 s and 400 MB per run (listed here), and 2
 * sweep workers at least 1.8x one (bench/cases/sweep.ts); on any machine, a
 * year's peak memory under 2x a week's (bench/cases/horizon.ts). The
 * process's peak memory includes the runtime and the reference workload's
 * few MB.
 */
import { fileURLToPath } from 'node:url';
import type { CaseRef } from '../src/bench/cases.ts';

const here = (relative: string) => new URL(relative, import.meta.url);

/** One warm-up run, then one timed run between two reference blocks, in each process. */
const TIMED_ONCE = { warmupRuns: 1, warmupTimeMs: 0, minSamples: 1, sampleTimeMs: 0 };
const IDLE_2_CORES = 'an idle 2-core machine';

export const SUITE: readonly CaseRef[] = [
  { kind: 'module', name: 'engine', module: here('./cases/engine.ts').href },
  { kind: 'module', name: 'rollout', module: here('./cases/rollout.ts').href },
  { kind: 'scenario', name: 'default', file: fileURLToPath(here('../scenarios/default.yaml')) },
  {
    kind: 'scenario',
    name: 'scale',
    file: fileURLToPath(here('./scenarios/scale.yaml')),
    speedVariants: ['push', 'pull/3m'],
    speedPerVariant: true,
    timing: TIMED_ONCE,
    targets: [
      { subject: 'push', measure: 'wallMs', below: 700, source: IDLE_2_CORES },
      { subject: 'pull/3m', measure: 'wallMs', below: 3000, source: IDLE_2_CORES },
    ],
  },
  {
    kind: 'scenario',
    name: 'capacity-50k',
    file: fileURLToPath(here('./scenarios/capacity-50k.yaml')),
    timing: TIMED_ONCE,
    targets: [
      { subject: null, measure: 'wallMs', below: 5000, source: IDLE_2_CORES },
      { subject: null, measure: 'peakRssBytes', below: 400e6, source: IDLE_2_CORES },
    ],
  },
  { kind: 'module', name: 'sweep', module: here('./cases/sweep.ts').href },
  { kind: 'module', name: 'horizon', module: here('./cases/horizon.ts').href, processes: 1 },
];
