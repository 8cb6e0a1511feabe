/** A value read from a manifest (or chosen as a default), with where it came from for the scenario's comments. */
export interface Sourced<T> {
  readonly value: T;
  /** `file:line field`, or `default (<which>)`. */
  readonly from: string;
}

export function sourced<T>(value: T, from: string): Sourced<T> {
  return { value, from };
}

/** A field of a manifest: `apps/api.yaml:12 spec.replicas`. */
export function field<T>(value: T, at: (path: string) => string, path: string): Sourced<T> {
  return { value, from: `${at(path)} ${path}` };
}
