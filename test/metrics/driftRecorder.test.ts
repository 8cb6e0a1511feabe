import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { RandomStreams } from '../../src/engine/random.ts';
import { type DriftSpec, startDrift } from '../../src/disturbance/drift.ts';
import { pollingDouble } from '../delivery/pollingDouble.ts';
import { instantPush } from '../delivery/fixtures.ts';
import { DriftRecorder } from '../../src/metrics/driftRecorder.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

const sampler = (text: string) => compileSampler(parseDistribution(text));
const HORIZON = 3_600_000;
const INTERVAL = 60_000;

interface Options {
  readonly delivery: 'push' | 'pull';
  readonly imageRef?: 'digest' | 'tag' | 'latest';
}

/**
 * One app, 4 replicas on 4 nodes (a pod on each), drift as given, run to the horizon.
 * `openAt` gets openCount() at each instant of `sampleAtMs`.
 */
function run(
  specs: readonly DriftSpec[],
  options: Options,
  horizonMs = HORIZON,
  sampleAtMs: readonly number[] = [],
  openAt: number[] = [],
) {
  const engine = new Engine();
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1, options.imageRef === 'latest' ? 'latest' : '1.0.1');
  const desired = { image: options.imageRef === undefined || options.imageRef === 'digest' ? v1.ref : v1.tagRef, replicas: 4, strategy: ROLLING };
  const { cluster } = smallCluster([desired], {}, registry, engine);
  const git = new GitRepo(engine, [{ desired, intendedDigest: v1.digest }], 0);
  const delivery =
    options.delivery === 'push'
      ? instantPush(engine, git, cluster)
      : pollingDouble(engine, git, cluster, INTERVAL);
  delivery.start();
  const drift = startDrift(specs, {
    engine,
    cluster,
    git,
    registry,
    delivery,
    streams: new RandomStreams(5, 0),
    releaseTag: () => (options.imageRef === 'latest' ? 'latest' : '1.0.1'),
  });
  const recorder = new DriftRecorder(drift, cluster, git, registry, () => engine.now);
  for (const atMs of sampleAtMs) engine.at(atMs, () => openAt.push(recorder.openCount()));
  engine.run(horizonMs);
  return recorder.finish();
}

const AT = [600_000, 1_200_000, 1_800_000];

test('under push a spec drift stays open to the horizon', () => {
  for (const kind of ['manualScale', 'deleteResource'] as const) {
    const records = run([{ kind, atMs: [AT[0]] }], { delivery: 'push' });
    assert.deepEqual(records, [{ id: 0, kind, app: 0, atMs: AT[0], closedMs: null, openMs: HORIZON - AT[0] }], kind);
  }
});

test('under the pull controller a spec drift is undone at its next refresh', () => {
  for (const kind of ['manualScale', 'deleteResource'] as const) {
    const records = run([{ kind, atMs: AT }], { delivery: 'pull' });
    assert.equal(records.length, AT.length, kind);
    for (const r of records) {
      assert.ok(r.closedMs !== null, `${kind} at ${r.atMs} closed`);
      assert.ok(r.openMs > 0 && r.openMs <= INTERVAL, `${kind}: open ${r.openMs} ms, at most one interval`);
    }
    // Refreshes fall on a fixed grid (no jitter): every drift closes at the same phase.
    assert.equal(new Set(records.map((r) => r.closedMs! % INTERVAL)).size, 1, kind);
  }
});

test('an HPA fighting Git: each of its changes stays open until the next refresh', () => {
  const records = run([{ kind: 'hpa', atMs: [], min: 7, max: 7 }], { delivery: 'pull' }, 600_000);
  assert.ok(records.length >= 9);
  for (const r of records.slice(0, -1)) assert.ok(r.closedMs !== null && r.openMs <= INTERVAL);
});

test('pod drift closes when the app has its Ready pods back, whatever the delivery system', () => {
  const table: { name: string; spec: DriftSpec; minMs: number; maxMs: number }[] = [
    // A first crash restarts at once (no back-off yet): a 5s start.
    { name: 'pod crash', spec: { kind: 'podCrash', atMs: [AT[0]] }, minMs: 5_000, maxMs: 5_000 },
    // The node reboots before eviction: its pods start again (images on disk).
    {
      name: 'short node failure',
      spec: { kind: 'nodeFailure', atMs: [AT[0]], downFor: sampler('1m') },
      minMs: 65_000,
      maxMs: 65_000,
    },
    // 50s grace + 300s toleration, then replacements elsewhere start in 5s.
    {
      name: 'long node failure',
      spec: { kind: 'nodeFailure', atMs: [AT[0]], downFor: sampler('1h') },
      minMs: 355_000,
      maxMs: 356_000,
    },
  ];
  for (const { name, spec, minMs, maxMs } of table) {
    for (const delivery of ['push', 'pull'] as const) {
      const [r] = run([spec], { delivery });
      assert.ok(r.closedMs !== null, `${name} under ${delivery} closed`);
      assert.ok(r.openMs >= minMs && r.openMs <= maxMs, `${name} under ${delivery}: open ${r.openMs} ms`);
    }
  }
});

test('a moved tag stays open while pods run the old bytes; under a digest it closes at once', () => {
  const table: { imageRef: 'tag' | 'digest'; delivery: 'push' | 'pull'; closed: boolean }[] = [
    { imageRef: 'tag', delivery: 'push', closed: false },
    // Git did not change, so the controller sees nothing to do either.
    { imageRef: 'tag', delivery: 'pull', closed: false },
    { imageRef: 'digest', delivery: 'push', closed: true },
    { imageRef: 'digest', delivery: 'pull', closed: true },
  ];
  for (const { imageRef, delivery, closed } of table) {
    const [r] = run([{ kind: 'tagMoved', atMs: [AT[0]] }], { delivery, imageRef });
    const name = `${imageRef} under ${delivery}`;
    assert.equal(r.kind, 'tagMoved', name);
    if (closed) assert.deepEqual([r.closedMs, r.openMs], [AT[0], 0], name);
    else assert.deepEqual([r.closedMs, r.openMs], [null, HORIZON - AT[0]], name);
  }
});

test('a moved `latest` closes once every Ready pod runs the new bytes: recreated pods pull it again', () => {
  const records = run(
    [
      { kind: 'tagMoved', atMs: [AT[0]] },
      { kind: 'deleteResource', atMs: [AT[1]] },
    ],
    { delivery: 'pull', imageRef: 'latest' },
  );
  const moved = records.find((r) => r.kind === 'tagMoved')!;
  const deleted = records.find((r) => r.kind === 'deleteResource')!;
  assert.ok(deleted.closedMs !== null && moved.closedMs !== null);
  // The controller recreates the Deployment (spec drift closed); its pods pull `latest` and start after.
  assert.ok(moved.closedMs > deleted.closedMs && moved.closedMs - deleted.closedMs < 30_000);
});

test('outages close when they end, or stay open past the horizon', () => {
  const records = run(
    [
      { kind: 'gitOutage', atMs: [AT[0]], downFor: sampler('5m') },
      { kind: 'registryOutage', atMs: [AT[1]], downFor: sampler('10m') },
      { kind: 'controllerOutage', atMs: [HORIZON - 60_000], downFor: sampler('2m') },
    ],
    { delivery: 'pull' },
  );
  assert.deepEqual(
    records.map((r) => [r.kind, r.app, r.closedMs, r.openMs]),
    [
      ['gitOutage', null, AT[0] + 300_000, 300_000],
      ['registryOutage', null, AT[1] + 600_000, 600_000],
      ['controllerOutage', null, null, 60_000],
    ],
  );
});

test('openCount is the drift events open at that instant, spec, pod and outage alike', () => {
  const specs: DriftSpec[] = [
    { kind: 'manualScale', atMs: AT },
    { kind: 'podCrash', atMs: [AT[0]] },
    { kind: 'nodeFailure', atMs: [AT[1]], downFor: sampler('1m') },
    { kind: 'gitOutage', atMs: [AT[2]], downFor: sampler('5m') },
  ];
  // Off the minute grid, so no sample falls on the instant an event opens or closes.
  const sampleAtMs = Array.from({ length: 59 }, (_, i) => (i + 1) * INTERVAL + 7_777);
  for (const delivery of ['push', 'pull'] as const) {
    const openAt: number[] = [];
    const records = run(specs, { delivery }, HORIZON, sampleAtMs, openAt);
    const expected = sampleAtMs.map(
      (t) => records.filter((r) => r.atMs <= t && (r.closedMs === null || r.closedMs > t)).length,
    );
    assert.deepEqual(openAt, expected, delivery);
    assert.ok(Math.max(...openAt) >= 2, `${delivery}: overlapping events are counted`);
  }
});
