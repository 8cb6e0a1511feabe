import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream, RandomStreams } from '../../src/engine/random.ts';
import { type DriftEvent, type DriftSpec, HPA_SYNC_PERIOD_MS, startDrift } from '../../src/disturbance/drift.ts';
import { pollingDouble } from '../delivery/pollingDouble.ts';
import { instantPush } from '../delivery/fixtures.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

const sampler = (text: string) => compileSampler(parseDistribution(text));
const REPLICAS = 4;

interface Options {
  readonly apps?: number;
  readonly imageRef?: 'digest' | 'tag';
  readonly delivery?: 'none' | 'push' | 'pull';
  readonly nodes?: number;
}

/** Apps running build 1 (tag 1.0.1) with 4 replicas on 4 nodes (one pod per node for one app). */
function world(specs: readonly DriftSpec[], options: Options = {}) {
  const engine = new Engine();
  const registry = newRegistry();
  const v1 = Array.from({ length: options.apps ?? 1 }, (_, i) => build(registry, `r/app-${i + 1}`, 1));
  const manifests = v1.map((b) => ({
    image: options.imageRef === 'tag' ? b.tagRef : b.ref,
    replicas: REPLICAS,
    strategy: ROLLING,
  }));
  const { cluster } = smallCluster(manifests, { nodes: options.nodes ?? 4 }, registry, engine);
  const git = new GitRepo(
    engine,
    manifests.map((desired, i) => ({ desired, intendedDigest: v1[i].digest })),
    0,
  );
  if (options.delivery === 'push') instantPush(engine, git, cluster);
  if (options.delivery === 'pull') {
    pollingDouble(engine, git, cluster, 60_000).start();
  }
  const availability: [number, boolean][] = [];
  const drift = startDrift(specs, {
    engine,
    cluster,
    git,
    registry,
    delivery: { setAvailable: (up) => availability.push([engine.now, up]) },
    streams: new RandomStreams(7, 0),
    releaseTag: () => '1.0.1',
  });
  const events: DriftEvent[] = [];
  drift.onDrift((event) => events.push(event));
  return { engine, registry, cluster, git, v1, manifests, events, availability };
}

type World = ReturnType<typeof world>;

const AT = 60_000;

test('each drift kind does what it says', () => {
  const table: {
    name: string;
    spec: DriftSpec;
    options?: Options;
    before?: (w: World) => void;
    /** Checked just after the event. */
    check: (w: World, event: DriftEvent) => void;
  }[] = [
    {
      name: 'manualScale sets other replicas, never below 0',
      spec: { kind: 'manualScale', atMs: [AT], maxDelta: 10 },
      check: (w, e) => {
        const replicas = w.cluster.spec(0)!.replicas;
        assert.notEqual(replicas, REPLICAS);
        assert.ok(replicas >= 0 && Math.abs(replicas - REPLICAS) <= 10);
        assert.equal(e.app, 0);
      },
    },
    {
      name: "manualImage sets the previous release's reference",
      spec: { kind: 'manualImage', atMs: [AT] },
      options: { delivery: 'push' },
      before: (w) => {
        const v2 = build(w.registry, 'r/app-1', 2);
        w.git.commit(0, { ...w.manifests[0], image: v2.ref }, v2.digest);
      },
      check: (w) => {
        assert.equal(w.cluster.spec(0)!.image, w.v1[0].ref);
        assert.equal(w.cluster.spec(0)!.replicas, REPLICAS);
      },
    },
    {
      name: 'deleteResource deletes the Deployment and its pods',
      spec: { kind: 'deleteResource', atMs: [AT] },
      check: (w) => {
        assert.equal(w.cluster.spec(0), null);
        assert.equal(w.cluster.activePods(0), 0);
      },
    },
    {
      name: 'hpa sets its own count at its next sync',
      spec: { kind: 'hpa', atMs: [AT], min: 6, max: 6 },
      check: (w, e) => {
        assert.equal(w.cluster.spec(0)!.replicas, 6);
        assert.ok(e.atMs < HPA_SYNC_PERIOD_MS, `first sync at ${e.atMs} ms, within one period`);
      },
    },
    {
      name: 'podCrash takes one Ready pod down',
      spec: { kind: 'podCrash', atMs: [AT] },
      check: (w) => {
        assert.equal(w.cluster.stats().crashes, 1);
        assert.equal(w.cluster.readyPods(0), REPLICAS - 1);
      },
    },
    {
      name: 'nodeFailure takes a node down for downFor',
      spec: { kind: 'nodeFailure', atMs: [AT], downFor: sampler('2m') },
      check: (w, e) => {
        assert.ok(e.node !== null && !w.cluster.isNodeUp(e.node));
        assert.equal(e.untilMs, AT + 120_000);
        w.engine.run(AT + 120_000);
        assert.ok(w.cluster.isNodeUp(e.node));
      },
    },
    {
      name: 'tagMoved re-pushes the tag Git names to new bytes, Git unchanged',
      spec: { kind: 'tagMoved', atMs: [AT] },
      options: { imageRef: 'tag' },
      check: (w) => {
        const moved = w.registry.resolve(w.v1[0].tagRef, AT);
        assert.ok(moved !== undefined && moved !== w.v1[0].digest);
        assert.equal(w.git.head, 0);
        assert.equal(w.cluster.readyWith(0, w.v1[0].digest), REPLICAS, 'running pods keep their bytes');
      },
    },
    {
      name: "tagMoved under a digest moves the latest release's tag",
      spec: { kind: 'tagMoved', atMs: [AT] },
      check: (w) => {
        assert.notEqual(w.registry.resolve(w.v1[0].tagRef, AT), w.v1[0].digest);
        assert.equal(w.registry.resolve(w.v1[0].ref, AT), w.v1[0].digest);
      },
    },
    {
      name: 'controllerOutage takes the delivery system down for downFor',
      spec: { kind: 'controllerOutage', atMs: [AT], downFor: sampler('5m') },
      check: (w) => {
        w.engine.run(AT + 600_000);
        assert.deepEqual(w.availability, [
          [AT, false],
          [AT + 300_000, true],
        ]);
      },
    },
    {
      name: 'gitOutage makes fetches fail for downFor',
      spec: { kind: 'gitOutage', atMs: [AT], downFor: sampler('5m') },
      check: (w) => {
        assert.equal(w.git.isAvailable(), false);
        w.engine.run(AT + 300_000);
        assert.equal(w.git.isAvailable(), true);
      },
    },
    {
      name: 'registryOutage makes the registry unavailable for downFor',
      spec: { kind: 'registryOutage', atMs: [AT], downFor: sampler('5m') },
      check: (w, e) => {
        assert.equal(w.registry.isAvailable(AT), false);
        assert.equal(w.registry.isAvailable(AT + 300_000), true);
        assert.equal(e.untilMs, AT + 300_000);
      },
    },
  ];
  for (const row of table) {
    const w = world([row.spec], row.options);
    row.before?.(w);
    w.engine.run(AT);
    assert.equal(w.events.length, 1, `${row.name}: one event`);
    const [event] = w.events;
    assert.equal(event.kind, row.spec.kind, row.name);
    row.check(w, event);
  }
});

test('a drift that would change nothing emits nothing', () => {
  const table: { name: string; specs: DriftSpec[]; options?: Options; expected: DriftEvent['kind'][] }[] = [
    { name: 'a second delete', specs: [{ kind: 'deleteResource', atMs: [1000, 2000] }], expected: ['deleteResource'] },
    { name: 'manualImage without an earlier release', specs: [{ kind: 'manualImage', atMs: [1000] }], expected: [] },
    {
      name: 'the only node failing twice',
      specs: [{ kind: 'nodeFailure', atMs: [1000, 2000], downFor: sampler('1h') }],
      options: { nodes: 1 },
      expected: ['nodeFailure'],
    },
    {
      name: 'tagMoved while the registry is down',
      specs: [
        { kind: 'registryOutage', atMs: [500], downFor: sampler('1h') },
        { kind: 'tagMoved', atMs: [1000] },
      ],
      expected: ['registryOutage'],
    },
    { name: 'an outage of zero length', specs: [{ kind: 'gitOutage', atMs: [1000], downFor: sampler('0s') }], expected: [] },
  ];
  for (const { name, specs, options, expected } of table) {
    const w = world(specs, options);
    w.engine.run(10_000);
    assert.deepEqual(
      w.events.map((e) => e.kind),
      expected,
      name,
    );
  }
});

test('every: events at the drawn intervals, numbered in order', () => {
  const w = world([{ kind: 'manualScale', every: sampler('10m') }]);
  w.engine.run(86_400_000);
  assert.equal(w.events.length, 144);
  assert.deepEqual(
    w.events.slice(0, 3).map((e) => [e.id, e.atMs]),
    [
      [0, 600_000],
      [1, 1_200_000],
      [2, 1_800_000],
    ],
  );
});

test('adding an entry changes no other entry: each draws from its own streams', () => {
  const scale: DriftSpec = { kind: 'manualScale', every: sampler('exp(20m)') };
  const crash: DriftSpec = { kind: 'podCrash', every: sampler('exp(30m)') };
  const run = (specs: DriftSpec[]) => {
    const w = world(specs, { apps: 3 });
    w.engine.run(86_400_000);
    return w.events;
  };
  const alone = run([scale]);
  const withOther = run([scale, { kind: 'gitOutage', every: sampler('exp(1h)'), downFor: sampler('uniform(1m, 10m)') }]);
  const strip = (events: DriftEvent[]) => events.filter((e) => e.kind === 'manualScale').map(({ id: _, ...e }) => e);
  assert.ok(alone.length > 30);
  assert.deepEqual(strip(withOther), strip(alone));
  // Same entries, same seed: the same events.
  assert.deepEqual(run([scale, crash]), run([scale, crash]));
});

test('overlapping outages: the service is up again only when the last one ends', () => {
  const w = world([
    { kind: 'controllerOutage', atMs: [1000], downFor: sampler('10m') },
    { kind: 'controllerOutage', atMs: [60_000], downFor: sampler('1m') },
    { kind: 'gitOutage', atMs: [1000], downFor: sampler('10m') },
    { kind: 'gitOutage', atMs: [60_000], downFor: sampler('1m') },
  ]);
  w.engine.run(300_000);
  assert.equal(w.git.isAvailable(), false, 'the shorter outage did not cut the longer one');
  w.engine.run(601_000);
  assert.equal(w.git.isAvailable(), true);
  assert.deepEqual(w.availability, [
    [1000, false],
    [601_000, true],
  ]);
});

/** Controller outages of `specs` against a delivery system of `parts` independent parts: its calls and the events. */
function outages(specs: readonly DriftSpec[], parts: number | undefined, seed = 7, untilMs = 10_000_000) {
  const engine = new Engine();
  const registry = newRegistry();
  const v1 = build(registry, 'r/app-1', 1);
  const manifests = [{ image: v1.ref, replicas: REPLICAS, strategy: ROLLING }];
  const { cluster } = smallCluster(manifests, {}, registry, engine);
  const git = new GitRepo(engine, [{ desired: manifests[0], intendedDigest: v1.digest }], 0);
  const calls: [number, boolean, number | undefined][] = [];
  const delivery = {
    independentParts: parts,
    setAvailable: (up: boolean, part?: number) => calls.push([engine.now, up, part]),
  };
  const drift = startDrift(specs, { engine, cluster, git, registry, delivery, streams: new RandomStreams(seed, 0) });
  const events: DriftEvent[] = [];
  drift.onDrift((event) => events.push(event));
  engine.run(untilMs);
  return { calls, events };
}

test('an outage takes one independent part down, drawn from a stream of its own; overlaps count per part', () => {
  const downFor = sampler('uniform(1m, 20m)');
  const spec: DriftSpec = { kind: 'controllerOutage', every: sampler('exp(10m)'), downFor };
  const { calls, events } = outages([spec], 3);
  const parts = calls.map(([, , part]) => part);
  assert.deepEqual([...new Set(parts)].sort(), [0, 1, 2], 'each part is picked, always one');
  // Per part, downs and ups alternate: an outage of a part already down neither takes it down again nor
  // brings it up before the longer one ends.
  for (const p of [0, 1, 2]) {
    const ups = calls.filter(([, , part]) => part === p).map(([, up]) => up);
    assert.ok(ups.every((up, i) => up === (i % 2 === 1)), `part ${p}: ${ups}`);
  }
  let down = 0;
  let overlapped = false;
  for (const [, up] of calls) {
    down += up ? -1 : 1;
    overlapped ||= down > 1;
  }
  assert.ok(overlapped, 'outages of different parts overlapped');
  // The pick shifts no other draw: the same outages at the same times, for as long, as with one part.
  assert.deepEqual(outages([spec], undefined).events, events);
});

test('overlapping outages of the same part and of different parts', () => {
  const specs: DriftSpec[] = [
    { kind: 'controllerOutage', atMs: [1000], downFor: sampler('10m') },
    { kind: 'controllerOutage', atMs: [60_000], downFor: sampler('1m') },
  ];
  const cases = new Set<string>();
  for (let seed = 1; cases.size < 2; seed++) {
    assert.ok(seed < 50, 'both cases within 50 seeds');
    // The part each entry picks: the first draw of its stream of its own, named as the drift sources name it.
    const [p, q] = [0, 1].map((i) => Math.floor(createStream(seed, `drift.${i}.controllerOutage.part`, 0).next() * 2));
    const { calls } = outages(specs, 2, seed, 3_600_000);
    if (p === q) {
      cases.add('same');
      assert.deepEqual(calls, [
        [1000, false, p],
        [601_000, true, p],
      ], `seed ${seed}: the shorter outage did not bring part ${p} up`);
    } else {
      cases.add('different');
      assert.deepEqual(calls, [
        [1000, false, p],
        [60_000, false, q],
        [120_000, true, q],
        [601_000, true, p],
      ], `seed ${seed}`);
    }
  }
});

test('an HPA fights a pull controller: Git wins at each refresh, the HPA 15s-periodic syncs win back', () => {
  const w = world([{ kind: 'hpa', atMs: [], min: 7, max: 7 }], { delivery: 'pull' });
  const replicas: [number, number, string][] = [];
  w.cluster.onSpecChange((app, actor) => replicas.push([w.engine.now, w.cluster.spec(app)!.replicas, actor]));
  w.engine.run(600_000);
  const hpa = replicas.filter(([, , actor]) => actor === 'hpa');
  const delivery = replicas.filter(([, , actor]) => actor === 'delivery');
  // A refresh every minute resets to Git's 4; the HPA sets 7 again within one sync period.
  assert.ok(delivery.length >= 9, `${delivery.length} resets`);
  // The HPA went first (its first sync is within 15s), then answers each reset; the last answer may fall after the end.
  assert.ok(hpa.length === delivery.length || hpa.length === delivery.length + 1);
  assert.ok(hpa[0][0] < delivery[0][0]);
  for (const [atMs, count] of delivery) assert.equal(count, REPLICAS, `reset at ${atMs}`);
  for (const [atMs, count] of hpa) assert.equal(count, 7, `hpa at ${atMs}`);
  for (let i = 0; i + 1 < hpa.length; i++) {
    const gapMs = hpa[i + 1][0] - delivery[i][0];
    assert.ok(gapMs > 0 && gapMs <= HPA_SYNC_PERIOD_MS, `HPA back after ${gapMs} ms`);
  }
  assert.equal(w.events.length, hpa.length);
});

test('a drift entry at a time in the past is refused', () => {
  const engine = new Engine();
  engine.run(5000);
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const desired = { image: v1.ref, replicas: 1, strategy: ROLLING };
  const { cluster } = smallCluster([desired], {}, registry, engine);
  const git = new GitRepo(engine, [{ desired, intendedDigest: v1.digest }], 0);
  const world = {
    engine,
    cluster,
    git,
    registry,
    delivery: { setAvailable: () => {} },
    streams: new RandomStreams(1, 0),
  };
  assert.throws(() => startDrift([{ kind: 'podCrash', atMs: [1000] }], world), RangeError);
  assert.throws(() => startDrift([{ kind: 'hpa', atMs: [], min: 3, max: 2 }], world), RangeError);
});
