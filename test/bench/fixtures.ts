import type { BenchResult, ExactFigure, Fingerprint, SpeedFigure } from '../../src/bench/results.ts';

export const FINGERPRINT: Fingerprint = {
  scenarioHash: 'ab'.repeat(32),
  seed: 42,
  tool: 'gitops-sim 0.1.0',
  node: 'v20.20.2',
  cpu: 'AMD EPYC',
};

/** `better: undefined` means no direction: the key is dropped, as a bench file read back has it. */
export function exact(fields: Partial<ExactFigure> = {}): ExactFigure {
  const figure = {
    kind: 'exact',
    subject: 'pull',
    measure: 'convergenceP95Ms',
    unit: 'ms',
    value: 1000,
    better: 'lower',
    ...fields,
  };
  return JSON.parse(JSON.stringify(figure));
}

export function speed(fields: Partial<SpeedFigure> = {}): SpeedFigure {
  return {
    kind: 'speed',
    subject: null,
    measure: 'eventsPerSec',
    unit: 'events/s',
    better: 'higher',
    value: 1_000_000,
    lower: 990_000,
    upper: 1_010_000,
    noise: 0.01,
    samples: 30,
    processes: 3,
    ...fields,
  };
}

/** The gated speed figure: a rate over the reference workload's, per process, median over processes. */
export function ratio(fields: Partial<SpeedFigure> = {}): SpeedFigure {
  return speed({
    measure: 'speedRatio',
    unit: 'ratio',
    value: 0.8,
    lower: 0.79,
    upper: 0.81,
    noise: 0.0125,
    samples: 3,
    ...fields,
  });
}

export function result(fields: Partial<BenchResult> = {}): BenchResult {
  return {
    name: 'default',
    fingerprint: FINGERPRINT,
    figures: [
      exact(),
      exact({ measure: 'correctness', unit: 'ratio', value: 0.99, better: 'higher' }),
      ratio(),
      speed(),
    ],
    ...fields,
  };
}
