/**
 * The project's own benchmark suite: what `gitops-sim bench` runs without
 * scenario files, and what bench/baseline.json holds. The engine against its
 * floor, the Deployment controller's rollout math, the bundled default
 * scenario, and the large fleet of bench/scenarios/scale.yaml, each timed
 * against the reference workload (src/bench/reference.ts). The whole suite
 * took about 3 minutes on the two-core development machine shared with other
 * work (load average 10; 1 min 17 s of user CPU time); to keep it there, the scale
 * scenario's speed is timed on its push variant only (about 1 s a run: the
 * cluster model at 50,000 pods), while its exact figures cover both variants.
 * The pull controller's speed is in the default scenario's pull variants.
 * Last, a sweep's points on 1 and on 2 workers (bench/cases/sweep.ts): the
 * speed-up of a second core, which only an idle machine can show, and what
 * the second worker costs in CPU time, which any machine can.
 */
import { fileURLToPath } from 'node:url';
import type { CaseRef } from '../src/bench/cases.ts';

const here = (relative: string) => new URL(relative, import.meta.url);

export const SUITE: readonly CaseRef[] = [
  { kind: 'module', name: 'engine', module: here('./cases/engine.ts').href },
  { kind: 'module', name: 'rollout', module: here('./cases/rollout.ts').href },
  { kind: 'scenario', name: 'default', file: fileURLToPath(here('../scenarios/default.yaml')) },
  {
    kind: 'scenario',
    name: 'scale',
    file: fileURLToPath(here('./scenarios/scale.yaml')),
    speedVariants: ['push'],
  },
  { kind: 'module', name: 'sweep', module: here('./cases/sweep.ts').href },
];
