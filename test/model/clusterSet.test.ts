import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { Cluster } from '../../src/model/cluster/cluster.ts';
import { ClusterSet } from '../../src/model/cluster/clusterSet.ts';
import { build, DEFAULTS, newRegistry, ROLLING } from './fixtures.ts';

function fleet(apps: number, clusters: number) {
  const engine = new Engine();
  const registry = newRegistry();
  const images = Array.from({ length: apps }, (_, i) => build(registry, `r/app-${i}`, 1));
  const manifests = images.map((img) => ({ image: img.ref, replicas: 2, strategy: ROLLING }));
  const parts = Array.from(
    { length: clusters },
    (_, c) =>
      new Cluster(
        engine,
        registry,
        manifests.filter((_, app) => app % clusters === c),
        {
          ...DEFAULTS.cluster,
          ...DEFAULTS.apps,
          nodes: 3,
          podsPerNode: 20,
          nodeDiskBytes: 10e9,
          podStartup: parseDistribution('2s'),
          controllerManager: { qps: 1e6, burst: 1e6 },
          random: { startup: createStream(1, `s${c}`, 0), pull: createStream(1, `p${c}`, 0) },
        },
      ),
  );
  return { engine, registry, images, set: new ClusterSet(parts), parts };
}

test('apps are spread round-robin and addressed by their fleet-wide number', () => {
  const { set, parts, images } = fleet(5, 2);
  assert.equal(set.appCount, 5);
  assert.equal(set.clusterCount, 2);
  assert.deepEqual([0, 1, 2, 3, 4].map((app) => set.clusterOf(app)), [0, 1, 0, 1, 0]);
  assert.equal(parts[0].appCount, 3);
  assert.equal(parts[1].appCount, 2);
  for (let app = 0; app < 5; app++) assert.equal(set.spec(app)?.image, images[app].ref);
  assert.equal(set.nodeCount, 6);
});

test('commands and listeners go to the right cluster, with fleet-wide numbers', () => {
  const { engine, registry, set } = fleet(4, 2);
  const seen = new Set<number>();
  const specs: string[] = [];
  set.onAppChange((app) => seen.add(app));
  set.onSpecChange((app, actor) => specs.push(`${app}:${actor}`));
  const v2 = build(registry, 'r/app-3', 2);
  set.apply(3, { image: v2.ref, replicas: 2, strategy: ROLLING });
  engine.run(120_000);
  assert.equal(set.readyWith(3, v2.digest), 2);
  assert.ok(seen.has(3) && !seen.has(1));
  assert.deepEqual(specs, ['3:delivery']);
  assert.equal(set.applies, 1);
  // Pods of app 3 live in cluster 1, whose nodes are numbered 3..5 fleet-wide.
  assert.ok(set.podsOf(3).every((p) => p.node >= 3 && p.node <= 5));
  const node = set.podsOf(3)[0].node;
  assert.equal(set.failNode(node, 1000), true);
  assert.equal(set.isNodeUp(node), false);
  assert.equal(set.stats().nodeFailures, 1);
});

test('fleet-wide ready pods and the apps on a node, as the per-app queries add them up', () => {
  const { engine, registry, set } = fleet(5, 2);
  const sumReady = () => [0, 1, 2, 3, 4].reduce((n, app) => n + set.readyPods(app), 0);
  assert.equal(set.readyPodsTotal(), 10);
  set.apply(2, { image: build(registry, 'r/app-2', 2).ref, replicas: 4, strategy: ROLLING });
  set.scale(4, 0);
  for (const atMs of [1000, 5000, 60_000, 900_000]) {
    engine.run(atMs);
    assert.equal(set.readyPodsTotal(), sumReady(), `at ${atMs} ms`);
  }
  assert.equal(set.readyPodsTotal(), 10, 'app 2 two more, app 4 none');
  for (let node = 0; node < set.nodeCount; node++) {
    const expected = [0, 1, 2, 3, 4].filter((app) => set.podsOf(app).some((p) => p.node === node));
    assert.deepEqual(set.appsOnNode(node), expected, `node ${node}`);
  }
  // A dead node's pods stay Ready in the API for a while, but do not serve.
  const dead = set.podsOf(2)[0].node;
  set.failNode(dead, 3_600_000);
  const serving = (app: number) => set.podsOf(app).filter((p) => p.ready && set.isNodeUp(p.node)).length;
  assert.ok(serving(2) < set.readyPods(2));
  for (let app = 0; app < 5; app++) assert.equal(set.readyOnUpNodes(app), serving(app), `app ${app}`);
});
