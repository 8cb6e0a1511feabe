/**
 * The reconcile loop: compare a desired state with an actual one and take the
 * actions that move actual toward desired, one step at a time, as a
 * Kubernetes controller does. Running it again on its own result takes no
 * action (idempotent); running it after someone changed the actual state
 * undoes the change (self-healing).
 */

/** The state of one app: which image it runs and how many replicas. */
export interface AppState {
  readonly image: string;
  readonly replicas: number;
}

export type ReconcileAction =
  | { readonly kind: 'setImage'; readonly from: string; readonly to: string }
  | { readonly kind: 'scaleUp'; readonly to: number }
  | { readonly kind: 'scaleDown'; readonly to: number };

export interface ReconcileResult {
  /** The actual state after every action. */
  readonly state: AppState;
  /** The actions taken, in order; empty when actual already equals desired. */
  readonly actions: readonly ReconcileAction[];
}

/** Moves `actual` to `desired`: the image first, then one replica per step. */
export function reconcile(desired: AppState, actual: AppState): ReconcileResult {
  const actions: ReconcileAction[] = [];
  let { image, replicas } = actual;
  if (image !== desired.image) {
    actions.push({ kind: 'setImage', from: image, to: desired.image });
    image = desired.image;
  }
  while (replicas < desired.replicas) actions.push({ kind: 'scaleUp', to: ++replicas });
  while (replicas > desired.replicas) actions.push({ kind: 'scaleDown', to: --replicas });
  return { state: { image, replicas }, actions };
}

/** The action as a person reads it in a log: "set image a -> b", "scale up -> 2". */
export function describeAction(action: ReconcileAction): string {
  switch (action.kind) {
    case 'setImage':
      return `set image ${action.from} -> ${action.to}`;
    case 'scaleUp':
      return `scale up -> ${action.to}`;
    case 'scaleDown':
      return `scale down -> ${action.to}`;
  }
}

export function sameState(a: AppState, b: AppState): boolean {
  return a.image === b.image && a.replicas === b.replicas;
}
