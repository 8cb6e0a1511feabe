/** `gitops-sim schema`: the scenario format as JSON Schema, for editors' completion and checks. */
import { scenarioJsonSchema } from '../scenario/jsonSchema.ts';
import { EXIT } from './errors.ts';
import type { Io } from './io.ts';

export function schemaCommand(io: Io): number {
  io.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
