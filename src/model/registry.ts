/**
 * An image registry: repositories of immutable digests and mutable tags.
 * A tag keeps its history of digests with the time of each move, so reports
 * can tell which bytes a tag named at any instant. Outages are time windows;
 * pulls take a latency plus a transfer time with a random factor.
 *
 * Simplified: a registry serves any number of pulls at full speed (no shared
 * bandwidth), a pull that starts while the registry is up completes, and an
 * image is one blob (no layers shared between images).
 */
import type { RandomStream } from '../engine/random.ts';
import { effectiveTag, type ImageRef, isDigest, isRepositoryAndTag, parseImageRef } from './imageRef.ts';

/**
 * What a scenario sets of the registry, exactly as the scenario schema
 * resolves `registry` (the schema holds every default, with its source).
 */
export interface RegistryOptions {
  /** Round trips before the bytes flow; also the time to see a failed pull. */
  readonly pullLatencyMs: number;
  readonly pullBandwidthBytesPerSecond: number;
  /** The transfer time is multiplied by a uniform factor in [1 - spread, 1 + spread]. */
  readonly pullSpread: number;
}

/** One position of a tag: it named `digest` from `atMs` until the next move. */
export interface TagMove {
  readonly digest: string;
  readonly atMs: number;
}

export interface OutageWindow {
  readonly fromMs: number;
  /** Exclusive end; Infinity while a started outage has not ended. */
  readonly toMs: number;
}

/** Anything that can say whether it already holds a digest (a node's image cache). */
export interface DigestHolder {
  has(digest: string): boolean;
}

export type PullResult =
  | {
      readonly ok: true;
      readonly digest: string;
      readonly sizeBytes: number;
      /** 0 when the puller already held the digest: only the manifest was fetched. */
      readonly transferredBytes: number;
      readonly durationMs: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'unavailable' | 'notFound';
      /** Time until the error is seen: one pull latency. */
      readonly durationMs: number;
    };

/**
 * A repository's tags. Most repositories hold one or two tags (a release, then
 * the next), so the first two are kept inline and a Map is made only for a
 * third: at 50,000 apps two Maps per repository were 100,000 Maps (about
 * 30 MB), and a Map for each repository's second tag was 50,000 more (about
 * 15 MB) once every app had a new release.
 */
interface RepositoryRecord {
  readonly firstTag: string;
  readonly firstMoves: StoredMove[];
  /** The second tag pushed; null until there is one. */
  secondTag: string | null;
  secondMoves: StoredMove[] | null;
  /** Tags after the second, in the order they were first pushed; null until there is one. */
  moreTags: Map<string, StoredMove[]> | null;
}

/** A digest with its size: what a reference resolves to. */
export interface SizedDigest {
  readonly digest: string;
  readonly sizeBytes: number;
}

/** A tag move as kept: with the digest's size, so that a pull by tag looks nothing else up. */
interface StoredMove extends TagMove, SizedDigest {}

/** A digest: its size, and when it was first pushed to each repository that holds it (usually one). */
interface DigestRecord extends SizedDigest {
  readonly firstRepository: string;
  readonly firstPushedMs: number;
  /** Other repositories -> time first pushed there; null until there is one. */
  moreRepositories: Map<string, number> | null;
}

export class Registry {
  /** Successful pull requests, including those that found the bytes already on the node (a manifest fetch). */
  pulls = 0;
  /** Bytes transferred by pulls. */
  pulledBytes = 0;
  /** Pulls that failed: registry unavailable or reference not found. */
  failedPulls = 0;

  private readonly repositories = new Map<string, RepositoryRecord>();
  private readonly digests = new Map<string, DigestRecord>();
  private readonly outageFromMs: number[] = [];
  private readonly outageToMs: number[] = [];
  /** Index of the window opened by startOutage, or -1. */
  private openOutage = -1;

  constructor(private readonly options: RegistryOptions) {}

  /**
   * Pushes `digest` (immutable: the same digest with another size throws) and
   * points `tag` at it. Returns true when the tag moved (or is new).
   * Throws during an outage: check isAvailable first.
   */
  push(repository: string, tag: string, digest: string, sizeBytes: number, nowMs: number): boolean {
    const record = this.repositories.get(repository);
    // A repository and tag pushed before were checked then; a new digest needs only its own check.
    // A valid reference passes without building its text; anything else is parsed, for parseImageRef's error.
    const checked = record !== undefined && tagMoves(record, tag) !== undefined;
    if (!(isDigest(digest) && (checked || isRepositoryAndTag(repository, tag)))) {
      const ref = parseImageRef(`${repository}:${tag}@${digest}`);
      if (ref.repository !== repository || ref.tag !== tag) {
        throw new RangeError(
          `cannot push ${JSON.stringify(repository)} with tag ${JSON.stringify(tag)}: not a repository and tag`,
        );
      }
    }
    checkTime(nowMs);
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) {
      throw new RangeError(`sizeBytes must be an integer > 0, got ${sizeBytes}`);
    }
    if (!this.isAvailable(nowMs)) {
      throw new Error(`cannot push ${repository}:${tag} at ${nowMs} ms: the registry is down`);
    }
    const known = this.digests.get(digest);
    if (known !== undefined && known.sizeBytes !== sizeBytes) {
      throw new Error(
        `digest ${digest} is immutable: pushed with ${known.sizeBytes} bytes, now ${sizeBytes}`,
      );
    }
    if (record === undefined) {
      this.repositories.set(repository, {
        firstTag: tag,
        firstMoves: [{ digest, atMs: nowMs, sizeBytes }],
        secondTag: null,
        secondMoves: null,
        moreTags: null,
      });
      this.addDigest(known, digest, sizeBytes, repository, nowMs);
      return true;
    }
    let moves = tagMoves(record, tag);
    const last = moves === undefined ? undefined : moves[moves.length - 1];
    if (last !== undefined && nowMs < last.atMs) {
      throw new RangeError(
        `cannot push ${repository}:${tag} at ${nowMs} ms: it last moved at ${last.atMs} ms`,
      );
    }
    this.addDigest(known, digest, sizeBytes, repository, nowMs);
    if (last?.digest === digest) return false;
    if (moves !== undefined) {
      moves.push({ digest, atMs: nowMs, sizeBytes });
      return true;
    }
    // Made with its first move: an empty array pushed to gets room for 16 (about 130 bytes a repository).
    moves = [{ digest, atMs: nowMs, sizeBytes }];
    if (record.secondTag === null) {
      record.secondTag = tag;
      record.secondMoves = moves;
    } else {
      record.moreTags ??= new Map();
      record.moreTags.set(tag, moves);
    }
    return true;
  }

  /** Records that `repository` holds `digest` from `nowMs` unless it already did. */
  private addDigest(
    known: DigestRecord | undefined,
    digest: string,
    sizeBytes: number,
    repository: string,
    nowMs: number,
  ): void {
    if (known === undefined) {
      this.digests.set(digest, {
        digest,
        sizeBytes,
        firstRepository: repository,
        firstPushedMs: nowMs,
        moreRepositories: null,
      });
    } else if (known.firstRepository !== repository && !known.moreRepositories?.has(repository)) {
      known.moreRepositories ??= new Map();
      known.moreRepositories.set(repository, nowMs);
    }
  }

  /**
   * The digest a reference named at `nowMs`: a tag's position then, or a digest
   * itself if the repository held it. Undefined when unknown. Does not check
   * availability (see isAvailable and pull).
   */
  resolve(ref: ImageRef | string, nowMs: number): string | undefined {
    const r = typeof ref === 'string' ? parseImageRef(ref) : ref;
    const found = this.resolveSized(r, nowMs);
    return found === undefined ? undefined : (r.digest ?? found.digest);
  }

  /** resolve with the digest's size, found in the same lookups. */
  resolveSized(r: ImageRef, nowMs: number): SizedDigest | undefined {
    // By digest, the digest's record says which repositories hold it, so the repository is not looked up:
    // that lookup was half of this function's time in a 50,000-app run.
    if (r.digest !== undefined) {
      const known = this.digests.get(r.digest);
      const pushedMs =
        known === undefined
          ? undefined
          : known.firstRepository === r.repository
            ? known.firstPushedMs
            : known.moreRepositories?.get(r.repository);
      return pushedMs !== undefined && pushedMs <= nowMs ? known : undefined;
    }
    const record = this.repositories.get(r.repository);
    return record === undefined ? undefined : currentMove(record, effectiveTag(r), nowMs);
  }

  /** Size of a pushed digest; throws for an unknown one. */
  sizeOf(digest: string): number {
    const known = this.digests.get(digest);
    if (known === undefined) throw new RangeError(`unknown digest ${digest}`);
    return known.sizeBytes;
  }

  /** Every position a tag has had, oldest first (empty for an unknown tag). */
  tagHistory(repository: string, tag: string): TagMove[] {
    const record = this.repositories.get(repository);
    const moves = record === undefined ? undefined : tagMoves(record, tag);
    return moves === undefined ? [] : moves.map(({ digest, atMs }) => ({ digest, atMs }));
  }

  /**
   * The tags of a repository that existed at `nowMs`, in the order they were
   * first pushed (the registry's tag list API). Empty for an unknown repository.
   */
  tags(repository: string, nowMs: number): string[] {
    const tags: string[] = [];
    const record = this.repositories.get(repository);
    if (record === undefined) return tags;
    if (record.firstMoves[0].atMs <= nowMs) tags.push(record.firstTag);
    if (record.secondTag !== null && record.secondMoves![0].atMs <= nowMs) tags.push(record.secondTag);
    if (record.moreTags !== null)
      for (const [tag, moves] of record.moreTags) if (moves[0].atMs <= nowMs) tags.push(tag);
    return tags;
  }

  /** Declares the registry down during [fromMs, toMs). Windows may overlap. */
  setOutage(fromMs: number, toMs: number): void {
    checkTime(fromMs);
    checkTime(toMs);
    if (toMs <= fromMs) throw new RangeError(`an outage must end after it starts: [${fromMs}, ${toMs}) ms`);
    this.outageFromMs.push(fromMs);
    this.outageToMs.push(toMs);
  }

  /** Takes the registry down from `nowMs` until endOutage. */
  startOutage(nowMs: number): void {
    checkTime(nowMs);
    if (this.openOutage >= 0) {
      throw new Error(`the registry is already down since ${this.outageFromMs[this.openOutage]} ms`);
    }
    this.openOutage = this.outageFromMs.length;
    this.outageFromMs.push(nowMs);
    this.outageToMs.push(Number.POSITIVE_INFINITY);
  }

  /** Ends the outage begun by startOutage. */
  endOutage(nowMs: number): void {
    checkTime(nowMs);
    const open = this.openOutage;
    if (open < 0) throw new Error('endOutage without startOutage');
    if (nowMs < this.outageFromMs[open]) {
      throw new RangeError(
        `an outage cannot end (${nowMs} ms) before it started (${this.outageFromMs[open]} ms)`,
      );
    }
    this.outageToMs[open] = nowMs;
    this.openOutage = -1;
  }

  /** True while an outage begun by startOutage is open. */
  get down(): boolean {
    return this.openOutage >= 0;
  }

  isAvailable(nowMs: number): boolean {
    for (let i = 0; i < this.outageFromMs.length; i++) {
      if (this.outageFromMs[i] <= nowMs && nowMs < this.outageToMs[i]) return false;
    }
    return true;
  }

  /** Every outage window, in the order declared. */
  outages(): OutageWindow[] {
    return this.outageFromMs.map((fromMs, i) => ({ fromMs, toMs: this.outageToMs[i] }));
  }

  /**
   * Time to pull `sizeBytes` (0 for a manifest check): latency plus
   * size / bandwidth times a uniform factor. Draws exactly one number.
   */
  pullDurationMs(sizeBytes: number, rng: RandomStream): number {
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) {
      throw new RangeError(`sizeBytes must be an integer >= 0, got ${sizeBytes}`);
    }
    return this.durationMs(sizeBytes, rng.next());
  }

  /**
   * A node pulls `ref` at `nowMs`: resolve it, then transfer the bytes unless
   * `holder` already has that digest. Counts the pull. Draws exactly one number,
   * whatever the outcome, so outcomes do not shift later draws. `resolved`: what
   * an earlier pull of the same digest reference found (it cannot change: a
   * digest once pushed stays pushed), so that it is not looked up again.
   */
  pull(ref: ImageRef, nowMs: number, rng: RandomStream, holder?: DigestHolder, resolved?: SizedDigest): PullResult {
    const u = rng.next();
    if (!this.isAvailable(nowMs)) return this.failed('unavailable');
    const found = ref.digest !== undefined && resolved !== undefined ? resolved : this.resolveSized(ref, nowMs);
    if (found === undefined) return this.failed('notFound');
    const { digest, sizeBytes } = found;
    const transferredBytes = holder?.has(digest) ? 0 : sizeBytes;
    this.pulls++;
    this.pulledBytes += transferredBytes;
    return {
      ok: true,
      digest,
      sizeBytes,
      transferredBytes,
      durationMs: this.durationMs(transferredBytes, u),
    };
  }

  /** `u` is a uniform draw in [0, 1). */
  private durationMs(sizeBytes: number, u: number): number {
    const { pullLatencyMs, pullBandwidthBytesPerSecond, pullSpread } = this.options;
    const factor = 1 + pullSpread * (2 * u - 1);
    return pullLatencyMs + Math.round(((sizeBytes * 1000) / pullBandwidthBytesPerSecond) * factor);
  }

  private failed(reason: 'unavailable' | 'notFound'): PullResult {
    this.failedPulls++;
    return { ok: false, reason, durationMs: this.options.pullLatencyMs };
  }
}

/** The moves of `tag` in `record`, or undefined when it never held that tag. */
function tagMoves(record: RepositoryRecord, tag: string): StoredMove[] | undefined {
  if (record.firstTag === tag) return record.firstMoves;
  if (record.secondTag === tag) return record.secondMoves!;
  return record.moreTags?.get(tag);
}

/** The move of `tag` in force at `nowMs` (usually the newest; older ones answer questions about the past). */
function currentMove(record: RepositoryRecord, tag: string, nowMs: number): StoredMove | undefined {
  const moves = tagMoves(record, tag);
  if (moves === undefined) return undefined;
  for (let i = moves.length - 1; i >= 0; i--) if (moves[i].atMs <= nowMs) return moves[i];
  return undefined;
}

function checkTime(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`time must be an integer >= 0 ms, got ${ms}`);
}
