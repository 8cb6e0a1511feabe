import { hash } from 'node:crypto';

/**
 * The immutable reference of a build: `repository@sha256:<hex>`. The digest
 * is derived from (repository, build number), so the same build always has
 * the same bytes and every build differs.
 */
export function digestReference(repository: string, build: number): string {
  // The one-shot hash (Node 20.12) makes no Hash object: a third of createHash's time, and a mass change hashes a build per app.
  const hex = hash('sha256', `${repository}\u0000${build}`, 'hex');
  // Joined, not concatenated: one flat string rather than a rope that each later slice or hash has to flatten.
  return [repository, '@sha256:', hex].join('');
}
