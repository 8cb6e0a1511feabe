import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import {
  currentMachine,
  describeDifference,
  type FingerprintDifference,
  fingerprint,
  fingerprintDifferences,
} from '../../src/bench/fingerprint.ts';
import type { Fingerprint } from '../../src/bench/results.ts';
import { TOOL } from '../../src/version.ts';
import { FINGERPRINT } from './fixtures.ts';

describe('fingerprint', () => {
  it('names this machine: the simulator version, Node and the CPU model', () => {
    const machine = currentMachine();
    assert.equal(machine.tool, `${TOOL.name} ${TOOL.version}`);
    assert.equal(machine.node, process.version);
    assert.equal(machine.cpu, os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() || 'unknown CPU');
  });

  it('joins the input (scenario hash, seed) with the machine', () => {
    const machine = { tool: 'gitops-sim 9.9.9', node: 'v99.0.0', cpu: 'Some CPU' };
    assert.deepEqual(fingerprint({ scenarioHash: 'abc', seed: 'word' }, machine), {
      scenarioHash: 'abc',
      seed: 'word',
      ...machine,
    });
  });

  const cases: [string, Partial<Fingerprint>, FingerprintDifference[]][] = [
    ['identical', {}, []],
    [
      'another scenario',
      { scenarioHash: 'ef'.repeat(32) },
      [{ field: 'scenarioHash', affects: 'results', baseline: 'ab'.repeat(32), current: 'ef'.repeat(32) }],
    ],
    // The streams are seeded by the value: 42 and "42" are told apart, and shown so.
    [
      'a seed as a word',
      { seed: '42' },
      [{ field: 'seed', affects: 'results', baseline: '42', current: '"42"' }],
    ],
    ['no seed', { seed: null }, [{ field: 'seed', affects: 'results', baseline: '42', current: 'none' }]],
    [
      'another version',
      { tool: 'gitops-sim 0.2.0' },
      [{ field: 'tool', affects: 'results', baseline: 'gitops-sim 0.1.0', current: 'gitops-sim 0.2.0' }],
    ],
    [
      'another machine, and another seed: results first',
      { cpu: 'Intel Xeon', node: 'v22.1.0', seed: 7 },
      [
        { field: 'seed', affects: 'results', baseline: '42', current: '7' },
        { field: 'node', affects: 'machine', baseline: 'v20.20.2', current: 'v22.1.0' },
        { field: 'cpu', affects: 'machine', baseline: 'AMD EPYC', current: 'Intel Xeon' },
      ],
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(`differences: ${name}`, () => {
      assert.deepEqual(fingerprintDifferences(FINGERPRINT, { ...FINGERPRINT, ...change }), expected);
    });
  }

  it('describes a difference in a few words, hashes shortened', () => {
    const [hash] = fingerprintDifferences(FINGERPRINT, { ...FINGERPRINT, scenarioHash: 'ef'.repeat(32) });
    assert.equal(describeDifference(hash), 'scenarioHash abababababab -> efefefefefef');
    const [cpu] = fingerprintDifferences(FINGERPRINT, { ...FINGERPRINT, cpu: 'Intel Xeon' });
    assert.equal(describeDifference(cpu), 'cpu AMD EPYC -> Intel Xeon');
  });
});
