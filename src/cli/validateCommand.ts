/**
 * `gitops-sim validate <scenario..>`: loads and checks scenario files, running nothing: every file,
 * each as `run` would check it before starting (its schema, and whether it fits the run limits), so
 * a file validate passes is one run starts. Loads only the scenario layer, so checking a file in an
 * editor hook or CI step starts quickly.
 */
import { formatDuration } from '../engine/duration.ts';
import { terminalText } from '../report/escape.ts';
import { ScenarioError } from '../scenario/errors.ts';
import { checkRunFits, LimitError } from '../scenario/limits.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { EXIT } from './errors.ts';
import type { Io } from './io.ts';

/** Every file gets its line: `ok ...`, or its problems as main.ts writes them; exit 2 when any is bad. */
export function validateCommand(files: readonly string[], io: Io): number {
  let bad = 0;
  for (const file of files) {
    try {
      const s = loadScenarioFile(file);
      checkRunFits(s, file);
      io.stdout.write(
        terminalText(
          `ok ${file}: "${s.name}", ${s.variants.length} variant(s) x ${s.replications} replication(s), horizon ${formatDuration(s.horizonMs)}\n`,
        ),
      );
    } catch (error) {
      if (error instanceof ScenarioError) io.stderr.write(`${terminalText(error.message)}\n`);
      else if (error instanceof LimitError) io.stderr.write(`gitops-sim: ${terminalText(error.message)}\n`);
      else throw error;
      bad++;
    }
  }
  return bad > 0 ? EXIT.badInput : EXIT.ok;
}
