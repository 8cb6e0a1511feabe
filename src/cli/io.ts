/** Where the CLI writes: the real process streams in main, buffers in tests. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Io {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Wall-clock ms, for progress and ETA only; never reaches the model. */
  readonly nowMs: () => number;
  /** The environment (NO_COLOR, GITHUB_ACTIONS, GITHUB_STEP_SUMMARY); none in tests unless given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
