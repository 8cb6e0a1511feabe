/**
 * Rollout math in the suite: the Deployment controller's syncDeployment
 * driving a 10-replica RollingUpdate (25% / 25%) from one template to the
 * next, every pod becoming available between syncs, until a sync has nothing
 * left to do. Exact: the syncs and API writes a rollout takes and a hash of
 * every decision. Speed: syncDeployment calls per second, timed with the
 * bookkeeping between calls (applying the writes, making pods available).
 */
import { createHash } from 'node:crypto';
import type { BenchCase } from '../../src/bench/cases.ts';
import {
  type SyncDecision,
  syncDeployment,
  type TemplatedDeployment,
  type TemplatedReplicaSet,
} from '../../src/model/deploymentSync.ts';
import { maxSurge } from '../../src/model/rollout.ts';
import { inputHash } from '../../src/scenario/inputHash.ts';

const DEPLOYMENT: TemplatedDeployment = {
  templateHash: 'v2',
  replicas: 10,
  strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' },
  revisionHistoryLimit: 10,
};
/** Rollouts per timed run: enough work (tens of thousands of calls) for the timer to resolve. */
const ROLLOUTS = 2_000;
/** A rollout of 10 replicas takes a handful of syncs; more means the arithmetic loops. */
const MAX_SYNCS = 100;

/** One rollout from v1 (all available) to v2; returns the syncs it took. */
function rollOut(onDecision?: (decision: SyncDecision) => void): number {
  const d = DEPLOYMENT;
  const rss: TemplatedReplicaSet[] = [
    {
      id: 1,
      createdSeq: 1,
      templateHash: 'v1',
      revision: 1,
      replicas: d.replicas,
      pods: d.replicas,
      readyReplicas: d.replicas,
      availableReplicas: d.replicas,
      desiredReplicas: d.replicas,
      maxReplicas: d.replicas + maxSurge(d),
    },
  ];
  let seq = 1;
  for (let syncs = 1; syncs <= MAX_SYNCS; syncs++) {
    const decision = syncDeployment(d, rss);
    onDecision?.(decision);
    if (decision.actions.length === 0) return syncs;
    for (const a of decision.actions) {
      if (a.kind === 'create') {
        seq++;
        rss.push({
          id: seq,
          createdSeq: seq,
          templateHash: a.templateHash,
          revision: a.revision,
          replicas: a.replicas,
          pods: 0,
          readyReplicas: 0,
          availableReplicas: 0,
          desiredReplicas: a.desiredReplicas,
          maxReplicas: a.maxReplicas,
        });
        continue;
      }
      const i = rss.findIndex((r) => r.id === a.id);
      if (a.kind === 'delete') rss.splice(i, 1);
      else if (a.kind === 'revision') rss[i].revision = a.revision;
      else
        Object.assign(rss[i], {
          replicas: a.replicas,
          desiredReplicas: a.desiredReplicas,
          maxReplicas: a.maxReplicas,
        });
    }
    // Between syncs every ReplicaSet gets its pods and they all become available.
    for (const r of rss) {
      r.pods = r.replicas;
      r.readyReplicas = r.replicas;
      r.availableReplicas = r.replicas;
    }
  }
  throw new Error(`rollout did not finish in ${MAX_SYNCS} syncs`);
}

export const benchCase: BenchCase = {
  scenarioHash: inputHash({ model: 'syncDeployment rollout', deployment: DEPLOYMENT, rollouts: ROLLOUTS }),
  seed: null,
  exact: async () => {
    const decisions: SyncDecision[] = [];
    const syncs = rollOut((d) => decisions.push(d));
    const writes = decisions.reduce((n, d) => n + d.actions.length, 0);
    const hash = createHash('sha256').update(JSON.stringify(decisions)).digest('hex');
    return [
      { kind: 'exact', subject: null, measure: 'syncsPerRollout', unit: 'count', value: syncs },
      { kind: 'exact', subject: null, measure: 'writesPerRollout', unit: 'count', value: writes },
      { kind: 'exact', subject: null, measure: 'decisionsHash', unit: 'sha256', value: hash },
    ];
  },
  speed: {
    tasks: [
      {
        name: 'syncDeployment',
        unit: 'calls',
        run: () => {
          let calls = 0;
          for (let i = 0; i < ROLLOUTS; i++) calls += rollOut();
          return calls;
        },
      },
    ],
  },
};
