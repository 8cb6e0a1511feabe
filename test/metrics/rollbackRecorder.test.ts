import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.ts';
import { RandomStreams } from '../../src/engine/random.ts';
import { type DriftSpec, startDrift } from '../../src/disturbance/drift.ts';
import { pollingDouble } from '../delivery/pollingDouble.ts';
import { instantPush } from '../delivery/fixtures.ts';
import { type RollbackMethod, Rollbacks } from '../../src/disturbance/rollback.ts';
import { RollbackRecorder } from '../../src/metrics/rollbackRecorder.ts';
import type { Release } from '../../src/model/ciPipeline.ts';
import { GitRepo } from '../../src/model/gitRepo.ts';
import { build, IMAGE_BYTES, newRegistry, ROLLING, smallCluster } from '../model/fixtures.ts';

const HORIZON = 3_600_000;
const BAD_AT = 120_000;

type ImageRef = 'digest' | 'tag' | 'latest';

interface Row {
  readonly imageRef: ImageRef;
  readonly delivery: 'push' | 'pull';
  readonly method: RollbackMethod;
  /** Drift before (or around) the bad release. */
  readonly drift?: readonly DriftSpec[];
}

/**
 * One app, 3 replicas on 4 nodes whose disks hold two images: once a node
 * runs build 2, image GC removes build 1 from it, so going back means a pull.
 * Build 2 (bad, found after 10 min) is released at 2 min; `hook` sees each
 * rollback as it happens.
 */
function run(
  row: Row,
  hook: (w: { engine: Engine; release: (n: number) => void; recommitBad: () => void }) => void = () => {},
  horizonMs = HORIZON,
) {
  const engine = new Engine();
  const registry = newRegistry();
  const tagOf = (n: number) => (row.imageRef === 'latest' ? 'latest' : `1.0.${n}`);
  const v1 = build(registry, 'r/app', 1, tagOf(1));
  const initial = { image: row.imageRef === 'digest' ? v1.ref : v1.tagRef, replicas: 3, strategy: ROLLING };
  const { cluster } = smallCluster([initial], { nodeDiskBytes: 2 * IMAGE_BYTES + 10_000_000 }, registry, engine);
  const git = new GitRepo(engine, [{ desired: initial, intendedDigest: v1.digest }], 0);
  const delivery =
    row.delivery === 'push'
      ? instantPush(engine, git, cluster)
      : pollingDouble(engine, git, cluster, 5_000);
  delivery.start();
  const listeners: ((release: Release) => void)[] = [];
  const rollbacks = new Rollbacks(engine, git, cluster, { onRelease: (l) => listeners.push(l) }, row.method);
  const recorder = new RollbackRecorder(rollbacks, git, cluster, () => engine.now);
  let latestTag = tagOf(1);
  startDrift(row.drift ?? [], {
    engine,
    cluster,
    git,
    registry,
    delivery,
    streams: new RandomStreams(9, 0),
    releaseTag: () => latestTag,
  });
  const release = (n: number, bad = false): void => {
    const b = build(registry, 'r/app', n, tagOf(n), engine.now);
    latestTag = tagOf(n);
    git.commit(0, { ...initial, image: row.imageRef === 'digest' ? b.ref : b.tagRef }, b.digest);
    const r: Release = {
      app: 0,
      build: n,
      repository: 'r/app',
      tag: tagOf(n),
      digest: b.digest,
      imageRef: b.tagRef,
      digestRef: b.ref,
      sizeBytes: IMAGE_BYTES,
      bad,
      badManifest: false,
      detectAfterMs: bad ? 600_000 : undefined,
      triggeredMs: engine.now,
      startedMs: engine.now,
      finishedMs: engine.now,
    };
    for (const listener of listeners) listener(r);
  };
  // Image automation's next run: the bad release, still its pick, is written over the revert.
  const recommitBad = (): void => {
    const bad = git.historyOf(0).find((c) => c.revision > 0 && c.kind === 'release')!;
    git.commit(0, bad.desired, bad.intendedDigest);
  };
  rollbacks.onRollback(() => hook({ engine, release, recommitBad }));
  engine.at(BAD_AT, () => release(2, true));
  engine.run(horizonMs);
  return recorder.finish();
}

const TAG_MOVED: DriftSpec = { kind: 'tagMoved', atMs: [60_000] };

test('a rollback restores the known-good bytes with digests, not with a moved tag or latest', () => {
  const table: (Row & { correct: boolean; why: string; unfinished?: true })[] = [
    { imageRef: 'digest', delivery: 'push', method: 'revert', correct: true, why: 'a digest is the bytes' },
    { imageRef: 'digest', delivery: 'pull', method: 'revert', drift: [TAG_MOVED], correct: true, why: 'Git never named the tag' },
    { imageRef: 'digest', delivery: 'push', method: 'rerun', drift: [TAG_MOVED], correct: true, why: 'the old manifest is exact' },
    { imageRef: 'tag', delivery: 'push', method: 'revert', correct: true, why: 'the tag never moved' },
    {
      imageRef: 'tag',
      delivery: 'push',
      method: 'revert',
      drift: [TAG_MOVED],
      correct: false,
      why: 'the reverted manifest names 1.0.1, which now means the rebuild',
    },
    { imageRef: 'tag', delivery: 'pull', method: 'revert', drift: [TAG_MOVED], correct: false, why: 'same under pull' },
    { imageRef: 'tag', delivery: 'push', method: 'rerun', drift: [TAG_MOVED], correct: false, why: 'the old deploy pulls the tag' },
    {
      imageRef: 'latest',
      delivery: 'pull',
      method: 'revert',
      // Recreated after the bad push, the pods pull the bad `latest`: the revert commit changes nothing.
      drift: [{ kind: 'deleteResource', atMs: [BAD_AT + 60_000] }],
      correct: false,
      why: 'latest names the newest bytes, whatever Git says',
    },
    { imageRef: 'digest', delivery: 'push', method: 'undo', correct: true, why: 'nothing puts the bad version back' },
    { imageRef: 'digest', delivery: 'pull', method: 'undo', correct: false, why: "the controller re-applies Git's bad version" },
  ];
  for (const { correct, why, unfinished, ...row } of table) {
    const name = `${row.imageRef}/${row.delivery}/${row.method}${row.drift ? ` + ${row.drift[0].kind}` : ''}: ${why}`;
    const results = run(row);
    assert.equal(results.length, 1, name);
    const [r] = results;
    assert.equal(r.method, row.method, name);
    assert.equal(r.correct, correct, name);
    // Every wrong rollback here ends on other bytes well before the horizon: finished, not slow.
    assert.equal(r.finished, unfinished !== true, name);
    if (correct) {
      const restoreMs = r.restoredMs! - r.detectedMs;
      assert.ok(restoreMs >= 0 && restoreMs < 60_000, `${name}: restored in ${restoreMs} ms`);
    } else {
      assert.equal(r.restoredMs, null, name);
    }
  }
});

test('a newer commit before the app is restored ends the rollback as unfinished, not as wrong', () => {
  const [r] = run({ imageRef: 'digest', delivery: 'push', method: 'revert' }, ({ engine, release }) => {
    engine.after(1000, () => release(3));
  });
  assert.deepEqual([r.finished, r.correct, r.restoredMs], [false, false, null]);
});

test('a commit of the bad release before the app is restored ends the rollback as wrong', () => {
  const [r] = run({ imageRef: 'digest', delivery: 'push', method: 'revert' }, ({ engine, recommitBad }) => {
    engine.after(1000, recommitBad);
  });
  assert.deepEqual([r.finished, r.correct, r.restoredMs], [true, false, null]);
});

test('a rollback still rolling out at the horizon is unfinished', () => {
  const row: Row = { imageRef: 'digest', delivery: 'push', method: 'revert' };
  const [whole] = run(row);
  assert.ok(whole.finished && whole.correct && whole.restoredMs! > whole.detectedMs);
  // The same run, ended 1 ms after the rollback: its rollout cannot have finished.
  const [cut] = run(row, () => {}, whole.detectedMs + 1);
  assert.deepEqual([cut.finished, cut.correct, cut.restoredMs], [false, false, null]);
});

test('method none rolls nothing back and is not recorded', () => {
  assert.deepEqual(run({ imageRef: 'digest', delivery: 'push', method: 'none' }), []);
});
