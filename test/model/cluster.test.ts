import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSampler, parseDistribution } from '../../src/engine/distribution.ts';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { Cluster, type RolloutStrategy } from '../../src/model/cluster.ts';
import type { AppState } from '../../src/model/reconcile.ts';

const ROLLING: RolloutStrategy = { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' };

function setup(strategy: RolloutStrategy, podStartup = '5s', initial: AppState = { image: 'old', replicas: 6 }) {
  const engine = new Engine();
  const cluster = new Cluster(engine, [initial], {
    strategy,
    podStartup: compileSampler(parseDistribution(podStartup)),
    random: createStream(1, 'pods', 0),
  });
  const log: string[] = [];
  cluster.onStatusChange((app, s) => log.push(`${engine.now} app${app} ${s.image}x${s.replicas}`));
  return { engine, cluster, log };
}

test('a rolling update of 6 at 25%/25% takes two waves of 3 pods (surge 2 + unavailable 1)', () => {
  const { engine, cluster, log } = setup(ROLLING);
  assert.equal(cluster.apply(0, { image: 'new', replicas: 6 }), true);
  assert.deepEqual(cluster.spec(0), { image: 'new', replicas: 6 });
  assert.deepEqual(cluster.status(0), { image: 'old', replicas: 6 });
  engine.run();
  assert.deepEqual(log, ['10000 app0 newx6']);
  assert.equal(cluster.applies, 1);
});

test('Recreate replaces every pod in one wave', () => {
  const { engine, cluster, log } = setup({ type: 'Recreate' });
  cluster.apply(0, { image: 'new', replicas: 6 });
  engine.run();
  assert.deepEqual(log, ['5000 app0 newx6']);
});

test('the image changes first, then the scale-up pods start together; scale-down is immediate', () => {
  const { engine, cluster, log } = setup(ROLLING, '5s', { image: 'old', replicas: 2 });
  // 2 replicas at 25%/25%: surge 1, unavailable 0 -> waves of 1 pod.
  cluster.apply(0, { image: 'new', replicas: 4 });
  engine.run();
  assert.deepEqual(log, ['10000 app0 newx2', '15000 app0 newx4']);
  cluster.apply(0, { image: 'new', replicas: 1 });
  engine.run();
  assert.deepEqual(log.at(-1), '15000 app0 newx1');
});

test('applying the spec the cluster already has changes nothing', () => {
  const { engine, cluster, log } = setup(ROLLING);
  assert.equal(cluster.apply(0, { image: 'old', replicas: 6 }), false);
  engine.run();
  assert.deepEqual(log, []);
  assert.equal(cluster.applies, 0);
});

test('a new spec during a rollout restarts it toward the newest spec', () => {
  const { engine, cluster, log } = setup(ROLLING);
  cluster.apply(0, { image: 'v2', replicas: 6 });
  engine.run(7000);
  cluster.apply(0, { image: 'v3', replicas: 6 });
  engine.run();
  assert.deepEqual(log, ['17000 app0 v3x6']);
});

test('a wave lasts as long as its slowest pod', () => {
  // uniform(1s, 9s) for 3 pods per wave: each wave is the max of three draws, so above the 5s mean.
  const { engine, cluster, log } = setup(ROLLING, 'uniform(1s, 9s)');
  let total = 0;
  const rounds = 200;
  for (let i = 0; i < rounds; i++) {
    const start = engine.now;
    cluster.apply(0, { image: `v${i}`, replicas: 6 });
    engine.run();
    total += engine.now - start;
  }
  // E[max of 3 U(1,9)] = 1 + 8 * 3/4 = 7s per wave, two waves.
  const meanMs = total / rounds;
  assert.ok(Math.abs(meanMs - 14_000) < 600, `mean rollout ${meanMs} ms`);
  assert.equal(log.length, rounds);
});
