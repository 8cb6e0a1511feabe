/**
 * Developers changing the config repo: commits arrive at random times, each
 * deploying a new build of one app chosen uniformly. It draws only from its
 * own streams, so every variant of a scenario sees the same commits.
 */
import type { Engine } from '../engine/engine.ts';
import type { Sampler } from '../engine/distribution.ts';
import type { RandomStream } from '../engine/random.ts';
import type { GitRepo } from './gitRepo.ts';
import { digestReference } from './image.ts';

export interface CommitSourceOptions {
  readonly every: Sampler;
  /** Draws the time between commits. */
  readonly timing: RandomStream;
  /** Draws which app a commit changes. */
  readonly choice: RandomStream;
  /** Image repository of each app. */
  readonly repositories: readonly string[];
}

export class CommitSource {
  private readonly builds: Int32Array;
  private readonly fire = (): void => this.commitNext();

  constructor(
    private readonly engine: Engine,
    private readonly git: GitRepo,
    private readonly options: CommitSourceOptions,
  ) {
    this.builds = new Int32Array(git.appCount);
  }

  start(): void {
    this.engine.after(this.options.every(this.options.timing), this.fire);
  }

  private commitNext(): void {
    const app = Math.floor(this.options.choice.next() * this.git.appCount);
    const build = ++this.builds[app];
    const replicas = this.git.desiredAt(app).replicas;
    this.git.commit(this.engine.now, app, { image: digestReference(this.options.repositories[app], build), replicas });
    this.engine.after(this.options.every(this.options.timing), this.fire);
  }
}
