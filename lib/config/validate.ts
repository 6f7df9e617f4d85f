/**
 * Runs the config schema over a raw config, one task at a time, remembering verdicts: tasks that
 * differ only in their name (a generated config of 100,000 `sleep: 1s` tasks) are checked once. Checking
 * each with zod costs microseconds and hundreds of bytes of garbage per task, which for large configs
 * was most of the time and memory of loading.
 * @module
 */
import type { z } from "./deps.ts";
import { configSchema } from "./schema.ts";
import { isRecord } from "./schema_fetch.ts";
import { taskNameSchema } from "./schema_values.ts";

type Issue = z.core.$ZodIssue;

/** Zod's issues for a raw config (empty when it is valid). */
export type SchemaIssues = readonly Issue[];

const OPTIONS = { reportInput: true };
const taskSchema = configSchema.shape.tasks.element;

/**
 * Checks a raw config against the schema.
 *
 * @param value The raw config.
 * @param plainData True when it came from a text format: no functions anywhere, so a task's JSON
 *   text identifies it (a TypeScript config may hold functions, which JSON would hide).
 * @returns Every schema issue, with paths from the config's root.
 */
export function schemaIssues(value: unknown, plainData: boolean): SchemaIssues {
  if (!isRecord(value) || !Array.isArray(value.tasks)) {
    const result = configSchema.safeParse(value, OPTIONS);
    return result.success ? [] : result.error.issues;
  }
  const shell = configSchema.safeParse({ ...value, tasks: [] }, OPTIONS);
  const issues: Issue[] = shell.success ? [] : [...shell.error.issues];
  const verdicts = new Map<string, readonly Issue[]>();
  value.tasks.forEach((task: unknown, index: number) => {
    for (const issue of taskIssues(task, plainData, verdicts)) {
      issues.push({ ...issue, path: ["tasks", index, ...issue.path] } as Issue);
    }
  });
  return issues;
}

function taskIssues(
  task: unknown,
  plainData: boolean,
  verdicts: Map<string, readonly Issue[]>,
): readonly Issue[] {
  if (!plainData || !isRecord(task)) return check(task);
  const key = plainJsonKey(task);
  if (key === undefined) return check(task); // a date or other non-JSON value: no shortcut
  let issues = verdicts.get(key);
  if (issues === undefined) {
    const { name: _name, ...rest } = task;
    verdicts.set(key, issues = check(rest));
  }
  const name = task.name;
  if (name === undefined) return issues;
  const named = taskNameSchema.safeParse(name, OPTIONS);
  if (named.success) return issues;
  return [
    ...named.error.issues.map((issue) => ({ ...issue, path: ["name", ...issue.path] })),
    ...issues,
  ] as Issue[];
}

/**
 * JSON text of a task without its name, when it is made only of JSON types; else undefined (JSON
 * would blur a date into a string).
 */
function plainJsonKey(task: Record<string, unknown>): string | undefined {
  try {
    return JSON.stringify(task, function (this: unknown, key: string, item: unknown) {
      if (this === task && key === "name") return undefined;
      const raw = (this as Record<string, unknown>)[key];
      if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
        const prototype = Object.getPrototypeOf(raw);
        if (prototype !== Object.prototype && prototype !== null) throw NOT_PLAIN;
      }
      if (typeof raw === "number" && !Number.isFinite(raw)) throw NOT_PLAIN;
      return item;
    });
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

const NOT_PLAIN = Symbol("not plain JSON");

function check(task: unknown): readonly Issue[] {
  const result = taskSchema.safeParse(task, OPTIONS);
  return result.success ? [] : result.error.issues;
}
