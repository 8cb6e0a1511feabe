import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StrategyInput } from '../../src/import/kubernetes.ts';
import { checkedStrategy } from '../../src/import/strategy.ts';
import { Warnings } from '../../src/import/warnings.ts';

const FROM = 'c.yaml:13 spec.analysis';

/** Each strategy as read from a manifest, what is left of it, and the warnings. */
const cases: [string, StrategyInput, StrategyInput | undefined, string[]][] = [
  ['a strategy the scenario takes: unchanged', { type: 'Flagger', interval: '30s', stepWeight: 20, maxWeight: 60 }, { type: 'Flagger', interval: '30s', stepWeight: 20, maxWeight: 60 }, []],
  [
    'an interval that is no duration: dropped',
    { type: 'Flagger', interval: 'Recreate', threshold: 3 },
    { type: 'Flagger', threshold: 3 },
    ['Flagger interval "Recreate": a duration like 500ms, 30s, 2m, 1h30m or 7d; default kept'],
  ],
  [
    'a step above maxWeight: dropped, its default taken',
    { type: 'Flagger', stepWeight: 70, maxWeight: 60 },
    { type: 'Flagger', maxWeight: 60 },
    ['Flagger stepWeight 70: a step no larger than maxWeight (60); default kept'],
  ],
  [
    'a setting refused: dropped with a warning; an interval under 10s kept (Flagger runs it as 10s)',
    { type: 'Flagger', interval: '5s', maxWeight: 1000 },
    { type: 'Flagger', interval: '5s' },
    ['Flagger maxWeight 1000: a traffic weight in percent, a whole number from 1 to 100; default kept'],
  ],
  [
    'a canary step out of range: that step skipped',
    { type: 'Canary', steps: [{ setWeight: 20 }, { setWeight: 1000 }, { setWeight: 100 }] },
    { type: 'Canary', steps: [{ setWeight: 20 }, { setWeight: 100 }] },
    ['Canary steps.1.setWeight 1000: a traffic weight in percent, a whole number from 1 to 100; step skipped'],
  ],
  [
    'a maxSurge the scenario cannot read: dropped',
    { type: 'RollingUpdate', maxSurge: 'abc%', maxUnavailable: 1 },
    { type: 'RollingUpdate', maxUnavailable: 1 },
    ['RollingUpdate maxSurge "abc%": a whole number >= 0 or a percentage like "25%" (a string needs the %); default kept'],
  ],
  ['a type the scenario does not know: not mapped', { type: 'Rainbow' }, undefined, ["Rainbow type: Invalid discriminator value. Expected 'RollingUpdate' | 'Recreate' | 'Canary' | 'BlueGreen' | 'Flagger'; strategy not mapped"]],
];

for (const [name, read, left, messages] of cases) {
  test(`table: ${name}`, () => {
    const warnings = new Warnings();
    const checked = checkedStrategy('Canary', { value: read, from: FROM }, warnings);
    assert.deepEqual(checked?.value, left);
    if (checked !== undefined) assert.equal(checked.from, FROM);
    assert.deepEqual(
      warnings.list.map((w) => w.message),
      messages,
    );
    for (const w of warnings.list) assert.deepEqual([w.kind, w.where], ['Canary', FROM]);
  });
}
