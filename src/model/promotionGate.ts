/**
 * The gate between two environments: when a release that is healthy in one
 * environment may go to the next.
 * - auto (continuous deployment): each release goes on after a soak time of
 *   its own (0: at once);
 * - manual (continuous delivery): a person approves. An approval is taken up
 *   when a release waits and none is pending; it comes after a delay of
 *   working time drawn from a distribution (the delay runs only in the
 *   person's working hours, model/workingHours.ts). With `batch`, the
 *   approval covers every release waiting at that moment; without, the
 *   oldest one, and the person takes up the next at once.
 * A release withdrawn while it waits (found bad) is never promoted.
 *
 * Draws: one approval delay per approval, from the gate's own stream.
 */
import { compileSampler, type Distribution, type Sampler } from '../engine/distribution.ts';
import type { Engine } from '../engine/engine.ts';
import type { RandomStream } from '../engine/random.ts';
import { addWorkingMs, type WorkingHours } from './workingHours.ts';

export type GatePolicy =
  | { readonly type: 'auto'; readonly soakMs: number }
  | {
      readonly type: 'manual';
      /** Working time from taking up an approval to giving it. */
      readonly approveAfter: Distribution;
      readonly workingHours: WorkingHours;
      /** One approval promotes every release waiting, not only the oldest. */
      readonly batch: boolean;
    };

/**
 * A promotion without a gate named: continuous deployment, on as soon as the release is healthy.
 * Here rather than in the schema, which re-exports it, so the world (and a sweep's worker threads)
 * reads it without loading zod.
 */
export const DEFAULT_GATE: GatePolicy = { type: 'auto', soakMs: 0 };

/** Releases let through at once, each with the time it waited at the gate. */
export type PromoteListener = (keys: readonly number[], waitedMs: readonly number[]) => void;

export class PromotionGate {
  /** Waiting releases by key, with their arrival time, in arrival order. */
  private readonly waiting = new Map<number, number>();
  private approvalPending = false;
  private readonly approvalDelay: Sampler | null;
  private readonly soakDone = (key: number): void => this.letThrough([key]);
  private readonly approve = (): void => this.approved();

  constructor(
    private readonly engine: Engine,
    private readonly policy: GatePolicy,
    private readonly random: RandomStream,
    private readonly promote: PromoteListener,
  ) {
    this.approvalDelay = policy.type === 'manual' ? compileSampler(policy.approveAfter) : null;
  }

  /** Releases waiting now. */
  get depth(): number {
    return this.waiting.size;
  }

  /** A release (by a caller's key, a non-negative integer) is healthy and waits to go on. */
  arrive(key: number): void {
    if (this.waiting.has(key)) return;
    this.waiting.set(key, this.engine.now);
    if (this.policy.type === 'auto') this.engine.after(this.policy.soakMs, this.soakDone, key);
    else this.takeUp();
  }

  /** The release may no longer go on (found bad): it leaves the queue. */
  withdraw(key: number): void {
    this.waiting.delete(key);
  }

  private takeUp(): void {
    if (this.approvalPending || this.waiting.size === 0 || this.policy.type !== 'manual') return;
    this.approvalPending = true;
    const delayMs = this.approvalDelay!(this.random);
    const atMs = addWorkingMs(this.policy.workingHours, this.engine.now, delayMs);
    this.engine.at(atMs, this.approve);
  }

  private approved(): void {
    if (this.policy.type !== 'manual') return;
    this.approvalPending = false;
    const keys = this.policy.batch ? [...this.waiting.keys()] : [...this.waiting.keys()].slice(0, 1);
    this.letThrough(keys);
    this.takeUp();
  }

  private letThrough(keys: readonly number[]): void {
    const now = this.engine.now;
    const through: number[] = [];
    const waited: number[] = [];
    for (const key of keys) {
      const arrivedMs = this.waiting.get(key);
      if (arrivedMs === undefined) continue;
      this.waiting.delete(key);
      through.push(key);
      waited.push(now - arrivedMs);
    }
    if (through.length > 0) this.promote(through, waited);
  }
}
