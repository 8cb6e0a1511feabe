import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { pollingDouble } from '../delivery/pollingDouble.ts';
import { instantPush } from '../delivery/fixtures.ts';
import { type RollbackEvent, type RollbackMethod, Rollbacks } from '../../src/disturbance/rollback.ts';
import type { Release } from '../../src/model/ciPipeline.ts';
import type { Actor } from '../../src/model/cluster/cluster.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { build, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

const DETECT_MS = 600_000;

/**
 * One app on build 1, 3 replicas, digests in Git. `release(n, bad)` is CI
 * finishing build n: pushed, announced, committed to Git (by the wiring's
 * listener, registered before or after the Rollbacks one).
 */
function world(method: RollbackMethod, delivery: 'none' | 'push' | 'pull', commitFirst = true) {
  const engine = new Engine();
  const registry = newRegistry();
  const v1 = build(registry, 'r/app', 1);
  const initial = { image: v1.ref, replicas: 3, strategy: ROLLING };
  const { cluster } = smallCluster([initial], {}, registry, engine);
  const git = new GitRepo(engine, [{ desired: initial, intendedDigest: v1.digest }], 0);
  if (delivery === 'push') instantPush(engine, git, cluster);
  const pull = delivery === 'pull' ? pollingDouble(engine, git, cluster, 5_000) : undefined;
  pull?.start();
  const listeners: ((release: Release) => void)[] = [];
  const commitRelease = (r: Release): void => {
    git.commit(0, { ...initial, image: r.digestRef }, r.digest, 'release', {
      codeCommitMs: r.triggeredMs,
      bad: r.bad,
      badManifest: r.badManifest,
    });
  };
  if (commitFirst) listeners.push(commitRelease);
  const rollbacks = new Rollbacks(engine, git, cluster, { onRelease: (l) => listeners.push(l) }, method, pull);
  if (!commitFirst) listeners.push(commitRelease);
  const events: RollbackEvent[] = [];
  rollbacks.onRollback((event) => events.push(event));
  const actors: Actor[] = [];
  cluster.onSpecChange((_, actor) => actors.push(actor));
  const release = (n: number, bad: boolean, badManifest = false) => {
    const b = build(registry, 'r/app', n, `1.0.${n}`, engine.now);
    const r: Release = {
      app: 0,
      build: n,
      repository: 'r/app',
      tag: `1.0.${n}`,
      digest: b.digest,
      imageRef: b.tagRef,
      digestRef: b.ref,
      sizeBytes: 30_000_000,
      bad,
      badManifest,
      detectAfterMs: bad ? DETECT_MS : undefined,
      triggeredMs: engine.now,
      startedMs: engine.now,
      finishedMs: engine.now,
    };
    for (const listener of listeners) listener(r);
    return b;
  };
  return { engine, cluster, git, v1, events, actors, release, rollbacks };
}

test('a bad release is found detectAfter after its first Ready pod, whatever order the listeners run in', () => {
  for (const commitFirst of [true, false]) {
    const w = world('none', 'push', commitFirst);
    let firstReadyMs = -1;
    let bad = '';
    w.cluster.onAppChange(() => {
      if (firstReadyMs < 0 && bad !== '' && w.cluster.readyWith(0, bad) > 0) firstReadyMs = w.engine.now;
    });
    w.engine.at(60_000, () => {
      bad = w.release(2, true).digest;
    });
    w.engine.run(3_600_000);
    assert.ok(firstReadyMs > 60_000, `bad bytes first Ready at ${firstReadyMs}`);
    assert.deepEqual(w.events, [
      {
        app: 0,
        badDigest: bad,
        knownGoodDigest: w.v1.digest,
        knownGoodRef: w.v1.ref,
        method: 'none',
        detectedMs: firstReadyMs + DETECT_MS,
      },
    ]);
  }
});

test('a bad release that never ran, or was replaced before it was found, is not rolled back', () => {
  const table: { name: string; delivery: 'none' | 'push'; afterBad: (w: ReturnType<typeof world>) => void }[] = [
    { name: 'never deployed', delivery: 'none', afterBad: () => {} },
    { name: 'replaced before its pods were Ready', delivery: 'push', afterBad: (w) => w.release(3, false) },
    {
      name: 'replaced before it was found',
      delivery: 'push',
      afterBad: (w) => w.engine.after(120_000, () => w.release(3, false)),
    },
  ];
  for (const { name, delivery, afterBad } of table) {
    const w = world('revert', delivery);
    w.engine.at(60_000, () => {
      w.release(2, true);
      afterBad(w);
    });
    w.engine.run(3_600_000);
    assert.deepEqual(w.events, [], name);
    assert.ok(w.git.historyOf(0).every((c) => c.kind === 'release'), name);
  }
});

test('the known-good release is never one whose manifest the cluster refused: it never ran', () => {
  const w = world('revert', 'push');
  w.engine.at(60_000, () => w.release(2, false, true));
  w.engine.at(120_000, () => w.release(3, true));
  w.engine.run(3_600_000);
  assert.equal(w.events.length, 1);
  assert.equal(w.events[0].knownGoodDigest, w.v1.digest);
  assert.equal(w.git.latest(0).intendedDigest, w.v1.digest);
  assert.equal(w.cluster.spec(0)?.image, w.v1.ref);
});

test('each method rolls back its own way', () => {
  const table: {
    method: RollbackMethod;
    /** Git HEAD after the rollback: a revert commit to build 1, or still the bad release. */
    head: 'revert' | 'bad';
    /** The live image right after it. */
    live: 'good' | 'bad';
    actor: Actor | null;
  }[] = [
    { method: 'revert', head: 'revert', live: 'good', actor: 'delivery' },
    { method: 'rerun', head: 'revert', live: 'good', actor: 'delivery' },
    { method: 'undo', head: 'bad', live: 'good', actor: 'person' },
    { method: 'none', head: 'bad', live: 'bad', actor: null },
  ];
  for (const { method, head, live, actor } of table) {
    const w = world(method, 'push');
    let bad = '';
    w.engine.at(60_000, () => {
      bad = w.release(2, true).ref;
    });
    w.engine.run(3_600_000);
    assert.equal(w.events.length, 1, method);
    const latest = w.git.latest(0);
    if (head === 'revert') {
      assert.equal(latest.kind, 'revert', method);
      assert.equal(latest.desired.image, w.v1.ref, method);
      assert.equal(latest.intendedDigest, w.v1.digest, method);
      assert.equal(latest.atMs, w.events[0].detectedMs, method);
    } else {
      assert.equal(latest.desired.image, bad, method);
    }
    assert.equal(w.cluster.spec(0)!.image, live === 'good' ? w.v1.ref : bad, method);
    // The initial deploy of build 2 by push, then the rollback's own change.
    assert.deepEqual(w.actors, actor === null ? ['delivery'] : ['delivery', actor], method);
  }
});

test('the known-good release skips earlier bad ones', () => {
  const w = world('revert', 'push');
  w.engine.at(60_000, () => w.release(2, true));
  // Build 3 replaces 2 before 2 is found, and is bad too.
  w.engine.at(300_000, () => w.release(3, true));
  w.engine.run(3_600_000);
  assert.equal(w.events.length, 1);
  assert.equal(w.events[0].knownGoodDigest, w.v1.digest);
  assert.equal(w.git.latest(0).desired.image, w.v1.ref);
});

test('undo under a pull controller: the controller puts the bad release back', () => {
  const w = world('undo', 'pull');
  let bad = '';
  w.engine.at(60_000, () => {
    bad = w.release(2, true).ref;
  });
  w.engine.run(3_600_000);
  assert.equal(w.events.length, 1);
  assert.equal(w.cluster.spec(0)!.image, bad);
  const undone = w.actors.indexOf('person');
  assert.ok(undone > 0);
  assert.equal(w.actors[undone + 1], 'delivery');
});

test('every detection is announced as found, one after a newer commit too (which rolls nothing back)', () => {
  const w = world('revert', 'push');
  const found: [number, string][] = [];
  w.rollbacks.onFound((digest) => found.push([w.engine.now, digest]));
  let bad = '';
  w.engine.at(60_000, () => {
    bad = w.release(2, true).digest;
  });
  // A good release lands after the bad one ran, before it is found.
  w.engine.at(120_000, () => w.release(3, false));
  w.engine.run(3_600_000);
  assert.equal(found.length, 1);
  assert.equal(found[0][1], bad);
  assert.ok(found[0][0] > 60_000 + DETECT_MS);
  assert.deepEqual(w.events, [], 'HEAD moved on: nobody rolls back');
});

test('a bad release committed again after its revert is watched and found again', () => {
  const w = world('revert', 'push');
  let bad: ReturnType<typeof w.release> | undefined;
  w.engine.at(60_000, () => {
    bad = w.release(2, true);
  });
  // As image automation does at its next run: the pick, still the bad release, is written back over the revert.
  w.rollbacks.onRollback(() => {
    if (w.events.length === 1) w.engine.after(1_800_000, () => w.git.commit(0, { ...w.git.desiredAt(0), image: bad!.ref }, bad!.digest));
  });
  w.engine.run(7_200_000);
  assert.equal(w.events.length, 2);
  assert.ok(w.events.every((e) => e.badDigest === bad!.digest && e.knownGoodDigest === w.v1.digest));
  assert.ok(w.events[1].detectedMs >= w.events[0].detectedMs + 1_800_000 + DETECT_MS);
  assert.deepEqual(
    w.git.historyOf(0).map((c) => c.kind),
    ['release', 'release', 'revert', 'release', 'revert'],
  );
});

test('pause: Git keeps the bad release, the cluster the known-good one, until a later release nobody found bad', () => {
  const table: {
    name: string;
    /** What comes after the bad release (build 2, found at about 10 min). */
    after: (w: ReturnType<typeof world>, bad: ReturnType<ReturnType<typeof world>['release']>) => void;
    /** The builds the app runs at the end, and the pauses begun and ended. */
    runs: number;
    pauses: number;
    resumes: number;
  }[] = [
    { name: 'no fix', after: () => {}, runs: 1, pauses: 1, resumes: 0 },
    { name: 'a good release', after: (w) => w.engine.at(3_600_000, () => w.release(3, false)), runs: 3, pauses: 1, resumes: 1 },
    // Nobody knows it is bad before it runs: it resumes, is found and paused again.
    { name: 'a bad release', after: (w) => w.engine.at(3_600_000, () => w.release(3, true)), runs: 1, pauses: 2, resumes: 1 },
    {
      name: 'the found-bad release committed again',
      after: (w, bad) => w.engine.at(3_600_000, () => w.git.commit(0, { ...w.git.desiredAt(0), image: bad.ref }, bad.digest)),
      runs: 1,
      pauses: 1,
      resumes: 0,
    },
  ];
  for (const { name, after, runs, pauses, resumes } of table) {
    const w = world('pause', 'pull');
    w.engine.at(60_000, () => {
      after(w, w.release(2, true));
    });
    const changes: boolean[] = [];
    w.rollbacks.onPauseChange((app) => changes.push(w.rollbacks.pinned(app) !== undefined));
    let pinnedAtDetection: string | undefined;
    w.rollbacks.onRollback((e) => {
      pinnedAtDetection = w.rollbacks.pinned(e.app)?.intendedDigest;
    });
    w.engine.run(2 * 3_600_000);
    assert.ok(w.events.length >= 1 && w.events.every((e) => e.method === 'pause'), name);
    assert.equal(pinnedAtDetection, w.v1.digest, name);
    assert.ok(w.git.historyOf(0).every((c) => c.kind === 'release'), `${name}: pause commits nothing`);
    assert.equal(changes.filter((c) => c).length, pauses, name);
    assert.equal(changes.filter((c) => !c).length, resumes, name);
    const live = w.cluster.spec(0)!.image;
    const expected = runs === 1 ? w.v1.ref : w.git.latest(0).desired.image;
    assert.equal(live, expected, `${name}: runs ${live}`);
    // The double polls every 5 s: a paused app it would have put back is still on the known-good release.
    assert.equal(w.rollbacks.pinned(0)?.intendedDigest, pauses > resumes ? w.v1.digest : undefined, name);
  }
});

test('pause needs a delivery system that can be paused', () => {
  assert.throws(() => world('pause', 'push'), /pause needs a pull delivery/);
});
