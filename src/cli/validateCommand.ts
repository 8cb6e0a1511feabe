/**
 * `gitops-sim validate <scenario..>`: loads and checks scenario files, running nothing. Loads only
 * the scenario layer, so checking a file in an editor hook or CI step starts quickly.
 */
import { formatDuration } from '../engine/duration.ts';
import { terminalText } from '../report/escape.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { EXIT } from './errors.ts';
import type { Io } from './io.ts';

export function validateCommand(files: readonly string[], io: Io): number {
  for (const file of files) {
    const s = loadScenarioFile(file);
    io.stdout.write(
      terminalText(
        `ok ${file}: "${s.name}", ${s.variants.length} variant(s) x ${s.replications} replication(s), horizon ${formatDuration(s.horizonMs)}\n`,
      ),
    );
  }
  return EXIT.ok;
}
