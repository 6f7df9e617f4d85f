/**
 * Runs the config schema over a raw config. Checking allocates nothing for valid values (no issue
 * lists, no closures), so a config of 100,000 tasks is checked task by task in one pass.
 * @module
 */
import type { PathIssue } from "./path_issue.ts";
import { configSchema } from "./schema.ts";
import { CheckRun } from "./shape/mod.ts";

/** The schema's issues for a raw config (none when it is valid). */
export interface SchemaIssues {
  /** The first issues found, with paths from the config's root. */
  issues: readonly PathIssue[];
  /** How many more were found and not kept. */
  unlisted: number;
}

/**
 * Checks a raw config against the schema.
 *
 * @param value The raw config.
 * @param maxIssues How many issues to keep; the others are only counted.
 * @returns The issues.
 */
export function schemaIssues(value: unknown, maxIssues = Infinity): SchemaIssues {
  const run = new CheckRun([], maxIssues);
  configSchema.validate(value, run);
  return { issues: run.issues, unlisted: run.unlisted };
}
