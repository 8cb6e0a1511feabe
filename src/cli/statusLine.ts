/**
 * A progress line on stderr with an estimate of the time left. It appears only
 * once a run has taken a second, only on a terminal, and never with --quiet,
 * so logs and pipes stay clean.
 */
import { terminalText } from '../report/escape.ts';
import type { OutputStream } from './io.ts';

/** Below this a run finishes before a progress line would help. */
export const PROGRESS_AFTER_MS = 1000;

export class Progress {
  private readonly startMs: number;
  private shown = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly nowMs: () => number,
    private readonly enabled: boolean,
  ) {
    this.startMs = nowMs();
  }

  update(label: string, done: number, total: number): void {
    if (!this.enabled || !this.stream.isTTY) return;
    const elapsedMs = this.nowMs() - this.startMs;
    if (elapsedMs < PROGRESS_AFTER_MS) return;
    this.shown = true;
    const etaMs = done > 0 ? (elapsedMs / done) * (total - done) : Number.NaN;
    const percent = Math.floor((100 * done) / total);
    this.stream.write(`\r\x1b[K${terminalText(label)}: ${done}/${total} runs (${percent}%), ${formatEta(etaMs)} left`);
  }

  /** Clears the line, if one was shown. */
  finish(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

export function formatEta(ms: number): string {
  if (!Number.isFinite(ms)) return 'time';
  const totalSec = Math.ceil(ms / 1000);
  if (totalSec < 60) return `${totalSec}s`;
  const min = Math.floor(totalSec / 60);
  return `${min}m${String(totalSec % 60).padStart(2, '0')}s`;
}
