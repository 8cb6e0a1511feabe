/**
 * Several clusters seen as one: apps are spread over them round-robin (app i
 * lives in cluster i mod M), nodes are numbered cluster after cluster, and
 * every query and command takes the fleet-wide app or node number. Each
 * cluster keeps its own nodes, scheduler and controller manager (with its own
 * API rate limit), as separate clusters do.
 */
import type { AppListener } from './core.ts';
import type { Actor, Cluster, ClusterStats, Manifest, SpecListener } from './cluster.ts';
import type { AppState } from '../reconcile.ts';
import type { RolloutListener } from './rolloutController.ts';

/** What the rest of the model uses of a cluster, or of a fleet of them. */
export type ClusterApi = Pick<
  Cluster,
  | 'appCount'
  | 'applies'
  | 'apply'
  | 'spec'
  | 'scale'
  | 'rolloutUndo'
  | 'deleteDeployment'
  | 'onSpecChange'
  | 'onAppChange'
  | 'readyWith'
  | 'readyPods'
  | 'readyPodsTotal'
  | 'activePods'
  | 'readyDigests'
  | 'trafficWeights'
  | 'onRollout'
  | 'condition'
  | 'readiness'
  | 'replicaSetsOf'
  | 'podsOf'
  | 'appsOnNode'
  | 'readyOnUpNodes'
  | 'failNode'
  | 'nodeCount'
  | 'isNodeUp'
  | 'crashPod'
  | 'deletePod'
  | 'stats'
>;

export class ClusterSet implements ClusterApi {
  private readonly nodeOffsets: number[] = [];

  constructor(private readonly clusters: readonly Cluster[]) {
    if (clusters.length === 0) throw new RangeError('a fleet needs at least one cluster');
    let offset = 0;
    for (const c of clusters) {
      this.nodeOffsets.push(offset);
      offset += c.nodeCount;
    }
  }

  get clusterCount(): number {
    return this.clusters.length;
  }

  get appCount(): number {
    let n = 0;
    for (const c of this.clusters) n += c.appCount;
    return n;
  }

  get applies(): number {
    let n = 0;
    for (const c of this.clusters) n += c.applies;
    return n;
  }

  get nodeCount(): number {
    return this.nodeOffsets[this.nodeOffsets.length - 1] + this.clusters[this.clusters.length - 1].nodeCount;
  }

  clusterOf(app: number): number {
    return app % this.clusters.length;
  }

  apply(app: number, manifest: Manifest, actor?: Actor): boolean {
    return this.at(app).apply(this.local(app), manifest, actor);
  }

  spec(app: number): AppState | null {
    return this.at(app).spec(this.local(app));
  }

  scale(app: number, replicas: number, actor?: Actor): void {
    this.at(app).scale(this.local(app), replicas, actor);
  }

  rolloutUndo(app: number, toRevision?: number, actor?: Actor): void {
    this.at(app).rolloutUndo(this.local(app), toRevision, actor);
  }

  deleteDeployment(app: number, actor?: Actor): void {
    this.at(app).deleteDeployment(this.local(app), actor);
  }

  onSpecChange(listener: SpecListener): void {
    this.clusters.forEach((c, i) => {
      c.onSpecChange((local, actor) => listener(this.global(i, local), actor));
    });
  }

  onAppChange(listener: AppListener): void {
    this.clusters.forEach((c, i) => {
      c.onAppChange((local) => listener(this.global(i, local)));
    });
  }

  readyWith(app: number, digest: string): number {
    return this.at(app).readyWith(this.local(app), digest);
  }

  readyPods(app: number): number {
    return this.at(app).readyPods(this.local(app));
  }

  readyPodsTotal(): number {
    let n = 0;
    for (const c of this.clusters) n += c.readyPodsTotal();
    return n;
  }

  activePods(app: number): number {
    return this.at(app).activePods(this.local(app));
  }

  readyDigests(app: number): ReadonlyMap<string, number> {
    return this.at(app).readyDigests(this.local(app));
  }

  trafficWeights(app: number): ReadonlyMap<string, number> {
    return this.at(app).trafficWeights(this.local(app));
  }

  onRollout(listener: RolloutListener): void {
    this.clusters.forEach((c, i) => {
      c.onRollout((local, kind, atMs, startedMs) => listener(this.global(i, local), kind, atMs, startedMs));
    });
  }

  condition(app: number): ReturnType<Cluster['condition']> {
    return this.at(app).condition(this.local(app));
  }

  readiness(app: number): ReturnType<Cluster['readiness']> {
    return this.at(app).readiness(this.local(app));
  }

  replicaSetsOf(app: number): ReturnType<Cluster['replicaSetsOf']> {
    return this.at(app).replicaSetsOf(this.local(app));
  }

  /** Pods with fleet-wide node numbers. */
  podsOf(app: number): ReturnType<Cluster['podsOf']> {
    const offset = this.nodeOffsets[this.clusterOf(app)];
    return this.at(app)
      .podsOf(this.local(app))
      .map((p) => ({ ...p, node: p.node < 0 ? p.node : p.node + offset }));
  }

  readyOnUpNodes(app: number): number {
    return this.at(app).readyOnUpNodes(this.local(app));
  }

  appsOnNode(node: number): number[] {
    const [cluster, local] = this.nodeAt(node);
    const index = this.clusters.indexOf(cluster);
    return cluster.appsOnNode(local).map((app) => this.global(index, app));
  }

  failNode(node: number, downForMs: number): boolean {
    const [cluster, local] = this.nodeAt(node);
    return cluster.failNode(local, downForMs);
  }

  isNodeUp(node: number): boolean {
    const [cluster, local] = this.nodeAt(node);
    return cluster.isNodeUp(local);
  }

  crashPod(app: number, index: number): boolean {
    return this.at(app).crashPod(this.local(app), index);
  }

  deletePod(app: number, index: number): boolean {
    return this.at(app).deletePod(this.local(app), index);
  }

  /** Counters summed over the clusters. */
  stats(): ClusterStats {
    const total = { ...this.clusters[0].stats() };
    for (let i = 1; i < this.clusters.length; i++) {
      const s = this.clusters[i].stats();
      for (const key of Object.keys(total) as (keyof ClusterStats)[]) total[key] += s[key];
    }
    return total;
  }

  private at(app: number): Cluster {
    return this.clusters[app % this.clusters.length];
  }

  private local(app: number): number {
    return Math.floor(app / this.clusters.length);
  }

  private global(cluster: number, local: number): number {
    return local * this.clusters.length + cluster;
  }

  private nodeAt(node: number): [Cluster, number] {
    for (let i = this.clusters.length - 1; i >= 0; i--) {
      if (node >= this.nodeOffsets[i]) return [this.clusters[i], node - this.nodeOffsets[i]];
    }
    throw new RangeError(`no node ${node}`);
  }
}
