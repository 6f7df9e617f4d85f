/**
 * Test helper: the issues a shape finds in a value, as `path: message` lines.
 * @module
 */
import { formatPath } from "../config_error.ts";
import { CheckRun } from "./check_run.ts";
import type { Shape } from "./shape.ts";

/**
 * Checks a value and lists the problems, `path: message` (`@key` when pointing at a key).
 *
 * @param shape The shape.
 * @param value The value.
 * @returns One line per problem; empty when valid.
 */
export function problems(shape: Shape<unknown>, value: unknown): string[] {
  const run = new CheckRun();
  const ok = shape.validate(value, run);
  const lines = run.issues.map((issue) =>
    `${formatPath(issue.path)}${issue.at === "key" ? "@key" : ""}: ${issue.message}`
  );
  if (ok !== (lines.length === 0)) throw new Error(`validate() said ${ok} but found ${lines}`);
  return lines;
}
