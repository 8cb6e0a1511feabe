/**
 * A node's image store and the kubelet's image garbage collection.
 *
 * Tags are local: a node that pulled `api:1.2` keeps the bytes it got then,
 * even after the registry moved the tag (IfNotPresent semantics), until the
 * image is collected or pulled again. Garbage collection follows the kubelet
 * (pkg/kubelet/images/image_gc_manager.go): when usage reaches the high
 * threshold, delete unused images, least recently used first, until usage is
 * down to the low threshold; images first seen less than the minimum age ago,
 * or used by a running container, are kept.
 *
 * Simplified: an image is one blob (no shared layers), the disk holds only
 * images, and the time of a pull counts as a use.
 */
import { DOUBLE_FIRST } from '../engine/doubleFirst.ts';
import { effectiveTag, type ImageRef } from './imageRef.ts';

/** ImageGCPeriod in pkg/kubelet/kubelet.go: the kubelet runs image GC every 5 minutes. */
export const IMAGE_GC_PERIOD_MS = 300_000;

/**
 * The kubelet's image GC settings, exactly as the scenario schema resolves
 * `cluster.imageGc` (the schema holds the kubelet's defaults and checks 0 <= low < high <= 100).
 */
export interface ImageGcPolicy {
  readonly highThresholdPercent: number;
  readonly lowThresholdPercent: number;
  readonly minimumAgeMs: number;
}

/** An image on a node's disk; a pod that runs it keeps the record, to let it go without looking it up. */
export interface CachedImage {
  readonly digest: string;
  readonly sizeBytes: number;
  readonly firstSeenMs: number;
  lastUsedMs: number;
  /** Running containers using it. */
  users: number;
  /**
   * Local tags naming it: the first inline (null when none), any others as
   * [repository, tag] pairs. An image usually has one tag, and arrays for it
   * were two objects more per image on every node.
   */
  tagRepository: string | null;
  tagName: string | null;
  moreTags: [string, string][] | null;
}

export class ImageCache {
  private used = 0;
  private readonly images = new Map<string, CachedImage>();
  /**
   * repository -> its local tags (tag -> the image's record); nested so lookups
   * build no key strings. A record leaves here with its last tag when it leaves
   * `images`, so a tag never names a record the cache no longer holds.
   */
  private readonly tags = new Map<string, LocalTags>();
  /** Reused by collectGarbage. */
  private readonly candidates: CachedImage[] = [];

  constructor(
    readonly capacityBytes: number,
    readonly policy: ImageGcPolicy,
    /**
     * Called when an added image takes usage to the high threshold or above:
     * only then has the kubelet's next periodic GC anything to do on this node.
     */
    private readonly onHighThreshold: () => void = () => {},
  ) {
    if (!Number.isSafeInteger(capacityBytes) || capacityBytes <= 0) {
      throw new RangeError(`capacityBytes must be an integer > 0, got ${capacityBytes}`);
    }
  }

  get usedBytes(): number {
    return this.used;
  }

  get freeBytes(): number {
    return this.capacityBytes - this.used;
  }

  get imageCount(): number {
    return this.images.size;
  }

  has(digest: string): boolean {
    return this.images.has(digest);
  }

  /** The record of a digest the node holds, or undefined: has and markInUse's lookup in one. */
  find(digest: string): CachedImage | undefined {
    return this.images.get(digest);
  }

  /** True when an image of `sizeBytes` more fits on the disk now. */
  fits(sizeBytes: number): boolean {
    return this.used + sizeBytes <= this.capacityBytes;
  }

  /**
   * The digest this node would run for `ref` without pulling: for a digest
   * reference that digest if present, for a tag what the node last pulled
   * under that tag (possibly older than the registry's). Undefined if none.
   */
  tagged(ref: ImageRef): string | undefined {
    return this.taggedImage(ref)?.digest;
  }

  /** tagged's record: what markInUse would look up again (a pod starting from a held image). */
  taggedImage(ref: ImageRef): CachedImage | undefined {
    if (ref.digest !== undefined) return this.images.get(ref.digest);
    const local = this.tags.get(ref.repository);
    return local === undefined ? undefined : imageOfTag(local, effectiveTag(ref));
  }

  /**
   * Records a pulled image and, for a reference without digest, points the
   * local tag at it; returns its record. Throws when it does not fit (check
   * `fits` or collect first), when `ref` has another digest, or when a known
   * digest comes with another size. `digest` is one the registry holds (what
   * a pull returned): Registry.push checked its form, so it is not scanned
   * again here on every pull of every node (1.5% of a 50,000-pod run).
   */
  add(ref: ImageRef, digest: string, sizeBytes: number, nowMs: number): CachedImage {
    if (ref.digest !== undefined && ref.digest !== digest) {
      throw new RangeError(`reference ${ref.repository}@${ref.digest} cannot hold digest ${digest}`);
    }
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) {
      throw new RangeError(`sizeBytes must be an integer > 0, got ${sizeBytes}`);
    }
    checkTime(nowMs);
    let image = this.images.get(digest);
    if (image === undefined) {
      if (!this.fits(sizeBytes)) {
        throw new RangeError(
          `image ${digest} (${sizeBytes} bytes) does not fit: ${this.freeBytes} of ${this.capacityBytes} bytes free`,
        );
      }
      image = newImage(digest, sizeBytes, nowMs);
      this.images.set(digest, image);
      this.used += sizeBytes;
      if (this.atHighThreshold()) this.onHighThreshold();
    } else {
      if (image.sizeBytes !== sizeBytes) {
        throw new RangeError(
          `digest ${digest} is immutable: cached with ${image.sizeBytes} bytes, now ${sizeBytes}`,
        );
      }
      use(image, nowMs);
    }
    if (ref.digest === undefined) this.pointTag(ref.repository, effectiveTag(ref), image);
    return image;
  }

  /** Records a use of an image (a container started from it). */
  touch(digest: string, nowMs: number): void {
    use(this.get(digest), nowMs);
  }

  /** A container using the image started: it cannot be collected until markUnused. Returns its record. */
  markInUse(digest: string, nowMs: number): CachedImage {
    const image = this.get(digest);
    this.hold(image, nowMs);
    return image;
  }

  /** markInUse for a record of this cache (what add returned): nothing to look up. */
  hold(image: CachedImage, nowMs: number): void {
    use(image, nowMs);
    image.users++;
  }

  /** A container using the image stopped; its last use is now. */
  markUnused(digest: string, nowMs: number): void {
    this.release(this.get(digest), nowMs);
  }

  /**
   * markUnused for the record markInUse or add returned: an image in use is
   * never collected, so the record is still the one the cache holds.
   */
  release(image: CachedImage, nowMs: number): void {
    if (image.users === 0) throw new Error(`markUnused(${image.digest}) without a matching markInUse`);
    use(image, nowMs);
    image.users--;
  }

  /**
   * One run of the kubelet's image GC at `nowMs`. Returns the bytes freed
   * (0 below the high threshold, or when nothing can be deleted).
   */
  collectGarbage(nowMs: number): number {
    checkTime(nowMs);
    if (!this.atHighThreshold()) return 0;
    const capacity = this.capacityBytes;
    const available = capacity - this.used;
    const bytesToFree = Math.floor((capacity * (100 - this.policy.lowThresholdPercent)) / 100) - available;
    if (bytesToFree <= 0) return 0;
    const candidates = this.candidates;
    candidates.length = 0;
    const minimumAgeMs = this.policy.minimumAgeMs;
    for (const image of this.images.values()) {
      // Used at this very instant counts as in use, as in the kubelet.
      if (image.users > 0 || image.lastUsedMs >= nowMs || nowMs - image.firstSeenMs < minimumAgeMs) continue;
      candidates.push(image);
    }
    // Stable sort: ties keep insertion (pull) order, so the result is deterministic.
    candidates.sort(byLastUsedThenFirstSeen);
    let freed = 0;
    for (let i = 0; i < candidates.length && freed < bytesToFree; i++) {
      freed += candidates[i].sizeBytes;
      this.remove(candidates[i]);
    }
    candidates.length = 0;
    return freed;
  }

  /** Usage at or above the high threshold: the kubelet's GC would delete images now. */
  atHighThreshold(): boolean {
    const available = this.capacityBytes - this.used;
    // The kubelet's integer arithmetic: usage rounds up, the target rounds down.
    const usagePercent = 100 - Math.floor((available * 100) / this.capacityBytes);
    return usagePercent >= this.policy.highThresholdPercent;
  }

  private get(digest: string): CachedImage {
    const image = this.images.get(digest);
    if (image === undefined) throw new RangeError(`image ${digest} is not on this node`);
    return image;
  }

  private pointTag(repository: string, tag: string, image: CachedImage): void {
    let local = this.tags.get(repository);
    if (local === undefined) {
      local = { firstTag: tag, firstImage: image, more: null };
      this.tags.set(repository, local);
    } else {
      const previous = imageOfTag(local, tag);
      if (previous === image) return;
      if (previous !== undefined) dropTag(previous, repository, tag);
      setTag(local, tag, image);
    }
    if (image.tagRepository === null) {
      image.tagRepository = repository;
      image.tagName = tag;
    } else if (image.moreTags === null) image.moreTags = [[repository, tag]];
    else image.moreTags.push([repository, tag]);
  }

  private remove(image: CachedImage): void {
    this.images.delete(image.digest);
    this.used -= image.sizeBytes;
    if (image.tagRepository !== null) this.forgetTag(image.tagRepository, image.tagName!);
    if (image.moreTags !== null) for (const [repository, tag] of image.moreTags) this.forgetTag(repository, tag);
  }

  private forgetTag(repository: string, tag: string): void {
    const local = this.tags.get(repository)!;
    if (deleteTag(local, tag)) this.tags.delete(repository);
  }
}

/**
 * A repository's tags on one node: the first inline, any others in a Map made
 * only for a second (a node usually holds one tag of a repository, and a Map
 * for each was some 150 bytes per app per node).
 */
interface LocalTags {
  firstTag: string;
  firstImage: CachedImage;
  more: Map<string, CachedImage> | null;
}

function imageOfTag(local: LocalTags, tag: string): CachedImage | undefined {
  if (local.firstTag === tag) return local.firstImage;
  return local.more?.get(tag);
}

function setTag(local: LocalTags, tag: string, image: CachedImage): void {
  if (local.firstTag === tag) local.firstImage = image;
  else if (local.more === null) local.more = new Map([[tag, image]]);
  else local.more.set(tag, image);
}

/** Removes a tag; true when the repository has none left. */
function deleteTag(local: LocalTags, tag: string): boolean {
  const more = local.more;
  if (local.firstTag === tag) {
    if (more === null) return true;
    // Another tag takes the inline place.
    const [nextTag, nextImage] = more.entries().next().value as [string, CachedImage];
    local.firstTag = nextTag;
    local.firstImage = nextImage;
    more.delete(nextTag);
  } else more?.delete(tag);
  if (more !== null && more.size === 0) local.more = null;
  return false;
}

function byLastUsedThenFirstSeen(a: CachedImage, b: CachedImage): number {
  return a.lastUsedMs - b.lastUsedMs || a.firstSeenMs - b.firstSeenMs;
}

function use(image: CachedImage, nowMs: number): void {
  checkTime(nowMs);
  image.lastUsedMs = Math.max(image.lastUsedMs, nowMs);
}

/** The image no longer carries this tag (it moved to another image). */
function dropTag(image: CachedImage, repository: string, tag: string): void {
  const more = image.moreTags;
  if (image.tagRepository === repository && image.tagName === tag) {
    // The next tag, if any, moves inline.
    const next = more === null ? undefined : more.shift();
    image.tagRepository = next === undefined ? null : next[0];
    image.tagName = next === undefined ? null : next[1];
  } else if (more !== null) {
    more.splice(
      more.findIndex(([r, t]) => r === repository && t === tag),
      1,
    );
  }
  if (more !== null && more.length === 0) image.moreTags = null;
}

/** A record of an image first seen at `nowMs`, its times doubles from the first (see DOUBLE_FIRST). */
function newImage(digest: string, sizeBytes: number, nowMs: number): CachedImage {
  const image = {
    digest,
    sizeBytes,
    firstSeenMs: DOUBLE_FIRST,
    lastUsedMs: DOUBLE_FIRST,
    users: 0,
    tagRepository: null,
    tagName: null,
    moreTags: null,
  };
  image.firstSeenMs = nowMs;
  image.lastUsedMs = nowMs;
  return image;
}

function checkTime(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`time must be an integer >= 0 ms, got ${ms}`);
}
