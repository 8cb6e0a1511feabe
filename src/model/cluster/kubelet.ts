/**
 * The kubelet's part: on the pod's node, get the image as its pull policy
 * says (resolved on that node, at pull time), start the container, report
 * Ready, then Available after minReadySeconds. Failed pulls back off 10s,
 * doubling to 300s; a crashed container restarts at once, then after 10s,
 * doubling to 300s (backoff.ts). Pulls and crashes keep separate entries, as
 * the kubelet keys them apart (pod+image, pod+container).
 *
 * - IfNotPresent: a node that holds the tag keeps its old bytes; a node
 *   without it gets whatever the tag points to now.
 * - Always: the tag is resolved again at every container start.
 * - A digest reference runs the same bytes everywhere.
 *
 * A pull of a digest that the node is already downloading for another pod
 * joins that download: nothing more is transferred, and it ends when the
 * download does (the kubelet serializes pulls by default, serializeImagePulls,
 * and the runtime fetches a blob once).
 *
 * Simplified: readiness is the end of startup (no probes); a crash takes the
 * container down and it restarts after the back-off; an image that does not
 * fit on the node's disk is collected for first, and if it still does not fit
 * the pull fails and backs off; pulls of different images on one node run in
 * parallel (the kubelet runs them one at a time).
 */
import { type CrashLoopState, nextBackoff, nextCrashRestart } from '../backoff.ts';
import type { CachedImage, ImageCache } from '../imageCache.ts';
import type { DigestHolder } from '../registry.ts';
import type { ClusterCore } from './core.ts';
import { NodeDownloads } from './nodeDownloads.ts';
import { NO_EVENT, NO_NODE, type Pod } from './objects.ts';

export class Kubelet {
  // Each event carries ClusterCore.eventArg of its pod.
  private readonly onPulled = (arg: number): void => this.pulled(arg);
  private readonly onPullRetry = (arg: number): void => this.retryPull(arg);
  private readonly onStarted = (arg: number): void => this.started(arg);
  private readonly onAvailable = (arg: number): void => this.becameAvailable(arg);
  private readonly onRestart = (arg: number): void => this.restart(arg);
  /** Failed pulls so far (registry down, tag unknown, disk full). */
  failedPulls = 0;
  crashes = 0;
  /**
   * Each crashed container's crash-loop entry: kept off Pod, which every one
   * of a 50,000-app run's pods carries, since few pods ever crash.
   */
  private readonly crashLoops = new WeakMap<Pod, CrashLoopState>();
  /** Each node's digests held or downloading, made at its first pull. */
  private readonly nodeDigests: (NodeDigests | undefined)[];

  constructor(private readonly core: ClusterCore) {
    core.podStarter = this;
    this.nodeDigests = new Array<NodeDigests | undefined>(core.nodes.count).fill(undefined);
  }

  /** A pod was bound to its node: resolve and pull the image. */
  begin(pod: Pod): void {
    // A dead node's kubelet does nothing; it starts the pod when the node comes back.
    if (!this.core.nodes.isUp(pod.node)) return;
    const cache = this.core.nodes.cache(pod.node);
    const { ref, pullPolicy } = pod.rs.template;
    const local = pullPolicy === 'Always' ? undefined : cache.taggedImage(ref);
    if (local !== undefined) {
      pod.digest = local.digest;
      this.startContainer(pod, local);
      return;
    }
    // A digest reference not held here: the pull will not find it on the node either.
    this.pull(pod, pullPolicy !== 'Always' && ref.digest !== undefined);
  }

  /** `absent`: the node is known not to hold the digest the reference names (no need to ask it). */
  private pull(pod: Pod, absent = false): void {
    const { engine, registry, nodes } = this.core;
    const template = pod.rs.template;
    pod.phase = 'Pulling';
    let held = this.nodeDigests[pod.node];
    if (held === undefined) {
      held = new NodeDigests(nodes.cache(pod.node), new NodeDownloads(engine));
      this.nodeDigests[pod.node] = held;
    }
    const downloads = held.downloads;
    const result = registry.pull(
      template.ref,
      engine.now,
      this.core.options.pullRandom,
      absent ? downloads : held,
      template.resolved ?? undefined,
    );
    pod.digest = result.ok ? result.digest : null;
    let durationMs = result.durationMs;
    if (result.ok) {
      pod.pulledBytes = result.sizeBytes;
      if (template.resolved === null && template.ref.digest !== undefined) template.resolved = result;
      const endMs = downloads.endOf(result.digest);
      if (endMs > engine.now) durationMs = Math.max(durationMs, endMs - engine.now);
      else if (result.transferredBytes > 0) downloads.start(result.digest, engine.now + durationMs);
    }
    this.wait(pod, durationMs, result.ok ? this.onPulled : this.onPullRetry, !result.ok);
  }

  private pulled(arg: number): void {
    const pod = this.take(arg);
    const cache = this.core.nodes.cache(pod.node);
    const digest = pod.digest!;
    const now = this.core.engine.now;
    const sizeBytes = pod.pulledBytes;
    // A download that is over is dropped now rather than at this node's next pull of the digest.
    this.nodeDigests[pod.node]?.downloads.endOf(digest);
    // Collecting never adds an image, so what the node holds is looked up once.
    if (!cache.has(digest)) {
      if (!cache.fits(sizeBytes)) cache.collectGarbage(now);
      if (!cache.fits(sizeBytes)) {
        pod.digest = null;
        this.pullBackOff(pod);
        return;
      }
    }
    this.startContainer(pod, cache.add(pod.rs.template.ref, digest, sizeBytes, now));
  }

  private retryPull(arg: number): void {
    this.pull(this.take(arg));
  }

  /** `image`: the node's record of the pod's digest when the caller has it at hand. */
  private startContainer(pod: Pod, image?: CachedImage): void {
    pod.phase = 'Starting';
    if (pod.image === null) {
      const cache = this.core.nodes.cache(pod.node);
      const now = this.core.engine.now;
      if (image === undefined) pod.image = cache.markInUse(pod.digest!, now);
      else {
        cache.hold(image, now);
        pod.image = image;
      }
    }
    this.wait(pod, this.core.options.podStartup(this.core.options.startupRandom), this.onStarted, false);
  }

  private started(arg: number): void {
    const pod = this.take(arg);
    pod.phase = 'Running';
    const minReadyMs = pod.rs.deployment.minReadyMs;
    this.core.setPodState(pod, true, minReadyMs === 0);
    if (minReadyMs > 0) this.wait(pod, minReadyMs, this.onAvailable, false);
  }

  private becameAvailable(arg: number): void {
    const pod = this.take(arg);
    this.core.setPodState(pod, true, true);
  }

  /** The container exits: not ready until it restarts, at once or after the crash-loop back-off. */
  crash(pod: Pod): void {
    if (pod.phase !== 'Running' || pod.node === NO_NODE) return;
    this.crashes++;
    this.cancel(pod);
    pod.phase = 'Starting';
    this.core.setPodState(pod, false, false);
    const now = this.core.engine.now;
    const entry = nextCrashRestart(this.crashLoops.get(pod), now);
    this.crashLoops.set(pod, entry);
    this.wait(pod, entry.restartMs - now, this.onRestart, false);
  }

  /** After the back-off the container starts again; under pullPolicy Always the tag is resolved again first. */
  private restart(arg: number): void {
    const pod = this.take(arg);
    if (pod.rs.template.pullPolicy === 'Always') {
      this.core.nodes.cache(pod.node).release(pod.image!, this.core.engine.now);
      pod.image = null;
      this.pull(pod);
      return;
    }
    this.wait(pod, this.core.options.podStartup(this.core.options.startupRandom), this.onStarted, false);
  }

  /** The node died: its containers stop, and nothing progresses there (the API still shows the old state). */
  nodeDown(node: number): void {
    this.nodeDigests[node]?.downloads.clear();
    for (let pod = this.core.firstPodOn(node); pod !== null; pod = pod.nextOnNode) {
      this.cancel(pod);
      if (pod.phase === 'Running') pod.phase = 'Starting';
    }
  }

  /**
   * The node is back (rebooted): its pods start their containers again,
   * images still on disk, through the same image step as any start, so
   * pullPolicy Always resolves the tag again. The kubelet restarted too, and
   * its back-off entries live in its memory: they are gone.
   */
  nodeUp(node: number): void {
    // Nothing here removes or binds a pod (syncs are queued as events), so the walk sees every pod once.
    for (let pod = this.core.firstPodOn(node); pod !== null; pod = pod.nextOnNode) {
      this.cancel(pod);
      this.core.setPodState(pod, false, false);
      pod.pullBackoff = undefined;
      this.crashLoops.delete(pod);
      if (pod.rs.template.pullPolicy === 'Always') {
        if (pod.image !== null) {
          this.core.nodes.cache(node).release(pod.image, this.core.engine.now);
          pod.image = null;
        }
        this.pull(pod);
      } else if (pod.digest !== null && this.core.nodes.cache(node).has(pod.digest)) {
        this.startContainer(pod);
      } else {
        this.begin(pod);
      }
    }
  }

  /** A pull failed now (the image did not fit): retry after the pull back-off. */
  private pullBackOff(pod: Pod): void {
    pod.pullBackoff = nextBackoff(pod.pullBackoff, this.core.engine.now);
    this.wait(pod, pod.pullBackoff.delayMs, this.onPullRetry, false);
  }

  private wait(pod: Pod, delayMs: number, then: (arg: number) => void, failedPull: boolean): void {
    if (failedPull) {
      this.failedPulls++;
      pod.pullBackoff = nextBackoff(pod.pullBackoff, this.core.engine.now + delayMs);
      delayMs += pod.pullBackoff.delayMs;
    }
    pod.event = this.core.engine.after(delayMs, then, this.core.eventArg(pod));
  }

  /** The pod an event was for: removing a pod cancels its event, so it still exists. */
  private take(arg: number): Pod {
    const pod = this.core.podOfEvent(arg);
    pod.event = NO_EVENT;
    return pod;
  }

  private cancel(pod: Pod): void {
    if (pod.event !== NO_EVENT) {
      this.core.engine.cancel(pod.event);
      pod.event = NO_EVENT;
    }
  }
}

/** What a node holds or is downloading, as the registry asks it (`has`): a pull of either transfers nothing. */
class NodeDigests implements DigestHolder {
  constructor(
    private readonly cache: ImageCache,
    readonly downloads: NodeDownloads,
  ) {}

  has(digest: string): boolean {
    return this.cache.has(digest) || this.downloads.has(digest);
  }
}
