import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyPoint,
  checkParams,
  formatValue,
  gridPoints,
  MAX_POINTS,
  type ParamValue,
  parseSet,
  type SweepParam,
} from '../../src/sweep/grid.ts';
import { planSweep } from '../../src/sweep/plan.ts';
import { SweepError } from '../../src/sweep/sweepError.ts';

describe('parseSet', () => {
  const good: [string, string, ParamValue[]][] = [
    ['apps.replicas=2,4,8', 'apps.replicas', [2, 4, 8]],
    ['seed=7', 'seed', [7]],
    ['horizon=1d, 12h', 'horizon', ['1d', '12h']],
    ['ci.badRelease=0.01,.5,1e-2x', 'ci.badRelease', [0.01, 0.5, '1e-2x']],
    ['variants.1.delivery.webhook=true,false', 'variants.1.delivery.webhook', [true, false]],
    [
      'ci.commits.every=exp(1h),uniform(1s, 5s),normal(1m,5s)',
      'ci.commits.every',
      ['exp(1h)', 'uniform(1s, 5s)', 'normal(1m,5s)'],
    ],
    ['name="a,b",\'c\',d=e', 'name', ['a,b', 'c', 'd=e']],
    ['seed="7",7', 'seed', ['7', 7]],
    ['apps.strategy.maxSurge=25%,1', 'apps.strategy.maxSurge', ['25%', 1]],
    ['description=~', 'description', [null]],
  ];
  for (const [text, path, values] of good) {
    it(`reads ${text}`, () => {
      const param = parseSet(text);
      assert.deepEqual({ path: param.path, values: param.values }, { path, values });
    });
  }

  it('keeps each value as typed, for messages', () => {
    assert.deepEqual(parseSet('apps.count=.inf, ~ ,0x10').given, ['.inf', '~', '0x10']);
  });

  const bad: [string, RegExp][] = [
    ['apps.replicas', /^--set apps\.replicas: expected path=value1,value2/],
    ['=1,2', /expected a dotted field path/],
    ['apps..replicas=1', /expected a dotted field path/],
    ['apps.replicas=', /an empty value/],
    ['apps.replicas=1,,2', /an empty value/],
    ['apps.replicas=2,2.0', /2 is given twice/],
    ['apps.replicas=[1, 2]', /"\[1, 2\]" is not a single value/],
    ['apps={count: 2}', /is not a single value/],
    ['name="open', /is not a YAML value/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${text}`, () =>
      assert.throws(
        () => parseSet(text),
        (e: unknown) => e instanceof SweepError && message.test(e.message),
      ));
  }
});

describe('formatValue', () => {
  const cases: [ParamValue, string][] = [
    [4, '4'],
    [0.5, '0.5'],
    [true, 'true'],
    [null, 'null'],
    ['30s', '30s'],
    ['uniform(1s, 5s)', 'uniform(1s, 5s)'],
    ['7', '"7"'],
    ['true', '"true"'],
    ['', '""'],
    [' x', '" x"'],
  ];
  for (const [value, text] of cases)
    it(`${JSON.stringify(value)} -> ${text}`, () => assert.equal(formatValue(value), text));
});

describe('checkParams', () => {
  const param = (path: string): SweepParam => ({ path, values: [1] });
  it('takes distinct, disjoint paths', () => checkParams([param('apps.replicas'), param('apps.count')]));
  for (const [paths, message] of [
    [[], /name at least one field/],
    [['apps.replicas', 'apps.replicas'], /--set apps\.replicas is given twice/],
    [
      ['apps.strategy.maxSurge', 'apps.strategy'],
      /--set apps\.strategy and --set apps\.strategy\.maxSurge overlap/,
    ],
  ] as const) {
    it(`refuses ${paths.join(' ') || 'nothing'}`, () =>
      assert.throws(() => checkParams(paths.map(param)), message));
  }
});

describe('gridPoints', () => {
  it('is the cartesian product, the first parameter slowest, with ids and sortable names', () => {
    const points = gridPoints([
      { path: 'apps.replicas', values: [4, 2] },
      { path: 'ci.commits.every', values: ['exp(1h)', 'uniform(1s, 5s)', '9'] },
    ]);
    assert.deepEqual(
      points.map((p) => [p.index, p.values, p.id, p.name]),
      [
        [
          0,
          [4, 'exp(1h)'],
          'apps.replicas=4,ci.commits.every=exp(1h)',
          '000-apps.replicas=4,ci.commits.every=exp_1h_',
        ],
        [
          1,
          [4, 'uniform(1s, 5s)'],
          'apps.replicas=4,ci.commits.every=uniform(1s, 5s)',
          '001-apps.replicas=4,ci.commits.every=uniform_1s,_5s_',
        ],
        [2, [4, '9'], 'apps.replicas=4,ci.commits.every="9"', '002-apps.replicas=4,ci.commits.every=_9_'],
        [
          3,
          [2, 'exp(1h)'],
          'apps.replicas=2,ci.commits.every=exp(1h)',
          '003-apps.replicas=2,ci.commits.every=exp_1h_',
        ],
        [
          4,
          [2, 'uniform(1s, 5s)'],
          'apps.replicas=2,ci.commits.every=uniform(1s, 5s)',
          '004-apps.replicas=2,ci.commits.every=uniform_1s,_5s_',
        ],
        [5, [2, '9'], 'apps.replicas=2,ci.commits.every="9"', '005-apps.replicas=2,ci.commits.every=_9_'],
      ],
    );
  });

  it('pads the index to the grid size', () => {
    const points = gridPoints([{ path: 'seed', values: Array.from({ length: 1200 }, (_, i) => i) }]);
    assert.equal(points[7].name, '0007-seed=7');
  });

  it(`refuses more than ${MAX_POINTS} points`, () =>
    assert.throws(
      () =>
        gridPoints([
          { path: 'a', values: Array.from({ length: 101 }, (_, i) => i) },
          { path: 'b', values: Array.from({ length: 100 }, (_, i) => i) },
        ]),
      /101 x 100 = 10100 points; at most 10000/,
    ));
});

describe('applyPoint', () => {
  const data = {
    apps: { replicas: 1 },
    cluster: { nodeFailures: null },
    variants: [
      { name: 'push', delivery: 'push' },
      { name: 'pull', delivery: { type: 'pull' } },
    ],
  };
  const apply = (paths: string[], values: ParamValue[]) =>
    applyPoint(
      data,
      paths.map((path) => ({ path, values })),
      values,
    );

  it('sets values at paths, creating mappings, indexing lists, leaving the input alone', () => {
    const result = apply(
      [
        'apps.replicas',
        'variants.1.delivery.interval',
        'registry.outages.every',
        'cluster.nodeFailures.every',
      ],
      [4, '30s', 'exp(1h)', 'exp(2h)'],
    );
    assert.deepEqual(result, {
      apps: { replicas: 4 },
      cluster: { nodeFailures: { every: 'exp(2h)' } },
      variants: [
        { name: 'push', delivery: 'push' },
        { name: 'pull', delivery: { type: 'pull', interval: '30s' } },
      ],
      registry: { outages: { every: 'exp(1h)' } },
    });
    assert.equal(data.apps.replicas, 1);
  });

  it('sets __proto__ as a key of the data, never the prototype', () => {
    const result = apply(['__proto__.polluted'], [1]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(JSON.stringify(result).includes('"__proto__":{"polluted":1}'), true);
  });

  const bad: [string, RegExp][] = [
    [
      'variants.2.name',
      /--set variants\.2\.name: variants is a list of 2 items; expected an index from 0 to 1, found "2"/,
    ],
    ['variants.first.name', /found "first"/],
    ['variants.0.delivery.interval', /variants\.0\.delivery is "push", not a mapping, so it has no interval/],
    ['apps.replicas.max', /apps\.replicas is 1, not a mapping/],
  ];
  for (const [path, message] of bad) {
    it(`refuses ${path}`, () => assert.throws(() => apply([path], ['x']), message));
  }
});

describe('planSweep', () => {
  const text = `name: small
horizon: 1h
replications: 2
apps: { count: 2, replicas: 3 }
variants:
  - { name: push, delivery: push }
  - { name: pull, delivery: { type: pull } }
`;
  const plan = (sets: string[], replications?: number) =>
    planSweep(text, 'small.yaml', sets.map(parseSet), { replications });

  it('validates every point and hashes each resolved scenario', () => {
    const p = plan(['apps.replicas=2,4', 'variants.1.delivery.interval=30s,2m'], 5);
    assert.equal(p.points.length, 4);
    assert.deepEqual(p.scenario, { name: 'small', seed: 1, horizonMs: 3_600_000, replications: 5 });
    assert.deepEqual(
      p.points.map((q) => [q.scenario.apps.replicas, q.scenario.replications]),
      [
        [2, 5],
        [2, 5],
        [4, 5],
        [4, 5],
      ],
    );
    assert.deepEqual(
      p.points.map((q) => (q.scenario.variants[1].delivery as { intervalMs: number }).intervalMs),
      [30_000, 120_000, 30_000, 120_000],
    );
    assert.equal(new Set(p.points.map((q) => q.inputHash)).size, 4);
  });

  it('lets a --set of replications win over the override', () => {
    assert.deepEqual(
      plan(['replications=1,3'], 5).points.map((q) => q.scenario.replications),
      [1, 3],
    );
  });

  const bad: [string[], RegExp][] = [
    [
      ['apps.replicas=2,-1'],
      /^--set apps\.replicas=-1: apps\.replicas: expected a whole number >= 0, found -1$/,
    ],
    [
      ['apps.replicsa=2'],
      /^--set apps\.replicsa=2: apps\.replicsa: unknown key; .*did you mean "replicas"\?\)$/,
    ],
    [
      ['variants.1.delivery.interval=30s,soon'],
      /^--set variants\.1\.delivery\.interval=soon: variants\.1\.delivery\.interval: expected a duration/,
    ],
    [['apps.replicas=2,400'], /^sweep point apps\.replicas=400: cluster\.nodes: expected at least 8 nodes/],
    [['apps.replicas=-1,-2', 'seed=1,2'], /^--set apps\.replicas=-1: .*\n--set apps\.replicas=-2: [^\n]*$/],
    // Echoed as typed: .inf was "Infinity", and what was found "null" (JSON writes Infinity as null).
    [['apps.replicas=.inf'], /^--set apps\.replicas=\.inf: apps\.replicas: expected a whole number, found \.inf$/],
    [['apps.replicas=1e999,.nan'], /^--set apps\.replicas=1e999: .*found 1e999\n--set apps\.replicas=\.nan: .*found \.nan$/],
    [['seed=~'], /^--set seed=~: seed: expected .*, found ~$/],
    [['name=~'], /^--set name=~: name: expected .*, found ~$/],
  ];
  for (const [sets, message] of bad) {
    it(`refuses ${sets.join(' ')}, naming the --set`, () =>
      assert.throws(
        () => plan(sets),
        (e: unknown) => e instanceof SweepError && message.test(e.message),
      ));
  }
});
