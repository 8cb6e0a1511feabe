/**
 * A node that dies: its kubelet stops reporting; after the grace period the
 * node lifecycle controller marks it NotReady (no new pods, its pods not
 * Ready); pods tolerate that for 300s, then are evicted and their
 * ReplicaSets create replacements on healthy nodes. So a dead node's pods are
 * replaced about 6 minutes after it died (kube-controller-manager
 * --node-monitor-grace-period 50s; DefaultTolerationSeconds 300 for the
 * not-ready and unreachable taints).
 *
 * Simplified: the eviction rate limit (0.1 nodes/s) and zone-wide
 * disruption modes are not modelled; a node that comes back has rebooted.
 */
import type { EventId } from '../../engine/engine.ts';
import type { ClusterCore } from './core.ts';
import type { Kubelet } from './kubelet.ts';
import { NO_EVENT } from './objects.ts';
import type { ReplicaSetController } from './replicaSetController.ts';

/** kube-controller-manager --node-monitor-grace-period: 50s since Kubernetes 1.32 (40s before). */
export const NODE_MONITOR_GRACE_MS = 50_000;
/** Default tolerationSeconds for node.kubernetes.io/not-ready and unreachable. */
export const NOT_READY_TOLERATION_MS = 300_000;

export class NodeLifecycle {
  private readonly pending: EventId[];
  private readonly onNotReady = (node: number): void => this.notReady(node);
  private readonly onEvict = (node: number): void => this.evict(node);
  private readonly onRecover = (node: number): void => this.recover(node);
  failures = 0;
  evictions = 0;

  constructor(
    private readonly core: ClusterCore,
    private readonly kubelet: Kubelet,
    private readonly replicaSets: ReplicaSetController,
    private readonly graceMs = NODE_MONITOR_GRACE_MS,
    private readonly tolerationMs = NOT_READY_TOLERATION_MS,
  ) {
    this.pending = new Array(core.nodes.count).fill(NO_EVENT);
  }

  /** The node dies now and comes back after `downForMs` (Infinity: never). Returns false if it was down already. */
  fail(node: number, downForMs: number): boolean {
    if (!this.core.nodes.isUp(node)) return false;
    this.failures++;
    this.core.setNodeUp(node, false);
    this.kubelet.nodeDown(node);
    const engine = this.core.engine;
    this.pending[node] = engine.after(this.graceMs, this.onNotReady, node);
    if (Number.isFinite(downForMs)) engine.after(downForMs, this.onRecover, node);
    return true;
  }

  private notReady(node: number): void {
    this.core.nodes.setSchedulable(node, false);
    for (let pod = this.core.firstPodOn(node); pod !== null; pod = pod.nextOnNode)
      this.core.setPodState(pod, false, false);
    this.pending[node] = this.core.engine.after(this.tolerationMs, this.onEvict, node);
  }

  private evict(node: number): void {
    this.pending[node] = NO_EVENT;
    for (const pod of this.core.podsOn(node)) {
      this.evictions++;
      this.replicaSets.evict(pod);
    }
  }

  private recover(node: number): void {
    if (this.pending[node] !== NO_EVENT) this.core.engine.cancel(this.pending[node]);
    this.pending[node] = NO_EVENT;
    this.core.setNodeUp(node, true);
    this.core.nodes.setSchedulable(node, true);
    this.kubelet.nodeUp(node);
    this.core.scheduleWaiting();
  }
}
