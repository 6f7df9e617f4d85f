/**
 * Runs the config schema over a raw config. Checking allocates nothing for valid values (no issue
 * lists, no closures), so a config of 100,000 tasks is checked task by task in one pass.
 * @module
 */
import type { PathIssue } from "./path_issue.ts";
import { configSchema } from "./schema.ts";
import { CheckRun } from "./shape/mod.ts";

/** The schema's issues for a raw config (empty when it is valid). */
export type SchemaIssues = readonly PathIssue[];

/**
 * Checks a raw config against the schema.
 *
 * @param value The raw config.
 * @returns Every schema issue, with paths from the config's root.
 */
export function schemaIssues(value: unknown): SchemaIssues {
  const run = new CheckRun();
  configSchema.validate(value, run);
  return run.issues;
}
