/**
 * driftOpenMs: how long each drift event stays until it is undone, or until
 * the horizon. What "undone" means depends on what the drift broke:
 *
 * - manualScale, manualImage, deleteResource, hpa (the app's spec): the live
 *   Deployment spec has Git's image and replicas again (a commit that adopts
 *   the live value counts too). A deleted Deployment is undone once recreated.
 * - podCrash, nodeFailure (the pods): every affected app has as many Ready
 *   pods on running nodes as its Deployment's replicas (0 when deleted). The
 *   live replicas, not Git's, so a scale drift at the same time does not hold
 *   the pod drift open. A node failure affects the apps that had pods on the
 *   node; pods of a dead node are not counted even while the API still shows
 *   them Ready (the first 50s), so the drift ends when replacements or the
 *   rebooted node's pods are Ready, whichever comes first.
 * - tagMoved (the bytes): every Ready replica runs what Git's reference names
 *   now. Under a tag that means the new bytes, which running pods never pull
 *   by themselves (the mutable-tag failure); under a digest reference Git
 *   never named the moved tag's bytes, so it closes at once.
 * - controllerOutage, gitOutage, registryOutage: when the outage ends.
 */
import type { DriftEvent, DriftKind, DriftListener } from '../disturbance/drift.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { GitRepo } from '../model/gitRepo.ts';
import { parseImageRef } from '../model/imageRef.ts';
import { sameState } from '../model/reconcile.ts';
import type { Registry } from '../model/registry.ts';
import { fromNullableField, nullableField, type RecordCodec, RecordTable } from './recordTable.ts';
import type { DriftRecord, RunResult } from './results.ts';

export interface DriftOpenRecord {
  readonly id: number;
  readonly kind: DriftKind;
  readonly app: number | null;
  readonly atMs: number;
  /** When it was undone; null when still open at the horizon. */
  readonly closedMs: number | null;
  /** closedMs - atMs, or horizon - atMs when still open. */
  readonly openMs: number;
}

type Rule = 'spec' | 'pods' | 'bytes';

const RULES: Readonly<Record<DriftKind, Rule | 'timed'>> = {
  manualScale: 'spec',
  manualImage: 'spec',
  deleteResource: 'spec',
  hpa: 'spec',
  podCrash: 'pods',
  nodeFailure: 'pods',
  tagMoved: 'bytes',
  controllerOutage: 'timed',
  gitOutage: 'timed',
  registryOutage: 'timed',
};

interface OpenDrift {
  readonly event: DriftEvent;
  readonly rule: Rule;
  /** The apps it affects; undone when every one is. */
  readonly apps: readonly number[];
}

export class DriftRecorder {
  private readonly records: DriftOpenRecord[] = [];
  /** Outages, closed at their end (or open at the horizon) by finish. */
  private readonly timed: DriftEvent[] = [];
  /**
   * Each app's drift not undone yet; undefined while it has none, as most apps do at any time:
   * an empty array for each of 50,000 apps was 50,000 objects to build and keep.
   */
  private readonly openByApp: (OpenDrift[] | undefined)[];
  /**
   * Spec and pod drift events not undone yet, kept as a count: the time series
   * reads it 400 times a run, and walking every app's list each time was most
   * of the memory a 50,000-app run allocated.
   */
  private openEvents = 0;

  constructor(
    drift: { onDrift(listener: DriftListener): void },
    private readonly cluster: ClusterApi,
    private readonly git: GitRepo,
    private readonly registry: Registry,
    private readonly nowMs: () => number,
  ) {
    this.openByApp = new Array<OpenDrift[] | undefined>(cluster.appCount).fill(undefined);
    drift.onDrift((event) => this.opened(event));
    cluster.onAppChange((app) => this.check(app));
    git.onCommit((commit) => this.check(commit.app));
  }

  /** Drift events not undone yet. */
  openCount(): number {
    const now = this.nowMs();
    let timed = 0;
    for (const event of this.timed) if (event.atMs <= now && event.untilMs! > now) timed++;
    return this.openEvents + timed;
  }

  /** Ends the run: this recorder's part of it, packed, as the run's result keeps it until the report. */
  slice(): Pick<RunResult, 'drifts'> {
    const drifts: DriftRecord[] = this.finish().map((d) => ({
      kind: d.kind,
      app: d.app,
      atMs: d.atMs,
      openMs: d.openMs,
      closed: d.closedMs !== null,
    }));
    return { drifts: new RecordTable(DRIFT_CODEC, drifts) };
  }

  /** Ends the run: every event, oldest first; those still open count up to now. */
  finish(): DriftOpenRecord[] {
    const now = this.nowMs();
    const seen = new Set<OpenDrift>();
    for (const list of this.openByApp) {
      if (list === undefined) continue;
      for (const open of list) {
        if (seen.has(open)) continue;
        seen.add(open);
        this.records.push(record(open.event, null, now));
      }
    }
    for (const event of this.timed) this.records.push(record(event, event.untilMs! <= now ? event.untilMs : null, now));
    return this.records.sort((a, b) => a.id - b.id);
  }

  private opened(event: DriftEvent): void {
    const rule = RULES[event.kind];
    if (rule === 'timed') {
      this.timed.push(event);
      return;
    }
    const open: OpenDrift = { event, rule, apps: this.affectedApps(event) };
    // Under a digest reference a moved tag is nothing Git asked for.
    const pinned = rule === 'bytes' && parseImageRef(this.git.desiredAt(event.app!).image).digest !== undefined;
    if (pinned || this.undone(open)) {
      this.records.push(record(event, event.atMs, event.atMs));
      return;
    }
    for (const app of open.apps) {
      const list = this.openByApp[app];
      if (list === undefined) this.openByApp[app] = [open];
      else list.push(open);
    }
    this.openEvents++;
  }

  private affectedApps(event: DriftEvent): number[] {
    return event.app !== null ? [event.app] : this.cluster.appsOnNode(event.node!);
  }

  private check(app: number): void {
    const list = this.openByApp[app];
    if (list === undefined) return;
    // Backwards: closing removes the entry at i, leaving earlier ones in place (or the list itself).
    for (let i = list.length - 1; i >= 0; i--) {
      const open = list[i];
      if (this.undone(open)) this.close(open);
    }
  }

  private undone(open: OpenDrift): boolean {
    for (const app of open.apps) {
      const ok =
        open.rule === 'spec' ? this.specRestored(app) : open.rule === 'pods' ? this.podsRestored(app) : this.bytesAsNamed(app);
      if (!ok) return false;
    }
    return true;
  }

  private specRestored(app: number): boolean {
    const live = this.cluster.spec(app);
    return live !== null && sameState(live, this.git.desiredAt(app));
  }

  private podsRestored(app: number): boolean {
    const want = this.cluster.spec(app)?.replicas ?? 0;
    return this.cluster.readyPods(app) >= want && this.cluster.readyOnUpNodes(app) >= want;
  }

  private bytesAsNamed(app: number): boolean {
    const named = this.registry.resolve(this.git.desiredAt(app).image, this.nowMs());
    const ready = this.cluster.readyPods(app);
    return named !== undefined && ready > 0 && this.cluster.readyWith(app, named) === ready;
  }

  private close(open: OpenDrift): void {
    for (const app of open.apps) {
      const list = this.openByApp[app]!;
      if (list.length === 1) this.openByApp[app] = undefined;
      else list.splice(list.indexOf(open), 1);
    }
    this.openEvents--;
    const now = this.nowMs();
    this.records.push(record(open.event, now, now));
  }
}

function record(event: DriftEvent, closedMs: number | null, nowMs: number): DriftOpenRecord {
  return {
    id: event.id,
    kind: event.kind,
    app: event.app,
    atMs: event.atMs,
    closedMs,
    openMs: (closedMs ?? nowMs) - event.atMs,
  };
}

/** A drift event as 5 numbers: kind, app, time, open time, closed. */
export const DRIFT_CODEC: RecordCodec<DriftRecord> = {
  width: 5,
  encode(d, row, at, strings) {
    row[at] = strings.index(d.kind);
    row[at + 1] = nullableField(d.app);
    row[at + 2] = d.atMs;
    row[at + 3] = d.openMs;
    row[at + 4] = d.closed ? 1 : 0;
  },
  decode(row, at, strings) {
    return {
      kind: strings.text(row[at]),
      app: fromNullableField(row[at + 1]),
      atMs: row[at + 2],
      openMs: row[at + 3],
      closed: row[at + 4] === 1,
    };
  },
};
