/**
 * What an import could not map, by object kind: never dropped silently, each
 * listed at the top of the scenario it writes.
 */

export interface Warning {
  /** The object kind, `(not Kubernetes)` for other documents, or `(git)`. */
  readonly kind: string;
  /** `file:line` or another place. */
  readonly where: string;
  readonly message: string;
  /** A whole document or file left unread (aliases past the limit, a link to nothing): named one by one, not only counted. */
  readonly unread?: boolean;
}

export class Warnings {
  readonly list: Warning[] = [];

  add(kind: string, where: string, message: string, options: { readonly unread?: boolean } = {}): void {
    this.list.push({ kind, where, message, ...(options.unread && { unread: true }) });
  }

  /** The warnings of what was left unread, in the order found. */
  unread(): Warning[] {
    return this.list.filter((w) => w.unread);
  }

  /** By kind, in order of kind then first appearance. */
  byKind(): Map<string, Warning[]> {
    const groups = new Map<string, Warning[]>();
    for (const kind of [...new Set(this.list.map((w) => w.kind))].sort()) {
      groups.set(
        kind,
        this.list.filter((w) => w.kind === kind),
      );
    }
    return groups;
  }
}
