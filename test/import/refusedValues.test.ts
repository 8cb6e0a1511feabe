import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emitScenario, type Section } from '../../src/import/emit.ts';
import { REFUSED_KIND, withoutRefused } from '../../src/import/refusedValues.ts';
import { sourced } from '../../src/import/sourced.ts';
import { Warnings } from '../../src/import/warnings.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

/** A draft body that loads, with `apps` and the pull variant's delivery as given. */
function body(apps: Section, delivery: Section): Section {
  return {
    name: sourced('imported', 'default (--name)'),
    apps,
    variants: [
      { name: sourced('push', 'default'), delivery: { type: sourced('push', 'default') } },
      { name: sourced('pull', 'default'), delivery },
    ],
  };
}

test('a draft the scenario takes is written as it is, with no warning', () => {
  const draft = body({ replicas: sourced(3, 'd.yaml:7 spec.replicas') }, { type: sourced('pull', 'a.yaml:1 kind') });
  const warnings = new Warnings();
  const text = withoutRefused(['h'], warnings, draft);
  assert.equal(text, emitScenario(['h'], new Warnings(), draft));
  assert.deepEqual(warnings.list, []);
});

test('each value the scenario refuses is dropped with a warning naming where it came from; the rest loads', () => {
  const draft = body(
    { replicas: sourced(100000, 'd.yaml:7 spec.replicas'), count: sourced(2, 'default') },
    { type: sourced('pull', 'a.yaml:1 kind'), interval: sourced('soon', 'a.yaml:9 spec.interval') },
  );
  const warnings = new Warnings();
  const text = withoutRefused(['h'], warnings, draft);
  assert.deepEqual(
    warnings.list.map((w) => [w.kind, w.where, w.message]),
    [
      [REFUSED_KIND, 'd.yaml:7 spec.replicas', 'apps.replicas: expected a whole number <= 10000, found 100000; default kept'],
      [REFUSED_KIND, 'a.yaml:9 spec.interval', 'variants.1.delivery.interval: expected a duration like 500ms, 30s, 2m, 1h30m or 7d, found "soon"; default kept'],
    ],
  );
  const scenario = loadScenarioText(text, 'imported.yaml');
  assert.equal(scenario.apps.count, 2);
  assert.match(text, /# {3}\(refused by the scenario\) \(2\):/);
});

test('a refusal no value can answer (a required setting missing) leaves the text as it is', () => {
  const draft: Section = { name: sourced('imported', 'default (--name)') };
  const warnings = new Warnings();
  assert.equal(withoutRefused(['h'], warnings, draft), emitScenario(['h'], new Warnings(), draft));
  assert.deepEqual(warnings.list, []);
});
