/**
 * What happened to one app in one run, line by line: code commits and CI,
 * Git commits and webhooks, registry pushes, each change of the live spec in
 * the words of the reconcile loop ("set image a -> b", "scale up -> 2") and
 * who made it, pods becoming Ready on which bytes, node failures, drift,
 * rollbacks, and, after the run, when each drift was undone and each
 * rollback restored. It observes the world and changes nothing, so a traced
 * run is the very run the report counts.
 */
import type { DriftEvent } from '../disturbance/drift.ts';
import type { RollbackEvent } from '../disturbance/rollback.ts';
import type { CiFailure, Release } from '../model/ciPipeline.ts';
import type { Actor } from '../model/cluster/cluster.ts';
import type { ClusterApi } from '../model/cluster/clusterSet.ts';
import type { Commit } from '../model/gitRepo.ts';
import { type AppState, describeAction, reconcile } from '../model/reconcile.ts';
import type { DriftRecord, RecordList, RollbackRecord } from './results.ts';

export interface TraceLine {
  readonly atMs: number;
  /** Where it happened: ci, registry, git, cluster, pods, node, drift, rollback. */
  readonly source: string;
  readonly text: string;
}

/** What the trace listens to: the world's parts, each by the hook it already has. */
export interface TraceSources {
  readonly pipeline: {
    onRelease(listener: (release: Release) => void): void;
    onFailure(listener: (failure: CiFailure) => void): void;
  };
  readonly git: {
    onCommit(listener: (commit: Commit) => void): void;
    onWebhook(listener: (commit: Commit) => void): void;
  };
  readonly cluster: Pick<ClusterApi, 'onSpecChange' | 'onAppChange' | 'spec' | 'podsOf'>;
  readonly drift: { onDrift(listener: (event: DriftEvent) => void): void };
  readonly rollbacks: { onRollback(listener: (event: RollbackEvent) => void): void };
  /** A delivery controller that reports its syncs (Argo CD), if the variant has one. */
  readonly syncs?: { onSync(listener: (app: number, reason: string, succeeded: boolean) => void): void };
}

const WHO: Readonly<Record<Actor, string>> = {
  delivery: 'delivery',
  person: 'a person (kubectl)',
  hpa: 'the HPA',
};

/** "sha256:0123abcd…" -> "sha256:0123abcd": enough of a digest to tell builds apart in a log. */
export function shortDigest(digest: string | null): string {
  if (digest === null) return 'unresolved';
  return digest.startsWith('sha256:') ? digest.slice(0, 'sha256:'.length + 8) : digest;
}

/** Image references with their digest shortened, so a line stays readable. */
function shortImage(image: string): string {
  return image.replace(/sha256:([0-9a-f]{8})[0-9a-f]{56}/g, 'sha256:$1');
}

/**
 * Within one instant, cause before effect: the build, its push (or the
 * rollback that decided on a revert), the commit,
 * what broke, the controller's and the cluster's response, then the pods.
 */
const RANK: Readonly<Record<string, number>> = {
  ci: 0,
  registry: 1,
  git: 2,
  node: 3,
  drift: 3,
  rollback: 1.5,
  delivery: 5,
  cluster: 6,
  pods: 7,
};
/** Closures found after the run come after the change that made them. */
const LATE = 9;

export class TraceRecorder {
  private readonly lines: { line: TraceLine; rank: number; seq: number }[] = [];
  private live: AppState | null;
  private pods = '';

  constructor(
    private readonly app: number,
    sources: TraceSources,
    private readonly nowMs: () => number,
  ) {
    const { pipeline, git, cluster, drift, rollbacks, syncs } = sources;
    this.live = cluster.spec(app);
    pipeline.onRelease((r) => {
      if (r.app !== app) return;
      this.add(r.triggeredMs, 'ci', `code commit: build ${r.build} starts`);
      this.add(
        this.nowMs(),
        'registry',
        `pushed ${r.repository}:${r.tag} -> ${shortDigest(r.digest)}${r.bad ? ' (a bad release)' : ''}`,
      );
    });
    pipeline.onFailure((f) => {
      if (f.app !== app) return;
      this.add(f.triggeredMs, 'ci', `code commit: build ${f.build} starts`);
      this.add(
        this.nowMs(),
        'ci',
        `build ${f.build} failed: ${f.reason === 'stageFailed' ? `stage ${f.stage}` : 'registry unavailable'}`,
      );
    });
    git.onCommit((c) => {
      if (c.app !== app) return;
      this.add(
        c.atMs,
        'git',
        `revision ${c.revision} (${c.kind}): image ${shortImage(c.desired.image)}, replicas ${c.desired.replicas}`,
      );
    });
    git.onWebhook((c) => {
      if (c.app === app) this.add(this.nowMs(), 'git', `webhook for revision ${c.revision} delivered`);
    });
    cluster.onSpecChange((changed, actor) => {
      if (changed !== app) return;
      const next = cluster.spec(app);
      const before = this.live;
      this.live = next;
      if (next === null) return this.add(this.nowMs(), 'cluster', `${WHO[actor]}: delete the Deployment`);
      if (before === null)
        return this.add(
          this.nowMs(),
          'cluster',
          `${WHO[actor]}: create the Deployment: image ${shortImage(next.image)}, replicas ${next.replicas}`,
        );
      const actions = reconcile(next, before).actions;
      if (actions.length === 0) return;
      // Scaling by more than one replica is one write: its last step says where it went.
      const steps = actions.filter((a, i) => a.kind === 'setImage' || i === actions.length - 1);
      const verb = actor === 'delivery' ? 'apply' : WHO[actor];
      this.add(
        this.nowMs(),
        'cluster',
        `${verb}: ${steps.map((a) => shortImage(describeAction(a))).join(', ')}`,
      );
    });
    cluster.onAppChange((changed) => {
      if (changed !== app) return;
      const byDigest = new Map<string, number>();
      let ready = 0;
      for (const pod of cluster.podsOf(app)) {
        if (!pod.ready) continue;
        ready++;
        const d = shortDigest(pod.digest);
        byDigest.set(d, (byDigest.get(d) ?? 0) + 1);
      }
      const want = this.live?.replicas ?? 0;
      const on = [...byDigest].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([d, n]) => `${n} on ${d}`);
      const text = `${ready}/${want} Ready${on.length > 0 ? `: ${on.join(', ')}` : ''}`;
      if (text === this.pods) return;
      this.pods = text;
      this.add(this.nowMs(), 'pods', text);
    });
    drift.onDrift((e) => {
      if (e.app === app) this.add(e.atMs, 'drift', `${e.kind} (drift ${e.id})`);
      else if (e.app === null && e.node !== null) {
        const until = e.untilMs === null ? '' : `, back at ${formatTraceTime(e.untilMs)}`;
        this.add(e.atMs, 'node', `node ${e.node} fails (${e.kind})${until}`);
      } else if (e.app === null) this.add(e.atMs, 'drift', `${e.kind} (drift ${e.id})`);
    });
    rollbacks.onRollback((r) => {
      if (r.app !== app) return;
      this.add(
        r.detectedMs,
        'rollback',
        `bad release ${shortDigest(r.badDigest)} found: ${r.method} to ${shortImage(r.knownGoodRef)}`,
      );
    });
    syncs?.onSync((synced, reason, succeeded) => {
      if (synced === app) this.add(this.nowMs(), 'delivery', `sync (${reason})${succeeded ? '' : ' failed'}`);
    });
  }

  /** The lines in time order (same instant: the order they happened), with the closures the run's records give. */
  finish(drifts: RecordList<DriftRecord>, rollbacks: readonly RollbackRecord[]): TraceLine[] {
    for (const d of drifts) {
      if (d.app !== this.app) continue;
      if (d.closed)
        this.add(d.atMs + d.openMs, 'drift', `${d.kind} undone after ${formatSpan(d.openMs)}`, LATE);
      else
        this.add(
          d.atMs + d.openMs,
          'drift',
          `${d.kind} still open at the horizon, ${formatSpan(d.openMs)} after it began`,
          LATE,
        );
    }
    for (const r of rollbacks) {
      if (r.app !== this.app) continue;
      if (r.restoreMs !== null)
        this.add(
          r.detectedMs + r.restoreMs,
          'rollback',
          `known-good bytes back on every Ready replica, ${formatSpan(r.restoreMs)} after detection`,
          LATE,
        );
    }
    return [...this.lines]
      .sort((a, b) => a.line.atMs - b.line.atMs || a.rank - b.rank || a.seq - b.seq)
      .map((x) => x.line);
  }

  private add(atMs: number, source: string, text: string, rank = RANK[source] ?? LATE): void {
    this.lines.push({ line: { atMs, source, text }, rank, seq: this.lines.length });
  }
}

/** "1d 02:03:04.567": simulated time since the start, fixed width so the log lines up. */
export function formatTraceTime(ms: number): string {
  const total = Math.round(ms);
  const days = Math.floor(total / 86_400_000);
  const rest = total % 86_400_000;
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  return `${days}d ${two(h)}:${two(m)}:${two(s)}.${String(rest % 1000).padStart(3, '0')}`;
}

/** A span in the words of the rest of the report. */
function formatSpan(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`;
  return `${Math.floor(ms / 3_600_000)}h ${Math.round((ms % 3_600_000) / 60_000)}m`;
}
