/**
 * Fingerprints: what produced a benchmark result. Exact figures depend on the
 * input, the seed and the simulator's version; absolute speed figures also
 * on the machine. Comparing across a difference in the results is a
 * mismatch, never a silent pass; across machines, the exact figures still
 * compare (they come out the same everywhere), and so do the speed ratios
 * (gate.ts), which the machine moves far less than absolute speed.
 */
import os from 'node:os';
import { TOOL } from '../version.ts';
import type { Fingerprint } from './results.ts';

/** Fields that change the exact figures, and fields that change only the speed ones. */
const RESULT_FIELDS = ['scenarioHash', 'seed', 'tool'] as const;
const MACHINE_FIELDS = ['node', 'cpu'] as const;

export type FingerprintField = (typeof RESULT_FIELDS)[number] | (typeof MACHINE_FIELDS)[number];

export interface FingerprintDifference {
  readonly field: FingerprintField;
  /** 'results': nothing compares; 'machine': the exact figures and the speed ratios still do. */
  readonly affects: 'results' | 'machine';
  readonly baseline: string;
  readonly current: string;
}

export interface Machine {
  readonly tool: string;
  readonly node: string;
  readonly cpu: string;
}

/** This process: the simulator's version, Node's, and the CPU model as the OS names it. */
export function currentMachine(): Machine {
  // os.cpus() is empty where /proc is hidden; some kernels pad the model name with spaces.
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() || 'unknown CPU';
  return { tool: `${TOOL.name} ${TOOL.version}`, node: process.version, cpu };
}

export function fingerprint(
  input: { readonly scenarioHash: string; readonly seed: number | string | null },
  machine: Machine = currentMachine(),
): Fingerprint {
  return { scenarioHash: input.scenarioHash, seed: input.seed, ...machine };
}

/** Every field that differs, results fields first. */
export function fingerprintDifferences(baseline: Fingerprint, current: Fingerprint): FingerprintDifference[] {
  const differences: FingerprintDifference[] = [];
  const check = (fields: readonly FingerprintField[], affects: FingerprintDifference['affects']): void => {
    for (const field of fields) {
      // Strict: a number seed and the same digits as a word are different seeds to the random streams.
      if (baseline[field] === current[field]) continue;
      differences.push({
        field,
        affects,
        baseline: show(field, baseline[field]),
        current: show(field, current[field]),
      });
    }
  };
  check(RESULT_FIELDS, 'results');
  check(MACHINE_FIELDS, 'machine');
  return differences;
}

/** How this machine differs from the one that measured `baseline` (Node, CPU), before anything is measured. */
export function machineDifferences(baseline: Fingerprint, machine: Machine): FingerprintDifference[] {
  return fingerprintDifferences(baseline, { ...baseline, ...machine, tool: baseline.tool }).filter(
    (d) => d.affects === 'machine',
  );
}

/** Seeds as JSON (42 and "42" differ), no seed as "none". */
function show(field: FingerprintField, value: string | number | null): string {
  if (value === null) return 'none';
  return field === 'seed' ? JSON.stringify(value) : String(value);
}

/** "seed 42 -> 7", for messages. */
export function describeDifference(d: FingerprintDifference): string {
  const short = (v: string) => (d.field === 'scenarioHash' ? v.slice(0, 12) : v);
  return `${d.field} ${short(d.baseline)} -> ${short(d.current)}`;
}
