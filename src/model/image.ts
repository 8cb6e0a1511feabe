import { createHash } from 'node:crypto';

/**
 * The immutable reference of a build: `repository@sha256:<hex>`. The digest
 * is derived from (repository, build number), so the same build always has
 * the same bytes and every build differs.
 */
export function digestReference(repository: string, build: number): string {
  const hex = createHash('sha256').update(`${repository}\u0000${build}`).digest('hex');
  return `${repository}@sha256:${hex}`;
}
