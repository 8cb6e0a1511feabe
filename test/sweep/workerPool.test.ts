/**
 * The pool: worker threads started once per sweep and fed runs, files placed
 * by point whatever the number of threads, a failing point named and the pool
 * shut down, no thread left running.
 */
import assert from 'node:assert/strict';
import dc from 'node:diagnostics_channel';
import type { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { parseSet } from '../../src/sweep/grid.ts';
import { planSweep } from '../../src/sweep/plan.ts';
import { type PointTask, pointJson } from '../../src/sweep/runPoint.ts';
import { runPoints, SweepThreads } from '../../src/sweep/workerPool.ts';
import { packRun } from '../../src/sweep/runTransfer.ts';
import type { RunResult } from '../../src/metrics/results.ts';
import { simulateRun } from '../../src/world/world.ts';
import { countingTurns, TINY_SCENARIO } from './helpers.ts';

/** Every worker thread started in this process while the tests run (Node publishes each on this channel). */
const started: Worker[] = [];
const onWorker = (message: unknown) => started.push((message as { worker: Worker }).worker);

function tasks(sets = ['apps.replicas=2,3,4', 'seed=1,2']): PointTask[] {
  const plan = planSweep(TINY_SCENARIO, 'tiny.yaml', sets.map(parseSet));
  return plan.points.map((p) => ({
    index: p.index,
    id: p.id,
    params: Object.fromEntries(plan.params.map((param, j) => [param.path, p.values[j]])),
    scenario: p.scenario,
  }));
}

/** Runs the points; returns the files by point index, the ids in the order they finished, and the runs. */
async function run(workers: number, points = tasks(), threads?: SweepThreads) {
  const files: string[] = [];
  const finished: string[] = [];
  let runs = 0;
  await runPoints(points, {
    workers,
    threads,
    onRun: () => runs++,
    onPoint: async (task, json) => {
      finished.push(task.id);
      files[task.index] = json;
    },
  });
  return { files, finished, runs };
}

function running(): Worker[] {
  // A thread that has stopped has no id any more.
  return started.filter((w) => w.threadId !== -1);
}

describe('worker pool', () => {
  before(() => dc.subscribe('worker_threads', onWorker));
  after(() => dc.unsubscribe('worker_threads', onWorker));

  it('on 1 worker starts no thread and runs the points in grid order', async () => {
    const before = started.length;
    const { finished, runs } = await run(1);
    assert.equal(started.length, before);
    assert.deepEqual(
      finished,
      tasks().map((t) => t.id),
    );
    assert.equal(runs, 6 * 4);
  });

  it('on 1 worker lets the event loop turn after each run, not only after each point (a stop signal is handled within a run)', async () => {
    const seen: number[] = [];
    await countingTurns((turns) =>
      runPoints(tasks(['seed=1']), { workers: 1, onRun: () => seen.push(turns()), onPoint: async () => {} }),
    );
    assert.equal(seen.length, 4);
    assert.equal(new Set(seen).size, seen.length, `${seen}`);
  });

  it('on n workers starts n - 1 threads once for the sweep, feeds them every run, and gives the same files', async () => {
    const one = await run(1);
    for (const workers of [2, 3]) {
      const before = started.length;
      const { files, finished, runs } = await run(workers);
      assert.equal(started.length - before, workers - 1, `${workers} workers`);
      assert.equal(runs, 6 * 4);
      assert.deepEqual([...finished].sort(), [...one.finished].sort());
      assert.deepEqual(files, one.files);
      assert.deepEqual(running(), []);
    }
  });

  it('hands a run points have alike to each of them, on 1 worker and on more, with the files each makes alone', async () => {
    // The push variant's runs are alike in every point: 4 points x 4 runs, 10 of them made.
    const points = tasks(['variants.1.delivery.interval=30s,1m,2m,5m']);
    const alone = points.map((task) => pointJson(task, []));
    for (const workers of [1, 2, 3]) {
      const { files, runs } = await run(workers, points);
      assert.equal(runs, 4 * 4, `${workers} workers: progress counts every point's runs`);
      assert.deepEqual(files, alone, `${workers} workers`);
      assert.deepEqual(running(), []);
    }
  });

  it('starts no more threads than there are runs to share', async () => {
    const before = started.length;
    const [first] = tasks();
    const single = {
      ...first,
      scenario: { ...first.scenario, replications: 1, variants: first.scenario.variants.slice(0, 1) },
    };
    const { files, runs } = await run(4, [single]);
    assert.equal(started.length, before);
    assert.equal(runs, 1);
    assert.equal(files.length, 1);
  });

  it('uses threads started ahead before starting any, gives the same files, and hands them all back', async () => {
    const one = await run(1);
    for (const [workers, ahead] of [
      [3, 2],
      [3, 1],
      [2, 3],
    ]) {
      const before = started.length;
      const threads = SweepThreads.start(ahead);
      const { files } = await run(workers, tasks(), threads);
      const label = `${workers} workers, ${ahead} ahead`;
      assert.equal(started.length - before, Math.max(workers - 1, ahead), label);
      assert.deepEqual(files, one.files);
      // Those it took and those it started wait for the next sweep, until ended.
      assert.equal(running().length, Math.max(workers - 1, ahead), label);
      await threads.end();
      assert.deepEqual(running(), []);
    }
  });

  it('runs a second sweep on the threads the first handed back, starting none, with the same files', async () => {
    const one = await run(1);
    const other = await run(1, tasks(['apps.replicas=1,2', 'seed=3']));
    const before = started.length;
    const threads = SweepThreads.start(1);
    try {
      assert.deepEqual((await run(3, tasks(), threads)).files, one.files);
      assert.equal(started.length - before, 2);
      assert.deepEqual((await run(3, tasks(['apps.replicas=1,2', 'seed=3']), threads)).files, other.files);
      assert.deepEqual((await run(2, tasks(), threads)).files, one.files);
      assert.equal(started.length - before, 2, 'the later sweeps started no thread');
    } finally {
      await threads.end();
    }
    assert.deepEqual(running(), []);
  });

  it('leaves threads started ahead that no sweep needs waiting until they are ended', async () => {
    const [first] = tasks();
    const single = { ...first, scenario: { ...first.scenario, replications: 1 } };
    const threads = SweepThreads.start(1);
    const { runs } = await run(2, [single], threads);
    assert.equal(runs, first.scenario.variants.length);
    await run(1, tasks(), threads);
    assert.equal(running().length, 1);
    await threads.end();
    assert.deepEqual(running(), []);
  });

  it('names a point that fails, stops claiming runs and leaves no thread running, not even one it was given', async () => {
    const points = tasks();
    // A scenario the plan would refuse: its runs throw in whichever thread makes them.
    const bad = points.length - 1;
    points[bad] = { ...points[bad], scenario: { ...points[bad].scenario, apps: null as never } };
    for (const [workers, ahead] of [
      [2, 0],
      [3, 0],
      [3, 2],
    ]) {
      const threads = ahead > 0 ? SweepThreads.start(ahead) : undefined;
      const written: string[] = [];
      await assert.rejects(
        runPoints(points, {
          workers,
          threads,
          onRun: () => undefined,
          onPoint: async (task) => {
            written.push(task.id);
          },
        }),
        (error: Error) => {
          assert.match(
            error.message,
            new RegExp(`^sweep point ${points[bad].id.replace(/[.]/g, '\\.')} failed`),
          );
          return true;
        },
      );
      assert.ok(!written.includes(points[bad].id));
      assert.deepEqual(running(), []);
    }
  });

  it('stops and reports a point file that cannot be written', async () => {
    await assert.rejects(
      runPoints(tasks(), {
        workers: 2,
        onRun: () => undefined,
        onPoint: async () => {
          throw new Error('disk full');
        },
      }),
      /disk full/,
    );
    assert.deepEqual(running(), []);
  });

  describe('with onRuns', () => {
    /** Each task's runs as onRuns hands them, by point index, sorted as runScenario orders them. */
    async function runsOf(workers: number, points: PointTask[]) {
      const byPoint: RunResult[][] = [];
      let made = 0;
      await runPoints(points, {
        workers,
        onRun: () => made++,
        onRuns: async (task, runs) => {
          byPoint[task.index] = [...runs].sort(
            (a, b) =>
              task.scenario.variants.findIndex((v) => v.name === a.variant) -
                task.scenario.variants.findIndex((v) => v.name === b.variant) || a.replication - b.replication,
          );
        },
      });
      return { byPoint, made };
    }

    it('hands back every run of each point, the runs simulateRun makes, on 1 worker and on 3, and makes no file', async () => {
      const points = tasks(['apps.replicas=2,3']);
      for (const workers of [1, 3]) {
        const { byPoint, made } = await runsOf(workers, points);
        assert.equal(made, 8);
        for (const [index, task] of points.entries()) {
          const alone = task.scenario.variants.flatMap((_, v) =>
            Array.from({ length: task.scenario.replications }, (_, r) => simulateRun(task.scenario, v, r)),
          );
          assert.deepEqual(byPoint[index].map(packRun), alone.map(packRun), `point ${index} on ${workers} workers`);
        }
      }
      assert.deepEqual(running(), []);
    });

    it('makes only the replications from firstReplication on', async () => {
      const [point] = tasks(['replications=3']);
      for (const workers of [1, 2]) {
        const { byPoint, made } = await runsOf(workers, [{ ...point, firstReplication: 1 }]);
        assert.equal(made, 4);
        assert.deepEqual(
          byPoint[0].map((r) => `${r.variant} ${r.replication}`),
          ['push 1', 'push 2', 'pull 1', 'pull 2'],
        );
      }
    });

    it('names the scenario whose run fails, not a sweep point', async () => {
      const [point] = tasks(['replications=3']);
      await assert.rejects(
        runPoints([{ ...point, id: 'shop', scenario: { ...point.scenario, apps: null as never } }], {
          workers: 2,
          onRun: () => undefined,
          onRuns: async () => undefined,
        }),
        /^Error: scenario shop failed/,
      );
      assert.deepEqual(running(), []);
    });

    it('is the only way to run part of a point: a point summarized into its file needs all its runs', async () => {
      const [point] = tasks(['replications=3']);
      await assert.rejects(
        runPoints([{ ...point, firstReplication: 1 }], {
          workers: 1,
          onRun: () => undefined,
          onPoint: async () => undefined,
        }),
        /firstReplication is for onRuns/,
      );
    });
  });
});
