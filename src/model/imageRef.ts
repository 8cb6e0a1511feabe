/**
 * Container image references as Kubernetes reads them from a pod spec:
 * `repo`, `repo:tag`, `repo@sha256:<64 hex>` or `repo:tag@sha256:<64 hex>`,
 * where `repo` may start with a registry host and port
 * (`registry.example:5000/shop/api:1.2.3`). The grammar follows the
 * distribution reference grammar that the container runtimes use.
 *
 * Simplified: names are kept as written (no `docker.io/library/` defaulting),
 * only sha256 digests are accepted, and IPv6 registry hosts are not.
 */

/** A parsed reference. With a digest the tag is informational: runtimes pull by digest. */
export interface ImageRef {
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 lowercase hex digits>`. */
  readonly digest?: string;
}

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** The tag a reference without tag or digest names (Kubernetes and Docker default). */
export const DEFAULT_TAG = 'latest';

export const IMAGE_REF_EXPECTED = 'an image reference like repo:tag or repo@sha256:<64 hex digits>';

/** Thrown for text that is not an image reference; `problem` says which part is wrong. */
export class ImageRefError extends Error {
  readonly code = 'E_IMAGE_REF';
  readonly expected = IMAGE_REF_EXPECTED;
  constructor(
    readonly found: string,
    readonly problem: string,
  ) {
    super(`expected ${IMAGE_REF_EXPECTED}, found ${JSON.stringify(found)}: ${problem}`);
    this.name = 'ImageRefError';
  }
}

// distribution/reference: a host is dot-separated labels with an optional port; a path
// component is lowercase alphanumerics joined by '.', '_', '__' or runs of '-'.
const HOST_LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `${HOST_LABEL}(?:\\.${HOST_LABEL})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = new RegExp(`^(?:${HOST}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const NAME_MAX_LENGTH = 255;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST_PREFIX = 'sha256:';
const DIGEST_HEX_DIGITS = 64;

const BAD_NAME =
  'the repository must be lowercase path components separated by /, optionally after a registry host[:port], at most 255 characters';
const BAD_TAG = 'the tag must be 1 to 128 letters, digits, _, . or -, not starting with . or -';
const BAD_DIGEST = 'the digest must be sha256: followed by 64 lowercase hex digits';

/** Parses an image reference; throws ImageRefError. */
export function parseImageRef(text: string): ImageRef {
  let rest = text;
  let digest: string | undefined;
  const at = text.indexOf('@');
  if (at >= 0) {
    digest = text.slice(at + 1);
    rest = text.slice(0, at);
    if (!isDigest(digest)) throw new ImageRefError(text, BAD_DIGEST);
  }
  let repository = rest;
  let tag: string | undefined;
  // A colon after the last slash starts the tag; one before it belongs to a host:port.
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    repository = rest.slice(0, colon);
    tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) throw new ImageRefError(text, BAD_TAG);
  }
  if (repository.length > NAME_MAX_LENGTH || !NAME.test(repository)) throw new ImageRefError(text, BAD_NAME);
  if (tag === undefined) return digest === undefined ? { repository } : { repository, digest };
  return digest === undefined ? { repository, tag } : { repository, tag, digest };
}

/**
 * True when `repository:tag` is a valid reference naming exactly that
 * repository and tag (what parseImageRef would read back unchanged), checked
 * without building the text.
 */
export function isRepositoryAndTag(repository: string, tag: string): boolean {
  return TAG.test(tag) && repository.length <= NAME_MAX_LENGTH && NAME.test(repository);
}

/** The text of a reference (what parseImageRef reads back). Throws ImageRefError for invalid parts. */
export function formatImageRef(ref: ImageRef): string {
  let text = ref.repository;
  if (ref.tag !== undefined) text += `:${ref.tag}`;
  if (ref.digest !== undefined) text += `@${ref.digest}`;
  const parsed = parseImageRef(text);
  if (parsed.repository !== ref.repository || parsed.tag !== ref.tag) {
    throw new ImageRefError(text, ref.tag !== undefined && !TAG.test(ref.tag) ? BAD_TAG : BAD_NAME);
  }
  return text;
}

/**
 * The pull policy the API server fills in when a container leaves it empty
 * (SetDefaults_Container, pkg/apis/core/v1/defaults.go): Always when the tag
 * is `latest`, written or implied by a reference with neither tag nor digest
 * (parsers.ParseImageName), so `repo:latest@sha256:…` too; IfNotPresent for
 * any other tag and for a bare digest. It is fixed when the object is
 * created, not re-derived later.
 */
export function defaultPullPolicy(ref: ImageRef): PullPolicy {
  const tag = ref.tag ?? (ref.digest === undefined ? DEFAULT_TAG : undefined);
  return tag === DEFAULT_TAG ? 'Always' : 'IfNotPresent';
}

/** The tag a reference names when it has no digest: its own, or `latest`. */
export function effectiveTag(ref: ImageRef): string {
  return ref.tag ?? DEFAULT_TAG;
}

/**
 * True for `sha256:<64 lowercase hex digits>`. Scanned by hand: every image a
 * node caches is checked, and the regular expression was about 1% of a
 * 50,000-app run's profile.
 */
export function isDigest(text: string): boolean {
  if (text.length !== DIGEST_PREFIX.length + DIGEST_HEX_DIGITS || !text.startsWith(DIGEST_PREFIX)) return false;
  for (let i = DIGEST_PREFIX.length; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
