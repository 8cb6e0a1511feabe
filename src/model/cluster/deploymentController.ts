/**
 * The Deployment controller: on every change it watches (a pod's readiness, a
 * ReplicaSet scaling, a spec edit) it runs one sync (deploymentSync.ts) and
 * sends that sync's writes through the rate-limited client. The next sync
 * waits until they have landed, as the real controller sees its own writes
 * before acting again. It also keeps the Progressing condition and rechecks a
 * stuck rollout at its deadline, without ever rolling back. Deployments with
 * a progressive strategy (Canary, BlueGreen, Flagger) are synced by the
 * rollout controller instead, through the same client.
 */
import { InFlight } from '../../engine/inFlight.ts';
import { type SyncAction, syncActions } from '../deploymentSync.ts';
import {
  advanceProgress,
  progressRecheckAtMs,
  restartProgress,
  type RolloutCounters,
} from '../progressingCondition.ts';
import { isProgressive } from '../rolloutPlan.ts';
import type { ClusterCore } from './core.ts';
import { maxSurge } from '../rollout.ts';
import { emptyScratch } from '../scratchArray.ts';
import { type Deployment, NO_EVENT, type PodTemplate, ReplicaSet } from './objects.ts';
import type { ReplicaSetController } from './replicaSetController.ts';
import type { RolloutController } from './rolloutController.ts';

export class DeploymentController {
  private readonly onSync = (app: number): void => this.sync(this.core.deployments[app]);
  private readonly onRecheck = (app: number): void => {
    const d = this.core.deployments[app];
    d.progressCheck = NO_EVENT;
    this.queue(d);
  };
  private readonly onWrite = (request: number): void => this.landed(request);
  /** Writes sent and not landed: the Deployment by request handle, and the write under the same handle. */
  private readonly writes = new InFlight<Deployment>();
  private readonly writeActions: SyncAction[] = [];
  /** The writes of the sync running now (no sync runs inside another): one array for them all. */
  private readonly syncWrites: SyncAction[] = [];
  private nextRsId = 0;
  private nextCreatedSeq = 0;
  /** Syncs run so far. */
  syncs = 0;
  /** What the sync running now observes (see counters). */
  private readonly observed: RolloutCounters = { updated: 0, oldPods: 0, ready: 0, available: 0 };

  constructor(
    private readonly core: ClusterCore,
    private readonly replicaSets: ReplicaSetController,
    /** The pod template a template hash (the image reference) stands for. */
    private readonly templateFor: (d: Deployment, templateHash: string) => PodTemplate,
    private readonly rollouts: RolloutController,
  ) {
    core.syncQueue = this;
  }

  /** Makes the first ReplicaSet of a Deployment created with all its pods (the state before the run). */
  adoptInitial(d: Deployment): ReplicaSet {
    const rs = new ReplicaSet(this.nextRsId++, d, 1, this.nextCreatedSeq++, d.template, d.replicas);
    rs.desiredReplicas = d.replicas;
    rs.maxReplicas = d.replicas + maxSurge(d);
    d.addReplicaSet(rs);
    return rs;
  }

  queue(d: Deployment): void {
    if (d.writesInFlight > 0) {
      d.dirty = true;
      return;
    }
    if (d.syncQueued) return;
    d.syncQueued = true;
    this.core.engine.after(0, this.onSync, d.app);
  }

  private sync(d: Deployment): void {
    d.syncQueued = false;
    if (d.deleted) return;
    this.syncs++;
    let actions = this.syncWrites;
    if (isProgressive(d.strategy)) actions = this.rollouts.sync(d);
    else syncActions(d, d.replicaSets, actions);
    let created = false;
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i];
      if (action.kind === 'create') created = true;
      const request = this.writes.hold(d);
      this.writeActions[request] = action;
      d.writesInFlight++;
      this.core.clients.deployments.submit(this.onWrite, request);
    }
    emptyScratch(this.syncWrites);
    this.updateProgress(d, created);
  }

  private landed(request: number): void {
    const d = this.writes.release(request);
    const action = this.writeActions[request];
    // Writes for a Deployment deleted meanwhile fail on the API server.
    if (!d.deleted) this.apply(d, action);
    d.writesInFlight--;
    if (d.writesInFlight === 0) {
      // Its own writes are changes the controller watches: sync again.
      d.dirty = false;
      this.queue(d);
    }
  }

  /** Cascading deletion: the ReplicaSets and their pods go with the Deployment. */
  deleteAll(d: Deployment): void {
    d.deleted = true;
    this.rollouts.forget(d);
    for (const rs of d.replicaSets.splice(0)) {
      for (const pod of rs.podList()) this.core.removePod(pod);
    }
    if (d.progressCheck !== NO_EVENT) {
      this.core.engine.cancel(d.progressCheck);
      d.progressCheck = NO_EVENT;
    }
  }

  private apply(d: Deployment, action: SyncAction): void {
    switch (action.kind) {
      case 'create': {
        const template = this.templateFor(d, action.templateHash);
        const rs = new ReplicaSet(
          this.nextRsId++,
          d,
          action.revision,
          this.nextCreatedSeq++,
          template,
          action.replicas,
        );
        rs.desiredReplicas = action.desiredReplicas;
        rs.maxReplicas = action.maxReplicas;
        d.addReplicaSet(rs);
        this.replicaSets.sync(rs);
        return;
      }
      case 'revision': {
        const index = indexOfReplicaSet(d, action.id);
        if (index >= 0) d.replicaSets[index].revision = action.revision;
        return;
      }
      case 'scale': {
        const index = indexOfReplicaSet(d, action.id);
        if (index < 0) return;
        const rs = d.replicaSets[index];
        rs.replicas = action.replicas;
        rs.desiredReplicas = action.desiredReplicas;
        rs.maxReplicas = action.maxReplicas;
        this.replicaSets.sync(rs);
        return;
      }
      case 'delete': {
        const index = indexOfReplicaSet(d, action.id);
        if (index < 0) return;
        const [rs] = d.replicaSets.splice(index, 1);
        for (const pod of rs.podList()) this.core.removePod(pod);
        return;
      }
    }
  }

  private updateProgress(d: Deployment, created: boolean): void {
    const counters = this.counters(d);
    const now = this.core.engine.now;
    const before = d.progress.condition;
    // In place: each Deployment's state is its own, read only through its condition.
    if (created) restartProgress(d.progress, counters, now);
    else advanceProgress(d.progress, counters, d.replicas, now, d.progressDeadlineSeconds);
    if (d.progressCheck !== NO_EVENT) {
      this.core.engine.cancel(d.progressCheck);
      d.progressCheck = NO_EVENT;
    }
    // The condition is part of what an app shows (Complete, Degraded): watchers hear of its changes.
    if (d.progress.condition !== before) for (const listener of this.core.appListeners) listener(d.app);
    const recheckMs = progressRecheckAtMs(d.progress, d.progressDeadlineSeconds);
    if (recheckMs !== null && recheckMs > now) {
      d.progressCheck = this.core.engine.at(recheckMs, this.onRecheck, d.app);
    }
  }

  /** The counters the controller observes now, in one object reused by every sync (updateProgress copies them). */
  private counters(d: Deployment): RolloutCounters {
    let updated = 0;
    let oldPods = 0;
    let ready = 0;
    let available = 0;
    const replicaSets = d.replicaSets;
    for (let i = 0; i < replicaSets.length; i++) {
      const rs = replicaSets[i];
      if (rs.templateHash === d.templateHash) updated += rs.activePods;
      else oldPods += rs.activePods;
      ready += rs.readyReplicas;
      available += rs.availableReplicas;
    }
    const observed = this.observed;
    observed.updated = updated;
    observed.oldPods = oldPods;
    observed.ready = ready;
    observed.available = available;
    return observed;
  }
}

/** Where the ReplicaSet with this id is among the Deployment's, or -1 (a loop: no closure per write). */
function indexOfReplicaSet(d: Deployment, id: number): number {
  const replicaSets = d.replicaSets;
  for (let i = 0; i < replicaSets.length; i++) if (replicaSets[i].id === id) return i;
  return -1;
}
