/**
 * Progress on stderr with an estimate of the time left, never with --quiet and
 * only once a run has taken a second. On a terminal one line redrawn in
 * place; in a log (CI) a plain line every few seconds, so a long run shows it
 * is alive without filling the log.
 */
import { terminalText } from '../report/escape.ts';
import type { OutputStream } from './io.ts';

/** Below this a run finishes before a progress line would help. */
export const PROGRESS_AFTER_MS = 1000;
/** In a log, a line this often at most: a minute-long run writes about a dozen. */
export const PROGRESS_LOG_EVERY_MS = 5000;

export class Progress {
  private readonly startMs: number;
  private shown = false;
  /** When the last log line was written (not on a terminal). */
  private loggedMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly stream: OutputStream,
    private readonly nowMs: () => number,
    private readonly enabled: boolean,
  ) {
    this.startMs = nowMs();
  }

  update(label: string, done: number, total: number): void {
    if (!this.enabled) return;
    const nowMs = this.nowMs();
    const elapsedMs = nowMs - this.startMs;
    if (elapsedMs < PROGRESS_AFTER_MS) return;
    const etaMs = done > 0 ? (elapsedMs / done) * (total - done) : Number.NaN;
    const percent = Math.floor((100 * done) / total);
    const line = `${terminalText(label)}: ${done}/${total} runs (${percent}%), ${formatEta(etaMs)} left`;
    if (this.stream.isTTY) {
      this.shown = true;
      this.stream.write(`\r\x1b[K${line}`);
    } else if (nowMs - this.loggedMs >= PROGRESS_LOG_EVERY_MS && done < total) {
      this.loggedMs = nowMs;
      this.stream.write(`${line}\n`);
    }
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
