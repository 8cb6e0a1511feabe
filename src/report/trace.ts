/**
 * `run --trace <app>`: the traced app's story under each variant, as a
 * readable log: time since the start, where it happened, what happened.
 */
import { formatTraceTime, type TraceLine } from '../metrics/traceRecorder.ts';

/** The width of the source column: "rollback" is the longest. */
const SOURCE_WIDTH = 8;

export interface TraceSection {
  readonly variant: string;
  readonly lines: readonly TraceLine[];
}

export function traceText(
  heading: {
    readonly scenario: string;
    readonly app: string;
    readonly seed: number | string;
    readonly replication: number;
  },
  sections: readonly TraceSection[],
): string {
  const out = [
    `# ${heading.scenario}: what happened to ${heading.app}`,
    `# seed ${heading.seed}, replication ${heading.replication + 1}; time since the start of the run (d hh:mm:ss.ms)`,
  ];
  for (const section of sections) {
    out.push('', `## ${section.variant}`);
    for (const line of section.lines) {
      out.push(`${formatTraceTime(line.atMs)}  ${line.source.padEnd(SOURCE_WIDTH)}  ${line.text}`);
    }
  }
  return `${out.join('\n')}\n`;
}
