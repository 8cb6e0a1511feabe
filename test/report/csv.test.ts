import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/metrics/results.ts';
import { changesCsv, changesCsvText, runsCsv, timeseriesCsv } from '../../src/report/csv.ts';
import { QUIET_RUN, ZERO_LOAD } from '../metrics/fixtures.ts';

const DAY_MS = 86_400_000;

/** A day with something of everything; every load and delivery counter distinct, so a mix-up shows. */
const busy: RunResult = {
  variant: 'push/tag',
  replication: 0,
  horizonMs: DAY_MS,
  changes: [
    {
      app: 0,
      revision: 1,
      kind: 'release',
      codeCommitMs: 400,
      bad: true,
      atMs: 1000,
      outcome: { state: 'converged', convergenceMs: 4000 },
    },
    {
      app: 1,
      revision: 2,
      kind: 'revert',
      codeCommitMs: null,
      bad: false,
      atMs: 2000,
      outcome: { state: 'converged', convergenceMs: 1000 },
    },
    {
      app: 0,
      revision: 3,
      kind: 'release',
      codeCommitMs: 2500,
      bad: false,
      atMs: 3000,
      outcome: { state: 'superseded', supersededAfterMs: 500 },
    },
    {
      app: 1,
      revision: 4,
      kind: 'release',
      codeCommitMs: null,
      bad: false,
      atMs: DAY_MS - 1000,
      outcome: { state: 'open', openMs: 1000 },
    },
  ],
  applies: 4,
  gitFetches: 21,
  eventsProcessed: 57,
  load: {
    apiRequests: 1,
    apiThrottledMs: 2,
    imagePulls: 3,
    imagePullBytes: 4,
    failedPulls: 5,
    podsCreated: 6,
    nodeFailures: 7,
    evictions: 8,
    crashes: 9,
    ciReleases: 10,
    ciFailures: 11,
  },
  health: {
    correctReplicaMs: 900,
    desiredReplicaMs: 1000,
    availableMs: 1800,
    zeroReadyMs: 50,
    silentDivergenceMs: 25,
    appMs: 2000,
  },
  drifts: [
    { kind: 'manualScale', app: 1, atMs: 5000, openMs: 2000, closed: true },
    { kind: 'registryOutage', app: null, atMs: 6000, openMs: DAY_MS - 6000, closed: false },
  ],
  rollbacks: [
    { app: 0, method: 'rerun', detectedMs: 4500, finished: true, correct: true, restoreMs: 700 },
    { app: 1, method: 'revert', detectedMs: 7000, finished: true, correct: false, restoreMs: null },
    { app: 0, method: 'rerun', detectedMs: 8000, finished: false, correct: false, restoreMs: null },
  ],
  delivery: {
    gitFetches: 21,
    refreshes: 22,
    syncs: 23,
    syncFailures: 24,
    apiRequests: 25,
    apiThrottledMs: 26,
    maxQueueDepth: 27,
  },
  credentialsOutsideCluster: true,
  exposureMs: 3_600_000,
  timeSeries: {
    tMs: [0, 1000],
    correctShare: [1, 0.5],
    readyReplicas: [6, 3],
    openDrift: [0, 2],
    queueDepth: [0, 1],
    apiThrottledMs: [0, 10],
  },
  massChanges: [],
  capacity: null,
  traffic: { requests: 1_000_000, failedRequests: 500, noReadyFailed: 150, deadNodeFailed: 50, badReleaseFailed: 300, slo: 0.75 },
  rollouts: { started: 3, promotionMs: [1000, 3000], aborted: 1, gitAheadMs: 700 },
};

/** Nothing happened: every metric that needs something to measure is empty. */
const quiet: RunResult = {
  variant: 'pull, "fast"',
  replication: 1,
  horizonMs: DAY_MS,
  changes: [],
  applies: 0,
  gitFetches: 0,
  eventsProcessed: 9,
  load: ZERO_LOAD,
  ...QUIET_RUN,
};

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;

const RUNS_HEADER = 'variant,replication,metric,value,unit';

/** runs.csv rows of `busy`: every METRICS entry, then the load and delivery counters METRICS does not name. */
const BUSY_ROWS = [
  'push/tag,0,convergenceMeanMs,2500,ms',
  'push/tag,0,convergenceP50Ms,2500,ms',
  'push/tag,0,convergenceP95Ms,3850,ms',
  'push/tag,0,convergenceRunP95MeanMs,3850,ms',
  'push/tag,0,convergenceP99Ms,3970,ms',
  'push/tag,0,convergenceUnfinished,0.5,ratio',
  'push/tag,0,correctness,0.9,ratio',
  'push/tag,0,silentDivergenceMs,25,ms',
  'push/tag,0,availability,0.9,ratio',
  'push/tag,0,zeroReadyMs,50,ms',
  'push/tag,0,driftOpenMeanMs,43198000,ms',
  'push/tag,0,rollbackCorrect,0.5,ratio',
  'push/tag,0,rollbackUnfinished,0.3333333333333333,ratio',
  'push/tag,0,deploymentsPerDay,1,perDay',
  'push/tag,0,leadTimeMeanMs,4600,ms',
  'push/tag,0,changeFailureRate,1,ratio',
  'push/tag,0,timeToRestoreMeanMs,700,ms',
  'push/tag,0,apiRequests,1,count',
  'push/tag,0,apiThrottledMs,2,ms',
  'push/tag,0,imagePulls,3,count',
  'push/tag,0,imagePullBytes,4,bytes',
  'push/tag,0,gitFetches,21,count',
  'push/tag,0,deliveryApiRequests,25,count',
  'push/tag,0,deliveryMaxQueueDepth,27,count',
  'push/tag,0,massChangeAppliedMs,,ms',
  'push/tag,0,massChangeConvergedMs,,ms',
  'push/tag,0,massChangeUnfinished,,ratio',
  'push/tag,0,effectiveRefreshPeriodMs,,ms',
  'push/tag,0,exposureMs,3600000,ms',
  'push/tag,0,failedRequests,500,count',
  'push/tag,0,failedRequestShare,0.0005,ratio',
  'push/tag,0,errorBudgetBurn,0.002,ratio',
  'push/tag,0,promotionMs,2000,ms',
  'push/tag,0,abortedRollouts,1,count',
  'push/tag,0,gitAheadMs,700,ms',
  'push/tag,0,failedPulls,5,count',
  'push/tag,0,podsCreated,6,count',
  'push/tag,0,nodeFailures,7,count',
  'push/tag,0,evictions,8,count',
  'push/tag,0,crashes,9,count',
  'push/tag,0,ciReleases,10,count',
  'push/tag,0,ciFailures,11,count',
  'push/tag,0,deliveryRefreshes,22,count',
  'push/tag,0,deliverySyncs,23,count',
  'push/tag,0,deliverySyncFailures,24,count',
  'push/tag,0,deliveryApiThrottledMs,26,ms',
];

/** runs.csv rows of `quiet`: empty values where there is nothing to measure. */
const QUIET_ROWS = [
  '"pull, ""fast""",1,convergenceMeanMs,,ms',
  '"pull, ""fast""",1,convergenceP50Ms,,ms',
  '"pull, ""fast""",1,convergenceP95Ms,,ms',
  '"pull, ""fast""",1,convergenceRunP95MeanMs,,ms',
  '"pull, ""fast""",1,convergenceP99Ms,,ms',
  '"pull, ""fast""",1,convergenceUnfinished,,ratio',
  '"pull, ""fast""",1,correctness,,ratio',
  '"pull, ""fast""",1,silentDivergenceMs,0,ms',
  '"pull, ""fast""",1,availability,,ratio',
  '"pull, ""fast""",1,zeroReadyMs,0,ms',
  '"pull, ""fast""",1,driftOpenMeanMs,,ms',
  '"pull, ""fast""",1,rollbackCorrect,,ratio',
  '"pull, ""fast""",1,rollbackUnfinished,,ratio',
  '"pull, ""fast""",1,deploymentsPerDay,0,perDay',
  '"pull, ""fast""",1,leadTimeMeanMs,,ms',
  '"pull, ""fast""",1,changeFailureRate,,ratio',
  '"pull, ""fast""",1,timeToRestoreMeanMs,,ms',
  '"pull, ""fast""",1,apiRequests,0,count',
  '"pull, ""fast""",1,apiThrottledMs,0,ms',
  '"pull, ""fast""",1,imagePulls,0,count',
  '"pull, ""fast""",1,imagePullBytes,0,bytes',
  '"pull, ""fast""",1,gitFetches,0,count',
  '"pull, ""fast""",1,deliveryApiRequests,0,count',
  '"pull, ""fast""",1,deliveryMaxQueueDepth,0,count',
  '"pull, ""fast""",1,massChangeAppliedMs,,ms',
  '"pull, ""fast""",1,massChangeConvergedMs,,ms',
  '"pull, ""fast""",1,massChangeUnfinished,,ratio',
  '"pull, ""fast""",1,effectiveRefreshPeriodMs,,ms',
  '"pull, ""fast""",1,exposureMs,0,ms',
  '"pull, ""fast""",1,failedRequests,,count',
  '"pull, ""fast""",1,failedRequestShare,,ratio',
  '"pull, ""fast""",1,errorBudgetBurn,,ratio',
  '"pull, ""fast""",1,promotionMs,,ms',
  '"pull, ""fast""",1,abortedRollouts,,count',
  '"pull, ""fast""",1,gitAheadMs,,ms',
  '"pull, ""fast""",1,failedPulls,0,count',
  '"pull, ""fast""",1,podsCreated,0,count',
  '"pull, ""fast""",1,nodeFailures,0,count',
  '"pull, ""fast""",1,evictions,0,count',
  '"pull, ""fast""",1,crashes,0,count',
  '"pull, ""fast""",1,ciReleases,0,count',
  '"pull, ""fast""",1,ciFailures,0,count',
  '"pull, ""fast""",1,deliveryRefreshes,0,count',
  '"pull, ""fast""",1,deliverySyncs,0,count',
  '"pull, ""fast""",1,deliverySyncFailures,0,count',
  '"pull, ""fast""",1,deliveryApiThrottledMs,0,ms',
];

describe('runsCsv', () => {
  const cases: [string, readonly RunResult[], string][] = [
    ['no runs: the header alone', [], lines(RUNS_HEADER)],
    [
      'every METRICS entry, then the load and delivery counters METRICS does not name',
      [busy],
      lines(RUNS_HEADER, ...BUSY_ROWS),
    ],
    [
      'empty values where a run has nothing to measure; a quoted name',
      [quiet],
      lines(RUNS_HEADER, ...QUIET_ROWS),
    ],
    [
      'runs in the order given, each with the same metrics',
      [busy, quiet],
      lines(RUNS_HEADER, ...BUSY_ROWS, ...QUIET_ROWS),
    ],
  ];
  for (const [name, runs, expected] of cases) it(name, () => assert.equal(runsCsv(runs), expected));
});

const CHANGES_HEADER =
  'variant,replication,kind,app,revision,at_ms,outcome,duration_ms,code_commit_ms,bad,method';

describe('changesCsv', () => {
  const cases: [string, readonly RunResult[], string][] = [
    ['no runs: the header alone', [], lines(CHANGES_HEADER)],
    ['a run with nothing in it: the header alone', [quiet], lines(CHANGES_HEADER)],
    [
      'commits, then drift events, then rollbacks, each with the time until its outcome',
      [busy],
      lines(
        CHANGES_HEADER,
        'push/tag,0,release,0,1,1000,converged,4000,400,true,',
        'push/tag,0,revert,1,2,2000,converged,1000,,,',
        'push/tag,0,release,0,3,3000,superseded,500,2500,false,',
        'push/tag,0,release,1,4,86399000,open,1000,,false,',
        'push/tag,0,manualScale,1,,5000,closed,2000,,,',
        'push/tag,0,registryOutage,,,6000,open,86394000,,,',
        'push/tag,0,rollback,0,,4500,correct,700,,,rerun',
        'push/tag,0,rollback,1,,7000,incorrect,,,,revert',
        'push/tag,0,rollback,0,,8000,unfinished,,,,rerun',
      ),
    ],
    [
      'a variant name with a comma, a quote or a newline is quoted',
      [{ ...busy, variant: 'a, "b"\nc', changes: [...busy.changes].slice(0, 1), drifts: [], rollbacks: [] }],
      lines(CHANGES_HEADER, '"a, ""b""\nc",0,release,0,1,1000,converged,4000,400,true,'),
    ],
  ];
  for (const [name, runs, expected] of cases) it(name, () => assert.equal(changesCsv(runs), expected));

  it('in chunks: the header, then each run a chunk, which join to the whole table', () => {
    const runs = [busy, quiet, { ...busy, replication: 1 }];
    const chunks = [...changesCsvText(runs).chunks()];
    assert.equal(chunks.length, 3, 'a run without rows has no chunk');
    assert.equal(chunks[0], lines(CHANGES_HEADER));
    assert.equal(chunks.join(''), changesCsv(runs));
    assert.deepEqual([...changesCsvText(runs).chunks()], chunks, 'each call starts again');
  });

  it('in chunks of at most the given rows, split within a run, which join to the whole table', () => {
    const runs = [busy, quiet, { ...busy, replication: 1 }];
    // busy has 9 rows: 4 + 4 + 1 each time.
    const chunks = [...changesCsvText(runs, 4).chunks()];
    assert.deepEqual(
      chunks.map((chunk) => chunk.split('\n').length - 1),
      [1, 4, 4, 1, 4, 4, 1],
    );
    assert.equal(chunks.join(''), changesCsv(runs));
  });
});

const TIMESERIES_HEADER =
  'variant,t_ms,replications,correct_share,ready_replicas,open_drift,queue_depth,api_throttled_ms';

describe('timeseriesCsv', () => {
  const second: RunResult = {
    ...busy,
    replication: 1,
    timeSeries: {
      tMs: [0, 1000],
      correctShare: [0.5, 0.25],
      readyReplicas: [4, 3],
      openDrift: [1, 0],
      queueDepth: [2, 3],
      apiThrottledMs: [5, 20],
    },
  };
  const cases: [string, readonly RunResult[], string][] = [
    ['no runs: the header alone', [], lines(TIMESERIES_HEADER)],
    [
      'one run: its samples as they are',
      [busy],
      lines(TIMESERIES_HEADER, 'push/tag,0,1,1,6,0,0,0', 'push/tag,1000,1,0.5,3,2,1,10'),
    ],
    [
      'the mean over the replications at each instant, variants in order of appearance',
      [{ ...quiet, timeSeries: { ...busy.timeSeries, tMs: [0, 500] } }, busy, second],
      lines(
        TIMESERIES_HEADER,
        '"pull, ""fast""",0,1,1,6,0,0,0',
        '"pull, ""fast""",500,1,0.5,3,2,1,10',
        'push/tag,0,2,0.75,5,0.5,1,2.5',
        'push/tag,1000,2,0.375,3,1,2,15',
      ),
    ],
    [
      'instants in ascending order; one sampled by fewer runs counts only those',
      [
        { ...second, timeSeries: { ...second.timeSeries, tMs: [1000, 0] } },
        { ...busy, timeSeries: { ...busy.timeSeries, tMs: [0, 2000] } },
      ],
      lines(
        TIMESERIES_HEADER,
        'push/tag,0,2,0.625,4.5,0,1.5,10',
        'push/tag,1000,1,0.5,4,1,2,5',
        'push/tag,2000,1,0.5,3,2,1,10',
      ),
    ],
  ];
  for (const [name, runs, expected] of cases) it(name, () => assert.equal(timeseriesCsv(runs), expected));
});
