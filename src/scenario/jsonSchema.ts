/**
 * The scenario format as JSON Schema, for editors (yaml-language-server:
 * `# yaml-language-server: $schema=scenario.schema.json`) and other tools.
 */
import * as z from 'zod';
import { scenarioSchema } from './schema.ts';

/**
 * The schema of a file as written (io 'input': durations are strings, fields
 * with defaults are optional), not of the resolved Scenario. Checks done in
 * code (a duration's syntax, unique variant names) are not expressible here;
 * the loader still enforces them.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    target: 'draft-2020-12',
    override: restoreInputExamples,
  });
  return {
    $schema,
    // A URN rather than a URL: the schema is printed by `gitops-sim schema`, not hosted anywhere.
    $id: 'urn:gitops-sim:scenario',
    title: 'gitops-sim scenario',
    description:
      'A gitops-sim scenario file: what to simulate, for how long, and which delivery variants to compare.',
    ...rest,
  };
}

/**
 * For io 'input', zod drops the examples of any schema with a transform,
 * assuming they show the transform's output. schema.ts gives its duration
 * and distribution strings examples of what a file writes ("30s",
 * "exp(4h)"), the most useful thing an editor can offer there, so put them back.
 */
function restoreInputExamples(ctx: {
  zodSchema: z.core.$ZodType;
  jsonSchema: z.core.JSONSchema.BaseSchema;
}): void {
  const examples = z.globalRegistry.get(ctx.zodSchema)?.examples;
  if (Array.isArray(examples) && ctx.jsonSchema.examples === undefined) ctx.jsonSchema.examples = examples;
}
