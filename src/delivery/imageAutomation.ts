/**
 * Flux image automation: per app, an ImageRepository lists the tags of the
 * app's image repository every `scanIntervalMs` and its ImagePolicy picks the
 * newest tag; one ImageUpdateAutomation, every `commitIntervalMs`, fetches
 * Git and commits each app whose pick differs from the image Git names.
 *
 * A tag re-pushed with new bytes (`latest` rebuilt) is the same tag, so the
 * pick and the text in Git do not change and nothing is committed; with
 * `reflectDigest` the pick is written as `repo:tag@digest`, so new bytes are
 * a new text and get committed. The intended digest of a commit is what the
 * picked tag pointed to at the scan, and its origin (code commit time, bad or
 * not) that of CI's release of those bytes, so change failure rate and lead
 * time count automation commits as they count CI's.
 *
 * As upstream, a run rewrites every field that differs from the pick: after a
 * `git revert` of a picked release, the next run commits the pick again
 * (undoing a revert needs the automation suspended or the tag excluded).
 *
 * Simplified: a scan during a registry outage, or a run during a Git outage,
 * is skipped until its next interval (Flux backs off and retries sooner);
 * one commit per app rather than one per run; semver tags are picked as by
 * the range `>=0.0.0` (pre-releases never win).
 */
import type { Engine } from '../engine/engine.ts';
import type { RandomStream, StreamSource } from '../engine/random.ts';
import type { Release } from '../model/ciPipeline.ts';
import type { GitRepo, ReleaseOrigin } from '../model/gitRepo.ts';
import { parseImageRef } from '../model/imageRef.ts';
import type { Registry } from '../model/registry.ts';
import { jitteredMs } from './flux.ts';

/** ImagePolicy `.spec.policy`: how the newest tag is chosen. */
export type ImagePolicyKind = 'semver' | 'numerical' | 'alphabetical';

/** ImagePolicy `.spec.filterTags`: keep tags matching `pattern`; compare what `extract` makes of them. */
export interface TagFilter {
  readonly pattern: RegExp;
  /** A template of the match's groups, as Go's regexp.Expand reads it: `$1`, `$name`, `${name}`. */
  readonly extract?: string;
}

/**
 * What a scenario sets of image automation, exactly as the scenario schema
 * resolves `imageAutomation` (the schema holds every default, with its source).
 */
export interface ImageAutomationOptions {
  /** ImageRepository `.spec.interval`. */
  readonly scanIntervalMs: number;
  readonly policy: ImagePolicyKind;
  readonly filterTags?: TagFilter;
  /** ImageUpdateAutomation `.spec.interval`. */
  readonly commitIntervalMs: number;
  /** Write `repo:tag@digest` rather than `repo:tag` (ImagePolicy digestReflectionPolicy Always). */
  readonly reflectDigest: boolean;
  /** Each interval waits interval x (1 +- jitterFraction), uniformly. */
  readonly jitterFraction: number;
  /** Run the automation as soon as a pick changes, besides every interval (it watches ImagePolicy objects). */
  readonly watchPolicies: boolean;
}

/** Name of the random stream of the scan and commit schedules. */
export const IMAGE_AUTOMATION_STREAM = 'imageAutomation.schedule';

// Strict SemVer 2.0 with an optional leading v, as fluxcd/pkg/version.ParseVersion accepts.
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
// What Go's strconv.ParseFloat reads in decimal notation.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The tag an ImagePolicy picks, or undefined when it cannot pick (no tag
 * passes; numerical: a tag that is not a number fails the policy, as in
 * image-reflector-controller, so non-numeric tags must be filtered out).
 * Ties: semver keeps the tag listed first, numerical the last (as Flux does).
 */
export function newestTag(
  tags: readonly string[],
  policy: ImagePolicyKind,
  filter?: TagFilter,
): string | undefined {
  let best: string | undefined;
  let bestText = '';
  // Semver: major, minor, patch; numerical: the number in major.
  let major = 0;
  let minor = 0;
  let patch = 0;
  for (const tag of tags) {
    const value = filter === undefined ? tag : filtered(tag, filter);
    if (value === undefined) continue;
    if (policy === 'alphabetical') {
      if (best === undefined || value > bestText) {
        best = tag;
        bestText = value;
      }
    } else if (policy === 'numerical') {
      if (!DECIMAL.test(value)) return undefined;
      const n = Number(value);
      if (best === undefined || n >= major) {
        best = tag;
        major = n;
      }
    } else {
      const m = SEMVER.exec(value);
      if (m === null || m[4] !== undefined) continue;
      const a = Number(m[1]);
      const b = Number(m[2]);
      const c = Number(m[3]);
      if (best === undefined || a > major || (a === major && (b > minor || (b === minor && c > patch)))) {
        best = tag;
        major = a;
        minor = b;
        patch = c;
      }
    }
  }
  return best;
}

/** The value a filter keeps of a tag: the tag itself, its extract, or undefined when it does not match. */
function filtered(tag: string, filter: TagFilter): string | undefined {
  const m = filter.pattern.exec(tag);
  if (m === null) return undefined;
  if (filter.extract === undefined) return tag;
  return filter.extract.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_, braced?: string, bare?: string) => {
    const name = braced ?? bare!;
    return (/^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name]) ?? '';
  });
}

export class ImageAutomation {
  /** ImageRepository scans, and those a registry outage made fail. */
  scans = 0;
  failedScans = 0;
  /** ImageUpdateAutomation runs, those a Git outage made fail, and the commits they made. */
  runs = 0;
  failedRuns = 0;
  commits = 0;

  private readonly schedule: RandomStream;
  private readonly repositories: string[];
  private readonly pickTag: (string | undefined)[];
  private readonly pickDigest: string[];
  /** The image text the automation writes for each app (undefined before a pick). */
  private readonly wanted: (string | undefined)[];
  /** CI's releases by digest: bytes pushed otherwise (a rebuild moving a tag) have no origin. */
  private readonly origins = new Map<string, ReleaseOrigin>();
  private readonly onScan = (app: number): void => this.scan(app);
  private readonly onRun = (): void => {
    this.run();
    this.engine.after(this.jittered(this.options.commitIntervalMs), this.onRun);
  };

  constructor(
    private readonly engine: Engine,
    private readonly git: GitRepo,
    private readonly registry: Registry,
    private readonly options: ImageAutomationOptions,
    streams: StreamSource,
    /** CI's releases (a CiPipeline fits), whose origins the automation's commits carry. */
    releases?: { onRelease(listener: (release: Release) => void): void },
  ) {
    checkFilter(options.filterTags);
    releases?.onRelease((release) => {
      this.origins.set(release.digest, {
        codeCommitMs: release.triggeredMs,
        bad: release.bad,
        badManifest: release.badManifest,
      });
    });
    this.schedule = streams.stream(IMAGE_AUTOMATION_STREAM);
    const n = git.appCount;
    this.repositories = Array.from(
      { length: n },
      (_, app) => parseImageRef(git.desiredAt(app).image).repository,
    );
    this.pickTag = new Array(n).fill(undefined);
    this.pickDigest = new Array(n).fill('');
    this.wanted = new Array(n).fill(undefined);
  }

  /** Each ImageRepository and the automation start at a random phase of their periods. */
  start(): void {
    for (let app = 0; app < this.repositories.length; app++) {
      this.engine.after(Math.floor(this.schedule.next() * this.options.scanIntervalMs), this.onScan, app);
    }
    this.engine.after(Math.floor(this.schedule.next() * this.options.commitIntervalMs), this.onRun);
  }

  /** The tag the app's ImagePolicy picked at its last successful scan. */
  latestTag(app: number): string | undefined {
    return this.pickTag[app];
  }

  private scan(app: number): void {
    this.scans++;
    const now = this.engine.now;
    if (!this.registry.isAvailable(now)) {
      this.failedScans++;
    } else {
      const repository = this.repositories[app];
      const { policy, filterTags, reflectDigest, watchPolicies } = this.options;
      const tag = newestTag(this.registry.tags(repository, now), policy, filterTags);
      // A policy that cannot pick keeps its last pick (its status is not overwritten).
      if (tag !== undefined) {
        const digest = this.registry.resolve({ repository, tag }, now)!;
        if (tag !== this.pickTag[app] || digest !== this.pickDigest[app]) {
          this.pickTag[app] = tag;
          this.pickDigest[app] = digest;
          const image = reflectDigest ? `${repository}:${tag}@${digest}` : `${repository}:${tag}`;
          const changed = image !== this.wanted[app];
          this.wanted[app] = image;
          if (changed && watchPolicies) this.run();
        }
      }
    }
    this.engine.after(this.jittered(this.options.scanIntervalMs), this.onScan, app);
  }

  /** Clone, set every app's image to its pick, commit and push what changed. */
  private run(): void {
    this.runs++;
    if (!this.git.fetch()) {
      this.failedRuns++;
      return;
    }
    for (let app = 0; app < this.wanted.length; app++) {
      const image = this.wanted[app];
      if (image === undefined) continue;
      const desired = this.git.desiredAt(app);
      if (desired.image === image) continue;
      const digest = this.pickDigest[app];
      this.git.commit(app, { ...desired, image }, digest, 'release', this.origins.get(digest));
      this.commits++;
    }
  }

  private jittered(intervalMs: number): number {
    return jitteredMs(intervalMs, this.options.jitterFraction, this.schedule.next());
  }
}

/** exec on a global or sticky pattern would depend on the previous tag. */
function checkFilter(filter: TagFilter | undefined): void {
  if (filter !== undefined && (filter.pattern.global || filter.pattern.sticky)) {
    throw new RangeError(`filterTags.pattern must not have the g or y flag, got ${filter.pattern}`);
  }
}
