import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { createStream } from '../../src/engine/random.ts';
import { ApiClient } from '../../src/model/apiClient.ts';
import { ClusterCore } from '../../src/model/cluster/core.ts';
import { NodePool } from '../../src/model/cluster/nodePool.ts';
import {
  Deployment,
  newPod,
  type Pod,
  type PodPhase,
  type PodTemplate,
  ReplicaSet,
} from '../../src/model/cluster/objects.ts';
import { ReplicaSetController } from '../../src/model/cluster/replicaSetController.ts';
import { DEFAULTS, newRegistry } from './fixtures.ts';

/** A ReplicaSet holding pods in these states (oldest first), not bound to nodes; its controller. */
function world(states: [PodPhase, boolean, boolean][]) {
  const engine = new Engine();
  const random = createStream(1, 'rs', 0);
  const core = new ClusterCore(
    engine,
    new NodePool(2, 4, 1e9, DEFAULTS.cluster.imageGc),
    newRegistry(),
    { deployments: new ApiClient(engine, 1e6, 1e6), replicaSets: new ApiClient(engine, 1e6, 1e6) },
    { podStartup: () => 1000, startupRandom: random, pullRandom: random },
  );
  const template = { image: 'r/app:1' } as PodTemplate;
  const d = new Deployment(0, 'app-1', states.length, { type: 'Recreate' }, template, 10, 600, 0, 0);
  const rs = new ReplicaSet(0, d, 1, 0, template, states.length);
  d.addReplicaSet(rs);
  const pods: Pod[] = [];
  for (const [phase, ready, available] of states) {
    const pod = newPod(core.newPodId(), rs);
    core.register(pod);
    rs.addPod(pod);
    pod.phase = phase;
    pod.ready = ready;
    pod.available = available;
    rs.pods++;
    rs.activePods++;
    d.activePods++;
    pods.push(pod);
  }
  return { engine, core, rs, pods, controller: new ReplicaSetController(core) };
}

/** The index in `pods` of each pod the core removes, in the order it removes them. */
function recordRemovals(core: ClusterCore, pods: readonly Pod[]): number[] {
  const removed: number[] = [];
  const removePod = core.removePod.bind(core);
  core.removePod = (pod) => {
    removed.push(pods.indexOf(pod));
    removePod(pod);
  };
  return removed;
}

test('scaling down deletes the least useful pods first, the newest among equals, in that order', () => {
  const running: [PodPhase, boolean, boolean] = ['Running', true, true];
  const states: [PodPhase, boolean, boolean][] = [
    running,
    ['Pulling', false, false],
    running,
    ['Running', true, false],
    ['Starting', false, false],
    running,
    running,
    ['Unscheduled', false, false],
    running,
    running,
    running,
    running,
  ];
  // By rank: Unscheduled 7, Pulling 1, not ready 4, not available 3, then the available ones newest first.
  const ranking = [7, 1, 4, 3, 11, 10, 9, 8, 6, 5, 2, 0];
  // Counts on either side of the scan/sort threshold, up to every pod.
  for (const count of [1, 2, 5, 8, 9, 12]) {
    const { engine, core, rs, pods, controller } = world(states);
    const removed = recordRemovals(core, pods);
    rs.replicas = states.length - count;
    controller.sync(rs);
    assert.deepEqual(
      pods.flatMap((p, i) => (p.deleting ? [i] : [])).sort((a, b) => a - b),
      ranking.slice(0, count).sort((a, b) => a - b),
      `${count}: marked deleting`,
    );
    engine.run();
    assert.deepEqual(removed, ranking.slice(0, count), `${count}: deletions sent in ranking order`);
  }
});

test("among Ready pods the doubled-up go first: most of the Deployment's pods on their node, counted before any is deleted", () => {
  const running: [PodPhase, boolean, boolean] = ['Running', true, true];
  // Node 0: pods 0, 1, 2 (one not yet available) and one of another ReplicaSet of the Deployment; node 1: pods 3, 4.
  const states: [PodPhase, boolean, boolean][] = [running, running, ['Running', true, false], running, running];
  // By the counts before deleting (node 0: 4, node 1: 2): pod 2 (not available), 1, 0, then 4, 3. Counting again
  // after each deletion would tie the nodes at 2 after the second and take pod 4 third.
  for (const count of [1, 2, 3, 4, 9]) {
    const { engine, core, rs, pods, controller } = world(states);
    const removed = recordRemovals(core, pods);
    const old = new ReplicaSet(1, rs.deployment, 0, 0, rs.template, 1);
    rs.deployment.addReplicaSet(old);
    const neighbour = newPod(core.newPodId(), old);
    old.addPod(neighbour);
    core.place(neighbour, 0);
    for (const [i, pod] of pods.entries()) core.place(pod, i < 3 ? 0 : 1);
    rs.replicas = Math.max(0, states.length - count);
    controller.sync(rs);
    engine.run();
    assert.deepEqual(removed, [2, 1, 0, 4, 3].slice(0, count), `${count}`);
  }
});
